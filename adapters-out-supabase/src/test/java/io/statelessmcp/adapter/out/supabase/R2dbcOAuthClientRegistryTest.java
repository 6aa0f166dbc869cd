package io.statelessmcp.adapter.out.supabase;

import io.statelessmcp.application.port.out.OAuthClientRegistry;
import io.statelessmcp.application.port.out.OAuthClientRegistryContract;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** The client registry's contract on both kinds of database, and its in-memory twin. */
class R2dbcOAuthClientRegistryTest {

  @Nested
  @ParameterizedClass
  @MethodSource("io.statelessmcp.adapter.out.supabase.TestDatabases#all")
  class OnDatabase extends OAuthClientRegistryContract {
    @Parameter TestDatabase database;
    private int sessions;

    @Override
    protected OAuthClientRegistry freshRegistry() {
      database.deleteAllRows();
      return new R2dbcOAuthClientRegistry(database.sharedClient());
    }

    @Override
    protected void aSessionNames(String clientId) {
      try {
        OAuthRows.execute(
            database, OAuthRows.session("grantSession" + (++sessions) + "0000000", clientId));
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Nested
  class InMemory extends OAuthClientRegistryContract {
    private final Set<String> named = ConcurrentHashMap.newKeySet();

    @Override
    protected OAuthClientRegistry freshRegistry() {
      named.clear();
      return new InMemoryOAuthClientRegistry(named::contains);
    }

    @Override
    protected void aSessionNames(String clientId) {
      named.add(clientId);
    }
  }
}
