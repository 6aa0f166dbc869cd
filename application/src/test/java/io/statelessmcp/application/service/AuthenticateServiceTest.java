package io.statelessmcp.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.statelessmcp.application.failure.InvalidRequest;
import io.statelessmcp.application.failure.ProviderUnavailable;
import io.statelessmcp.application.failure.SessionRejected;
import io.statelessmcp.application.failure.SessionRejected.Reason;
import io.statelessmcp.application.failure.StorageUnavailable;
import io.statelessmcp.application.failure.TokenRejected;
import io.statelessmcp.application.port.in.Authenticate.PresentedCredentials;
import io.statelessmcp.application.port.in.Principal;
import io.statelessmcp.application.port.in.SessionPrincipal;
import io.statelessmcp.application.port.in.TokenPrincipal;
import io.statelessmcp.application.port.out.SessionEvents;
import io.statelessmcp.application.port.out.SessionWrites;
import io.statelessmcp.application.port.out.TokenVerifier;
import io.statelessmcp.application.port.out.WriteResult;
import io.statelessmcp.application.service.Fakes.CountingSessionStore;
import io.statelessmcp.application.service.Fakes.ScriptedIdentityProvider;
import io.statelessmcp.domain.ClientMetadata;
import io.statelessmcp.domain.IssuedSession;
import io.statelessmcp.domain.OAuthTokens;
import io.statelessmcp.domain.Session;
import io.statelessmcp.domain.SessionCredential;
import io.statelessmcp.domain.SessionId;
import io.statelessmcp.domain.SessionPolicy;
import io.statelessmcp.domain.UserId;
import io.statelessmcp.domain.UserProfile;
import io.statelessmcp.domain.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

class AuthenticateServiceTest {

  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final Duration TTL = Duration.ofHours(1);

  private final MutableClock clock = new MutableClock(T0);
  private final CountingSessionStore store = new CountingSessionStore();
  private final ScriptedIdentityProvider idp = new ScriptedIdentityProvider();
  private final Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
  private final SessionPolicy policy =
      new SessionPolicy(TTL, Duration.ofHours(3), Duration.ofSeconds(60));
  private final SessionEvents countingEvents =
      new SessionEvents() {
        @Override
        public void sessionResolved(String outcome, Duration latency) {
          outcomes.computeIfAbsent(outcome, k -> new AtomicInteger()).incrementAndGet();
        }
      };
  private final AuthenticateService service =
      new AuthenticateService(resolver(), Optional.empty(), countingEvents);

  private IssuedSession issued;

  private SessionResolver resolver() {
    return new SessionResolver(store, store, store, idp, policy, clock, countingEvents);
  }

  @BeforeEach
  void openSessionWhoseAccessTokenLastsTenMinutes() {
    issued = openSession(T0.plus(Duration.ofMinutes(10)));
  }

  private IssuedSession openSession(Instant accessExpiry) {
    IssuedSession opened =
        policy.open(
            new UserId("user_a"),
            new OAuthTokens("access-0", "refresh-0", accessExpiry),
            new UserProfile("a@example.com", "A", "User"),
            ClientMetadata.unknown(),
            T0);
    store.create(opened.session()).block();
    return opened;
  }

  private String credential() {
    return issued.credential().encoded();
  }

  private SessionPrincipal resolve() {
    return resolveMono(credential()).block();
  }

  @Test
  void theCommonCaseCostsOneReadAndNoWrite() {
    clock.advance(Duration.ofSeconds(30));

    SessionPrincipal principal = resolve();

    assertThat(principal.userId()).isEqualTo(new UserId("user_a"));
    assertThat(principal.sessionId()).isEqualTo(issued.session().id());
    assertThat(principal.upstreamAccessToken()).isEqualTo("access-0");
    assertThat(principal.profile().email()).isEqualTo("a@example.com");
    assertThat(store.reads).hasValue(1);
    assertThat(store.writes).hasValue(0);
    assertThat(outcomes.get("ok")).hasValue(1);
  }

  @Test
  void fiftyQuickCallsWriteAtMostOnce() {
    for (int i = 0; i < 50; i++) {
      clock.advance(Duration.ofSeconds(2)); // 100 s in all: past the 60 s throttle once
      resolve();
    }

    assertThat(store.writes.get()).isEqualTo(1);
    assertThat(store.rows.get(issued.session().id()).expiresAt())
        .isAfter(issued.session().expiresAt());
  }

  @Test
  void activityAfterTheThrottleWindowSlidesTheIdleDeadline() {
    clock.advance(Duration.ofMinutes(5));

    SessionPrincipal principal = resolve();

    assertThat(store.writes).hasValue(1);
    assertThat(principal.expiresAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)).plus(TTL));
  }

  @Test
  void aTouchTheStoreCannotWriteStillServesTheRequest() {
    SessionWrites unavailable =
        new SessionWrites() {
          @Override
          public Mono<Session> create(Session session) {
            return store.create(session);
          }

          @Override
          public Mono<WriteResult> compareAndSet(Session updated) {
            return Mono.error(new StorageUnavailable("no answer within 5000 ms"));
          }

          @Override
          public Mono<Boolean> revoke(SessionId id, Instant now) {
            return store.revoke(id, now);
          }
        };
    AuthenticateService withoutWrites =
        new AuthenticateService(
            new SessionResolver(store, unavailable, store, idp, policy, clock, countingEvents),
            Optional.empty(),
            countingEvents);
    clock.advance(Duration.ofMinutes(5)); // a touch is due

    Principal principal =
        withoutWrites
            .authenticate(new PresentedCredentials(List.of(credential()), List.of(), List.of()))
            .block();

    assertThat(principal).isInstanceOf(SessionPrincipal.class);
    assertThat(outcomes.get("ok")).hasValue(1);
  }

  @Test
  void rejectsWhatIsNotASession() {
    assertRejected(null, Reason.MISSING);
    assertRejected("", Reason.MISSING);
    assertRejected("not-a-credential", Reason.MALFORMED);
    assertRejected(SessionCredential.issue().encoded(), Reason.UNKNOWN);
    String wrongSecret =
        new SessionCredential(issued.session().id(), SessionCredential.issue().secret()).encoded();
    assertRejected(wrongSecret, Reason.INVALID);
    assertThat(store.writes).hasValue(0);
    assertThat(outcomes.get("invalid")).hasValue(4);
    assertThat(outcomes.get("unknown")).hasValue(1);
  }

  @Test
  void anUnreadableRowIsAnInvalidSessionNotAServerError() {
    store.unreadable = true;

    assertRejected(credential(), Reason.INVALID);
  }

  @Test
  void rejectsExpiredAndRevokedSessions() {
    clock.advance(TTL);
    assertRejected(credential(), Reason.EXPIRED);

    issued = openSession(T0.plus(Duration.ofMinutes(10)));
    store.write(issued.session().id(), s -> s.revoke(T0.plusSeconds(1)));
    assertRejected(credential(), Reason.REVOKED);
    assertThat(outcomes.get("expired")).hasValue(1);
    assertThat(outcomes.get("revoked")).hasValue(1);
  }

  @Test
  void refreshesTheUpstreamTokenWhenItIsAboutToExpireAndStoresTheRotatedOne() {
    idp.newAccessExpiry = T0.plus(Duration.ofMinutes(20));
    clock.advance(Duration.ofMinutes(9).plusSeconds(30)); // 30 s before expiry: within the skew

    SessionPrincipal principal = resolve();

    assertThat(principal.upstreamAccessToken()).isEqualTo("access-refreshed-1");
    assertThat(idp.refreshes).hasValue(1);
    var stored = store.rows.get(issued.session().id());
    assertThat(stored.tokens().refreshToken()).isEqualTo("refresh-rotated-1");
    assertThat(stored.refreshLeaseUntil()).isNull();
    assertThat(resolve().upstreamAccessToken()).isEqualTo("access-refreshed-1");
    assertThat(idp.refreshes).hasValue(1);
  }

  @Test
  void twentyConcurrentCallsRefreshExactlyOnce() {
    idp.newAccessExpiry = T0.plus(Duration.ofMinutes(20));
    idp.latency = Duration.ofMillis(200);
    clock.advance(Duration.ofMinutes(9).plusSeconds(30));

    List<SessionPrincipal> principals =
        Flux.range(0, 20)
            .parallel(20)
            .runOn(Schedulers.boundedElastic())
            .flatMap(i -> resolveMono(credential()))
            .sequential()
            .collectList()
            .block(Duration.ofSeconds(10));

    assertThat(principals).hasSize(20);
    assertThat(idp.refreshes).hasValue(1);
    assertThat(principals)
        .extracting(SessionPrincipal::upstreamAccessToken)
        .allMatch(t -> t.equals("access-0") || t.equals("access-refreshed-1"));
    assertThat(store.rows.get(issued.session().id()).tokens().accessToken())
        .isEqualTo("access-refreshed-1");
  }

  @Test
  void whenTheProviderIsDownButTheTokenStillWorksTheRequestIsServedAndRetriedLater() {
    idp.failure = new ProviderUnavailable("test");
    clock.advance(Duration.ofMinutes(9).plusSeconds(30));

    assertThat(resolve().upstreamAccessToken()).isEqualTo("access-0");
    assertThat(idp.refreshes).hasValue(1);
    assertThat(store.rows).containsKey(issued.session().id());

    idp.failure = null;
    idp.newAccessExpiry = T0.plus(Duration.ofMinutes(20));
    clock.advance(SessionPolicy.REFRESH_LEASE); // the failed holder's lease lapses
    assertThat(resolve().upstreamAccessToken()).isEqualTo("access-refreshed-2");
  }

  @Test
  void whenTheProviderIsDownAndTheTokenHasExpiredTheCallerIsToldToRetry() {
    idp.failure = new ProviderUnavailable("test");
    clock.advance(Duration.ofMinutes(11));

    StepVerifier.create(resolveMono(credential())).expectError(ProviderUnavailable.class).verify();
    assertThat(store.rows).containsKey(issued.session().id());
  }

  @Test
  void aRefusedRefreshEndsTheSessionWithoutDeletingIt() {
    idp.failure = ScriptedIdentityProvider.invalidGrant();
    clock.advance(Duration.ofMinutes(9).plusSeconds(30));

    assertRejected(credential(), Reason.UPSTREAM_EXPIRED);
    assertThat(store.rows).containsKey(issued.session().id());
  }

  @Test
  void withTheProviderDownAndTheTokenExpiredEveryCallIsToldAtOnceNotAfterTheLease() {
    idp.failure = new ProviderUnavailable("test");
    clock.advance(Duration.ofMinutes(11));

    for (int call = 1; call <= 3; call++) {
      StepVerifier.create(resolveMono(credential()))
          .expectError(ProviderUnavailable.class)
          .verify(Duration.ofSeconds(2));
      assertThat(store.rows.get(issued.session().id()).refreshLeaseUntil())
          .as("the failed refresh gave its lease back")
          .isNull();
    }
    assertThat(idp.refreshes).as("each call asked the provider itself").hasValue(3);

    idp.failure = null;
    idp.newAccessExpiry = clock.instant().plus(Duration.ofMinutes(10));
    assertThat(resolve().upstreamAccessToken())
        .as("the first call after the provider is back refreshes")
        .isEqualTo("access-refreshed-4");
  }

  @Test
  void aRequestWaitingForAnotherReplicasRefreshLearnsAtOnceThatItFailed() {
    clock.advance(Duration.ofMinutes(11)); // token already expired
    store.write(issued.session().id(), s -> s.withRefreshLease(clock.instant().plusSeconds(10)));
    // The holder gives up: its lease goes back without new tokens.
    Mono.delay(Duration.ofMillis(200))
        .doOnNext(x -> store.write(issued.session().id(), Session::withoutRefreshLease))
        .subscribe();

    StepVerifier.create(resolveMono(credential()))
        .expectError(ProviderUnavailable.class)
        .verify(Duration.ofSeconds(2));
    assertThat(idp.refreshes).as("the waiter did not try again itself").hasValue(0);
  }

  @Test
  void aRefusedRefreshRevokesTheSessionSoLaterCallsAreRefusedWithoutAskingAgain() {
    idp.failure = ScriptedIdentityProvider.invalidGrant();
    clock.advance(Duration.ofMinutes(11));

    assertRejected(credential(), Reason.UPSTREAM_EXPIRED);
    Session stored = store.rows.get(issued.session().id());
    assertThat(stored.isRevoked()).isTrue();
    assertThat(stored.refreshLeaseUntil()).isNull();

    assertRejected(credential(), Reason.REVOKED);
    assertThat(idp.refreshes).hasValue(1);
  }

  @Test
  void aRefusedRefreshAfterAnotherReplicaRefreshedUsesTheirTokens() {
    clock.advance(Duration.ofMinutes(9).plusSeconds(30));
    idp.failure = ScriptedIdentityProvider.invalidGrant();
    // Another replica refreshes while our call to the provider is in flight.
    idp.latency = Duration.ofMillis(50);
    anotherReplicaRefreshesAfter(Duration.ofMillis(10), "access-other");

    assertThat(resolve().upstreamAccessToken()).isEqualTo("access-other");
  }

  @Test
  void withAnExpiredTokenAndARefreshHeldElsewhereItWaitsForTheHoldersWrite() {
    clock.advance(Duration.ofMinutes(11)); // token already expired
    store.write(issued.session().id(), s -> s.withRefreshLease(clock.instant().plusSeconds(10)));
    anotherReplicaRefreshesAfter(Duration.ofMillis(300), "access-holder");

    assertThat(resolveMono(credential()).block(Duration.ofSeconds(5)).upstreamAccessToken())
        .isEqualTo("access-holder");
    assertThat(idp.refreshes).hasValue(0);
  }

  @Test
  void theSameCredentialInSeveralPlacesIsOneCredential() {
    PresentedCredentials all =
        new PresentedCredentials(
            List.of(" " + credential() + " ", credential()),
            List.of(credential()),
            List.of(credential()));
    assertThat(service.authenticate(all).block()).isInstanceOf(SessionPrincipal.class);

    PresentedCredentials cookieAndBearer =
        new PresentedCredentials(List.of(), List.of(credential()), List.of(credential()));
    assertThat(service.authenticate(cookieAndBearer).block()).isInstanceOf(SessionPrincipal.class);

    PresentedCredentials bearerOnly =
        new PresentedCredentials(List.of(), List.of(), List.of(credential()));
    assertThat(service.authenticate(bearerOnly).block()).isInstanceOf(SessionPrincipal.class);
    assertThat(outcomes.get("ok")).hasValue(3);
  }

  @Test
  void differentCredentialsInOneRequestAreRefusedBeforeAnyIsLookedUp() {
    String other = openSession(T0.plus(Duration.ofMinutes(10))).credential().encoded();
    List<PresentedCredentials> ambiguous =
        List.of(
            // the valid value first, as a client that appends a header would send it
            new PresentedCredentials(List.of(credential(), "bogus.header"), List.of(), List.of()),
            new PresentedCredentials(List.of("bogus.header", credential()), List.of(), List.of()),
            new PresentedCredentials(List.of(credential()), List.of(other), List.of()),
            new PresentedCredentials(List.of(credential()), List.of(), List.of("bogus.bearer")),
            new PresentedCredentials(List.of(), List.of(credential()), List.of("bogus.bearer")),
            new PresentedCredentials(List.of(), List.of(credential(), other), List.of()),
            new PresentedCredentials(List.of(), List.of(), List.of(credential(), other)),
            new PresentedCredentials(List.of(credential()), List.of(credential()), List.of(other)));

    for (PresentedCredentials presented : ambiguous) {
      StepVerifier.create(service.authenticate(presented))
          .expectErrorSatisfies(
              e ->
                  assertThat(e)
                      .isInstanceOf(InvalidRequest.class)
                      .hasMessageContaining("more than one credential")
                      .satisfies(
                          r ->
                              assertThat(r.getMessage())
                                  .doesNotContain(credential())
                                  .doesNotContain(other)
                                  .doesNotContain("bogus")))
          .verify();
    }
    assertThat(store.reads).hasValue(0);
    assertThat(store.writes).hasValue(0);
    assertThat(outcomes.get("invalid")).hasValue(ambiguous.size());
  }

  @Test
  void nothingPresentedIsMissingAndCounted() {
    StepVerifier.create(
            service.authenticate(new PresentedCredentials(List.of(), List.of(), List.of())))
        .expectErrorSatisfies(
            e ->
                assertThat(e)
                    .isInstanceOfSatisfying(
                        SessionRejected.class,
                        r -> assertThat(r.reason()).isEqualTo(Reason.MISSING)))
        .verify();
    assertThat(outcomes.get("invalid")).hasValue(1);
  }

  @Test
  void inResourceServerModeAForeignJwtBecomesATokenPrincipalAndBothOutcomesAreCounted() {
    TokenVerifier authKit =
        token ->
            token.equals("header.payload.signature")
                ? Mono.just(
                    new TokenVerifier.VerifiedToken(
                        new UserId("user_kit"), "kit@example.com", T0.plusSeconds(3600)))
                : Mono.error(new TokenRejected("the token's signature does not verify"));
    AuthenticateService resourceServer =
        new AuthenticateService(resolver(), Optional.of(authKit), countingEvents);

    Principal principal =
        resourceServer
            .authenticate(
                new PresentedCredentials(List.of(), List.of(), List.of("header.payload.signature")))
            .block();
    assertThat(principal)
        .isInstanceOfSatisfying(
            TokenPrincipal.class,
            token -> {
              assertThat(token.userId()).isEqualTo(new UserId("user_kit"));
              assertThat(token.profile().email()).isEqualTo("kit@example.com");
            });
    StepVerifier.create(
            resourceServer.authenticate(
                new PresentedCredentials(List.of(), List.of(), List.of("header.payload.forged"))))
        .expectError(TokenRejected.class)
        .verify();
    // Our own credential as a bearer still resolves as a session in that mode.
    assertThat(
            resourceServer
                .authenticate(new PresentedCredentials(List.of(), List.of(), List.of(credential())))
                .block())
        .isInstanceOf(SessionPrincipal.class);
    assertThat(outcomes.get("ok")).hasValue(2);
    assertThat(outcomes.get("invalid")).hasValue(1);
  }

  @Test
  void inResourceServerModeASessionAndAForeignTokenTogetherAreRefusedUnverified() {
    AtomicInteger verified = new AtomicInteger();
    TokenVerifier authKit =
        token -> {
          verified.incrementAndGet();
          return Mono.just(
              new TokenVerifier.VerifiedToken(
                  new UserId("user_kit"), "kit@example.com", T0.plusSeconds(3600)));
        };
    AuthenticateService resourceServer =
        new AuthenticateService(resolver(), Optional.of(authKit), countingEvents);

    StepVerifier.create(
            resourceServer.authenticate(
                new PresentedCredentials(
                    List.of(credential()), List.of(), List.of("header.payload.signature"))))
        .expectError(InvalidRequest.class)
        .verify();
    assertThat(verified).hasValue(0);
    assertThat(store.reads).hasValue(0);
  }

  @Test
  void withoutResourceServerModeAJwtIsJustAMalformedCredential() {
    StepVerifier.create(
            service.authenticate(
                new PresentedCredentials(
                    List.of(), List.of(), List.of("header.payload.signature"))))
        .expectErrorSatisfies(
            e ->
                assertThat(e)
                    .isInstanceOfSatisfying(
                        SessionRejected.class,
                        r -> assertThat(r.reason()).isEqualTo(Reason.MALFORMED)))
        .verify();
  }

  private void anotherReplicaRefreshesAfter(Duration delay, String accessToken) {
    OAuthTokens theirs =
        new OAuthTokens(accessToken, "refresh-of-" + accessToken, T0.plus(Duration.ofHours(1)));
    Mono.delay(delay)
        .doOnNext(x -> store.write(issued.session().id(), s -> s.withRefreshedTokens(theirs)))
        .subscribe();
  }

  private Mono<SessionPrincipal> resolveMono(String credential) {
    return service
        .authenticate(
            new PresentedCredentials(
                credential == null ? List.of() : List.of(credential), List.of(), List.of()))
        .cast(SessionPrincipal.class);
  }

  private void assertRejected(String presented, Reason reason) {
    StepVerifier.create(resolveMono(presented))
        .expectErrorSatisfies(
            e ->
                assertThat(e)
                    .isInstanceOfSatisfying(
                        SessionRejected.class, r -> assertThat(r.reason()).isEqualTo(reason)))
        .verify();
  }
}
