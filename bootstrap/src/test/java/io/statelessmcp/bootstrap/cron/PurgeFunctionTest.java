package io.statelessmcp.bootstrap.cron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.statelessmcp.adapter.out.supabase.SupabaseDbUrl;
import io.statelessmcp.bootstrap.database.SchemaMigration;
import io.statelessmcp.domain.testing.SqlRows;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The purge function that the pg_cron job calls, on the embedded PostgreSQL 17 that every other
 * test uses, which has no pg_cron: there the job's changeset must be skipped, loudly, and the
 * application must still start.
 */
class PurgeFunctionTest {

  private static final List<String> LIQUIBASE_LOG = new ArrayList<>();
  private static EmbeddedPostgres postgres;

  @BeforeAll
  static void migrateAPostgresWithoutPgCron() throws IOException {
    postgres = EmbeddedPostgres.builder().start();
    Logger liquibase = Logger.getLogger("liquibase");
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            synchronized (LIQUIBASE_LOG) {
              LIQUIBASE_LOG.add(String.valueOf(record.getMessage()));
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Level before = liquibase.getLevel();
    liquibase.setLevel(Level.INFO);
    liquibase.addHandler(capture);
    try {
      SchemaMigration.apply(
          SupabaseDbUrl.parse(
              "postgresql://postgres@localhost:"
                  + postgres.getPort()
                  + "/postgres?sslmode=disable"));
    } finally {
      liquibase.removeHandler(capture);
      liquibase.setLevel(before);
    }
  }

  @AfterAll
  static void stop() throws IOException {
    postgres.close();
  }

  @BeforeEach
  void empty() throws SQLException {
    execute("TRUNCATE mcp_sessions, mcp_login_states CASCADE");
  }

  @Test
  void withoutPgCronTheJobIsSkippedWithAMessageAndLeftPendingForWhenPgCronIsEnabled()
      throws SQLException {
    assertThat(LIQUIBASE_LOG)
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("006-cron-job-purge-expired-sessions")
                    .contains("pg_cron is not available in this database")
                    .contains("MCP_PURGE_ENABLED"));
    assertThat(rows("SELECT id, exectype FROM databasechangelog WHERE id LIKE '006-%' ORDER BY id"))
        .as("the function is created; the job is not recorded, so a later update schedules it")
        .containsExactly(List.of("006-function-purge-expired-sessions", "EXECUTED"));
  }

  @Test
  void deletesExpiredAndRevokedSessionsInBatchesAndKeepsActiveOnes() throws SQLException {
    for (int i = 1; i <= 3; i++) {
      insertSession("idleExpired00000000" + i, "now() - interval '1 minute'", "NULL");
    }
    insertSession("revoked000000000001", "now() + interval '1 hour'", "now() - interval '1 s'");
    insertSession("revoked000000000002", "now() + interval '1 hour'", "now() - interval '1 day'");
    insertSession("active0000000000001", "now() + interval '1 hour'", "NULL");
    insertSession("revokedLater0000001", "now() + interval '1 hour'", "now() + interval '1 hour'");
    insertLoginState("expiredLoginState001", "now() - interval '1 second'");
    insertLoginState("pendingLoginState001", "now() + interval '9 minutes'");

    assertThat(rows("SELECT public.mcp_purge_expired_sessions(2)"))
        .as("five sessions, deleted two at a time")
        .containsExactly(List.of("5"));
    assertThat(rows("SELECT session_id FROM mcp_sessions ORDER BY session_id"))
        .as("active sessions stay, and so does one whose revocation lies in the future")
        .containsExactly(List.of("active0000000000001"), List.of("revokedLater0000001"));
    assertThat(rows("SELECT state_hash FROM mcp_login_states"))
        .containsExactly(List.of("pendingLoginState001"));
    assertThat(rows("SELECT public.mcp_purge_expired_sessions()")).containsExactly(List.of("0"));
  }

  @Test
  void skipsRowsThatAnotherPurgeHoldsInsteadOfWaiting() throws SQLException {
    insertSession("lockedExpired000001", "now() - interval '1 minute'", "NULL");
    insertSession("freeExpired00000001", "now() - interval '1 minute'", "NULL");
    try (Connection other = connect();
        Statement otherSql = other.createStatement()) {
      other.setAutoCommit(false);
      otherSql.execute(
          "SELECT 1 FROM mcp_sessions WHERE session_id = 'lockedExpired000001' FOR UPDATE");

      // Bounded: a purge that waited for the lock would fail here instead of hanging.
      assertThat(
              rows("SET statement_timeout = '10s'; SELECT public.mcp_purge_expired_sessions(1000)"))
          .containsExactly(List.of("1"));
      assertThat(rows("SELECT session_id FROM mcp_sessions"))
          .containsExactly(List.of("lockedExpired000001"));
      other.rollback();
    }
    assertThat(rows("SELECT public.mcp_purge_expired_sessions(1000)"))
        .containsExactly(List.of("1"));
  }

  @Test
  void theApiRolesCannotCallItButServiceRoleCan() throws SQLException {
    for (String role : List.of("anon", "authenticated")) {
      Throwable refused =
          catchThrowable(
              () ->
                  rows(
                      "BEGIN; SET LOCAL ROLE "
                          + role
                          + "; SELECT public.mcp_purge_expired_sessions(1000)"));
      assertThat(refused).as(role).hasMessageContaining("permission denied for function");
    }
    insertSession("idleExpired00000001", "now() - interval '1 minute'", "NULL");
    assertThat(
            rows(
                "BEGIN; SET LOCAL ROLE service_role;"
                    + " SELECT public.mcp_purge_expired_sessions(1000)"))
        .containsExactly(List.of("1"));
  }

  @Test
  void refusesABatchSizeBelowOne() {
    assertThat(catchThrowable(() -> rows("SELECT public.mcp_purge_expired_sessions(0)")))
        .hasMessageContaining("batch_size must be at least 1; got 0");
  }

  private static void insertSession(String id, String expiresAt, String revokedAt)
      throws SQLException {
    execute(PurgeRows.session(id, expiresAt, "now() + interval '1 day'", revokedAt));
  }

  private static void insertLoginState(String stateHash, String expiresAt) throws SQLException {
    execute(PurgeRows.loginState(stateHash, expiresAt));
  }

  private static Connection connect() throws SQLException {
    return postgres.getPostgresDatabase().getConnection();
  }

  private static void execute(String sql) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** Runs the statements in one go and returns the rows of the last one, as text. */
  private static List<List<String>> rows(String sql) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      boolean isResult = s.execute(sql);
      while (!isResult && s.getUpdateCount() != -1) {
        isResult = s.getMoreResults();
      }
      return SqlRows.asText(s.getResultSet());
    }
  }
}
