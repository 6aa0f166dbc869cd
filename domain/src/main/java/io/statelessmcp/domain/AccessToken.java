package io.statelessmcp.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * An access token as stored: opaque to the client, bound to the MCP resource, short-lived, and
 * naming the session (the grant) that a request carrying it runs as.
 *
 * <p>A token is good strictly before {@code expiresAt} and only while its session is.
 */
public record AccessToken(
    SecretHash tokenHash,
    SessionId sessionId,
    String clientId,
    String resource,
    String scope,
    Instant createdAt,
    Instant expiresAt) {

  public AccessToken {
    Required.nonNull(tokenHash, sessionId, clientId, createdAt, expiresAt);
    if (!expiresAt.isAfter(createdAt)) {
      throw new IllegalArgumentException("an access token must expire after it was issued");
    }
  }

  /**
   * A new token for the grant {@code session}, living {@code lifetime} but never past the session's
   * absolute deadline.
   */
  public static Issued issue(
      Session session,
      String clientId,
      String resource,
      String scope,
      Duration lifetime,
      Instant now) {
    String token = OAuthSecret.ACCESS_TOKEN.issue();
    Instant expiresAt = now.plus(lifetime);
    if (expiresAt.isAfter(session.absoluteExpiresAt())) {
      expiresAt = session.absoluteExpiresAt();
    }
    return new Issued(
        token,
        new AccessToken(
            SecretHash.of(token), session.id(), clientId, resource, scope, now, expiresAt));
  }

  public boolean isExpiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }

  @Override
  public String toString() {
    return "AccessToken[sessionId="
        + sessionId
        + ", clientId="
        + clientId
        + ", expiresAt="
        + expiresAt
        + ", tokenHash=<redacted>]";
  }

  /** A token as issued: {@code token} goes to the client once, {@code stored} to the database. */
  public record Issued(String token, AccessToken stored) {
    @Override
    public String toString() {
      return "Issued[token=<redacted>, stored=" + stored + "]";
    }
  }
}
