package io.statelessmcp.bootstrap.cron;

import static org.assertj.core.api.Assertions.assertThat;

import io.statelessmcp.adapter.out.supabase.SupabaseDbUrl;
import io.statelessmcp.bootstrap.database.CommandOutput;
import io.statelessmcp.bootstrap.database.SchemaMigration;
import io.statelessmcp.bootstrap.schemacheck.SchemaCheckCommand;
import io.statelessmcp.domain.testing.SqlRows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/**
 * The pg_cron job for real: Debian's PostgreSQL 15 with {@code postgresql-15-cron} (as on Supabase,
 * pg_cron preloaded), the real changelog applied by the app's own migration, and pg_cron's
 * scheduler running the job. pg_cron 1.4 (Debian 12) runs jobs on minute boundaries, so this waits
 * up to two minutes for a run; with pg_cron 1.5 or newer the test reschedules the job to every 2
 * seconds first.
 */
class PgCronPurgeJobTest {

  static final String JOB = "mcp-sessions-purge";

  private static DebianPostgres15 cluster;
  private static String notInstalled;

  @BeforeAll
  static void startClusterAndApplyTheChangelog() {
    try {
      cluster = DebianPostgres15.startWithPgCron();
    } catch (TestAbortedException e) {
      notInstalled = e.getMessage(); // reported as each test's skip reason
      return;
    }
    SchemaMigration.apply(SupabaseDbUrl.parse(cluster.supabaseDbUrl()));
  }

  @BeforeEach
  void requireTheCluster() {
    Assumptions.assumeTrue(cluster != null, notInstalled);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void theChangelogSchedulesThePurgeEveryMinuteAndRecordsTheChangeset() throws SQLException {
    assertThat(rows("SELECT schedule, command, active FROM cron.job WHERE jobname = '" + JOB + "'"))
        .containsExactly(
            List.of("* * * * *", "SELECT public.mcp_purge_expired_sessions(1000)", "t"));
    assertThat(
            rows(
                "SELECT exectype FROM databasechangelog"
                    + " WHERE id = '006-cron-job-purge-expired-sessions'"))
        .containsExactly(List.of("EXECUTED"));
  }

  @Test
  void applyingTheChangelogAgainKeepsExactlyOneJob() throws SQLException {
    SchemaMigration.apply(SupabaseDbUrl.parse(cluster.supabaseDbUrl()));

    assertThat(rows("SELECT count(*) FROM cron.job WHERE jobname = '" + JOB + "'"))
        .containsExactly(List.of("1"));
  }

  @Test
  void theSchemaCheckPassesOnPostgres15AndReportsTheJob() {
    CommandOutput result = checkSchema();

    result
        .assertSucceeded()
        .contains("OK   policy mcp_sessions_revoke_own (UPDATE, authenticated) on mcp_sessions\n")
        .contains("OK   pg_cron job mcp-sessions-purge every minute\n");
  }

  @Test
  void theSchemaCheckFailsWhenTheJobIsUnscheduled() {
    rows("SELECT cron.unschedule('" + JOB + "')");
    try {
      CommandOutput result = checkSchema();

      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.output())
          .contains("MISSING pg_cron job mcp-sessions-purge (pg_cron 1.")
          .contains("apply the changelog again to schedule it");
    } finally {
      rows(
          "SELECT cron.schedule('"
              + JOB
              + "', '* * * * *', 'SELECT public.mcp_purge_expired_sessions(1000)')");
    }
  }

  @Test
  void theJobRunsAndDeletesExpiredAndRevokedSessionsAndExpiredLoginStates() throws Exception {
    try (Connection c = cluster.connect();
        Statement sql = c.createStatement()) {
      insertSession(
          sql, "idleExpired000000001", "now() - interval '1 minute'", "now() + interval '1 day'");
      insertSession(
          sql,
          "absoluteExpired00001",
          "now() - interval '1 second'",
          "now() - interval '1 second'");
      insertSession(
          sql,
          "revoked0000000000001",
          "now() + interval '1 hour'",
          "now() + interval '1 day'",
          "now()");
      insertSession(
          sql, "active00000000000001", "now() + interval '1 hour'", "now() + interval '1 day'");
      insertLoginState(sql, "expiredLoginState001", "now() - interval '1 minute'");
      insertLoginState(sql, "pendingLoginState001", "now() + interval '10 minutes'");
    }
    String inserted = rows("SELECT clock_timestamp()::text").get(0).get(0);
    long jobId =
        Long.parseLong(
            rows("SELECT jobid FROM cron.job WHERE jobname = '" + JOB + "'").get(0).get(0));
    String version =
        rows("SELECT extversion FROM pg_extension WHERE extname = 'pg_cron'").get(0).get(0);
    if (DebianPostgres15.supportsSecondSchedules(version)) {
      rows("SELECT cron.alter_job(" + jobId + ", schedule := '2 seconds') IS NULL");
    }

    List<String> run = awaitSucceededRunStartedAfter(jobId, inserted);

    assertThat(run).as("a run of %s in cron.job_run_details", JOB).isNotEmpty();
    assertThat(rows("SELECT session_id FROM mcp_sessions ORDER BY session_id"))
        .as("only the active session is left")
        .containsExactly(List.of("active00000000000001"));
    assertThat(rows("SELECT state_hash FROM mcp_login_states ORDER BY state_hash"))
        .as("only the pending login is left")
        .containsExactly(List.of("pendingLoginState001"));
  }

  /**
   * Polls {@code cron.job_run_details} (bounded: pg_cron 1.4 runs at the next minute boundary) and
   * returns the status and message of the first finished run that started after {@code after}.
   */
  private static List<String> awaitSucceededRunStartedAfter(long jobId, String after)
      throws Exception {
    long deadline = System.nanoTime() + 150_000_000_000L;
    String query =
        "SELECT status, return_message FROM cron.job_run_details WHERE jobid = ? AND start_time > ?::timestamptz"
            + " AND status IN ('succeeded', 'failed') ORDER BY start_time LIMIT 1";
    while (System.nanoTime() < deadline) {
      try (Connection c = cluster.connect();
          PreparedStatement s = c.prepareStatement(query)) {
        s.setLong(1, jobId);
        s.setString(2, after);
        try (ResultSet r = s.executeQuery()) {
          if (r.next()) {
            List<String> run = List.of(r.getString(1), String.valueOf(r.getString(2)));
            assertThat(run.get(0))
                .as("status of the pg_cron run (message: %s)", run.get(1))
                .isEqualTo("succeeded");
            return run;
          }
        }
      }
      Thread.sleep(1000);
    }
    throw new AssertionError(
        "pg_cron did not run "
            + JOB
            + " within 150 s; cron.job_run_details: "
            + rows("SELECT status, return_message, start_time FROM cron.job_run_details")
            + "\nserver log:\n"
            + cluster.serverLog());
  }

  private static void insertSession(
      Statement sql, String id, String expiresAt, String absoluteExpiresAt) throws SQLException {
    insertSession(sql, id, expiresAt, absoluteExpiresAt, "NULL");
  }

  private static void insertSession(
      Statement sql, String id, String expiresAt, String absoluteExpiresAt, String revokedAt)
      throws SQLException {
    sql.execute(PurgeRows.session(id, expiresAt, absoluteExpiresAt, revokedAt));
  }

  private static void insertLoginState(Statement sql, String stateHash, String expiresAt)
      throws SQLException {
    sql.execute(PurgeRows.loginState(stateHash, expiresAt));
  }

  private static CommandOutput checkSchema() {
    return CommandOutput.of(
        SchemaCheckCommand::run, Map.of("SUPABASE_DB_URL", cluster.supabaseDbUrl()));
  }

  static List<List<String>> rows(String query) {
    try (Connection c = cluster.connect();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(query)) {
      return SqlRows.asText(r);
    } catch (SQLException e) {
      throw new IllegalStateException(query + ": " + e.getMessage(), e);
    }
  }
}
