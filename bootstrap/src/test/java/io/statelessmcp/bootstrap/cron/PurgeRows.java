package io.statelessmcp.bootstrap.cron;

/**
 * INSERT statements for the rows the purge decides about, for the tests of the purge function and
 * of its pg_cron job. Times are SQL expressions such as {@code "now() - interval '1 minute'"}.
 */
final class PurgeRows {

  private PurgeRows() {}

  /** A session created and last seen two days ago; {@code revokedAt} may be {@code "NULL"}. */
  static String session(String id, String expiresAt, String absoluteExpiresAt, String revokedAt) {
    return "INSERT INTO mcp_sessions (session_id, user_id, secret_hash, token_ciphertext, key_id,"
        + " created_at, last_seen_at, expires_at, absolute_expires_at, revoked_at) VALUES ('"
        + id
        + "', 'user_01TEST', sha256('secret'::bytea), decode(repeat('ab', 40), 'hex'), 'k1',"
        + " now() - interval '2 days', now() - interval '2 days', "
        + expiresAt
        + ", "
        + absoluteExpiresAt
        + ", "
        + revokedAt
        + ")";
  }

  /** A login state started twenty minutes ago. */
  static String loginState(String stateHash, String expiresAt) {
    return "INSERT INTO mcp_login_states (state_hash, code_verifier_ciphertext, key_id, created_at,"
        + " expires_at) VALUES ('"
        + stateHash
        + "', decode(repeat('cd', 40), 'hex'), 'k1', now() - interval '20 minutes', "
        + expiresAt
        + ")";
  }
}
