package io.statelessmcp.adapter.out.workos;

import static org.assertj.core.api.Assertions.assertThat;

import io.statelessmcp.adapter.out.workos.fake.FakeSupabaseAuth;
import io.statelessmcp.application.failure.ProviderUnavailable;
import io.statelessmcp.application.failure.TokenRejected;
import io.statelessmcp.application.port.out.TokenVerifier.VerifiedToken;
import io.statelessmcp.domain.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Supabase access tokens, verified against the fake Supabase's JWKS over loopback. */
class SupabaseTokenVerificationTest {

  private static final String LEGACY_SECRET = "super-secret-jwt-token-with-at-least-32-characters";

  private static final MutableClock clock = MutableClock.startingNow();
  @AutoClose private static final FakeSupabaseAuth supabase = FakeSupabaseAuth.start(clock);

  private JwtTokenVerifier verifier;

  @BeforeEach
  void setUp() {
    clock.set(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    if (!supabase.isRunning()) {
      supabase.restart();
    }
    supabase.healJwks();
    verifier = verifier(settings(false));
  }

  @AfterEach
  void tearDown() {
    verifier.close();
  }

  private static JwtVerifierSettings settings(boolean allowHs256) {
    return JwtVerifierSettings.supabase(supabase.url(), allowHs256, LEGACY_SECRET);
  }

  private static JwtTokenVerifier verifier(JwtVerifierSettings settings) {
    return new JwtTokenVerifier(settings, clock);
  }

  private static VerifiedToken accepted(JwtTokenVerifier verifier, String token) {
    return verifier.verify(token).block(Duration.ofSeconds(20));
  }

  private static Throwable failure(JwtTokenVerifier verifier, String token) {
    try {
      verifier.verify(token).block(Duration.ofSeconds(20));
    } catch (RuntimeException e) {
      return e;
    }
    throw new AssertionError("expected the token to be refused, but it was accepted");
  }

  private static String rejection(JwtTokenVerifier verifier, String token) {
    Throwable failure = failure(verifier, token);
    assertThat(failure).isInstanceOf(TokenRejected.class);
    assertThat(failure.getMessage()).doesNotContain(token);
    return failure.getMessage();
  }

  // --- accepted ---------------------------------------------------------------------------------

  @Test
  void acceptsAValidEs256Token() {
    VerifiedToken token = accepted(verifier, supabase.accessToken().mint());

    assertThat(token.subject().value()).isEqualTo(supabase.userId().toString());
    assertThat(token.email()).isEqualTo(supabase.email());
    assertThat(token.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(1)));
  }

  @Test
  void acceptsAValidRs256Token() {
    VerifiedToken token = accepted(verifier, supabase.rsaAccessToken().mint());

    assertThat(token.subject().value()).isEqualTo(supabase.userId().toString());
  }

  @Test
  void acceptsATokenWhoseAudienceListContainsAuthenticated() {
    String token = supabase.accessToken().audience("something-else", "authenticated").mint();

    assertThat(accepted(verifier, token)).isNotNull();
  }

  // --- expiry, with the clock skew of 30 s ------------------------------------------------------

  @ParameterizedTest(name = "exp = now {0} s → accepted: {1}")
  @CsvSource({"3600, true", "0, true", "-29, true", "-30, false", "-31, false", "-3600, false"})
  void expiryAllowsThirtySecondsOfSkew(long offsetSeconds, boolean accepted) {
    String token =
        supabase.accessToken().expiresAt(clock.instant().plusSeconds(offsetSeconds)).mint();

    if (accepted) {
      assertThat(accepted(verifier, token)).isNotNull();
    } else {
      assertThat(rejection(verifier, token)).isEqualTo("token expired");
    }
  }

  @Test
  void refusesATokenWithoutExpiry() {
    assertThat(rejection(verifier, supabase.accessToken().noExpiry().mint()))
        .isEqualTo("token has no expiry");
  }

  @Test
  void refusesATokenNotYetValid() {
    String token = supabase.accessToken().notBefore(clock.instant().plusSeconds(120)).mint();

    assertThat(rejection(verifier, token)).isEqualTo("token not yet valid");
  }

  // --- claims -----------------------------------------------------------------------------------

  @Test
  void refusesTheWrongAudience() {
    assertThat(rejection(verifier, supabase.accessToken().audience("anon").mint()))
        .isEqualTo("wrong audience");
    assertThat(rejection(verifier, supabase.accessToken().noAudience().mint()))
        .isEqualTo("wrong audience");
  }

  @Test
  void refusesTheWrongIssuer() {
    String token =
        supabase.accessToken().issuer("https://another-project.supabase.co/auth/v1").mint();

    assertThat(rejection(verifier, token)).isEqualTo("wrong issuer");
  }

  @Test
  void refusesATokenWithoutSubject() {
    assertThat(rejection(verifier, supabase.accessToken().subject(null).mint()))
        .isEqualTo("token has no subject");
  }

  // --- signatures and keys ----------------------------------------------------------------------

  @Test
  void refusesABadSignature() {
    assertThat(rejection(verifier, supabase.accessToken().signedWithForeignKey().mint()))
        .isEqualTo("bad signature");
    assertThat(rejection(verifier, supabase.rsaAccessToken().signedWithForeignKey().mint()))
        .isEqualTo("bad signature");
  }

  @Test
  void checksTheSignatureBeforeTheClaims() {
    String forgedAndExpired =
        supabase.accessToken().signedWithForeignKey().expiresIn(Duration.ofHours(-1)).mint();

    assertThat(rejection(verifier, forgedAndExpired)).isEqualTo("bad signature");
  }

  @ParameterizedTest
  @ValueSource(strings = {"not-a-jwt", "a.b.c", "eyJhbGciOiJFUzI1NiJ9.bm90IGpzb24.c2ln", "x.y"})
  void refusesMalformedTokensWithoutEchoingThem(String token) {
    assertThat(rejection(verifier, token)).isEqualTo("malformed token");
  }

  @Test
  void refusesUnsignedTokens() {
    String unsigned = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4IiwiYXVkIjoiYXV0aGVudGljYXRlZCJ9.";

    assertThat(rejection(verifier, unsigned)).isEqualTo("unsupported algorithm none");
  }

  @Test
  void refusesHs256UnlessExplicitlyEnabled() {
    String legacy = supabase.accessToken().hs256(LEGACY_SECRET).mint();

    assertThat(rejection(verifier, legacy)).isEqualTo("unsupported algorithm HS256");
    assertThat(verifier.jwksFetches()).as("no key fetch for a refused algorithm").isZero();
  }

  @Test
  void acceptsHs256WithTheRightSecretWhenEnabled() {
    try (JwtTokenVerifier legacyVerifier = verifier(settings(true))) {
      VerifiedToken token =
          accepted(legacyVerifier, supabase.accessToken().hs256(LEGACY_SECRET).mint());

      assertThat(token.subject().value()).isEqualTo(supabase.userId().toString());
      assertThat(
              rejection(
                  legacyVerifier,
                  supabase.accessToken().hs256("another-secret-that-is-32-bytes-or-more").mint()))
          .isEqualTo("bad signature");
      assertThat(accepted(legacyVerifier, supabase.accessToken().mint()))
          .as("asymmetric tokens still work")
          .isNotNull();
    }
  }

  // --- JWKS cache and refetch -------------------------------------------------------------------

  @Test
  void twoUnknownKidTokensInARowCauseOneJwksFetch() {
    int before = supabase.jwksRequests();

    assertThat(rejection(verifier, supabase.accessToken().keyId("kid-unknown-1").mint()))
        .isEqualTo("unknown key");
    assertThat(rejection(verifier, supabase.accessToken().keyId("kid-unknown-2").mint()))
        .isEqualTo("unknown key");

    assertThat(supabase.jwksRequests() - before).isEqualTo(1);
    assertThat(verifier.jwksFetches()).isEqualTo(1);
  }

  @Test
  void anUnknownKidRefetchesOnceAfterTheIntervalThenRejects() {
    accepted(verifier, supabase.accessToken().mint());
    assertThat(verifier.jwksFetches()).isEqualTo(1);

    accepted(verifier, supabase.accessToken().mint());
    assertThat(verifier.jwksFetches()).as("known keys come from the cache").isEqualTo(1);

    clock.advance(Duration.ofSeconds(31));
    assertThat(rejection(verifier, supabase.accessToken().keyId("kid-unknown-1").mint()))
        .isEqualTo("unknown key");
    assertThat(verifier.jwksFetches()).as("one refetch for the unknown kid").isEqualTo(2);

    assertThat(rejection(verifier, supabase.accessToken().keyId("kid-unknown-2").mint()))
        .isEqualTo("unknown key");
    assertThat(verifier.jwksFetches()).as("rate-limited: no second refetch").isEqualTo(2);

    clock.advance(Duration.ofSeconds(31));
    rejection(verifier, supabase.accessToken().keyId("kid-unknown-3").mint());
    assertThat(verifier.jwksFetches()).isEqualTo(3);
  }

  @Test
  void aRotatedKeyIsPickedUpByTheRefetch() {
    try (FakeSupabaseAuth rotating = FakeSupabaseAuth.start(clock);
        JwtTokenVerifier rotatingVerifier =
            verifier(JwtVerifierSettings.supabase(rotating.url(), false, null))) {
      accepted(rotatingVerifier, rotating.accessToken().mint());
      rotating.rotateKey();
      String signedWithNewKey = rotating.accessToken().mint();

      assertThat(rejection(rotatingVerifier, signedWithNewKey))
          .as("within the refetch interval the new kid is unknown")
          .isEqualTo("unknown key");

      clock.advance(Duration.ofSeconds(31));
      assertThat(accepted(rotatingVerifier, signedWithNewKey)).isNotNull();
      assertThat(rotating.jwksRequests()).isEqualTo(2);
    }
  }

  @Test
  void concurrentCallersShareOneJwksFetch() throws Exception {
    // no rate limit: only sharing the fetch in flight keeps this at one request
    try (JwtTokenVerifier eager =
        verifier(settings(false).withJwksRefetchInterval(Duration.ZERO))) {
      int before = supabase.jwksRequests();
      supabase.pauseJwks();
      List<Mono<VerifiedToken>> calls =
          IntStream.range(0, 8).mapToObj(i -> eager.verify(supabase.accessToken().mint())).toList();

      CompletableFuture<List<VerifiedToken>> all = Flux.merge(calls).collectList().toFuture();
      supabase.resumeJwks();

      assertThat(all.get(20, TimeUnit.SECONDS)).hasSize(8);
      assertThat(eager.jwksFetches()).isEqualTo(1);
      assertThat(supabase.jwksRequests() - before).isEqualTo(1);
    }
  }

  @Test
  void anUnreachableJwksEndpointIsProviderUnavailable() {
    supabase.stop();

    Throwable failure = failure(verifier, supabase.accessToken().mint());

    assertThat(failure)
        .isInstanceOf(ProviderUnavailable.class)
        .hasMessageContaining("signing keys endpoint unreachable");
  }

  @Test
  void aFailingJwksEndpointIsProviderUnavailable() {
    supabase.failJwksWith(500);

    Throwable failure = failure(verifier, supabase.accessToken().mint());

    assertThat(failure)
        .isInstanceOf(ProviderUnavailable.class)
        .hasMessageContaining("signing keys endpoint answered 500");
  }

  @Test
  void cachedKeysKeepWorkingWhenTheJwksEndpointGoesDownAfterTheirTtl() {
    try (JwtTokenVerifier cached =
        verifier(settings(false).withJwksCacheTtl(Duration.ofMinutes(1)))) {
      accepted(cached, supabase.accessToken().mint());
      supabase.stop();
      clock.advance(Duration.ofMinutes(2));

      assertThat(accepted(cached, supabase.accessToken().mint())).isNotNull();
      assertThat(cached.jwksFetches()).as("it did try to refresh").isEqualTo(2);
    }
  }
}
