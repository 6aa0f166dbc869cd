package io.statelessmcp.domain;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * A refresh token as stored. Tokens of one grant form a chain: each names the token it replaced
 * ({@code previousHash}). The token a client was last given stays usable, and so does the one
 * before it until its successor is first used (two racing refreshes with one token both succeed);
 * any older token presented again is treated as stolen and ends the grant.
 *
 * @param previousHash the token this one replaced; null for the first token of a grant
 * @param firstUsedAt when this token was first presented; from then on its predecessor is spent
 * @param revokedAt set when the grant ended; a revoked token is never accepted
 * @param scope the grant's scope, carried from token to token; null when none was requested
 */
public record RefreshToken(
    SecretHash tokenHash,
    SessionId sessionId,
    String clientId,
    SecretHash previousHash,
    Instant createdAt,
    Instant firstUsedAt,
    Instant revokedAt,
    String scope) {

  public RefreshToken {
    Required.nonNull(tokenHash, sessionId, clientId, createdAt);
  }

  /** The first refresh token of a grant of {@code scope} (null: none requested). */
  public static Issued first(SessionId sessionId, String clientId, String scope, Instant now) {
    String token = OAuthSecret.REFRESH_TOKEN.issue();
    return new Issued(
        token,
        new RefreshToken(SecretHash.of(token), sessionId, clientId, null, now, null, null, scope));
  }

  /** The first refresh token of a grant without a scope. */
  public static Issued first(SessionId sessionId, String clientId, Instant now) {
    return first(sessionId, clientId, null, now);
  }

  /**
   * The token that replaces {@code presented} (this token's plaintext), derived under {@code key};
   * it continues the same grant, with the same scope.
   */
  public Issued successor(String presented, GrantKey key, Instant now) {
    String token = OAuthSecret.successorOf(presented, key);
    return new Issued(
        token,
        new RefreshToken(
            SecretHash.of(token), sessionId, clientId, tokenHash, now, null, null, scope));
  }

  /** This token as first presented at {@code now}; a later use keeps the first time. */
  public RefreshToken usedAt(Instant now) {
    return firstUsedAt != null
        ? this
        : new RefreshToken(
            tokenHash, sessionId, clientId, previousHash, createdAt, now, revokedAt, scope);
  }

  /** This token as revoked at {@code now}; a second revocation keeps the first time. */
  public RefreshToken revokedAt(Instant now) {
    return revokedAt != null
        ? this
        : new RefreshToken(
            tokenHash, sessionId, clientId, previousHash, createdAt, firstUsedAt, now, scope);
  }

  /**
   * True when {@code requested} (space-separated, as OAuth writes scopes) asks for nothing beyond
   * this grant's scope (RFC 6749 section 6).
   */
  public boolean grantsScope(String requested) {
    Set<String> granted =
        scope == null ? Set.of() : new HashSet<>(Arrays.asList(scope.trim().split("\\s+")));
    for (String asked : requested.trim().split("\\s+")) {
      if (!asked.isEmpty() && !granted.contains(asked)) {
        return false;
      }
    }
    return true;
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
