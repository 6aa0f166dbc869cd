package io.statelessmcp.adapter.out.supabase;

import io.r2dbc.spi.Readable;
import java.time.OffsetDateTime;

/** The columns of {@code mcp_sessions} a user may read about their own sessions. */
record SessionSummaryRow(
    String sessionId,
    OffsetDateTime createdAt,
    OffsetDateTime lastSeenAt,
    OffsetDateTime expiresAt,
    OffsetDateTime revokedAt,
    String userAgent,
    String clientId) {

  static final String COLUMNS =
      "session_id, created_at, last_seen_at, expires_at, revoked_at, user_agent, client_id";

  static SessionSummaryRow read(Readable row) {
    return new SessionSummaryRow(
        row.get("session_id", String.class),
        row.get("created_at", OffsetDateTime.class),
        row.get("last_seen_at", OffsetDateTime.class),
        row.get("expires_at", OffsetDateTime.class),
        row.get("revoked_at", OffsetDateTime.class),
        row.get("user_agent", String.class),
        row.get("client_id", String.class));
  }
}
