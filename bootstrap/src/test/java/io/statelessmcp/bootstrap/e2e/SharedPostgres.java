package io.statelessmcp.bootstrap.e2e;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One real PostgreSQL 17 for every end-to-end test in this JVM, playing Supabase: app instances
 * reach it through {@code SUPABASE_DB_URL}, exactly as replicas reach one Supabase project.
 */
final class SharedPostgres {

  private static EmbeddedPostgres postgres;

  private SharedPostgres() {}

  static synchronized EmbeddedPostgres get() {
    if (postgres == null) {
      try {
        postgres = EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      postgres.close();
                    } catch (IOException ignored) {
                      // the JVM is going away
                    }
                  }));
    }
    return postgres;
  }

  /** As Supabase's dashboard shows it. */
  static String supabaseDbUrl() {
    return "postgresql://postgres:postgres@localhost:" + get().getPort() + "/postgres";
  }

  static Connection connect() throws SQLException {
    return get().getPostgresDatabase().getConnection();
  }

  /**
   * Empties the session tables, and the OAuth tables (whose codes and tokens reference sessions,
   * hence CASCADE), if the schema exists yet.
   */
  static void reset() {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute(
          "DO $$ BEGIN IF to_regclass('public.mcp_sessions') IS NOT NULL THEN"
              + " TRUNCATE mcp_sessions, mcp_login_states CASCADE; END IF;"
              + " IF to_regclass('public.mcp_oauth_clients') IS NOT NULL THEN"
              + " TRUNCATE mcp_oauth_clients CASCADE; END IF; END $$");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static long count(String sql, Object... args) {
    return withStatement(
        sql,
        args,
        statement -> {
          try (ResultSet r = statement.executeQuery()) {
            r.next();
            return r.getLong(1);
          }
        });
  }

  static void execute(String sql, Object... args) {
    withStatement(sql, args, PreparedStatement::execute);
  }

  private interface StatementCall<T> {
    T call(PreparedStatement statement) throws SQLException;
  }

  private static <T> T withStatement(String sql, Object[] args, StatementCall<T> call) {
    try (Connection c = connect();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      return call.call(s);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static long sessionRows() {
    return count("SELECT count(*) FROM mcp_sessions");
  }
}
