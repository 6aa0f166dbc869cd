package io.statelessmcp.adapter.out.supabase;

import io.r2dbc.spi.Readable;
import io.statelessmcp.domain.AccessToken;
import io.statelessmcp.domain.AuthorizationCode;
import io.statelessmcp.domain.RefreshToken;
import io.statelessmcp.domain.SecretHash;
import io.statelessmcp.domain.SessionId;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;

/**
 * Rows of the grant tables ({@code mcp_oauth_authorization_codes}, {@code mcp_oauth_access_tokens},
 * {@code mcp_oauth_refresh_tokens}) to domain and back. Codes and tokens are there only as their
 * SHA-256 ({@code bytea}).
 */
final class GrantRows {

  static final String CODE_COLUMNS =
      "code_hash, client_id, session_id, redirect_uri, code_challenge, resource, scope,"
          + " created_at, expires_at, used_at";
  static final String ACCESS_TOKEN_COLUMNS =
      "token_hash, session_id, client_id, resource, scope, created_at, expires_at";
  static final String REFRESH_TOKEN_COLUMNS =
      "token_hash, session_id, client_id, previous_hash, created_at, first_used_at, revoked_at,"
          + " scope";

  private static final Logger log = LoggerFactory.getLogger(GrantRows.class);

  private GrantRows() {}

  /**
   * The row read by {@code reader}; empty when it no longer makes a valid code or token, which is
   * then treated as unknown (the client authorizes again). Call within the row's mapping function.
   */
  static <T> Optional<T> readable(Readable row, Function<Readable, T> reader, String what) {
    try {
      return Optional.of(reader.apply(row));
    } catch (IllegalArgumentException | NullPointerException e) {
      log.warn("A stored {} is unreadable and is treated as unknown", what);
      return Optional.empty();
    }
  }

  /**
   * @throws IllegalArgumentException when the row no longer makes a valid code
   */
  static AuthorizationCode code(Readable row) {
    return new AuthorizationCode(
        hash(row.get("code_hash", byte[].class)),
        row.get("client_id", String.class),
        sessionId(row.get("session_id", String.class)),
        row.get("redirect_uri", String.class),
        row.get("code_challenge", String.class),
        row.get("resource", String.class),
        row.get("scope", String.class),
        instant(row.get("created_at", OffsetDateTime.class)),
        instant(row.get("expires_at", OffsetDateTime.class)),
        instant(row.get("used_at", OffsetDateTime.class)));
  }

  static AccessToken accessToken(Readable row) {
    return new AccessToken(
        hash(row.get("token_hash", byte[].class)),
        sessionId(row.get("session_id", String.class)),
        row.get("client_id", String.class),
        row.get("resource", String.class),
        row.get("scope", String.class),
        instant(row.get("created_at", OffsetDateTime.class)),
        instant(row.get("expires_at", OffsetDateTime.class)));
  }

  static RefreshToken refreshToken(Readable row) {
    return new RefreshToken(
        hash(row.get("token_hash", byte[].class)),
        sessionId(row.get("session_id", String.class)),
        row.get("client_id", String.class),
        hash(row.get("previous_hash", byte[].class)),
        instant(row.get("created_at", OffsetDateTime.class)),
        instant(row.get("first_used_at", OffsetDateTime.class)),
        instant(row.get("revoked_at", OffsetDateTime.class)),
        row.get("scope", String.class));
  }

  static byte[] bytes(SecretHash hash) {
    return hash == null ? null : hash.bytes();
  }

  static OffsetDateTime timestamp(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  /** Binds {@code value}, or a typed null. */
  static GenericExecuteSpec bind(GenericExecuteSpec spec, int index, Object value, Class<?> type) {
    return value == null ? spec.bindNull(index, type) : spec.bind(index, value);
  }

  private static SecretHash hash(byte[] bytes) {
    return bytes == null ? null : new SecretHash(bytes);
  }

  private static SessionId sessionId(String value) {
    return value == null ? null : new SessionId(value);
  }

  private static Instant instant(OffsetDateTime timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
