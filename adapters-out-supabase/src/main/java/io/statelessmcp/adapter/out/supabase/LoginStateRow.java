package io.statelessmcp.adapter.out.supabase;

import io.r2dbc.spi.Readable;
import java.time.OffsetDateTime;

/**
 * One row of {@code mcp_login_states}. The {@code oauth_*} columns hold the client's authorization
 * request the login answers; all null for a login at {@code /auth/login}.
 */
record LoginStateRow(
    String stateHash,
    byte[] codeVerifierCiphertext,
    String keyId,
    String returnTo,
    String linkedUserId,
    OffsetDateTime createdAt,
    OffsetDateTime expiresAt,
    String oauthClientId,
    String oauthRedirectUri,
    String oauthCodeChallenge,
    String oauthState,
    String oauthResource,
    String oauthScope) {

  static final String COLUMNS =
      "state_hash, code_verifier_ciphertext, key_id, return_to, linked_user_id, created_at,"
          + " expires_at, oauth_client_id, oauth_redirect_uri, oauth_code_challenge, oauth_state,"
          + " oauth_resource, oauth_scope";

  static LoginStateRow read(Readable row) {
    return new LoginStateRow(
        row.get("state_hash", String.class),
        row.get("code_verifier_ciphertext", byte[].class),
        row.get("key_id", String.class),
        row.get("return_to", String.class),
        row.get("linked_user_id", String.class),
        row.get("created_at", OffsetDateTime.class),
        row.get("expires_at", OffsetDateTime.class),
        row.get("oauth_client_id", String.class),
        row.get("oauth_redirect_uri", String.class),
        row.get("oauth_code_challenge", String.class),
        row.get("oauth_state", String.class),
        row.get("oauth_resource", String.class),
        row.get("oauth_scope", String.class));
  }

  @Override
  public String toString() {
    return "LoginStateRow[expiresAt=" + expiresAt + ", <redacted>]";
  }
}
