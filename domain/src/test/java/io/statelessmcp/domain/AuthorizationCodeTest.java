package io.statelessmcp.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuthorizationCodeTest {

  /** RFC 7636 appendix B. */
  static final String RFC_VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

  static final String RFC_CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  private static final SessionId GRANT = SessionId.random();

  private static AuthorizationRequest request(String challenge) {
    return new AuthorizationRequest(
        "dcr_client",
        "http://localhost:6274/oauth/callback",
        challenge,
        "client-state",
        "https://mcp.example.com/mcp",
        "mcp");
  }

  private static AuthorizationCode.Issued issued() {
    return AuthorizationCode.issue(request(RFC_CHALLENGE), GRANT, NOW);
  }

  @Test
  void theVerifierOfRfc7636AppendixBProvesItsChallenge() {
    assertThat(LoginState.hash(RFC_VERIFIER)).isEqualTo(RFC_CHALLENGE);
    assertThat(issued().stored().isProvenBy(RFC_VERIFIER)).isTrue();
  }

  @Test
  void anyOtherVerifierDoesNot() {
    AuthorizationCode code = issued().stored();

    assertThat(code.isProvenBy(null)).isFalse();
    assertThat(code.isProvenBy("")).isFalse();
    assertThat(code.isProvenBy(RFC_CHALLENGE)).as("the challenge itself (plain)").isFalse();
    assertThat(code.isProvenBy(RFC_VERIFIER.substring(1))).isFalse();
    assertThat(code.isProvenBy(RFC_VERIFIER + "A")).isFalse();
    assertThat(code.isProvenBy(RFC_VERIFIER.toUpperCase())).isFalse();
  }

  @Test
  void theCodeIsBoundToTheRequestItAnswersAndStoredByHashOnly() {
    AuthorizationCode.Issued issued = issued();
    AuthorizationCode stored = issued.stored();

    assertThat(OAuthSecret.AUTHORIZATION_CODE.isWellFormed(issued.code())).isTrue();
    assertThat(stored.codeHash()).isEqualTo(SecretHash.of(issued.code()));
    assertThat(stored.clientId()).isEqualTo("dcr_client");
    assertThat(stored.redirectUri()).isEqualTo("http://localhost:6274/oauth/callback");
    assertThat(stored.codeChallenge()).isEqualTo(RFC_CHALLENGE);
    assertThat(stored.resource()).isEqualTo("https://mcp.example.com/mcp");
    assertThat(stored.scope()).isEqualTo("mcp");
    assertThat(stored.sessionId()).isEqualTo(GRANT);
    assertThat(stored.isUsed()).isFalse();
    assertThat(AuthorizationCode.issue(request(RFC_CHALLENGE), GRANT, NOW).code())
        .isNotEqualTo(issued.code());
  }

  @Test
  void aCodeLivesFiveMinutesAndIsExpiredExactlyAtItsEnd() {
    AuthorizationCode code = issued().stored();

    assertThat(code.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
    assertThat(code.isExpiredAt(NOW)).isFalse();
    assertThat(code.isExpiredAt(code.expiresAt().minusNanos(1))).isFalse();
    assertThat(code.isExpiredAt(code.expiresAt())).isTrue();
    assertThat(code.isExpiredAt(code.expiresAt().plusSeconds(1))).isTrue();
  }

  @Test
  void anAuthorizationRequestTakesOnlyAnS256Challenge() {
    assertThat(AuthorizationRequest.isS256Challenge(RFC_CHALLENGE)).isTrue();
    assertThat(AuthorizationRequest.isS256Challenge(null)).isFalse();
    assertThat(AuthorizationRequest.isS256Challenge(RFC_CHALLENGE.substring(1))).isFalse();
    assertThat(AuthorizationRequest.isS256Challenge(RFC_CHALLENGE + "A")).isFalse();
    assertThat(AuthorizationRequest.isS256Challenge(RFC_CHALLENGE.replace('-', '+'))).isFalse();
    assertThat(AuthorizationRequest.isS256Challenge(RFC_CHALLENGE.substring(1) + "=")).isFalse();
    assertThatThrownBy(() -> request("plain-verifier-is-not-a-challenge"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void overlongParametersAreRefused() {
    String longState = "s".repeat(AuthorizationRequest.MAX_STATE_LENGTH + 1);
    assertThatThrownBy(
            () ->
                new AuthorizationRequest(
                    "dcr_client",
                    "https://app.example.com/cb",
                    RFC_CHALLENGE,
                    longState,
                    null,
                    null))
        .isInstanceOf(IllegalArgumentException.class)
        .message()
        .doesNotContain(longState);
  }
}
