package io.statelessmcp.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.statelessmcp.application.failure.InvalidRequest;
import io.statelessmcp.application.failure.LoginRejected;
import io.statelessmcp.application.failure.ProviderNotConfigured;
import io.statelessmcp.application.failure.ProviderUnavailable;
import io.statelessmcp.application.failure.TokenRejected;
import io.statelessmcp.application.port.in.CompleteLogin;
import io.statelessmcp.application.port.in.StartLogin;
import io.statelessmcp.application.port.out.IdentityProvider;
import io.statelessmcp.application.port.out.SessionEvents;
import io.statelessmcp.application.port.out.TokenVerifier;
import io.statelessmcp.application.service.Fakes.CountingSessionStore;
import io.statelessmcp.application.service.Fakes.MemoryLoginStates;
import io.statelessmcp.application.service.Fakes.ScriptedIdentityProvider;
import io.statelessmcp.domain.ClientMetadata;
import io.statelessmcp.domain.LoginState;
import io.statelessmcp.domain.OAuthTokens;
import io.statelessmcp.domain.ReturnToAllowList;
import io.statelessmcp.domain.SessionPolicy;
import io.statelessmcp.domain.UserId;
import io.statelessmcp.domain.testing.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class LoginServicesTest {

  private static final URI CALLBACK = URI.create("https://mcp.example.com/auth/complete");

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
  private final MemoryLoginStates loginStates = new MemoryLoginStates();
  private final CountingSessionStore sessions = new CountingSessionStore();
  private final ScriptedIdentityProvider idp = new ScriptedIdentityProvider();
  private final TokenVerifier supabase =
      token ->
          token.equals("good-supabase-token")
              ? Mono.just(
                  new TokenVerifier.VerifiedToken(
                      new UserId("5f1c7f0e-2a4b-4c1e-9d7a-1b2c3d4e5f60"), "a@example.com", null))
              : Mono.error(new TokenRejected("bad signature"));

  private final StartLoginService start =
      new StartLoginService(
          loginStates,
          idp,
          Optional.of(supabase),
          new ReturnToAllowList(List.of("https://app.example.com/*")),
          clock);
  private final CompleteLoginService complete =
      new CompleteLoginService(
          loginStates,
          idp,
          sessions,
          new Fakes.MemoryAuthorizationCodes(),
          URI.create("https://mcp.example.com"),
          SessionPolicy.defaults(),
          clock,
          SessionEvents.NONE);

  private record Browser(String state, String cookie) {}

  private Browser startLogin(String returnTo, String supabaseToken) {
    StartLogin.LoginRedirect redirect =
        start.start(new StartLogin.Command(returnTo, supabaseToken, CALLBACK)).block();
    String query = redirect.authorizationUrl().getQuery();
    String state = query.substring(query.indexOf("state=") + 6, query.indexOf('&'));
    return new Browser(state, redirect.browserBinding());
  }

  private Mono<CompleteLogin.CompletedLogin> callback(String code, Browser browser) {
    return complete.complete(
        new CompleteLogin.Command(
            code, browser.state(), browser.cookie(), ClientMetadata.unknown()));
  }

  @Test
  void aCompletedLoginOpensASessionForTheProvidersUser() {
    Browser browser = startLogin("https://app.example.com/done", null);

    CompleteLogin.CompletedLogin done = callback("code-1", browser).block();

    assertThat(done.issued().session().userId()).isEqualTo(new UserId("user_workos_1"));
    assertThat(done.returnTo()).isEqualTo("https://app.example.com/done");
    assertThat(sessions.rows).containsOnlyKeys(done.issued().session().id());
    assertThat(done.issued().session().acceptsSecret(done.issued().credential().secret())).isTrue();
  }

  @Test
  void theStoredStateHoldsOnlyTheHashOfTheStateAndTheCookieBindsIt() {
    Browser browser = startLogin(null, null);

    LoginState stored = loginStates.states.values().iterator().next();
    assertThat(stored.stateHash()).isEqualTo(LoginState.hash(browser.state()));
    assertThat(stored.stateHash()).isNotEqualTo(browser.state());
    assertThat(browser.cookie()).isEqualTo(stored.stateHash());
  }

  @Test
  void aSupabaseTokenLinksTheSessionToThatUser() {
    Browser browser = startLogin(null, "good-supabase-token");

    assertThat(callback("code-1", browser).block().issued().session().userId())
        .isEqualTo(new UserId("5f1c7f0e-2a4b-4c1e-9d7a-1b2c3d4e5f60"));
  }

  @Test
  void aForgedSupabaseTokenIsRefusedNotIgnored() {
    StepVerifier.create(start.start(new StartLogin.Command(null, "forged", CALLBACK)))
        .expectErrorSatisfies(
            e -> assertThat(e).isInstanceOf(TokenRejected.class).hasMessage("bad signature"))
        .verify();
    assertThat(loginStates.states).isEmpty();
  }

  @Test
  void aProviderThatCannotSignAnyoneInLeavesNoPendingLoginBehind() {
    ProviderNotConfigured notConfigured =
        new ProviderNotConfigured(List.of("WORKOS_CLIENT_ID"), "configure WorkOS");
    IdentityProvider unconfigured =
        new IdentityProvider() {
          @Override
          public URI authorizationUrl(String state, String codeChallenge, URI redirectUri) {
            throw notConfigured;
          }

          @Override
          public Mono<Authenticated> exchangeCode(
              String code, String codeVerifier, ClientMetadata client) {
            return Mono.error(notConfigured);
          }

          @Override
          public Mono<OAuthTokens> refresh(String refreshToken) {
            return Mono.error(notConfigured);
          }
        };
    StartLoginService starting =
        new StartLoginService(
            loginStates, unconfigured, Optional.empty(), ReturnToAllowList.none(), clock);

    StepVerifier.create(starting.start(new StartLogin.Command(null, null, CALLBACK)))
        .expectError(ProviderNotConfigured.class)
        .verify();
    assertThat(loginStates.states).isEmpty();
  }

  @Test
  void aSupabaseTokenWithoutSupabaseConfiguredIsRefused() {
    StartLoginService unconfigured =
        new StartLoginService(loginStates, idp, Optional.empty(), ReturnToAllowList.none(), clock);

    StepVerifier.create(unconfigured.start(new StartLogin.Command(null, "any", CALLBACK)))
        .expectError(TokenRejected.class)
        .verify();
  }

  @Test
  void aReturnToOffTheAllowListIsRefusedBeforeAnythingIsStored() {
    StepVerifier.create(
            start.start(new StartLogin.Command("https://evil.example.net/", null, CALLBACK)))
        .expectError(InvalidRequest.class)
        .verify();
    assertThat(loginStates.states).isEmpty();
  }

  @Test
  void badCallbacksAreRefusedAndOpenNoSession() {
    Browser browser = startLogin(null, null);

    assertLoginRejected(callback(null, browser), LoginRejected.Reason.MISSING_CODE);
    assertLoginRejected(
        callback("code-1", new Browser(browser.state(), "other-browser")),
        LoginRejected.Reason.STATE_MISMATCH);
    assertLoginRejected(
        callback("code-1", new Browser(null, browser.cookie())),
        LoginRejected.Reason.UNKNOWN_STATE);
    String unknown = "unknown-state";
    assertLoginRejected(
        callback("code-1", new Browser(unknown, LoginState.hash(unknown))),
        LoginRejected.Reason.UNKNOWN_STATE);

    callback("code-1", browser).block();
    assertLoginRejected(callback("code-2", browser), LoginRejected.Reason.UNKNOWN_STATE);
    assertThat(sessions.rows).hasSize(1);
  }

  @Test
  void anExpiredStateIsRefused() {
    Browser browser = startLogin(null, null);
    clock.advance(LoginState.LIFETIME);

    assertLoginRejected(callback("code-1", browser), LoginRejected.Reason.EXPIRED_STATE);
    assertThat(idp.exchanges).hasValue(0);
    assertThat(sessions.rows).isEmpty();
  }

  @Test
  void aFailingProviderLeavesNoSessionAndTheStateUsed() {
    Browser browser = startLogin(null, null);
    idp.failure = new ProviderUnavailable("test");

    StepVerifier.create(callback("code-1", browser))
        .expectError(ProviderUnavailable.class)
        .verify();
    assertThat(sessions.rows).isEmpty();
    assertThat(loginStates.states).isEmpty();
  }

  @Test
  void theMessagesTellTheUserWhatToDo() {
    Browser browser = startLogin(null, null);
    clock.advance(Duration.ofMinutes(11));

    StepVerifier.create(callback("code-1", browser))
        .expectErrorMessage("the login took longer than 10 minutes; start again at /auth/login")
        .verify();
  }

  private static void assertLoginRejected(Mono<?> result, LoginRejected.Reason reason) {
    StepVerifier.create(result)
        .expectErrorSatisfies(
            e ->
                assertThat(e)
                    .isInstanceOfSatisfying(
                        LoginRejected.class, r -> assertThat(r.reason()).isEqualTo(reason)))
        .verify();
  }
}
