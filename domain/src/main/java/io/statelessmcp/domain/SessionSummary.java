package io.statelessmcp.domain;

import java.time.Instant;

/**
 * What a user may see of one of their own sessions: no secret, no token.
 *
 * @param oauthClientId the OAuth client the session was granted to; null for a browser login
 * @param clientName that client's name as it registered, when known; stores leave it null
 */
public record SessionSummary(
    SessionId id,
    Instant createdAt,
    Instant lastSeenAt,
    Instant expiresAt,
    Instant revokedAt,
    String userAgent,
    String oauthClientId,
    String clientName) {

  public SessionSummary(
      SessionId id,
      Instant createdAt,
      Instant lastSeenAt,
      Instant expiresAt,
      Instant revokedAt,
      String userAgent,
      String oauthClientId) {
    this(id, createdAt, lastSeenAt, expiresAt, revokedAt, userAgent, oauthClientId, null);
  }

  public SessionSummary(
      SessionId id,
      Instant createdAt,
      Instant lastSeenAt,
      Instant expiresAt,
      Instant revokedAt,
      String userAgent) {
    this(id, createdAt, lastSeenAt, expiresAt, revokedAt, userAgent, null, null);
  }
}
