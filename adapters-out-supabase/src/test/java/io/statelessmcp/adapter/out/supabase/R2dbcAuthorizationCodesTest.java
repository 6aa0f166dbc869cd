package io.statelessmcp.adapter.out.supabase;

import io.statelessmcp.application.port.out.AuthorizationCodes;
import io.statelessmcp.application.port.out.AuthorizationCodesContract;
import io.statelessmcp.domain.SessionId;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** The authorization codes' contract on both kinds of database, and on the in-memory twin. */
class R2dbcAuthorizationCodesTest {

  @Nested
  @ParameterizedClass
  @MethodSource("io.statelessmcp.adapter.out.supabase.TestDatabases#all")
  class OnDatabase extends AuthorizationCodesContract {
    @Parameter TestDatabase database;

    @Override
    protected AuthorizationCodes freshCodes() {
      database.deleteAllRows();
      return new R2dbcAuthorizationCodes(database.sharedClient());
    }

    @Override
    protected SessionId aGrantTo(String clientId) {
      return OAuthRows.grant(database, clientId);
    }
  }

  @Nested
  class InMemory extends AuthorizationCodesContract {
    @Override
    protected AuthorizationCodes freshCodes() {
      return new InMemoryAuthorizationCodes();
    }

    @Override
    protected SessionId aGrantTo(String clientId) {
      return SessionId.random();
    }
  }
}
