package io.statelessmcp.adapter.out.workos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.statelessmcp.adapter.out.workos.fake.FakeUser;
import io.statelessmcp.adapter.out.workos.fake.FakeWorkOs;
import io.statelessmcp.adapter.out.workos.fake.FakeWorkOs.Failure;
import io.statelessmcp.adapter.out.workos.fake.Pkce;
import io.statelessmcp.application.failure.LoginRejected;
import io.statelessmcp.application.failure.ProviderUnavailable;
import io.statelessmcp.application.port.out.IdentityProvider.Authenticated;
import io.statelessmcp.domain.ClientMetadata;
import io.statelessmcp.domain.OAuthTokens;
import io.statelessmcp.domain.testing.MutableClock;
import io.statelessmcp.domain.testing.Pause;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Mono;

/** The WorkOS adapter against the fake WorkOS, over real HTTP on loopback. */
class WorkOsIdentityProviderTest {

  private static final URI REDIRECT = URI.create("http://localhost:8080/auth/complete");
  private static final ClientMetadata BROWSER =
      new ClientMetadata("TestBrowser/1.0", "203.0.113.9");

  @AutoClose private static final FakeWorkOs workos = FakeWorkOs.start();

  private MutableClock clock;
  private WorkOsIdentityProvider provider;
  private final AtomicInteger retries = new AtomicInteger();

  @BeforeEach
  void setUp() {
    if (!workos.isRunning()) {
      workos.restart();
    }
    workos.heal();
    workos.resetCounters();
    workos.signInAs(FakeUser.ada());
    workos.setAccessTokenLifetime(Duration.ofMinutes(5));
    clock = MutableClock.startingNow();
    provider = provider(settings(workos.apiKey(), Duration.ofSeconds(5)));
  }

  @AfterEach
  void tearDown() {
    provider.close();
  }

  private WorkOsSettings settings(String apiKey, Duration responseTimeout) {
    return new WorkOsSettings(
        workos.baseUrl(),
        workos.clientId(),
        apiKey,
        Duration.ofSeconds(2),
        responseTimeout,
        Duration.ofSeconds(20));
  }

  /**
   * Circuit on the test clock: the calls of the last 10 s, opens at 50 % of at least 4, 30 s open,
   * 1 trial. 3 connect attempts.
   */
  private WorkOsIdentityProvider provider(WorkOsSettings settings) {
    return provider(
        settings,
        new WorkOsResilienceSettings(
            Duration.ofSeconds(10),
            4,
            50f,
            Duration.ofSeconds(30),
            1,
            3,
            Duration.ofMillis(20),
            clock));
  }

  private WorkOsIdentityProvider provider(
      WorkOsSettings settings, WorkOsResilienceSettings resilience) {
    WorkOsIdentityProvider created = new WorkOsIdentityProvider(settings, resilience);
    created.retry().getEventPublisher().onRetry(e -> retries.incrementAndGet());
    return created;
  }

  private record Login(String code, String verifier) {}

  /** The browser's part: authorize at the fake, which redirects back with a code. */
  private Login login() {
    String verifier = Pkce.newVerifier();
    URI callback =
        workos.followAuthorize(
            provider.authorizationUrl("state-xyz", Pkce.challenge(verifier), REDIRECT));
    return new Login(query(callback).get("code"), verifier);
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> result = new java.util.HashMap<>();
    new QueryStringDecoder(uri).parameters().forEach((k, v) -> result.put(k, v.get(0)));
    return result;
  }

  private static Throwable failureOf(Mono<?> call) {
    try {
      call.block(Duration.ofSeconds(30));
    } catch (RuntimeException e) {
      return e;
    }
    throw new AssertionError("expected the call to fail, but it succeeded");
  }

  private static <T> T value(Mono<T> call) {
    return call.block(Duration.ofSeconds(30));
  }

  // --- authorization URL ------------------------------------------------------------------------

  @Test
  void authorizationUrlCarriesEveryParameterEncoded() {
    String state = "a b&c=d/é+?#";
    URI url =
        provider.authorizationUrl(state, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", REDIRECT);

    assertThat(url.getRawPath()).isEqualTo("/user_management/authorize");
    assertThat(url.getRawQuery()).doesNotContain(" ", "é", "#").contains("state=a%20b%26c%3Dd");
    assertThat(query(url))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "client_id", workos.clientId(),
                "redirect_uri", REDIRECT.toString(),
                "response_type", "code",
                "provider", "authkit",
                "state", state,
                "code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
                "code_challenge_method", "S256"));
  }

  @Test
  void theAuthorizationUrlLeadsBackToTheCallbackWithCodeAndState() {
    URI callback =
        workos.followAuthorize(provider.authorizationUrl("st@te 1", "challenge", REDIRECT));

    assertThat(callback.toString()).startsWith(REDIRECT + "?code=");
    assertThat(query(callback)).containsEntry("state", "st@te 1").containsKey("code");
  }

  // --- code exchange ----------------------------------------------------------------------------

  @Test
  void exchangesTheCodeForProfileAndTokensWithExpiryFromTheJwt() throws Exception {
    FakeUser grace = FakeUser.grace();
    workos.signInAs(grace);
    workos.setAccessTokenLifetime(Duration.ofMinutes(7));
    Login login = login();

    Authenticated result = value(provider.exchangeCode(login.code(), login.verifier(), BROWSER));

    assertThat(result.providerUserId()).isEqualTo(grace.id());
    assertThat(result.profile().email()).isEqualTo("grace@example.com");
    assertThat(result.profile().firstName()).isEqualTo("Grace");
    assertThat(result.profile().lastName()).isEqualTo("Hopper");
    JWTClaimsSet claims = SignedJWT.parse(result.tokens().accessToken()).getJWTClaimsSet();
    assertThat(claims.getSubject()).isEqualTo(grace.id());
    assertThat(result.tokens().accessExpiresAt()).isEqualTo(claims.getExpirationTime().toInstant());
    assertThat(
            Duration.between(claims.getIssueTime().toInstant(), result.tokens().accessExpiresAt()))
        .isEqualTo(Duration.ofMinutes(7));
    assertThat(result.tokens().refreshToken()).isNotBlank();
    assertThat(workos.lastAuthenticateRequest())
        .containsEntry("grant_type", "authorization_code")
        .containsEntry("client_id", workos.clientId())
        .containsEntry("client_secret", workos.apiKey())
        .containsEntry("code", login.code())
        .containsEntry("code_verifier", login.verifier())
        .containsEntry("ip_address", "203.0.113.9")
        .containsEntry("user_agent", "TestBrowser/1.0");
    assertThat(workos.codeExchanges()).isEqualTo(1);
  }

  @Test
  void aWrongPkceVerifierIsAnInvalidGrant() {
    Login login = login();

    Throwable failure =
        failureOf(
            provider.exchangeCode(login.code(), Pkce.newVerifier(), ClientMetadata.unknown()));

    assertThat(failure)
        .isInstanceOfSatisfying(
            LoginRejected.class,
            e -> assertThat(e.reason()).isEqualTo(LoginRejected.Reason.INVALID_GRANT))
        .hasMessage("login code expired or already used; start again at /auth/login");
  }

  @Test
  void aCodeWorksOnlyOnce() {
    Login login = login();
    value(provider.exchangeCode(login.code(), login.verifier(), BROWSER));

    Throwable replay = failureOf(provider.exchangeCode(login.code(), login.verifier(), BROWSER));

    assertThat(replay)
        .isInstanceOfSatisfying(
            LoginRejected.class,
            e -> assertThat(e.reason()).isEqualTo(LoginRejected.Reason.INVALID_GRANT));
    assertThat(workos.codeExchanges()).isEqualTo(2);
  }

  @Test
  void aWrongApiKeyIsClientRejectedWithAHelpfulMessageThatEchoesNoSecret() {
    String wrongKey = "sk_test_wrong_key_do_not_echo";
    try (WorkOsIdentityProvider misconfigured =
        provider(settings(wrongKey, Duration.ofSeconds(5)))) {
      Login login = login();

      Throwable failure =
          failureOf(misconfigured.exchangeCode(login.code(), login.verifier(), BROWSER));

      assertThat(failure)
          .isInstanceOfSatisfying(
              LoginRejected.class,
              e -> assertThat(e.reason()).isEqualTo(LoginRejected.Reason.CLIENT_REJECTED));
      assertThat(failure.getMessage())
          .contains("WORKOS_API_KEY", "invalid_client")
          .doesNotContain(wrongKey, login.code(), login.verifier());
    }
  }

  // --- refresh ----------------------------------------------------------------------------------

  @Test
  void refreshRotatesTheRefreshTokenAndTheOldOneIsRefused() {
    Login login = login();
    OAuthTokens first =
        value(provider.exchangeCode(login.code(), login.verifier(), BROWSER)).tokens();

    OAuthTokens second = value(provider.refresh(first.refreshToken()));
    OAuthTokens third = value(provider.refresh(second.refreshToken()));
    Throwable reuse = failureOf(provider.refresh(first.refreshToken()));

    assertThat(second.refreshToken()).isNotEqualTo(first.refreshToken());
    assertThat(second.accessToken()).isNotEqualTo(first.accessToken());
    assertThat(third.refreshToken()).isNotIn(first.refreshToken(), second.refreshToken());
    assertThat(workos.lastAuthenticateRequest()).containsEntry("grant_type", "refresh_token");
    assertThat(reuse)
        .isInstanceOfSatisfying(
            LoginRejected.class,
            e -> assertThat(e.reason()).isEqualTo(LoginRejected.Reason.INVALID_GRANT))
        .hasMessageContaining("log in again");
    assertThat(workos.refreshes()).isEqualTo(3);
  }

  @Test
  void refreshTakesTheNewExpiryFromTheNewAccessToken() throws Exception {
    Login login = login();
    OAuthTokens first =
        value(provider.exchangeCode(login.code(), login.verifier(), BROWSER)).tokens();
    workos.setAccessTokenLifetime(Duration.ofHours(2));

    OAuthTokens refreshed = value(provider.refresh(first.refreshToken()));

    JWTClaimsSet claims = SignedJWT.parse(refreshed.accessToken()).getJWTClaimsSet();
    assertThat(refreshed.accessExpiresAt()).isEqualTo(claims.getExpirationTime().toInstant());
    assertThat(refreshed.accessExpiresAt()).isAfter(first.accessExpiresAt().plusSeconds(3600));
  }

  // --- error mapping ----------------------------------------------------------------------------

  static Stream<Arguments> injectedAnswers() {
    Consumer<Throwable> invalidGrant =
        e ->
            assertThat(e)
                .isInstanceOfSatisfying(
                    LoginRejected.class,
                    r -> assertThat(r.reason()).isEqualTo(LoginRejected.Reason.INVALID_GRANT))
                .hasMessage("login code expired or already used; start again at /auth/login");
    Consumer<Throwable> clientRejected =
        e ->
            assertThat(e)
                .isInstanceOfSatisfying(
                    LoginRejected.class,
                    r -> assertThat(r.reason()).isEqualTo(LoginRejected.Reason.CLIENT_REJECTED))
                .hasMessageContaining("WORKOS_CLIENT_ID");
    Consumer<Throwable> otherRejection =
        e ->
            assertThat(e)
                .isInstanceOf(LoginRejected.class)
                .hasMessageContaining("HTTP 422")
                .hasMessageContaining("start again at /auth/login");
    Consumer<Throwable> unavailable500 =
        e ->
            assertThat(e)
                .isInstanceOf(ProviderUnavailable.class)
                .hasMessage("identity provider unavailable, retry shortly (WorkOS answered 500)");
    Consumer<Throwable> unavailable503 =
        e ->
            assertThat(e)
                .isInstanceOf(ProviderUnavailable.class)
                .hasMessageStartingWith("identity provider unavailable, retry shortly");
    return Stream.of(
        Arguments.of("400 invalid_grant", Failure.invalidGrant(), invalidGrant),
        Arguments.of("400 invalid_client", Failure.invalidClient(), clientRejected),
        Arguments.of("401", Failure.unauthorized(), clientRejected),
        Arguments.of("403", Failure.forbidden("application_consent_required"), clientRejected),
        Arguments.of(
            "422",
            Failure.status(422, "{\"code\":\"invalid_request_parameters\",\"message\":\"x\"}"),
            otherRejection),
        Arguments.of("500", Failure.serverError(), unavailable500),
        Arguments.of("503 without JSON", Failure.status(503, "<html>down</html>"), unavailable503));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("injectedAnswers")
  void workOsAnswersMapToClearFailuresAndAreNeverRetried(
      String name, Failure answer, Consumer<Throwable> expectation) {
    Login login = login();
    workos.failNext(1, answer);

    Throwable failure = failureOf(provider.exchangeCode(login.code(), login.verifier(), BROWSER));

    expectation.accept(failure);
    assertThat(workos.codeExchanges()).isEqualTo(1);
    assertThat(retries).hasValue(0);
  }

  @Test
  void rateLimitingIsUnavailableButDoesNotCountAgainstTheCircuit() {
    workos.failNext(1, Failure.tooManyRequests());

    Throwable failure = failureOf(provider.refresh("some-refresh-token"));

    assertThat(failure).isInstanceOf(ProviderUnavailable.class).hasMessageContaining("rate limit");
    assertThat(provider.circuitBreaker().getMetrics().getNumberOfFailedCalls()).isZero();
    assertThat(workos.refreshes()).isEqualTo(1);
  }

  // --- timeouts and connection failures ---------------------------------------------------------

  @Test
  void aHangingWorkOsTimesOutIntoProviderUnavailableAndIsNotRetried() {
    try (WorkOsIdentityProvider impatient =
        provider(settings(workos.apiKey(), Duration.ofMillis(300)))) {
      Login login = login();
      workos.hangNext(1);

      Throwable failure =
          failureOf(impatient.exchangeCode(login.code(), login.verifier(), BROWSER));

      assertThat(failure)
          .isInstanceOf(ProviderUnavailable.class)
          .hasMessage(
              "identity provider unavailable, retry shortly (WorkOS did not answer in time)");
      assertThat(workos.codeExchanges()).isEqualTo(1);
      assertThat(retries).hasValue(0);
      assertThat(impatient.circuitBreaker().getMetrics().getNumberOfFailedCalls()).isEqualTo(1);

      // the hung connection is not reused: the next call gets through
      Login next = login();
      assertThat(value(impatient.exchangeCode(next.code(), next.verifier(), BROWSER))).isNotNull();
    }
  }

  @Test
  void aRefusedConnectionIsRetriedThenReportedUnavailable() {
    workos.stop();

    Throwable failure = failureOf(provider.refresh("some-refresh-token"));

    assertThat(failure)
        .isInstanceOf(ProviderUnavailable.class)
        .hasMessage(
            "identity provider unavailable, retry shortly (WorkOS unreachable: connection refused)");
    assertThat(retries).as("3 attempts = 2 retries").hasValue(2);
    assertThat(provider.retry().getMetrics().getNumberOfFailedCallsWithRetryAttempt()).isEqualTo(1);
    workos.restart();
    assertThat(workos.refreshes()).isZero();
  }

  @Test
  void aLoginSucceedsWhenWorkOsComesBackBetweenConnectAttempts() {
    Login login = login();
    workos.stop();
    // restart synchronously when the adapter decides to retry, so the next attempt finds it up
    provider
        .retry()
        .getEventPublisher()
        .onRetry(
            e -> {
              if (!workos.isRunning()) {
                workos.restart();
              }
            });

    Authenticated result = value(provider.exchangeCode(login.code(), login.verifier(), BROWSER));

    assertThat(result.providerUserId()).isEqualTo(FakeUser.ada().id());
    assertThat(retries).hasValue(1);
    assertThat(workos.codeExchanges()).isEqualTo(1);
  }

  @Test
  void aHangingWorkOsIsCutOffByTheCallDeadlineAndCountsAsAnOutage() {
    Duration deadline = Duration.ofMillis(500);
    WorkOsSettings patientTimeouts =
        settings(workos.apiKey(), Duration.ofSeconds(10))
            .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(10), deadline);
    try (WorkOsIdentityProvider bounded = provider(patientTimeouts)) {
      Login login = login();
      workos.hangNext(1);

      long start = System.nanoTime();
      Throwable failure = failureOf(bounded.exchangeCode(login.code(), login.verifier(), BROWSER));
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(failure)
          .isInstanceOf(ProviderUnavailable.class)
          .hasMessage(
              "identity provider unavailable, retry shortly (WorkOS did not answer in time)");
      assertThat(took)
          .as("cut off by the 500 ms deadline, not by the 10 s response timeout")
          .isLessThan(deadline.plusSeconds(3));
      assertThat(bounded.circuitBreaker().getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
      assertThat(workos.codeExchanges()).isEqualTo(1);
      assertThat(retries).hasValue(0);
    }
  }

  @Test
  void theCallDeadlineStopsConnectRetriesWhoseBackoffWouldOutlastIt() {
    Duration deadline = Duration.ofMillis(500);
    // without the deadline: 4 retries, 300 + 600 + 1200 + 2400 ms of backoff
    WorkOsResilienceSettings fiveAttempts =
        new WorkOsResilienceSettings(
            Duration.ofSeconds(10),
            100,
            50f,
            Duration.ofSeconds(30),
            1,
            5,
            Duration.ofMillis(300),
            clock);
    try (WorkOsIdentityProvider bounded =
        provider(
            settings(workos.apiKey(), Duration.ofSeconds(5))
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), deadline),
            fiveAttempts)) {
      workos.stop();

      long start = System.nanoTime();
      Throwable failure = failureOf(bounded.refresh("some-refresh-token"));
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(failure)
          .isInstanceOf(ProviderUnavailable.class)
          .hasMessage(
              "identity provider unavailable, retry shortly (WorkOS unreachable: connection refused)");
      assertThat(took).isLessThan(deadline.plusSeconds(2));
      assertThat(retries.get()).as("retries the deadline left room for").isBetween(0, 1);
    }
  }

  // --- circuit breaker --------------------------------------------------------------------------

  @Test
  void repeatedOutagesOpenTheCircuitWhichFailsFastAndClosesWhenWorkOsRecovers() {
    workos.failAlways(Failure.serverError());
    for (int i = 0; i < 4; i++) {
      assertThat(failureOf(provider.refresh("refresh-" + i)))
          .isInstanceOf(ProviderUnavailable.class);
    }
    assertThat(provider.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);

    Throwable fastFailure = failureOf(provider.refresh("refresh-while-open"));

    assertThat(fastFailure)
        .isInstanceOf(ProviderUnavailable.class)
        .hasMessage("identity provider unavailable, retry shortly (circuit open)");
    assertThat(workos.refreshes()).as("the open circuit kept the call away").isEqualTo(4);

    workos.heal();
    Login login = login();
    assertThat(failureOf(provider.exchangeCode(login.code(), login.verifier(), BROWSER)))
        .as("still open before the wait is over")
        .hasMessageContaining("circuit open");
    assertThat(workos.codeExchanges()).isZero();

    clock.advance(Duration.ofSeconds(31));
    Authenticated trial = value(provider.exchangeCode(login.code(), login.verifier(), BROWSER));

    assertThat(trial.providerUserId()).isEqualTo(FakeUser.ada().id());
    assertThat(provider.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void timeoutsAndRefusedConnectionsCountAsOutages() {
    try (WorkOsIdentityProvider impatient =
        provider(settings(workos.apiKey(), Duration.ofMillis(300)))) {
      workos.hangAlways();
      failureOf(impatient.refresh("a"));
      failureOf(impatient.refresh("b"));
      workos.stop();
      failureOf(impatient.refresh("c"));
      failureOf(impatient.refresh("d"));

      assertThat(impatient.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
    }
  }

  @Test
  void failuresOlderThanTheWindowCannotOpenTheCircuit() {
    workos.failNext(3, Failure.serverError());
    for (int i = 0; i < 3; i++) {
      assertThat(failureOf(provider.refresh("refresh-" + i)))
          .isInstanceOf(ProviderUnavailable.class);
    }
    assertThat(provider.circuitBreaker().getState())
        .as("3 calls: fewer than the 4 needed")
        .isEqualTo(CircuitBreaker.State.CLOSED);

    clock.advance(Duration.ofSeconds(11)); // WorkOS has been healthy for longer than the window
    Login login = login();
    // a window of the last calls would now hold 3 failures and 1 success: 75 %, open
    Authenticated first = value(provider.exchangeCode(login.code(), login.verifier(), BROWSER));

    assertThat(provider.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    OAuthTokens refreshed = value(provider.refresh(first.tokens().refreshToken()));
    value(provider.refresh(refreshed.refreshToken()));
    assertThat(provider.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(workos.refreshes()).as("3 failed, 2 went through").isEqualTo(5);
    assertThat(workos.codeExchanges()).isEqualTo(1);
  }

  /** Real time: the breaker's own clock and its scheduler are what is under test. */
  @Test
  void afterWorkOsRecoversCallsSucceedAgainWithinTheOpenWaitAndAProbe() {
    Duration openWait = Duration.ofSeconds(1);
    try (WorkOsIdentityProvider realTime = realTimeProvider(openWait)) {
      Login login = login();
      OAuthTokens tokens =
          value(realTime.exchangeCode(login.code(), login.verifier(), BROWSER)).tokens();
      openWithServerErrors(realTime);

      workos.heal();
      long deadline = System.nanoTime() + openWait.plusSeconds(5).toNanos();
      OAuthTokens probe = null;
      while (probe == null) {
        try {
          probe = realTime.refresh(tokens.refreshToken()).block(Duration.ofSeconds(10));
        } catch (ProviderUnavailable stillOpen) {
          assertThat(stillOpen).hasMessageContaining("circuit open");
          assertThat(System.nanoTime())
              .as("calls succeed again within the open-state wait plus slack")
              .isLessThan(deadline);
          Pause.of(Duration.ofMillis(50));
        }
      }
      value(realTime.refresh(probe.refreshToken()));

      assertThat(realTime.circuitBreaker().getState())
          .as("closed after the permitted trial calls succeeded")
          .isEqualTo(CircuitBreaker.State.CLOSED);
    }
  }

  @Test
  void anOpenCircuitTurnsHalfOpenByItselfWithoutWaitingForACall() {
    Duration openWait = Duration.ofSeconds(1);
    try (WorkOsIdentityProvider realTime = realTimeProvider(openWait)) {
      openWithServerErrors(realTime);
      int reachedWorkOs = workos.refreshes();

      long deadline = System.nanoTime() + openWait.plusSeconds(5).toNanos();
      while (realTime.circuitBreaker().getState() == CircuitBreaker.State.OPEN) {
        assertThat(System.nanoTime())
            .as("half-open within the wait plus slack")
            .isLessThan(deadline);
        Pause.of(Duration.ofMillis(50));
      }

      assertThat(realTime.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
      assertThat(workos.refreshes()).isEqualTo(reachedWorkOs);
    }
  }

  /** The system clock; window 10 s, opens at 50 % of at least 4 calls, 2 trial calls. */
  private WorkOsIdentityProvider realTimeProvider(Duration openWait) {
    return provider(
        settings(workos.apiKey(), Duration.ofSeconds(5)),
        new WorkOsResilienceSettings(
            Duration.ofSeconds(10),
            4,
            50f,
            openWait,
            2,
            3,
            Duration.ofMillis(20),
            java.time.Clock.systemUTC()));
  }

  private static void openWithServerErrors(WorkOsIdentityProvider target) {
    workos.failAlways(Failure.serverError());
    for (int i = 0;
        i < 10 && target.circuitBreaker().getState() != CircuitBreaker.State.OPEN;
        i++) {
      assertThat(failureOf(target.refresh("refresh-" + i))).isInstanceOf(ProviderUnavailable.class);
    }
    assertThat(target.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
  }

  @Test
  void rejectedGrantsDoNotOpenTheCircuit() {
    for (int i = 0; i < 6; i++) {
      assertThat(failureOf(provider.refresh("unknown-refresh-token-" + i)))
          .isInstanceOf(LoginRejected.class);
    }

    assertThat(provider.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(workos.refreshes()).isEqualTo(6);
  }

  // --- secrets ----------------------------------------------------------------------------------

  @Test
  void logsCarryStatusAndErrorCodeButNoSecret() {
    try (CapturedLogs logs = CapturedLogs.of("io.statelessmcp.adapter.out.workos")) {
      Login login = login();
      String wrongVerifier = Pkce.newVerifier();
      failureOf(
          provider.exchangeCode(login.code(), wrongVerifier, BROWSER)); // WorkOS echoes the code
      Login second = login();
      OAuthTokens tokens =
          value(provider.exchangeCode(second.code(), second.verifier(), BROWSER)).tokens();
      workos.failNext(1, Failure.serverError());
      failureOf(provider.refresh(tokens.refreshToken()));
      workos.stop();
      failureOf(provider.refresh(tokens.refreshToken()));

      List<String> lines = logs.formatted();
      assertThat(lines)
          .anySatisfy(l -> assertThat(l).contains("HTTP 400", "invalid_grant"))
          .anySatisfy(l -> assertThat(l).contains("HTTP 500"))
          .anySatisfy(l -> assertThat(l).contains("connection refused"));
      assertThat(String.join("\n", lines))
          .doesNotContain(
              login.code(),
              wrongVerifier,
              second.code(),
              second.verifier(),
              workos.apiKey(),
              tokens.refreshToken(),
              tokens.accessToken());
    }
  }

  @Test
  void settingsAndProviderNeverPrintTheApiKey() {
    WorkOsSettings settings = settings(workos.apiKey(), Duration.ofSeconds(5));

    assertThat(settings.toString()).doesNotContain(workos.apiKey()).contains("<redacted>");
    assertThat(provider.toString()).doesNotContain(workos.apiKey());
  }

  @Test
  void settingsRejectMissingConfiguration() {
    assertThatThrownBy(() -> WorkOsSettings.of(null, " ", "sk"))
        .hasMessageContaining("WORKOS_CLIENT_ID");
    assertThatThrownBy(() -> WorkOsSettings.of(null, "client_1", ""))
        .hasMessageContaining("WORKOS_API_KEY");
    assertThat(WorkOsSettings.of(null, "client_1", "sk").apiBaseUrl())
        .isEqualTo(URI.create("https://api.workos.com"));
  }
}
