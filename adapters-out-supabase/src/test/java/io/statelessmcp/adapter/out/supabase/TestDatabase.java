package io.statelessmcp.adapter.out.supabase;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * A migrated database and the role the application connects as.
 *
 * @param description how the app's role is shaped, for test names
 * @param url what {@code SUPABASE_DB_URL} would say for the app's connection
 * @param disablePreparedStatementCache connect as through a transaction-mode pooler
 */
record TestDatabase(String description, SupabaseDbUrl url, boolean disablePreparedStatementCache) {

  private static final Map<TestDatabase, DatabaseClient> SHARED_CLIENTS = new ConcurrentHashMap<>();

  String jdbcUrl() {
    return url.jdbcUrl();
  }

  /** A JDBC connection as the application's role. */
  Connection appConnection() throws SQLException {
    return DriverManager.getConnection(url.jdbcUrl(), url.username(), url.password());
  }

  /** A small R2DBC pool as the application's role, built the way bootstrap builds it. */
  ConnectionFactory connectionFactory(int maxSize) {
    ConnectionFactory single =
        ConnectionFactories.get(url.r2dbcOptions(disablePreparedStatementCache));
    return new ConnectionPool(
        ConnectionPoolConfiguration.builder(single).initialSize(0).maxSize(maxSize).build());
  }

  /**
   * One pool per database for the whole run, for tests that need no pool of their own; it goes with
   * the embedded server when the JVM exits.
   */
  DatabaseClient sharedClient() {
    return SHARED_CLIENTS.computeIfAbsent(
        this, database -> DatabaseClient.create(database.connectionFactory(4)));
  }

  /**
   * Empties the tables as the application's role (through the service_role policy); the OAuth
   * codes, tokens and consents go with their sessions and clients.
   */
  void deleteAllRows() {
    try (Connection connection = appConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("DELETE FROM mcp_sessions");
      statement.execute("DELETE FROM mcp_login_states");
      statement.execute("DELETE FROM mcp_oauth_clients");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return description;
  }
}
