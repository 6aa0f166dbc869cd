package io.statelessmcp.domain;

import static io.statelessmcp.domain.testing.TestSessions.aSession;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Logs see these records; the secrets they carry or hash must never appear in them. */
class OAuthRecordsRedactionTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
  private static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

  private static AuthorizationRequest request() {
    return new AuthorizationRequest(
        "dcr_client",
        "https://app.example.com/cb",
        CHALLENGE,
        "client-csrf-state-value",
        "https://mcp.example.com/mcp",
        "mcp");
  }

  /** The secret in plain text, and its hash as base64url, base64 and hex. */
  private static void assertHidden(Object record, String secret) {
    byte[] hash = SecretHash.of(secret).bytes();
    assertThat(record.toString())
        .doesNotContain(secret)
        .doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(hash))
        .doesNotContain(Base64.getEncoder().encodeToString(hash))
        .doesNotContainIgnoringCase(HexFormat.of().formatHex(hash));
  }

  @Test
  void anAuthorizationCodeNeverShowsTheCode() {
    AuthorizationCode.Issued issued = AuthorizationCode.issue(request(), SessionId.random(), T0);

    assertHidden(issued, issued.code());
    assertHidden(issued.stored(), issued.code());
    assertThat(issued.toString()).contains("dcr_client");
  }

  @Test
  void accessAndRefreshTokensNeverShowTheToken() {
    Session grant = aSession().createdAt(T0).session();
    AccessToken.Issued access =
        AccessToken.issue(
            grant, "dcr_client", "https://mcp.example.com/mcp", null, Duration.ofHours(1), T0);
    RefreshToken.Issued refresh = RefreshToken.first(grant.id(), "dcr_client", T0);
    byte[] keyBytes = new byte[GrantKey.MIN_LENGTH];
    keyBytes[0] = 9;
    RefreshToken.Issued successor =
        refresh.stored().successor(refresh.token(), new GrantKey(keyBytes), T0);

    assertHidden(access, access.token());
    assertHidden(access.stored(), access.token());
    assertHidden(refresh, refresh.token());
    assertHidden(refresh.stored(), refresh.token());
    assertHidden(successor, successor.token());
    assertHidden(successor.stored(), successor.token());
    assertHidden(successor.stored(), refresh.token());
  }

  @Test
  void aPendingAuthorizationNeverShowsItsStateVerifierOrTheClientsState() {
    LoginState.Started started = LoginState.answering(request(), T0);

    for (Object record : new Object[] {started, started.stored(), request()}) {
      assertThat(record.toString())
          .doesNotContain(started.state())
          .doesNotContain(started.stored().stateHash())
          .doesNotContain(started.stored().codeVerifier())
          .doesNotContain("client-csrf-state-value");
    }
  }

  @Test
  void keysAndHashesShowNothing() {
    byte[] keyBytes = new byte[GrantKey.MIN_LENGTH];
    keyBytes[0] = 1;
    String browser = OAuthSecret.BROWSER.issue();

    assertThat(new GrantKey(keyBytes).toString()).isEqualTo("GrantKey[<redacted>]");
    assertHidden(SecretHash.of(browser), browser);
  }
}
