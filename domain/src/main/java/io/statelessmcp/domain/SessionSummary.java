package io.statelessmcp.domain;

import java.time.Instant;

/**
 * What a user may see of one of their own sessions: no secret, no token.
 *
 * @param oauthClientId the OAuth client the session was granted to; null for a browser login
 */
public record SessionSummary(
    SessionId id,
    Instant createdAt,
    Instant lastSeenAt,
    Instant expiresAt,
    Instant revokedAt,
    String userAgent,
    String oauthClientId) {

  public SessionSummary(
      SessionId id,
      Instant createdAt,
      Instant lastSeenAt,
      Instant expiresAt,
      Instant revokedAt,
      String userAgent) {
    this(id, createdAt, lastSeenAt, expiresAt, revokedAt, userAgent, null);
  }
}
