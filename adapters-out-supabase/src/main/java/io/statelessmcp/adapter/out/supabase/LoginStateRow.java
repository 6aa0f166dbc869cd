package io.statelessmcp.adapter.out.supabase;

import io.r2dbc.spi.Readable;
import java.time.OffsetDateTime;

/** One row of {@code mcp_login_states}. */
record LoginStateRow(
    String stateHash,
    byte[] codeVerifierCiphertext,
    String keyId,
    String returnTo,
    String linkedUserId,
    OffsetDateTime createdAt,
    OffsetDateTime expiresAt) {

  static final String COLUMNS =
      "state_hash, code_verifier_ciphertext, key_id, return_to, linked_user_id, created_at,"
          + " expires_at";

  static LoginStateRow read(Readable row) {
    return new LoginStateRow(
        row.get("state_hash", String.class),
        row.get("code_verifier_ciphertext", byte[].class),
        row.get("key_id", String.class),
        row.get("return_to", String.class),
        row.get("linked_user_id", String.class),
        row.get("created_at", OffsetDateTime.class),
        row.get("expires_at", OffsetDateTime.class));
  }

  @Override
  public String toString() {
    return "LoginStateRow[expiresAt=" + expiresAt + ", <redacted>]";
  }
}
