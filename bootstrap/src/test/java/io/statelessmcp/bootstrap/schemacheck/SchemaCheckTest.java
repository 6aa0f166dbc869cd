package io.statelessmcp.bootstrap.schemacheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.statelessmcp.adapter.out.supabase.SupabaseDbUrl;
import io.statelessmcp.bootstrap.database.CommandOutput;
import io.statelessmcp.bootstrap.database.SchemaMigration;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code check-schema} against a real PostgreSQL (embedded 17, no pg_cron) migrated by the real
 * changelog, then broken the ways an operator could break it. Each test gets its own database.
 */
class SchemaCheckTest {

  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgres postgres;

  private String database;

  @BeforeAll
  static void start() throws IOException {
    postgres = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stop() throws IOException {
    postgres.close();
  }

  @BeforeEach
  void aMigratedDatabase() throws SQLException {
    database = "schema_check_" + DATABASES.incrementAndGet();
    try (Connection admin = postgres.getPostgresDatabase().getConnection();
        Statement sql = admin.createStatement()) {
      sql.execute("CREATE DATABASE " + database);
    }
    SchemaMigration.apply(SupabaseDbUrl.parse(supabaseDbUrl()));
  }

  @Test
  void aFreshlyMigratedSchemaPassesWithAReadableReport() {
    CommandOutput result = checkSchema();

    result
        .assertSucceeded()
        .contains("checking postgresql://postgres@localhost:")
        .contains("OK   table mcp_sessions\n")
        .contains("OK   column mcp_sessions.secret_hash bytea not null\n")
        .contains("OK   column mcp_sessions.expires_at timestamp with time zone not null\n")
        .contains("OK   index mcp_sessions_expires_at_idx btree (expires_at)\n")
        .contains("OK   RLS enabled and forced on mcp_sessions\n")
        .contains("OK   policy mcp_sessions_select_own (SELECT, authenticated) on mcp_sessions\n")
        .contains("OK   policy mcp_sessions_revoke_own (UPDATE, authenticated) on mcp_sessions\n")
        .contains("OK   policy mcp_sessions_service_role_all (ALL, service_role) on mcp_sessions\n")
        .contains("OK   RLS enabled and forced on mcp_login_states\n")
        .contains("OK   view active_mcp_sessions (security_invoker, no secret columns)\n")
        .contains("OK   authenticated cannot read secret_hash, token_ciphertext, key_id")
        .contains("OK   function mcp_purge_expired_sessions(integer)")
        .contains("--   pg_cron not installed")
        .contains("schema check passed:")
        .doesNotContain("MISSING", "DIFFERENT", "EXTRA");
  }

  @Test
  void theOAuthTablesOfChangeset008AreCheckedLikeTheOthers() {
    CommandOutput result = checkSchema();

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output())
        .contains("OK   column mcp_sessions.client_id text null\n")
        .contains("OK   column mcp_login_states.oauth_code_challenge text null\n")
        .contains("OK   table mcp_oauth_clients\n")
        .contains("OK   column mcp_oauth_clients.redirect_uris text[] not null\n")
        .contains("OK   column mcp_oauth_refresh_tokens.token_hash bytea not null\n")
        .contains(
            "OK   index mcp_oauth_refresh_tokens_one_live_successor unique btree (previous_hash)")
        .contains("OK   RLS enabled and forced on mcp_oauth_access_tokens\n")
        .contains(
            "OK   policy mcp_oauth_consents_service_role_all (ALL, service_role) on"
                + " mcp_oauth_consents\n")
        .contains(
            "OK   authenticated cannot insert or delete sessions, nor touch mcp_login_states,"
                + " mcp_oauth_clients, mcp_oauth_consents, mcp_oauth_authorization_codes,"
                + " mcp_oauth_refresh_tokens, mcp_oauth_access_tokens, mcp_protocol_sessions\n");
  }

  @Test
  void aMissingOAuthTableIsNamedAndTheRestIsStillChecked() throws SQLException {
    execute("DROP TABLE mcp_oauth_refresh_tokens");

    assertThat(failedCheck())
        .contains("MISSING table mcp_oauth_refresh_tokens\n")
        .contains("OK   table mcp_oauth_access_tokens\n")
        .contains("OK   anon cannot read or change mcp_sessions, mcp_login_states")
        .contains("schema check FAILED: 1 problem");
  }

  @Test
  void anOAuthTableOpenedToTheApiRolesFailsTheCheck() throws SQLException {
    execute("GRANT SELECT ON mcp_oauth_clients TO authenticated");
    execute("GRANT SELECT (token_hash) ON mcp_oauth_access_tokens TO anon");

    assertThat(failedCheck())
        .contains("DIFFERENT authenticated has privileges on mcp_oauth_clients\n")
        .contains("DIFFERENT anon has privileges on public.mcp_oauth_access_tokens\n");
  }

  @Test
  void aPurgeFunctionFromBeforeChangeset008FailsTheCheck() throws SQLException {
    execute(
        "CREATE OR REPLACE FUNCTION public.mcp_purge_expired_sessions(batch_size integer DEFAULT"
            + " 1000) RETURNS integer LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog,"
            + " pg_temp AS $$ SELECT 0 $$");

    assertThat(failedCheck())
        .contains(
            "DIFFERENT function mcp_purge_expired_sessions(integer) does not purge the OAuth"
                + " tables (it predates changeset 008)\n");
  }

  @Test
  void aDroppedPolicyFailsTheCheckAndIsNamed() throws SQLException {
    execute("DROP POLICY mcp_sessions_revoke_own ON mcp_sessions");

    assertThat(failedCheck())
        .contains(
            "MISSING policy mcp_sessions_revoke_own (UPDATE, authenticated) on mcp_sessions\n")
        .contains("OK   policy mcp_sessions_select_own (SELECT, authenticated)")
        .contains("schema check FAILED: 1 problem");
  }

  @Test
  void rowLevelSecurityThatIsNoLongerForcedFailsTheCheck() throws SQLException {
    execute("ALTER TABLE mcp_sessions NO FORCE ROW LEVEL SECURITY");

    assertThat(failedCheck())
        .contains("DIFFERENT RLS enabled but not forced on mcp_sessions")
        .doesNotContain("OK   RLS enabled and forced on mcp_sessions");
  }

  @Test
  void aDroppedAnnounceTriggerFailsTheCheckAndSaysWhatItCosts() throws SQLException {
    execute("DROP TRIGGER mcp_sessions_announce_change ON mcp_sessions");

    assertThat(failedCheck())
        .contains(
            "MISSING trigger mcp_sessions_announce_change on mcp_sessions (requests waiting for"
                + " another replica's refresh will poll)\n");
  }

  @Test
  void aDroppedViewFailsTheCheck() throws SQLException {
    execute("DROP VIEW active_mcp_sessions");

    assertThat(failedCheck()).contains("MISSING view active_mcp_sessions\n");
  }

  @Test
  void aViewThatShowsSecretsOrBypassesRowLevelSecurityFailsTheCheck() throws SQLException {
    execute(
        "CREATE OR REPLACE VIEW active_mcp_sessions AS SELECT session_id, user_id, created_at,"
            + " last_seen_at, expires_at, absolute_expires_at, user_agent, ip, secret_hash"
            + " FROM mcp_sessions");
    execute("ALTER VIEW active_mcp_sessions RESET (security_invoker)");

    assertThat(failedCheck())
        .contains("DIFFERENT view active_mcp_sessions shows secret column(s) secret_hash")
        .contains("is not security_invoker");
  }

  @Test
  void aPolicyWidenedToEveryUsersRowsOrAnotherRoleFailsTheCheck() throws SQLException {
    execute("ALTER POLICY mcp_sessions_select_own ON mcp_sessions TO anon, authenticated");
    execute("ALTER POLICY mcp_sessions_revoke_own ON mcp_sessions USING (true)");
    execute("CREATE POLICY everyone_reads ON mcp_sessions FOR SELECT TO anon USING (true)");

    assertThat(failedCheck())
        .contains(
            "DIFFERENT policy mcp_sessions_select_own on mcp_sessions: is for anon,"
                + " authenticated, expected authenticated")
        .contains("DIFFERENT policy mcp_sessions_revoke_own on mcp_sessions: USING true")
        .contains("EXTRA policy everyone_reads (SELECT, anon) on mcp_sessions");
  }

  @Test
  void aMissingColumnOrIndexAndSecretsGrantedToUsersFailTheCheck() throws SQLException {
    execute("DROP VIEW active_mcp_sessions");
    execute("ALTER TABLE mcp_sessions DROP COLUMN user_agent");
    execute("DROP INDEX mcp_sessions_expires_at_idx");
    execute("GRANT SELECT (secret_hash) ON mcp_sessions TO authenticated");

    assertThat(failedCheck())
        .contains("MISSING column mcp_sessions.user_agent text null\n")
        .contains("MISSING index mcp_sessions_expires_at_idx btree (expires_at)\n");

    execute(
        "CREATE VIEW active_mcp_sessions WITH (security_invoker = true) AS SELECT session_id,"
            + " user_id, created_at, last_seen_at, expires_at, absolute_expires_at, NULL::text AS"
            + " user_agent, ip FROM mcp_sessions");
    assertThat(checkSchema().output())
        .contains("DIFFERENT authenticated can read secret column(s) secret_hash");
  }

  @Test
  void theCheckChangesNothing() throws SQLException {
    execute("DROP POLICY mcp_sessions_select_own ON mcp_sessions");

    checkSchema();

    assertThat(checkSchema().output())
        .as("the check does not repair or migrate")
        .contains("MISSING policy mcp_sessions_select_own");
  }

  /** Runs the check, which must fail (exit code 1); returns its report. */
  private String failedCheck() {
    CommandOutput result = checkSchema();
    assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
    return result.output();
  }

  private CommandOutput checkSchema() {
    return CommandOutput.of(SchemaCheckCommand::run, Map.of("SUPABASE_DB_URL", supabaseDbUrl()));
  }

  private String supabaseDbUrl() {
    return "postgresql://postgres@localhost:"
        + postgres.getPort()
        + "/"
        + database
        + "?sslmode=disable";
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = postgres.getDatabase("postgres", database).getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
