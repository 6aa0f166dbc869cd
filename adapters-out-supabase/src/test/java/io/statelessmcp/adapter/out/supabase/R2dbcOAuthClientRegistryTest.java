package io.statelessmcp.adapter.out.supabase;

import io.r2dbc.pool.ConnectionPool;
import io.statelessmcp.application.port.out.OAuthClientRegistry;
import io.statelessmcp.application.port.out.OAuthClientRegistryContract;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInstance;
import org.springframework.r2dbc.core.DatabaseClient;

/** The client registry's contract on both kinds of database, and its in-memory twin. */
class R2dbcOAuthClientRegistryTest {

  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  abstract static class OnDatabase extends OAuthClientRegistryContract {
    private ConnectionPool connections;
    private int sessions;

    abstract TestDatabase database();

    @BeforeAll
    void connect() {
      connections = (ConnectionPool) database().connectionFactory(4);
    }

    @AfterAll
    void disconnect() {
      connections.dispose();
    }

    @Override
    protected OAuthClientRegistry freshRegistry() {
      database().deleteAllRows();
      return new R2dbcOAuthClientRegistry(DatabaseClient.create(connections));
    }

    @Override
    protected void aSessionNames(String clientId) {
      try {
        OAuthRows.execute(
            database(), OAuthRows.session("grantSession" + (++sessions) + "0000000", clientId));
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Nested
  class AsSuperuser extends OnDatabase {
    @Override
    TestDatabase database() {
      return TestDatabases.plainSuperuser();
    }
  }

  @Nested
  class AsSupabaseLikeRole extends OnDatabase {
    @Override
    TestDatabase database() {
      return TestDatabases.supabaseLike();
    }
  }

  @Nested
  class InMemory extends OAuthClientRegistryContract {
    private final java.util.Set<String> named = java.util.concurrent.ConcurrentHashMap.newKeySet();

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
