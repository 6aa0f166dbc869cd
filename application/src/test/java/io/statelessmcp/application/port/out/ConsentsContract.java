package io.statelessmcp.application.port.out;

import static org.assertj.core.api.Assertions.assertThat;

import io.statelessmcp.domain.OAuthSecret;
import io.statelessmcp.domain.SecretHash;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link Consents}, run by every implementation: the PostgreSQL store on each kind
 * of database and the in-memory twin.
 */
public abstract class ConsentsContract {

  protected static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  protected static final String CLIENT = "dcr_consentConsentConsen01";
  protected static final String OTHER_CLIENT = "dcr_consentConsentConsen02";
  protected static final Duration REMEMBERED = Duration.ofDays(30);

  private Consents consents;
  private final SecretHash browser = SecretHash.of(OAuthSecret.BROWSER.issue());

  /** An implementation with no consents in it. */
  protected abstract Consents freshConsents();

  /** Registers {@code clientId}, as a client must be before anyone consents to it. */
  protected abstract void aClientExists(String clientId);

  @BeforeEach
  void fresh() {
    consents = freshConsents();
    aClientExists(CLIENT);
    aClientExists(OTHER_CLIENT);
  }

  private boolean given(SecretHash by, String clientId, Instant at) {
    return consents.isGiven(by, clientId, at).block();
  }

  @Test
  void noConsentIsGivenUntilRemembered() {
    assertThat(given(browser, CLIENT, T0)).isFalse();
  }

  @Test
  void aRememberedConsentHoldsStrictlyUntilItExpires() {
    Instant expiresAt = T0.plus(REMEMBERED);
    consents.remember(browser, CLIENT, T0, expiresAt).block();

    assertThat(given(browser, CLIENT, T0)).isTrue();
    assertThat(given(browser, CLIENT, expiresAt.minusSeconds(1))).isTrue();
    assertThat(given(browser, CLIENT, expiresAt)).isFalse();
    assertThat(given(browser, CLIENT, expiresAt.plusSeconds(1))).isFalse();
  }

  @Test
  void aConsentIsForOneBrowserAndOneClient() {
    consents.remember(browser, CLIENT, T0, T0.plus(REMEMBERED)).block();
    SecretHash otherBrowser = SecretHash.of(OAuthSecret.BROWSER.issue());

    assertThat(given(otherBrowser, CLIENT, T0)).isFalse();
    assertThat(given(browser, OTHER_CLIENT, T0)).isFalse();
  }

  @Test
  void consentingAgainRenewsTheConsent() {
    consents.remember(browser, CLIENT, T0, T0.plus(REMEMBERED)).block();
    Instant later = T0.plus(REMEMBERED).plus(Duration.ofDays(1));
    assertThat(given(browser, CLIENT, later)).isFalse();

    consents.remember(browser, CLIENT, later, later.plus(REMEMBERED)).block();

    assertThat(given(browser, CLIENT, later)).isTrue();
    assertThat(given(browser, CLIENT, later.plus(REMEMBERED).minusSeconds(1))).isTrue();
    assertThat(given(browser, CLIENT, later.plus(REMEMBERED))).isFalse();
  }

  @Test
  void deletingExpiredConsentsTakesThoseExpiredAtOrBeforeNowOnly() {
    Instant expiresAt = T0.plus(REMEMBERED);
    consents.remember(browser, CLIENT, T0, expiresAt).block();
    consents.remember(browser, OTHER_CLIENT, T0, expiresAt.plusSeconds(1)).block();

    assertThat(consents.deleteExpired(expiresAt).block()).isEqualTo(1);

    // Asked at a time it held, only a consent still stored answers yes.
    assertThat(given(browser, CLIENT, T0)).isFalse();
    assertThat(given(browser, OTHER_CLIENT, T0)).isTrue();
    assertThat(consents.deleteExpired(expiresAt).block()).isZero();
  }
}
