package io.statelessmcp.adapter.out.supabase;

import io.statelessmcp.application.port.out.Consents;
import io.statelessmcp.application.port.out.ConsentsContract;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** The consents' contract on both kinds of database, and on the in-memory twin. */
class R2dbcConsentsTest {

  @Nested
  @ParameterizedClass
  @MethodSource("io.statelessmcp.adapter.out.supabase.TestDatabases#all")
  class OnDatabase extends ConsentsContract {
    @Parameter TestDatabase database;

    @Override
    protected Consents freshConsents() {
      database.deleteAllRows();
      return new R2dbcConsents(database.sharedClient());
    }

    @Override
    protected void aClientExists(String clientId) {
      OAuthRows.executeOrFail(database, OAuthRows.registeredClient(clientId));
    }
  }

  @Nested
  class InMemory extends ConsentsContract {
    @Override
    protected Consents freshConsents() {
      return new InMemoryConsents();
    }

    @Override
    protected void aClientExists(String clientId) {}
  }
}
