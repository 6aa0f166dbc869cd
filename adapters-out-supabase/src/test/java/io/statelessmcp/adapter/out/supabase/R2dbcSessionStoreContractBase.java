package io.statelessmcp.adapter.out.supabase;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.springframework.r2dbc.core.DatabaseClient;

/** The contract on a real PostgreSQL: one pool per test class, rows deleted before each test. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class R2dbcSessionStoreContractBase extends SessionStoreContract {

  static final KeyRing KEYS = KeyRing.parse("k1:" + KeyRing.generateKey());

  private ConnectionFactory connections;
  private TestDatabase database;

  abstract TestDatabase database();

  @BeforeAll
  void connect() {
    database = database();
    connections = database.connectionFactory(4);
  }

  @AfterAll
  void disconnect() {
    if (connections instanceof ConnectionPool pool) {
      pool.dispose();
    }
  }

  @Override
  void aClientExists(String clientId) {
    OAuthRows.executeOrFail(database, OAuthRows.registeredClient(clientId));
  }

  @Override
  StorePorts emptyStore() {
    database.deleteAllRows();
    return StorePorts.of(new R2dbcSessionStore(DatabaseClient.create(connections), KEYS));
  }
}
