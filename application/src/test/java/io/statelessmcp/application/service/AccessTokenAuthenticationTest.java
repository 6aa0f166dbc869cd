package io.statelessmcp.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.statelessmcp.application.failure.SessionRejected;
import io.statelessmcp.application.failure.TokenRejected;
import io.statelessmcp.application.port.in.Authenticate.PresentedCredentials;
import io.statelessmcp.application.port.in.IssueTokens.Tokens;
import io.statelessmcp.application.port.in.Principal;
import io.statelessmcp.application.port.in.SessionPrincipal;
import io.statelessmcp.application.port.out.SessionEvents;
import io.statelessmcp.domain.AccessToken;
import io.statelessmcp.domain.ClientMetadata;
import io.statelessmcp.domain.IssuedSession;
import io.statelessmcp.domain.OAuthSecret;
import io.statelessmcp.domain.OAuthTokens;
import io.statelessmcp.domain.SecretHash;
import io.statelessmcp.domain.Session;
import io.statelessmcp.domain.SessionId;
import io.statelessmcp.domain.UserId;
import io.statelessmcp.domain.UserProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Requests to the MCP endpoint with an access token of this authorization server. */
class AccessTokenAuthenticationTest {

  private final OAuthServer server = new OAuthServer();
  private final io.statelessmcp.domain.OAuthClient client = server.registerInspector();
  private final String code = server.codeFor(client);
  private final SessionId grant = server.codes.codes.get(SecretHash.of(code)).sessionId();
  private final Tokens tokens = server.exchange(client, code);

  private SessionPrincipal principal(Mono<Principal> authenticated) {
    Principal principal = authenticated.block();
    assertThat(principal).isInstanceOf(SessionPrincipal.class);
    return (SessionPrincipal) principal;
  }

  @Test
  void anAccessTokenRunsTheRequestAsItsGrantsSession() {
    SessionPrincipal principal = principal(server.bearer(tokens.accessToken()));

    Session stored = server.sessions.rows.get(grant);
    assertThat(principal.sessionId()).isEqualTo(grant);
    assertThat(principal.userId())
        .isEqualTo(new UserId("user_workos_1"))
        .isEqualTo(stored.userId());
    assertThat(principal.upstreamAccessToken()).isEqualTo("access-upstream-1");
    assertThat(principal.profile().email()).isEqualTo("ada@example.com");
    assertThat(principal.expiresAt()).isEqualTo(stored.expiresAt());
  }

  @Test
  void anAccessTokenIsRefusedFromTheMomentItExpiresThoughItsSessionLives() {
    server.clock.advance(OAuthServer.ACCESS_LIFETIME.minusSeconds(1));
    assertThat(server.bearer(tokens.accessToken()).block()).isNotNull();

    server.clock.advance(Duration.ofSeconds(1));

    StepVerifier.create(server.bearer(tokens.accessToken()))
        .expectErrorSatisfies(
            e -> assertThat(e).isInstanceOf(TokenRejected.class).hasMessageContaining("expired"))
        .verify();
    assertThat(server.sessions.rows.get(grant).isActiveAt(server.clock.instant())).isTrue();
    Tokens refreshed = server.refresh(client, tokens.refreshToken()).block();
    assertThat(principal(server.bearer(refreshed.accessToken())).sessionId()).isEqualTo(grant);
  }

  @Test
  void anUnknownAccessTokenIsRefused() {
    StepVerifier.create(server.bearer(OAuthSecret.ACCESS_TOKEN.issue()))
        .expectError(TokenRejected.class)
        .verify();
  }

  @Test
  void anAccessTokenWhoseSessionEndedIsRefused() {
    server.sessions.revoke(grant, server.clock.instant()).block();

    StepVerifier.create(server.bearer(tokens.accessToken()))
        .expectErrorSatisfies(
            e ->
                assertThat(e)
                    .isInstanceOfSatisfying(
                        SessionRejected.class,
                        r -> assertThat(r.reason()).isEqualTo(SessionRejected.Reason.REVOKED)))
        .verify();
  }

  @Test
  void aStoredTokenIsNotAcceptedByItsHash() {
    AccessToken stored = server.tokens.access.get(SecretHash.of(tokens.accessToken()));

    StepVerifier.create(
            server.bearer(
                "mcp_at_"
                    + java.util.Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(stored.tokenHash().bytes())))
        .expectError(TokenRejected.class)
        .verify();
  }

  @Test
  void aSessionCredentialStillWorksAlongside() {
    IssuedSession browserLogin =
        server.policy.open(
            new UserId("user_b"),
            new OAuthTokens("access-b", "refresh-b", Instant.parse("2030-01-01T00:00:00Z")),
            new UserProfile("b@example.com", "B", "User"),
            ClientMetadata.unknown(),
            server.clock.instant());
    server.sessions.create(browserLogin.session()).block();
    String credential = browserLogin.credential().encoded();

    SessionPrincipal byBearer = principal(server.bearer(credential));
    SessionPrincipal byHeader =
        principal(
            server.authenticate.authenticate(
                new PresentedCredentials(List.of(credential), List.of(), List.of())));

    assertThat(byBearer.sessionId()).isEqualTo(browserLogin.session().id());
    assertThat(byHeader.userId()).isEqualTo(new UserId("user_b"));
    assertThat(principal(server.bearer(tokens.accessToken())).sessionId()).isEqualTo(grant);
  }

  @Test
  void withoutAnAuthorizationServerAnAccessTokenIsNotASessionCredential() {
    AuthenticateService sessionsOnly =
        new AuthenticateService(server.resolver, Optional.empty(), SessionEvents.NONE);

    StepVerifier.create(
            sessionsOnly.authenticate(
                new PresentedCredentials(List.of(), List.of(), List.of(tokens.accessToken()))))
        .expectError(SessionRejected.class)
        .verify();
  }
}
