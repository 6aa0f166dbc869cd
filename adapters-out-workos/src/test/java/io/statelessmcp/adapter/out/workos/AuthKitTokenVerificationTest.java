package io.statelessmcp.adapter.out.workos;

import static org.assertj.core.api.Assertions.assertThat;

import io.statelessmcp.adapter.out.workos.fake.FakeUser;
import io.statelessmcp.adapter.out.workos.fake.FakeWorkOs;
import io.statelessmcp.adapter.out.workos.fake.TestKeys;
import io.statelessmcp.application.failure.TokenRejected;
import io.statelessmcp.application.port.out.TokenVerifier.VerifiedToken;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** AuthKit access tokens in resource-server mode, verified against the fake's /oauth2/jwks. */
class AuthKitTokenVerificationTest {

  private static final String RESOURCE = "https://mcp.example.com/mcp";

  @AutoClose private static final FakeWorkOs workos = FakeWorkOs.start();
  private JwtTokenVerifier verifier;

  @BeforeEach
  void setUp() {
    workos.heal();
    workos.signInAs(FakeUser.ada());
    verifier = new JwtTokenVerifier(JwtVerifierSettings.authKit(domain(), RESOURCE));
  }

  @AfterEach
  void tearDown() {
    verifier.close();
  }

  private static URI domain() {
    return URI.create(workos.authKitDomain());
  }

  private String rejection(String token) {
    try {
      verifier.verify(token).block(Duration.ofSeconds(20));
    } catch (TokenRejected e) {
      assertThat(e.getMessage()).doesNotContain(token);
      return e.getMessage();
    }
    throw new AssertionError("expected the token to be refused, but it was accepted");
  }

  @Test
  void acceptsATokenForThisResourceFromTheAuthKitDomain() {
    int before = workos.jwksRequests();

    VerifiedToken token = verifier.verify(workos.authKitToken().audience(RESOURCE).mint()).block();

    assertThat(token.subject().value()).isEqualTo(FakeUser.ada().id());
    assertThat(token.email()).isNull();
    assertThat(workos.jwksRequests() - before).as("keys from /oauth2/jwks").isEqualTo(1);
  }

  @Test
  void acceptsTheIssuerWithOrWithoutTrailingSlash() {
    try (JwtTokenVerifier slashConfigured =
        new JwtTokenVerifier(
            JwtVerifierSettings.authKit(URI.create(workos.authKitDomain() + "/"), RESOURCE))) {
      String plain = workos.authKitToken().audience(RESOURCE).mint();
      String slashed =
          workos.authKitToken().issuer(workos.authKitDomain() + "/").audience(RESOURCE).mint();

      assertThat(slashConfigured.verify(plain).block()).isNotNull();
      assertThat(slashConfigured.verify(slashed).block()).isNotNull();
      assertThat(verifier.verify(slashed).block()).isNotNull();
    }
  }

  @Test
  void refusesATokenForAnotherAudience() {
    assertThat(rejection(workos.authKitToken().audience(workos.clientId()).mint()))
        .isEqualTo("wrong audience");
    assertThat(rejection(workos.authKitToken().mint())).isEqualTo("wrong audience");
  }

  @Test
  void refusesATokenFromAnotherIssuer() {
    // e.g. a User Management access token: same keys, different issuer
    String token =
        workos.authKitToken().issuer(workos.userManagementIssuer()).audience(RESOURCE).mint();

    assertThat(rejection(token)).isEqualTo("wrong issuer");
  }

  @Test
  void refusesAnExpiredToken() {
    String token =
        workos.authKitToken().audience(RESOURCE).expiresIn(Duration.ofMinutes(-5)).mint();

    assertThat(rejection(token)).isEqualTo("token expired");
  }

  @Test
  void refusesABadSignature() {
    assertThat(rejection(workos.authKitToken().audience(RESOURCE).signedWithForeignKey().mint()))
        .isEqualTo("bad signature");
  }

  @Test
  void refusesAlgorithmsAuthKitDoesNotUse() {
    String es256 = workos.authKitToken().audience(RESOURCE).signedWith(TestKeys.newEcKey()).mint();
    String hs256 =
        workos
            .authKitToken()
            .audience(RESOURCE)
            .hs256("some-shared-secret-of-32-bytes-or-more")
            .mint();

    assertThat(rejection(es256)).isEqualTo("unsupported algorithm ES256");
    assertThat(rejection(hs256)).isEqualTo("unsupported algorithm HS256");
  }
}
