package io.statelessmcp.adapter.out.supabase;

import static io.statelessmcp.domain.testing.TestSessions.BOB;
import static io.statelessmcp.domain.testing.TestSessions.aSession;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.r2dbc.pool.ConnectionPool;
import io.statelessmcp.domain.Session;
import io.statelessmcp.domain.testing.SqlRows;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;

/** The changelog itself: shims, security settings, re-runs, the CLI, the README's queries. */
class ChangelogTest {

  static final String ALWAYS = "900-app-role-can-use-tables";

  @Test
  void onPlainPostgresTheShimsCreateTheSupabaseRolesSchemaAndFunctions() throws SQLException {
    TestDatabase plain = TestDatabases.plainSuperuser();

    assertThat(execTypes(plain, "001-%"))
        .containsEntry("001-role-anon", "EXECUTED")
        .containsEntry("001-role-authenticated", "EXECUTED")
        .containsEntry("001-role-service-role", "EXECUTED")
        .containsEntry("001-schema-auth", "EXECUTED")
        .containsEntry("001-function-auth-uid", "EXECUTED")
        .containsEntry("001-function-auth-jwt", "EXECUTED");
    assertThat(
            rows(
                plain,
                "SELECT rolname, rolcanlogin, rolbypassrls FROM pg_roles"
                    + " WHERE rolname IN ('anon', 'authenticated', 'service_role') ORDER BY rolname"))
        .containsExactly(
            List.of("anon", "f", "f"),
            List.of("authenticated", "f", "f"),
            List.of("service_role", "f", "t"));
  }

  @Test
  void theShimFunctionsBehaveLikeSupabases() throws SQLException {
    TestDatabase plain = TestDatabases.plainSuperuser();
    try (Connection connection = plain.appConnection()) {
      connection.setAutoCommit(false);
      try (Statement sql = connection.createStatement()) {
        sql.execute(
            "SELECT set_config('request.jwt.claims',"
                + " '{\"sub\":\"3f0c8a52-6d1e-4e8b-9a0f-2b7c1d9e4a10\",\"role\":\"authenticated\"}',"
                + " true)");
        ResultSet row = sql.executeQuery("SELECT auth.uid()::text, auth.jwt() ->> 'role'");
        row.next();
        assertThat(row.getString(1)).isEqualTo("3f0c8a52-6d1e-4e8b-9a0f-2b7c1d9e4a10");
        assertThat(row.getString(2)).isEqualTo("authenticated");
      } finally {
        connection.rollback();
      }
    }
  }

  @Test
  void onSupabaseTheShimsLeaveSupabasesOwnObjectsAlone() throws SQLException {
    TestDatabase supabase = TestDatabases.supabaseLike();

    assertThat(execTypes(supabase, "001-%").values()).hasSize(6).containsOnly("MARK_RAN");
    assertThat(
            rows(
                supabase,
                "SELECT obj_description('auth.uid()'::regprocedure),"
                    + " obj_description('auth.jwt()'::regprocedure)"))
        .containsExactly(
            List.of(
                TestDatabases.SUPABASE_FUNCTION_COMMENT, TestDatabases.SUPABASE_FUNCTION_COMMENT));
  }

  @Test
  void bothTablesHaveRowLevelSecurityEnabledAndForcedAndTheViewRunsAsTheCaller()
      throws SQLException {
    for (TestDatabase database : TestDatabases.all()) {
      assertThat(
              rows(
                  database,
                  "SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class"
                      + " WHERE relname IN ('mcp_sessions', 'mcp_login_states') ORDER BY relname"))
          .containsExactly(
              List.of("mcp_login_states", "t", "t"), List.of("mcp_sessions", "t", "t"));
      assertThat(
              rows(
                  database,
                  "SELECT array_to_string(reloptions, ',') FROM pg_class"
                      + " WHERE relname = 'active_mcp_sessions'"))
          .containsExactly(List.of("security_invoker=true"));
    }
  }

  @Test
  void anonAndAuthenticatedCannotReadLiquibasesOwnTables() throws SQLException {
    for (TestDatabase database : TestDatabases.all()) {
      assertThat(
              rows(
                  database,
                  "SELECT has_table_privilege(r, 'databasechangelog', 'SELECT'),"
                      + " has_table_privilege(r, 'databasechangeloglock', 'SELECT')"
                      + " FROM unnest(ARRAY['anon', 'authenticated']) AS r"))
          .containsExactly(List.of("f", "f"), List.of("f", "f"));
    }
  }

  @Test
  void theTroubleshootingQueriesOfTheLiquibaseReadmeWork() throws SQLException {
    TestDatabase database = TestDatabases.supabaseLike();
    database.deleteAllRows();
    ConnectionPool pool = (ConnectionPool) database.connectionFactory(1);
    try {
      R2dbcSessionStore store =
          new R2dbcSessionStore(
              DatabaseClient.create(pool), KeyRing.parse("k1:" + KeyRing.generateKey()));
      Instant now = Instant.now();
      Session older = store.create(aSession().createdAt(now.minusSeconds(20)).session()).block();
      Session newer =
          store.create(aSession().of(BOB).createdAt(now.minusSeconds(10)).session()).block();
      Session revoked =
          store
              .create(
                  aSession()
                      .createdAt(now.minusSeconds(5))
                      .revokedAt(now.minusSeconds(1))
                      .session())
              .block();

      List<List<String>> latest =
          rows(
              database,
              "SELECT session_id, user_id, expires_at, created_at FROM mcp_sessions ORDER BY"
                  + " created_at DESC LIMIT 5;");
      assertThat(latest.stream().map(row -> row.get(0)))
          .containsExactly(revoked.id().value(), newer.id().value(), older.id().value());
      assertThat(latest.get(1).get(1)).isEqualTo(BOB.value());

      List<List<String>> active = rows(database, "SELECT * FROM active_mcp_sessions;");
      assertThat(active.stream().map(row -> row.get(0)))
          .containsExactlyInAnyOrder(older.id().value(), newer.id().value());

      List<List<String>> policies =
          rows(database, "SELECT * FROM pg_policies WHERE tablename = 'mcp_sessions';");
      assertThat(policies.stream().map(row -> row.get(2)))
          .containsExactlyInAnyOrder(
              "mcp_sessions_select_own",
              "mcp_sessions_revoke_own",
              "mcp_sessions_service_role_all");
    } finally {
      pool.dispose();
    }
  }

  @Test
  void runningTheChangelogAgainLikeTheAppSpringBootsDefaultOrTheCliChangesNothing()
      throws SQLException {
    for (TestDatabase database : TestDatabases.all()) {
      Map<String, String> before = execTypes(database, "%");
      String user = database.url().username();
      String password = database.url().password();

      Migrations.updateLikeSpring(database.jdbcUrl(), user, password);
      Migrations.updateLikeSpring(
          database.jdbcUrl(), user, password, Migrations.SPRING_BOOT_DEFAULT_CHANGELOG);
      Migrations.updateLikeCli(database.jdbcUrl(), user, password);

      Map<String, String> after = execTypes(database, "%");
      assertThat(after.keySet()).containsExactlyElementsOf(before.keySet());
      // The membership check runs always (recorded as RERAN); every other changeset ran once.
      after.remove(ALWAYS);
      before.remove(ALWAYS);
      assertThat(after).isEqualTo(before).doesNotContainValue("RERAN");
    }
  }

  @Test
  void theCliAndTheAppAgreeOnAFreshDatabase() throws SQLException {
    createDatabase("mcp_cli_first");
    String url = TestDatabases.plainSuperuser().jdbcUrl().replace("mcp_plain", "mcp_cli_first");

    Migrations.updateLikeCli(url, "postgres", "unused");
    Migrations.updateLikeSpring(url, "postgres", "unused");

    try (Connection connection = java.sql.DriverManager.getConnection(url, "postgres", "unused");
        Statement sql = connection.createStatement();
        ResultSet files =
            sql.executeQuery("SELECT DISTINCT filename FROM databasechangelog ORDER BY 1")) {
      List<String> names = new ArrayList<>();
      while (files.next()) {
        names.add(files.getString(1));
      }
      assertThat(names)
          .allMatch(name -> name.startsWith("db/changelog/changes/"))
          .contains("db/changelog/changes/002-mcp-sessions.yaml");
    }
  }

  @Test
  void aMigratingRoleThatCannotUseTheTablesIsToldHowToFixIt() throws SQLException {
    createDatabase("mcp_outsider");
    try (Connection admin = TestDatabases.superuser("postgres");
        Statement sql = admin.createStatement()) {
      sql.execute("CREATE ROLE outsider LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD 'outsider'");
    }
    try (Connection admin = TestDatabases.superuser("mcp_outsider");
        Statement sql = admin.createStatement()) {
      sql.execute("GRANT CREATE ON DATABASE mcp_outsider TO outsider");
      sql.execute("GRANT ALL ON SCHEMA public TO outsider");
    }
    String url = TestDatabases.plainSuperuser().jdbcUrl().replace("mcp_plain", "mcp_outsider");

    Throwable failure =
        catchThrowable(() -> Migrations.updateLikeSpring(url, "outsider", "outsider"));

    assertThat(failure).isNotNull();
    StringBuilder messages = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      messages.append(t.getMessage()).append('\n');
    }
    assertThat(messages.toString())
        .contains("role outsider cannot be given service_role and authenticated")
        .contains("GRANT service_role, authenticated TO outsider");
  }

  static void createDatabase(String name) throws SQLException {
    try (Connection admin = TestDatabases.superuser("postgres");
        Statement sql = admin.createStatement()) {
      sql.execute("CREATE DATABASE " + name);
    }
  }

  static Map<String, String> execTypes(TestDatabase database, String idPattern)
      throws SQLException {
    Map<String, String> types = new LinkedHashMap<>();
    for (List<String> row :
        rows(
            database,
            "SELECT id, exectype FROM databasechangelog WHERE id LIKE '"
                + idPattern
                + "' ORDER BY orderexecuted")) {
      types.put(row.get(0), row.get(1));
    }
    return types;
  }

  /** Runs a query as the application's role and returns every value as text. */
  static List<List<String>> rows(TestDatabase database, String query) throws SQLException {
    try (Connection connection = database.appConnection();
        Statement sql = connection.createStatement();
        ResultSet result = sql.executeQuery(query)) {
      return SqlRows.asText(result);
    }
  }
}
