package io.statelessmcp.domain;

import java.time.Instant;

/**
 * A refresh token as stored. Tokens of one grant form a chain: each names the token it replaced
 * ({@code previousHash}). The token a client was last given stays usable, and so does the one
 * before it until its successor is first used (two racing refreshes with one token both succeed);
 * any older token presented again is treated as stolen and ends the grant.
 *
 * @param previousHash the token this one replaced; null for the first token of a grant
 * @param firstUsedAt when this token was first presented; from then on its predecessor is spent
 * @param revokedAt set when the grant ended; a revoked token is never accepted
 */
public record RefreshToken(
    SecretHash tokenHash,
    SessionId sessionId,
    String clientId,
    SecretHash previousHash,
    Instant createdAt,
    Instant firstUsedAt,
    Instant revokedAt) {

  public RefreshToken {
    Required.nonNull(tokenHash, sessionId, clientId, createdAt);
  }

  /** The first refresh token of a grant. */
  public static Issued first(SessionId sessionId, String clientId, Instant now) {
    String token = OAuthSecret.REFRESH_TOKEN.issue();
    return new Issued(
        token, new RefreshToken(SecretHash.of(token), sessionId, clientId, null, now, null, null));
  }

  /**
   * The token that replaces {@code presented} (this token's plaintext), derived under {@code key}.
   */
  public Issued successor(String presented, GrantKey key, Instant now) {
    String token = OAuthSecret.successorOf(presented, key);
    return new Issued(
        token,
        new RefreshToken(SecretHash.of(token), sessionId, clientId, tokenHash, now, null, null));
  }

  public boolean isRevoked() {
    return revokedAt != null;
  }

  public boolean hasBeenUsed() {
    return firstUsedAt != null;
  }

  @Override
  public String toString() {
    return "RefreshToken[sessionId="
        + sessionId
        + ", clientId="
        + clientId
        + ", firstUsedAt="
        + firstUsedAt
        + ", revokedAt="
        + revokedAt
        + ", tokenHash=<redacted>]";
  }

  /** A token as issued: {@code token} goes to the client once, {@code stored} to the database. */
  public record Issued(String token, RefreshToken stored) {
    @Override
    public String toString() {
      return "Issued[token=<redacted>, stored=" + stored + "]";
    }
  }
}
