package io.statelessmcp.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * An authorization code as stored: single use, short-lived, bound to the client, the redirect URI,
 * the PKCE challenge and the resource of the request it answers, and naming the session that is the
 * grant. The code itself exists only in the client's hands.
 *
 * @param usedAt when the first redemption took it; kept until expiry so a replay is recognised
 */
public record AuthorizationCode(
    SecretHash codeHash,
    String clientId,
    SessionId sessionId,
    String redirectUri,
    String codeChallenge,
    String resource,
    String scope,
    Instant createdAt,
    Instant expiresAt,
    Instant usedAt) {

  /** Clients redeem at once; RFC 6749 section 4.1.2 asks for at most ten minutes. */
  public static final Duration LIFETIME = Duration.ofMinutes(5);

  public AuthorizationCode {
    Required.nonNull(
        codeHash, clientId, sessionId, redirectUri, codeChallenge, createdAt, expiresAt);
  }

  /** A new code answering {@code request} with the grant {@code sessionId}. */
  public static Issued issue(AuthorizationRequest request, SessionId sessionId, Instant now) {
    String code = OAuthSecret.AUTHORIZATION_CODE.issue();
    return new Issued(
        code,
        new AuthorizationCode(
            SecretHash.of(code),
            request.clientId(),
            sessionId,
            request.redirectUri(),
            request.codeChallenge(),
            request.resource(),
            request.scope(),
            now,
            now.plus(LIFETIME),
            null));
  }

  public boolean isExpiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }

  public boolean isUsed() {
    return usedAt != null;
  }

  /** This code as taken by its first redemption at {@code now}. */
  public AuthorizationCode usedAt(Instant now) {
    return new AuthorizationCode(
        codeHash,
        clientId,
        sessionId,
        redirectUri,
        codeChallenge,
        resource,
        scope,
        createdAt,
        expiresAt,
        Objects.requireNonNull(now, "now"));
  }

  /** PKCE S256 (RFC 7636 section 4.6), compared in constant time. */
  public boolean isProvenBy(String codeVerifier) {
    if (codeVerifier == null) {
      return false;
    }
    return MessageDigest.isEqual(
        LoginState.hash(codeVerifier).getBytes(StandardCharsets.US_ASCII),
        codeChallenge.getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  public String toString() {
    return "AuthorizationCode[clientId="
        + clientId
        + ", sessionId="
        + sessionId
        + ", expiresAt="
        + expiresAt
        + ", usedAt="
        + usedAt
        + ", codeHash=<redacted>]";
  }

  /** A code as issued: {@code code} goes to the client once, {@code stored} to the database. */
  public record Issued(String code, AuthorizationCode stored) {
    @Override
    public String toString() {
      return "Issued[code=<redacted>, stored=" + stored + "]";
    }
  }
}
