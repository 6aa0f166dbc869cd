package io.statelessmcp.application.service;

import static io.statelessmcp.application.failure.GrantRefused.Reason.INVALID_GRANT;
import static io.statelessmcp.application.service.OAuthServer.REDIRECT;
import static io.statelessmcp.application.service.OAuthServer.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import io.statelessmcp.application.failure.TokenRejected;
import io.statelessmcp.application.port.in.IssueTokens.Tokens;
import io.statelessmcp.domain.OAuthClient;
import io.statelessmcp.domain.OAuthSecret;
import io.statelessmcp.domain.SecretHash;
import io.statelessmcp.domain.SessionId;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class RevokeTokenServiceTest {

  private final OAuthServer server = new OAuthServer();
  private final OAuthClient client = server.registerInspector();
  private final String code = server.codeFor(client);
  private final SessionId grant = server.codes.codes.get(SecretHash.of(code)).sessionId();
  private final Tokens tokens = server.exchange(client, code);

  private void assertGrantEnded() {
    assertThat(server.sessions.rows.get(grant).isRevoked()).isTrue();
    StepVerifier.create(server.bearer(tokens.accessToken()))
        .expectError(TokenRejected.class)
        .verify();
    assertRefused(server.refresh(client, tokens.refreshToken()), INVALID_GRANT);
  }

  private void assertGrantLives() {
    assertThat(server.sessions.rows.get(grant).isRevoked()).isFalse();
    assertThat(server.bearer(tokens.accessToken()).block()).isNotNull();
    assertThat(server.refresh(client, tokens.refreshToken()).block()).isNotNull();
  }

  @Test
  void revokingTheAccessTokenEndsTheGrant() {
    StepVerifier.create(server.revokeToken.revoke(tokens.accessToken(), client.clientId()))
        .verifyComplete();

    assertGrantEnded();
  }

  @Test
  void revokingTheRefreshTokenEndsTheGrant() {
    StepVerifier.create(server.revokeToken.revoke(tokens.refreshToken(), client.clientId()))
        .verifyComplete();

    assertGrantEnded();
  }

  @Test
  void revokingARotatedTokenEndsTheGrantToo() {
    Tokens rotated = server.refresh(client, tokens.refreshToken()).block();

    server.revokeToken.revoke(tokens.refreshToken(), client.clientId()).block();

    assertThat(server.sessions.rows.get(grant).isRevoked()).isTrue();
    assertRefused(server.refresh(client, rotated.refreshToken()), INVALID_GRANT);
    StepVerifier.create(server.bearer(rotated.accessToken()))
        .expectError(TokenRejected.class)
        .verify();
  }

  @Test
  void aClientThatDoesNotNameItselfMayStillGiveItsTokenUp() {
    server.revokeToken.revoke(tokens.accessToken(), null).block();

    assertGrantEnded();
  }

  @Test
  void anotherClientsRevocationChangesNothingAndIsNotAnError() {
    OAuthClient other = server.register("Other", null, REDIRECT);

    StepVerifier.create(server.revokeToken.revoke(tokens.accessToken(), other.clientId()))
        .verifyComplete();
    StepVerifier.create(server.revokeToken.revoke(tokens.refreshToken(), other.clientId()))
        .verifyComplete();

    assertGrantLives();
  }

  @Test
  void anUnknownOrForeignTokenChangesNothingAndIsNotAnError() {
    for (String token :
        new String[] {
          OAuthSecret.ACCESS_TOKEN.issue(),
          OAuthSecret.REFRESH_TOKEN.issue(),
          code,
          "eyJhbGciOiJSUzI1NiJ9.e30.c2ln",
          "",
          null
        }) {
      StepVerifier.create(server.revokeToken.revoke(token, client.clientId())).verifyComplete();
    }

    assertGrantLives();
  }

  @Test
  void revokingTwiceKeepsTheFirstRevocation() {
    server.revokeToken.revoke(tokens.refreshToken(), client.clientId()).block();
    Instant first = server.sessions.rows.get(grant).revokedAt();
    server.clock.advance(java.time.Duration.ofMinutes(1));

    StepVerifier.create(server.revokeToken.revoke(tokens.refreshToken(), client.clientId()))
        .verifyComplete();

    assertThat(server.sessions.rows.get(grant).revokedAt()).isEqualTo(first);
  }
}
