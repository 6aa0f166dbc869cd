package io.statelessmcp.adapter.out.supabase;

import io.r2dbc.spi.Readable;
import java.time.OffsetDateTime;

/** One row of {@code mcp_sessions}, as the database holds it. */
record SessionRow(
    String sessionId,
    String userId,
    byte[] secretHash,
    byte[] tokenCiphertext,
    String keyId,
    OffsetDateTime createdAt,
    OffsetDateTime lastSeenAt,
    OffsetDateTime expiresAt,
    OffsetDateTime absoluteExpiresAt,
    long version,
    OffsetDateTime revokedAt,
    OffsetDateTime refreshLeaseUntil,
    String userAgent,
    String ip) {

  /** Every column, in the order {@link #read(Readable)} and the INSERT use. */
  static final String COLUMNS =
      "session_id, user_id, secret_hash, token_ciphertext, key_id, created_at, last_seen_at,"
          + " expires_at, absolute_expires_at, version, revoked_at, refresh_lease_until, user_agent,"
          + " ip";

  static SessionRow read(Readable row) {
    Long version = row.get("version", Long.class);
    return new SessionRow(
        row.get("session_id", String.class),
        row.get("user_id", String.class),
        row.get("secret_hash", byte[].class),
        row.get("token_ciphertext", byte[].class),
        row.get("key_id", String.class),
        row.get("created_at", OffsetDateTime.class),
        row.get("last_seen_at", OffsetDateTime.class),
        row.get("expires_at", OffsetDateTime.class),
        row.get("absolute_expires_at", OffsetDateTime.class),
        version == null ? -1 : version,
        row.get("revoked_at", OffsetDateTime.class),
        row.get("refresh_lease_until", OffsetDateTime.class),
        row.get("user_agent", String.class),
        row.get("ip", String.class));
  }

  @Override
  public String toString() {
    return "SessionRow[sessionId="
        + sessionId
        + ", userId="
        + userId
        + ", version="
        + version
        + "]";
  }
}
