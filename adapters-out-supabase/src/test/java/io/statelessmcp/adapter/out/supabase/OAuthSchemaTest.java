package io.statelessmcp.adapter.out.supabase;

import static io.statelessmcp.adapter.out.supabase.OAuthRows.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The OAuth tables of changeset 008 on both kinds of database: only the application reaches them,
 * secrets are only hashes, and rows go with the session or client they belong to.
 */
class OAuthSchemaTest {

  static final List<String> TABLES =
      List.of(
          "mcp_oauth_access_tokens",
          "mcp_oauth_authorization_codes",
          "mcp_oauth_clients",
          "mcp_oauth_consents",
          "mcp_oauth_refresh_tokens");
  static final String CLIENT = "dcr_AAAAAAAAAAAAAAAAAAAAAA";
  static final String OTHER_CLIENT = "dcr_BBBBBBBBBBBBBBBBBBBBBB";
  static final String SESSION = "oauthSession00000001";
  static final String OTHER_SESSION = "oauthSession00000002";

  @Test
  void everyOAuthTableHasRowLevelSecurityForcedAndNothingForTheApiRoles() throws SQLException {
    for (TestDatabase database : TestDatabases.all()) {
      assertThat(
              ChangelogTest.rows(
                  database,
                  "SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class"
                      + " WHERE relname LIKE 'mcp_oauth_%' AND relkind = 'r' ORDER BY relname"))
          .as(database.toString())
          .containsExactlyElementsOf(
              TABLES.stream().map(table -> List.of(table, "t", "t")).toList());
      for (String table : TABLES) {
        assertThat(
                ChangelogTest.rows(
                    database,
                    "SELECT has_table_privilege(r, '"
                        + table
                        + "', 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER'),"
                        + " has_any_column_privilege(r, '"
                        + table
                        + "', 'SELECT, INSERT, UPDATE')"
                        + " FROM unnest(ARRAY['anon', 'authenticated']) AS r"))
            .as(database + ": " + table)
            .containsExactly(List.of("f", "f"), List.of("f", "f"));
      }
    }
  }

  @Test
  void aSignedInUserCanSeeWhichClientHoldsTheirSessionButNotTheClients() throws SQLException {
    TestDatabase database = withLiveGrant(TestDatabases.supabaseLike());

    try (Connection connection = database.appConnection();
        Statement sql = connection.createStatement()) {
      connection.setAutoCommit(false);
      sql.execute("SET LOCAL ROLE authenticated");
      sql.execute("SELECT set_config('request.jwt.claims', '{\"sub\":\"user_01TEST\"}', true)");
      var result = sql.executeQuery("SELECT client_id FROM mcp_sessions");
      result.next();
      assertThat(result.getString(1)).isEqualTo(CLIENT);
      assertThat(
              catchThrowable(() -> sql.executeQuery("SELECT client_name FROM mcp_oauth_clients")))
          .hasMessageContaining("permission denied");
      connection.rollback();
    }
  }

  @Test
  void codesAndTokensGoWithTheirSessionAndEverythingGoesWithItsClient() throws SQLException {
    TestDatabase database =
        withLiveGrant(
            TestDatabases.plainSuperuser(),
            OAuthRows.client(OTHER_CLIENT, "now() + interval '1 day'"),
            OAuthRows.session(OTHER_SESSION, OTHER_CLIENT),
            OAuthRows.code("c1", CLIENT, SESSION, "now() + interval '1 minute'"),
            OAuthRows.accessToken("a1", CLIENT, SESSION, "now() + interval '1 hour'"),
            OAuthRows.refreshToken("r1", CLIENT, SESSION, null),
            OAuthRows.consent("browser", CLIENT, "now() + interval '30 days'"),
            OAuthRows.code("c2", OTHER_CLIENT, OTHER_SESSION, "now() + interval '1 minute'"),
            OAuthRows.refreshToken("r2", OTHER_CLIENT, OTHER_SESSION, null),
            "INSERT INTO mcp_login_states (state_hash, code_verifier_ciphertext, key_id, expires_at,"
                + " oauth_client_id, oauth_redirect_uri, oauth_code_challenge) VALUES"
                + " ('pendingOAuthLogin001', decode(repeat('cd', 40), 'hex'), 'k1',"
                + " now() + interval '10 minutes', '"
                + OTHER_CLIENT
                + "', 'https://app.example.com/cb', repeat('c', 43))");

    execute(database, "DELETE FROM mcp_sessions WHERE session_id = '" + SESSION + "'");
    assertThat(counts(database, CLIENT)).containsExactly("0", "0", "0", "1");

    execute(database, "DELETE FROM mcp_oauth_clients WHERE client_id = '" + OTHER_CLIENT + "'");
    assertThat(counts(database, OTHER_CLIENT)).containsExactly("0", "0", "0", "0");
    assertThat(
            ChangelogTest.rows(
                database,
                "SELECT count(*) FROM mcp_sessions WHERE session_id = '" + OTHER_SESSION + "'"))
        .as("a client's sessions are its grants and end with it")
        .containsExactly(List.of("0"));
    assertThat(ChangelogTest.rows(database, "SELECT count(*) FROM mcp_login_states"))
        .containsExactly(List.of("0"));
  }

  @Test
  void aRefreshTokenHasAtMostOneLiveSuccessorSoTwoReplicasCannotBothRotateIt() throws SQLException {
    TestDatabase database =
        withLiveGrant(
            TestDatabases.plainSuperuser(),
            OAuthRows.refreshToken("r1", CLIENT, SESSION, null),
            OAuthRows.refreshToken("r2", CLIENT, SESSION, "r1"));

    Throwable second =
        catchThrowable(
            () -> execute(database, OAuthRows.refreshToken("r2b", CLIENT, SESSION, "r1")));
    assertThat(second).hasMessageContaining("mcp_oauth_refresh_tokens_one_live_successor");

    execute(
        database,
        "UPDATE mcp_oauth_refresh_tokens SET revoked_at = now() WHERE token_hash = sha256('r2')",
        OAuthRows.refreshToken("r2b", CLIENT, SESSION, "r1"));
  }

  @Test
  void onlyHashesOfTheRightLengthAndOnlyPublicCodeFlowClientsAreStored() throws SQLException {
    TestDatabase database = withLiveGrant(TestDatabases.plainSuperuser());

    assertThat(
            catchThrowable(
                () ->
                    execute(
                        database,
                        "INSERT INTO mcp_oauth_access_tokens (token_hash, session_id, client_id,"
                            + " expires_at) VALUES ('raw-token'::bytea, '"
                            + SESSION
                            + "', '"
                            + CLIENT
                            + "', now() + interval '1 hour')")))
        .hasMessageContaining("mcp_oauth_access_tokens_token_hash_is_sha256");
    assertThat(
            catchThrowable(
                () ->
                    execute(
                        database,
                        OAuthRows.client(OTHER_CLIENT, "now() + interval '1 day'")
                            .replace("'none'", "'client_secret_basic'"))))
        .hasMessageContaining("mcp_oauth_clients_public_client");
    assertThat(
            catchThrowable(
                () ->
                    execute(
                        database,
                        OAuthRows.client("https://x.example/c.json", "now() + interval '1 day'"))))
        .as("a document's client is registration cimd, with a cache time")
        .hasMessageContaining("mcp_oauth_clients_client_id_format");
  }

  @Test
  void thePurgeFunctionAlsoDeletesExpiredOAuthRowsAndKeepsClientsThatHoldGrants()
      throws SQLException {
    TestDatabase database = TestDatabases.plainSuperuser();
    database.deleteAllRows();
    execute(
        database,
        OAuthRows.client(CLIENT, "now() - interval '1 second'"),
        OAuthRows.client(OTHER_CLIENT, "now() - interval '1 second'"),
        OAuthRows.session(SESSION, CLIENT),
        OAuthRows.code("expired", CLIENT, SESSION, "now() - interval '1 second'"),
        OAuthRows.code("fresh", CLIENT, SESSION, "now() + interval '1 minute'"),
        OAuthRows.accessToken("expired", CLIENT, SESSION, "now() - interval '1 second'"),
        OAuthRows.accessToken("fresh", CLIENT, SESSION, "now() + interval '1 hour'"),
        OAuthRows.refreshToken("rotatedLongAgo", CLIENT, SESSION, null),
        OAuthRows.consent("expired", CLIENT, "now() - interval '1 second'"),
        OAuthRows.consent("fresh", CLIENT, "now() + interval '1 day'"));

    execute(database, "SELECT public.mcp_purge_expired_sessions(1000)");

    assertThat(ChangelogTest.rows(database, "SELECT client_id FROM mcp_oauth_clients"))
        .as("the unused expired client goes; the one a session names stays")
        .containsExactly(List.of(CLIENT));
    assertThat(counts(database, CLIENT)).containsExactly("1", "1", "1", "1");
  }

  /**
   * Empties the tables, then writes a live client {@link #CLIENT} holding {@link #SESSION}, then
   * the given rows.
   */
  private static TestDatabase withLiveGrant(TestDatabase database, String... rows)
      throws SQLException {
    database.deleteAllRows();
    execute(
        database,
        OAuthRows.client(CLIENT, "now() + interval '1 day'"),
        OAuthRows.session(SESSION, CLIENT));
    execute(database, rows);
    return database;
  }

  /** Codes, access tokens, refresh tokens and consents of {@code clientId}. */
  private static List<String> counts(TestDatabase database, String clientId) throws SQLException {
    return ChangelogTest.rows(
            database,
            "SELECT (SELECT count(*) FROM mcp_oauth_authorization_codes WHERE client_id = '"
                + clientId
                + "'), (SELECT count(*) FROM mcp_oauth_access_tokens WHERE client_id = '"
                + clientId
                + "'), (SELECT count(*) FROM mcp_oauth_refresh_tokens WHERE client_id = '"
                + clientId
                + "'), (SELECT count(*) FROM mcp_oauth_consents WHERE client_id = '"
                + clientId
                + "')")
        .get(0);
  }
}
