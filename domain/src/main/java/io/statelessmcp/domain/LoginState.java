package io.statelessmcp.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * One pending login between {@code /auth/login} and {@code /auth/complete}, which may land on
 * different replicas. Single use; stored under the hash of its {@code state} so that a database
 * read gives nothing to replay.
 *
 * @param stateHash base64url SHA-256 of the {@code state} sent to the identity provider
 * @param codeVerifier the PKCE verifier; secret until the code exchange
 * @param returnTo where to send the browser afterwards, already checked against the allow-list
 * @param linkedUserId the Supabase user the login is linked to, or null
 * @param authorization the OAuth client's request this login answers (the callback then issues an
 *     authorization code to the client); null for a login at {@code /auth/login}
 */
public record LoginState(
    String stateHash,
    String codeVerifier,
    String returnTo,
    UserId linkedUserId,
    Instant createdAt,
    Instant expiresAt,
    AuthorizationRequest authorization) {

  public static final Duration LIFETIME = Duration.ofMinutes(10);
  private static final int STATE_BYTES = 32;
  private static final int VERIFIER_BYTES = 48;

  public LoginState {
    Required.nonNull(stateHash, codeVerifier, createdAt, expiresAt);
    if (authorization != null && (returnTo != null || linkedUserId != null)) {
      throw new IllegalArgumentException(
          "a login answering a client's authorization has no return_to and no linked user");
    }
  }

  /** A login at {@code /auth/login}. */
  public LoginState(
      String stateHash,
      String codeVerifier,
      String returnTo,
      UserId linkedUserId,
      Instant createdAt,
      Instant expiresAt) {
    this(stateHash, codeVerifier, returnTo, linkedUserId, createdAt, expiresAt, null);
  }

  /** Starts a login: the raw state goes to the browser and the provider, the rest is stored. */
  public static Started start(String returnTo, UserId linkedUserId, Instant now) {
    return begin(returnTo, linkedUserId, null, now);
  }

  /** Starts the login that answers an OAuth client's authorization request. */
  public static Started answering(AuthorizationRequest authorization, Instant now) {
    java.util.Objects.requireNonNull(authorization, "authorization");
    return begin(null, null, authorization, now);
  }

  private static Started begin(
      String returnTo, UserId linkedUserId, AuthorizationRequest authorization, Instant now) {
    String state = RandomTokens.urlSafe(STATE_BYTES);
    String verifier = RandomTokens.urlSafe(VERIFIER_BYTES);
    return new Started(
        state,
        new LoginState(
            hash(state), verifier, returnTo, linkedUserId, now, now.plus(LIFETIME), authorization));
  }

  public boolean answersAuthorization() {
    return authorization != null;
  }

  /** base64url(SHA-256(value)), used for the state and for the PKCE S256 challenge alike. */
  public static String hash(String value) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(Sha256.digest(value.getBytes(StandardCharsets.US_ASCII)));
  }

  /**
   * True when the browser presenting {@code browserBinding} (the login-state cookie, holding the
   * state's hash) is the one the login with {@code stateHash} was started in. Constant time.
   */
  public static boolean isBoundTo(String stateHash, String browserBinding) {
    return browserBinding != null
        && MessageDigest.isEqual(
            stateHash.getBytes(StandardCharsets.US_ASCII),
            browserBinding.getBytes(StandardCharsets.US_ASCII));
  }

  public String codeChallenge() {
    return hash(codeVerifier);
  }

  public boolean isExpiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }

  @Override
  public String toString() {
    return "LoginState[returnTo="
        + returnTo
        + ", linkedUserId="
        + linkedUserId
        + ", expiresAt="
        + expiresAt
        + ", authorization="
        + authorization
        + ", stateHash=<redacted>, codeVerifier=<redacted>]";
  }

  /** A started login; {@code state} is known only to the browser and the identity provider. */
  public record Started(String state, LoginState stored) {
    @Override
    public String toString() {
      return "Started[state=<redacted>, stored=" + stored + "]";
    }
  }
}
