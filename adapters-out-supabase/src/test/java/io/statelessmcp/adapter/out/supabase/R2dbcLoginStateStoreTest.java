package io.statelessmcp.adapter.out.supabase;

import io.r2dbc.pool.ConnectionPool;
import io.statelessmcp.application.port.out.LoginStateStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInstance;
import org.springframework.r2dbc.core.DatabaseClient;

/** The login state contract on both kinds of database. */
class R2dbcLoginStateStoreTest {

  static final KeyRing KEYS = KeyRing.parse("k1:" + KeyRing.generateKey());

  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  abstract static class OnDatabase extends LoginStateStoreContract {
    private ConnectionPool connections;

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
    LoginStateStore emptyStore() {
      database().deleteAllRows();
      return new R2dbcLoginStateStore(DatabaseClient.create(connections), KEYS);
    }

    @Override
    void aClientExists(String clientId) {
      OAuthRows.executeOrFail(database(), OAuthRows.registeredClient(clientId));
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
}
