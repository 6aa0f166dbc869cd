package io.statelessmcp.adapter.out.workos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statelessmcp.adapter.out.workos.fake.Pkce;
import io.statelessmcp.application.failure.LoginRejected;
import io.statelessmcp.application.port.out.IdentityProvider.Authenticated;
import io.statelessmcp.domain.ClientMetadata;
import io.statelessmcp.domain.OAuthTokens;
import io.statelessmcp.domain.UserProfile;
import io.statelessmcp.domain.testing.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The development identity provider's codes and tokens: what it accepts and what it refuses. */
class DevelopmentIdentityProviderTest {

  private static final URI BASE = URI.create("http://localhost:8080");
  private static final URI PAGE = BASE.resolve("/auth/dev/sign-in");
  private static final ClientMetadata CLIENT = new ClientMetadata("JUnit", "127.0.0.1");
  private static final UserProfile ADA = new UserProfile("ada@example.com", "Ada Lovelace", null);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
  private final byte[] key = filled((byte) 7);
  private final DevelopmentIdentityProvider provider =
      new DevelopmentIdentityProvider(key, PAGE, clock);
  private final String verifier = Pkce.newVerifier();
  private final String challenge = Pkce.challenge(verifier);

  private static byte[] filled(byte value) {
    byte[] bytes = new byte[32];
    Arrays.fill(bytes, value);
    return bytes;
  }

  private Authenticated exchange(String code, String withVerifier) {
    return provider.exchangeCode(code, withVerifier, CLIENT).block();
  }

  private static void assertRefused(Runnable call, String why) {
    assertThatThrownBy(call::run)
        .as(why)
        .isInstanceOfSatisfying(
            LoginRejected.class,
            rejected ->
                assertThat(rejected.reason()).isEqualTo(LoginRejected.Reason.INVALID_GRANT));
  }

  @Test
  void theAuthorizationUrlIsThisServersSignInPageWithStateChallengeAndCallback() {
    URI url = provider.authorizationUrl("st-1", challenge, URI.create(BASE + "/auth/complete"));

    assertThat(url.getPath()).isEqualTo("/auth/dev/sign-in");
    assertThat(url.getHost()).isEqualTo("localhost");
    assertThat(url.getQuery())
        .isEqualTo(
            "state=st-1&code_challenge="
                + challenge
                + "&redirect_uri=http://localhost:8080/auth/complete");
  }

  @Test
  void aCodeRedeemedWithItsVerifierSignsTheUserInWithShortLivedTokens() {
    Authenticated signedIn = exchange(provider.issue(ADA, challenge), verifier);

    assertThat(signedIn.providerUserId()).startsWith("dev_").hasSize(36);
    assertThat(signedIn.profile().email()).isEqualTo("ada@example.com");
    assertThat(signedIn.profile().displayName()).isEqualTo("Ada Lovelace");
    assertThat(signedIn.tokens().accessExpiresAt())
        .isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
    assertThat(signedIn.tokens().accessToken()).startsWith("devat_");
    assertThat(signedIn.tokens().refreshToken()).startsWith("devrt_");
  }

  @Test
  void theUserIdIsStablePerEmailWhateverItsCaseAndDiffersBetweenEmails() {
    String ada = exchange(provider.issue(ADA, challenge), verifier).providerUserId();
    String shouting =
        exchange(
                provider.issue(new UserProfile("ADA@Example.COM", null, null), challenge), verifier)
            .providerUserId();
    DevelopmentIdentityProvider otherReplicaOtherKey =
        new DevelopmentIdentityProvider(filled((byte) 9), PAGE, clock);
    String elsewhere =
        otherReplicaOtherKey
            .exchangeCode(otherReplicaOtherKey.issue(ADA, challenge), verifier, CLIENT)
            .block()
            .providerUserId();
    String grace =
        exchange(
                provider.issue(new UserProfile("grace@example.com", null, null), challenge),
                verifier)
            .providerUserId();

    assertThat(shouting).isEqualTo(ada);
    assertThat(elsewhere).as("no state, no key: the same id everywhere").isEqualTo(ada);
    assertThat(grace).isNotEqualTo(ada);
  }

  @Test
  void anotherReplicaWithTheSameKeyRedeemsTheCode() {
    DevelopmentIdentityProvider replicaB =
        new DevelopmentIdentityProvider(key.clone(), PAGE, clock);

    Authenticated signedIn =
        replicaB.exchangeCode(provider.issue(ADA, challenge), verifier, CLIENT).block();

    assertThat(signedIn.profile().email()).isEqualTo("ada@example.com");
  }

  @Test
  void aWrongOrMissingVerifierIsRefused() {
    String code = provider.issue(ADA, challenge);

    assertRefused(() -> exchange(code, Pkce.newVerifier()), "another login's verifier");
    assertRefused(() -> exchange(code, null), "no verifier");
    assertRefused(() -> exchange(code, challenge), "the challenge itself");
  }

  @Test
  void anExpiredCodeIsRefused() {
    String code = provider.issue(ADA, challenge);
    clock.advance(Duration.ofMinutes(2));

    assertRefused(() -> exchange(code, verifier), "two minutes later");
  }

  @Test
  void aCodeStillValidJustBeforeItsDeadlineWorks() {
    String code = provider.issue(ADA, challenge);
    clock.advance(Duration.ofMinutes(2).minusSeconds(1));

    assertThat(exchange(code, verifier).profile().email()).isEqualTo("ada@example.com");
  }

  @Test
  void aTamperedCodeIsRefused() {
    String code = provider.issue(ADA, challenge);
    // in the challenge, the email, the expiry and the MAC
    for (int position : new int[] {10, 70, code.length() / 2, code.length() - 10}) {
      String tampered = tamper(code, position);

      assertRefused(() -> exchange(tampered, verifier), "changed at " + position);
    }
  }

  private static String tamper(String token, int position) {
    char original = token.charAt(position);
    char replaced = original == 'x' ? 'y' : 'x';
    return token.substring(0, position) + replaced + token.substring(position + 1);
  }

  @Test
  void aCodeForgedWithAnotherKeyOrForAnotherUserIsRefused() {
    DevelopmentIdentityProvider forger =
        new DevelopmentIdentityProvider(filled((byte) 1), PAGE, clock);
    String forged = forger.issue(ADA, challenge);
    String code = provider.issue(ADA, challenge);
    String[] parts = code.split("\\.");
    parts[1] = Base64.getUrlEncoder().withoutPadding().encodeToString("eve@example.com".getBytes());
    String otherUser = String.join(".", parts);

    assertRefused(() -> exchange(forged, verifier), "another key");
    assertRefused(() -> exchange(otherUser, verifier), "the email swapped");
    assertRefused(() -> exchange("devcode_", verifier), "empty");
    assertRefused(() -> exchange("not a code", verifier), "garbage");
  }

  @Test
  void aTokenOfAnotherKindIsNoCodeAndNoRefreshToken() {
    OAuthTokens tokens = exchange(provider.issue(ADA, challenge), verifier).tokens();
    String accessAsRefresh = tokens.accessToken();
    String refreshAsCode = tokens.refreshToken();

    assertRefused(() -> provider.refresh(accessAsRefresh).block(), "an access token");
    assertRefused(() -> exchange(refreshAsCode, verifier), "a refresh token");
    assertRefused(
        () -> provider.refresh(provider.issue(ADA, challenge)).block(), "a code as refresh token");
  }

  @Test
  void aRefreshReturnsNewShortLivedTokensAndTheNewRefreshTokenWorksToo() {
    OAuthTokens first = exchange(provider.issue(ADA, challenge), verifier).tokens();
    clock.advance(Duration.ofMinutes(6));

    OAuthTokens second = provider.refresh(first.refreshToken()).block();
    OAuthTokens third = provider.refresh(second.refreshToken()).block();

    assertThat(second.accessToken()).isNotEqualTo(first.accessToken());
    assertThat(second.refreshToken()).isNotEqualTo(first.refreshToken());
    assertThat(second.accessExpiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
    assertThat(third.accessToken()).isNotEqualTo(second.accessToken());
  }

  @Test
  void aTamperedRefreshTokenIsRefusedAsInvalidGrantSoTheSessionEnds() {
    OAuthTokens tokens = exchange(provider.issue(ADA, challenge), verifier).tokens();
    String refresh = tokens.refreshToken();
    String tampered = tamper(refresh, refresh.length() - 10);

    assertRefused(() -> provider.refresh(tampered).block(), "tampered");
    assertRefused(
        () ->
            new DevelopmentIdentityProvider(filled((byte) 3), PAGE, clock).refresh(refresh).block(),
        "another key");
  }

  @Test
  void itsTextShowsNoKey() {
    assertThat(provider.toString()).contains("<redacted>").doesNotContain("BwcH");
  }

  @Test
  void aShortKeyIsRefused() {
    assertThatThrownBy(() -> new DevelopmentIdentityProvider(new byte[16], PAGE, clock))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
