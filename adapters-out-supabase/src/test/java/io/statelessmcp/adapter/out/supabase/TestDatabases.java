package io.statelessmcp.adapter.out.supabase;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * One embedded PostgreSQL 17 for the whole test run, with two databases migrated by the real
 * changelog:
 *
 * <ul>
 *   <li>{@link #plainSuperuser()}: plain PostgreSQL, migrated and used by the superuser; the
 *       changelog's shims create the roles, the {@code auth} schema and its functions.
 *   <li>{@link #supabaseLike()}: shaped like Supabase: the roles and {@code auth} functions exist
 *       beforehand (so the shims must leave them alone), and the app's role {@value #APP_ROLE} is
 *       like Supabase's {@code postgres}: not a superuser, no BYPASSRLS, a member of anon,
 *       authenticated and service_role. It runs the migration and owns the tables, and Supabase's
 *       default privileges (ALL on new tables to anon and authenticated) apply to it.
 * </ul>
 */
final class TestDatabases {

  static final String APP_ROLE = "app_owner";
  static final String APP_PASSWORD = "app-owner-password";
  static final String PLAIN_DB = "mcp_plain";
  static final String SUPABASE_LIKE_DB = "mcp_supabase_like";

  /** Marks the pre-existing auth functions, to prove that the shims did not replace them. */
  static final String SUPABASE_FUNCTION_COMMENT = "created by Supabase (test stand-in)";

  private static EmbeddedPostgres postgres;
  private static TestDatabase plain;
  private static TestDatabase supabaseLike;

  private TestDatabases() {}

  static synchronized TestDatabase plainSuperuser() {
    start();
    return plain;
  }

  static synchronized TestDatabase supabaseLike() {
    start();
    return supabaseLike;
  }

  /** Both databases, for tests that run against each. */
  static List<TestDatabase> all() {
    return List.of(plainSuperuser(), supabaseLike());
  }

  /** A JDBC connection as the cluster's superuser, for setup only. */
  static synchronized Connection superuser(String database) throws SQLException {
    if (postgres == null) {
      start();
    }
    return DriverManager.getConnection(postgres.getJdbcUrl("postgres", database));
  }

  private static RuntimeException startFailure;

  private static void start() {
    if (startFailure != null) {
      throw startFailure;
    }
    if (supabaseLike != null) {
      return;
    }
    try {
      startAndMigrate();
    } catch (RuntimeException e) {
      startFailure = e;
      throw e;
    }
  }

  private static void startAndMigrate() {
    try {
      postgres = EmbeddedPostgres.builder().start();
      Runtime.getRuntime().addShutdownHook(new Thread(TestDatabases::stop));
      int port = postgres.getPort();

      try (Connection admin = superuser("postgres");
          Statement sql = admin.createStatement()) {
        sql.execute("CREATE DATABASE " + PLAIN_DB);
        sql.execute("CREATE DATABASE " + SUPABASE_LIKE_DB);
      }

      // Plain PostgreSQL: the superuser migrates; the shims create roles, schema and functions.
      plain =
          new TestDatabase(
              "plain PostgreSQL, app connects as superuser",
              SupabaseDbUrl.parse(
                  "postgresql://postgres:unused@localhost:"
                      + port
                      + "/"
                      + PLAIN_DB
                      + "?sslmode=disable"),
              false);
      Migrations.updateLikeSpring(plain.jdbcUrl(), "postgres", "unused");

      // Supabase-like: what Supabase has before our changelog runs.
      try (Connection admin = superuser("postgres");
          Statement sql = admin.createStatement()) {
        sql.execute(
            "CREATE ROLE "
                + APP_ROLE
                + " LOGIN NOSUPERUSER NOBYPASSRLS CREATEROLE CREATEDB INHERIT PASSWORD '"
                + APP_PASSWORD
                + "'");
        sql.execute("GRANT anon, authenticated, service_role TO " + APP_ROLE);
      }
      try (Connection admin = superuser(SUPABASE_LIKE_DB);
          Statement sql = admin.createStatement()) {
        sql.execute("GRANT ALL ON SCHEMA public TO " + APP_ROLE);
        // Supabase's default privileges: every new table in public is granted to the API roles,
        // which is why the changelog revokes explicitly.
        for (String kind : new String[] {"TABLES", "FUNCTIONS", "SEQUENCES"}) {
          sql.execute(
              "ALTER DEFAULT PRIVILEGES FOR ROLE "
                  + APP_ROLE
                  + " IN SCHEMA public GRANT ALL ON "
                  + kind
                  + " TO anon, authenticated, service_role");
        }
        sql.execute("CREATE SCHEMA auth");
        sql.execute("GRANT USAGE ON SCHEMA auth TO anon, authenticated, service_role, " + APP_ROLE);
        sql.execute(
            "CREATE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE AS $$ SELECT coalesce("
                + " nullif(current_setting('request.jwt.claim.sub', true), ''),"
                + " (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')"
                + " )::uuid $$");
        sql.execute(
            "CREATE FUNCTION auth.jwt() RETURNS jsonb LANGUAGE sql STABLE AS $$ SELECT coalesce("
                + " nullif(current_setting('request.jwt.claim', true), ''),"
                + " nullif(current_setting('request.jwt.claims', true), '') )::jsonb $$");
        sql.execute("COMMENT ON FUNCTION auth.uid() IS '" + SUPABASE_FUNCTION_COMMENT + "'");
        sql.execute("COMMENT ON FUNCTION auth.jwt() IS '" + SUPABASE_FUNCTION_COMMENT + "'");
      }
      supabaseLike =
          new TestDatabase(
              "Supabase-like, app connects as a non-superuser postgres-like role, no statement"
                  + " cache",
              SupabaseDbUrl.parse(
                  "postgresql://"
                      + APP_ROLE
                      + ":"
                      + APP_PASSWORD
                      + "@localhost:"
                      + port
                      + "/"
                      + SUPABASE_LIKE_DB
                      + "?sslmode=disable"),
              true);
      Migrations.updateLikeSpring(supabaseLike.jdbcUrl(), APP_ROLE, APP_PASSWORD);
    } catch (IOException | SQLException e) {
      throw new IllegalStateException("cannot start the embedded PostgreSQL", e);
    }
  }

  private static void stop() {
    try {
      postgres.close();
    } catch (IOException e) {
      // the JVM is exiting anyway
    }
  }
}
