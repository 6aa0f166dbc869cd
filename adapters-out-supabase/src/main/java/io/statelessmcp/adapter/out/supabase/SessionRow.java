package io.statelessmcp.adapter.out.supabase;

import io.r2dbc.spi.Readable;
import java.time.OffsetDateTime;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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
    String ip,
    String clientId) {

  /**
   * The columns, in the order of {@link #COLUMNS}: each with its value in a row and its type (to
   * bind a null). Statements write their column lists and bind their values from these, through
   * {@link SessionBinds}.
   */
  enum Column {
    SESSION_ID("session_id", String.class, SessionRow::sessionId),
    USER_ID("user_id", String.class, SessionRow::userId),
    SECRET_HASH("secret_hash", byte[].class, SessionRow::secretHash),
    TOKEN_CIPHERTEXT("token_ciphertext", byte[].class, SessionRow::tokenCiphertext),
    KEY_ID("key_id", String.class, SessionRow::keyId),
    CREATED_AT("created_at", OffsetDateTime.class, SessionRow::createdAt),
    LAST_SEEN_AT("last_seen_at", OffsetDateTime.class, SessionRow::lastSeenAt),
    EXPIRES_AT("expires_at", OffsetDateTime.class, SessionRow::expiresAt),
    ABSOLUTE_EXPIRES_AT("absolute_expires_at", OffsetDateTime.class, SessionRow::absoluteExpiresAt),
    VERSION("version", Long.class, SessionRow::version),
    REVOKED_AT("revoked_at", OffsetDateTime.class, SessionRow::revokedAt),
    REFRESH_LEASE_UNTIL("refresh_lease_until", OffsetDateTime.class, SessionRow::refreshLeaseUntil),
    USER_AGENT("user_agent", String.class, SessionRow::userAgent),
    IP("ip", String.class, SessionRow::ip),
    CLIENT_ID("client_id", String.class, SessionRow::clientId);

    final String sqlName;
    final Class<?> type;
    private final Function<SessionRow, Object> value;

    Column(String sqlName, Class<?> type, Function<SessionRow, Object> value) {
      this.sqlName = sqlName;
      this.type = type;
      this.value = value;
    }

    Object valueIn(SessionRow row) {
      return value.apply(row);
    }
  }

  /** Every column, as SELECT, RETURNING and the INSERT list them. */
  static final String COLUMNS =
      Stream.of(Column.values()).map(column -> column.sqlName).collect(Collectors.joining(", "));

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
        row.get("ip", String.class),
        row.get("client_id", String.class));
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
