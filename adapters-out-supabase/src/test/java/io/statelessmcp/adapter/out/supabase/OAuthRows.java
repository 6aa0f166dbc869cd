package io.statelessmcp.adapter.out.supabase;

import io.statelessmcp.domain.SessionId;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Rows of the OAuth tables written with plain SQL, for the schema's own tests. */
final class OAuthRows {

  private OAuthRows() {}

  static void execute(TestDatabase database, String... statements) throws SQLException {
    try (Connection connection = database.appConnection();
        Statement sql = connection.createStatement()) {
      for (String statement : statements) {
        sql.execute(statement);
      }
    }
  }

  /** A DCR client expiring at {@code expiresAt} (an SQL expression). */
  static String client(String clientId, String expiresAt) {
    return "INSERT INTO mcp_oauth_clients (client_id, registration, redirect_uris, grant_types,"
        + " response_types, token_endpoint_auth_method, created_at, expires_at) VALUES ('"
        + clientId
        + "', 'dcr', ARRAY['https://app.example.com/cb'],"
        + " ARRAY['authorization_code', 'refresh_token'], ARRAY['code'], 'none',"
        + " now() - interval '2 days', "
        + expiresAt
        + ")";
  }

  /** A registered client, unless it exists already; it expires in a day. */
  static String registeredClient(String clientId) {
    return client(clientId, "now() + interval '1 day'") + " ON CONFLICT (client_id) DO NOTHING";
  }

  /** A new live session issued to {@code clientId}, registered if need be: a grant. */
  static SessionId grant(TestDatabase database, String clientId) {
    SessionId id = SessionId.random();
    try {
      execute(database, registeredClient(clientId), session(id.value(), clientId));
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return id;
  }

  /** Runs {@code statements}, failing the test on an SQL error. */
  static void executeOrFail(TestDatabase database, String... statements) {
    try {
      execute(database, statements);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A live session, issued to {@code clientId} (or to nobody: {@code null}). */
  static String session(String sessionId, String clientId) {
    return "INSERT INTO mcp_sessions (session_id, user_id, secret_hash, token_ciphertext, key_id,"
        + " expires_at, absolute_expires_at, client_id) VALUES ('"
        + sessionId
        + "', 'user_01TEST', sha256('secret'::bytea), decode(repeat('ab', 40), 'hex'), 'k1',"
        + " now() + interval '1 day', now() + interval '30 days', "
        + (clientId == null ? "NULL" : "'" + clientId + "'")
        + ")";
  }

  static String code(String seed, String clientId, String sessionId, String expiresAt) {
    return String.format(
        "INSERT INTO mcp_oauth_authorization_codes (code_hash, client_id, session_id, redirect_uri,"
            + " code_challenge, created_at, expires_at) VALUES (%s, %s, %s,"
            + " 'https://app.example.com/cb', repeat('c', 43), now() - interval '1 hour', %s)",
        hash(seed), quoted(clientId), quoted(sessionId), expiresAt);
  }

  static String accessToken(String seed, String clientId, String sessionId, String expiresAt) {
    return String.format(
        "INSERT INTO mcp_oauth_access_tokens (token_hash, session_id, client_id, created_at,"
            + " expires_at) VALUES (%s, %s, %s, now() - interval '2 hours', %s)",
        hash(seed), quoted(sessionId), quoted(clientId), expiresAt);
  }

  /** A refresh token; {@code previousSeed} names the token it replaced, or null. */
  static String refreshToken(String seed, String clientId, String sessionId, String previousSeed) {
    return String.format(
        "INSERT INTO mcp_oauth_refresh_tokens (token_hash, session_id, client_id, previous_hash)"
            + " VALUES (%s, %s, %s, %s)",
        hash(seed),
        quoted(sessionId),
        quoted(clientId),
        previousSeed == null ? "NULL" : hash(previousSeed));
  }

  static String consent(String seed, String clientId, String expiresAt) {
    return String.format(
        "INSERT INTO mcp_oauth_consents (browser_hash, client_id, created_at, expires_at)"
            + " VALUES (%s, %s, now() - interval '1 day', %s)",
        hash(seed), quoted(clientId), expiresAt);
  }

  /** The stored form of a secret: its SHA-256. */
  private static String hash(String seed) {
    return "sha256('" + seed + "'::bytea)";
  }

  private static String quoted(String value) {
    return "'" + value + "'";
  }
}
