package io.statelessmcp.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statelessmcp.adapter.out.workos.fake.FakeWorkOs;
import io.statelessmcp.bootstrap.database.CommandOutput;
import io.statelessmcp.bootstrap.database.MigrateCommand;
import io.statelessmcp.bootstrap.database.RequiredChangesets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Migrating once per release ({@code java -jar ... migrate}) and starting replicas with {@code
 * MCP_MIGRATE_ON_START=false}, each on a database of its own in the shared PostgreSQL.
 */
class MigrateOnceEndToEndTest {

  private static final AtomicInteger DATABASES = new AtomicInteger();

  private final Browser browser = new Browser();

  @RegisterExtension static final Deployment deployment = Deployment.withoutReplicas();

  private final FakeWorkOs workOs = deployment.workOs();

  @Test
  void aReplicaThatSkipsTheMigrationRefusesAnEmptyDatabaseAndSaysHowToMigrate() throws Exception {
    String url = freshDatabase();

    assertRefusedLeavingNothing(
        url,
        "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'",
        "the replica created nothing",
        "the database has no schema yet",
        "java -jar mcp-session-server.jar migrate");
  }

  @Test
  void afterTheReleaseStepMigratedAReplicaStartsWithoutLiquibaseAndServes() throws Exception {
    String url = freshDatabase();
    CommandOutput migrated = migrate(Map.of("SUPABASE_DB_URL", url));
    migrated.assertSucceeded().contains("is up to date with this release");
    Set<String> lastRun = query(url, "SELECT max(dateexecuted)::text FROM databasechangelog");

    try (App replica = replicaWithoutMigration(url)) {
      String credential = browser.login(replica, replica, workOs);
      assertThat(McpRawHttp.callWhoami(browser, replica, credential).statusCode()).isEqualTo(200);
    }

    assertThat(query(url, "SELECT max(dateexecuted)::text FROM databasechangelog"))
        .as("the replica ran no changeset, not even the runAlways one")
        .isEqualTo(lastRun);
    assertThat(query(url, "SELECT count(*) FROM mcp_sessions")).containsExactly("1");
  }

  @Test
  void aDatabaseBehindThisReleaseIsRefusedNamingWhatIsMissing() throws Exception {
    String url = freshDatabase();
    assertThat(migrate(Map.of("SUPABASE_DB_URL", url)).exitCode()).isZero();
    execute(url, "DELETE FROM databasechangelog WHERE id = '004-create-active-mcp-sessions'");

    assertRefusedLeavingNothing(
        url,
        "SELECT count(*) FROM databasechangelog WHERE id LIKE '004-%'",
        "and did not migrate it either",
        "the database schema is behind this release",
        "[004-create-active-mcp-sessions]");
  }

  @Test
  void theRequiredChangesetsAreExactlyWhatAMigrationRecordsWithoutPgCron() throws Exception {
    String url = freshDatabase();
    assertThat(migrate(Map.of("SUPABASE_DB_URL", url)).exitCode()).isZero();

    assertThat(query(url, "SELECT id FROM databasechangelog"))
        .as("the pg_cron job's changeset is not recorded where pg_cron is absent")
        .isEqualTo(new HashSet<>(RequiredChangesets.ofThisRelease()))
        .doesNotContain("006-cron-job-purge-expired-sessions")
        .contains("900-app-role-can-use-tables");
  }

  @Test
  void theEmbeddedDevelopmentDatabaseIsMigratedEvenWhenTheSettingSaysNot(@TempDir Path data) {
    Map<String, String> settings =
        App.loggingInThrough(
            workOs,
            Map.of(
                "MCP_EMBEDDED_POSTGRES_DIR",
                data.resolve("postgres").toString(),
                "MCP_MIGRATE_ON_START",
                "false"));

    try (App app = App.start(settings)) {
      String credential = browser.login(app, app, workOs);
      assertThat(McpRawHttp.callWhoami(browser, app, credential).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void migrateNeedsSupabaseDbUrl() {
    CommandOutput result = migrate(Map.of());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.output()).contains("cannot migrate: SUPABASE_DB_URL is not set");
  }

  @Test
  void aBadOrUnreachableDatabaseIsReportedWithoutEchoingThePassword() {
    CommandOutput bad = migrate(Map.of("SUPABASE_DB_URL", "mysql://user:hunter2@db:3306/x"));
    CommandOutput unreachable =
        migrate(Map.of("SUPABASE_DB_URL", "postgresql://postgres:hunter2@127.0.0.1:1/postgres"));

    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.output()).contains("SUPABASE_DB_URL must start with postgresql://");
    assertThat(unreachable.exitCode()).isEqualTo(1);
    assertThat(unreachable.output()).startsWith("migration failed");
    assertThat(bad.output() + unreachable.output()).doesNotContain("hunter2");
  }

  /**
   * A replica without migration does not start, what it throws says each of {@code said}, and
   * {@code countQuery} still counts 0 ({@code nothing} says what that means).
   */
  private void assertRefusedLeavingNothing(
      String url, String countQuery, String nothing, String... said) throws SQLException {
    var refused = assertThatThrownBy(() -> replicaWithoutMigration(url).close());
    for (String text : said) {
      refused.hasStackTraceContaining(text);
    }
    assertThat(query(url, countQuery)).as(nothing).containsExactly("0");
  }

  private App replicaWithoutMigration(String url) {
    return App.replica(workOs, Map.of("SUPABASE_DB_URL", url, "MCP_MIGRATE_ON_START", "false"));
  }

  /** A new, empty database in the shared cluster, as a new Supabase project would be. */
  private static String freshDatabase() throws SQLException {
    String name = "release_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    try (Connection c = SharedPostgres.connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    return "postgresql://postgres:postgres@localhost:"
        + SharedPostgres.get().getPort()
        + "/"
        + name;
  }

  private static Set<String> query(String url, String sql) throws SQLException {
    Set<String> values = new HashSet<>();
    try (Connection c = jdbc(url);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        values.add(r.getString(1));
      }
    }
    return values;
  }

  private static void execute(String url, String sql) throws SQLException {
    try (Connection c = jdbc(url);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static Connection jdbc(String url) throws SQLException {
    return DriverManager.getConnection(
        url.replace("postgresql://postgres:postgres@", "jdbc:postgresql://"),
        "postgres",
        "postgres");
  }

  private static CommandOutput migrate(Map<String, String> environment) {
    return CommandOutput.of(MigrateCommand::run, environment);
  }
}
