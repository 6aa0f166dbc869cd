package io.statelessmcp.domain;

import static io.statelessmcp.domain.SessionFixtures.T0;
import static io.statelessmcp.domain.SessionFixtures.sessionOpenedAt;
import static org.assertj.core.api.Assertions.assertThat;

import io.statelessmcp.domain.SessionStep.Action;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link SessionPolicy#next}: the one decision of the hot path, at its boundaries. */
class SessionStepTest {

  private final SessionPolicy policy =
      new SessionPolicy(Duration.ofHours(1), Duration.ofHours(3), Duration.ofSeconds(60));
  private final Session opened = sessionOpenedAt(T0, policy).session();
  private final Instant accessExpiry = opened.tokens().accessExpiresAt();

  @ParameterizedTest(name = "{0} s after the last written activity: {1}")
  @CsvSource({"59, SERVE", "60, TOUCH", "61, TOUCH"})
  void activityIsWrittenOncePerThrottleWindow(long secondsAfterLastSeen, Action expected) {
    Instant now = T0.plusSeconds(secondsAfterLastSeen);
    SessionStep step = policy.next(opened, now);

    assertThat(step.action()).isEqualTo(expected);
    if (expected == Action.TOUCH) {
      assertThat(step.session().lastSeenAt()).isEqualTo(now);
      assertThat(step.session().expiresAt()).isEqualTo(now.plus(policy.idleTtl()));
    } else {
      assertThat(step.session()).isSameAs(opened);
    }
  }

  @ParameterizedTest(name = "{0} s after the idle deadline: {1}")
  @CsvSource({"-1, TOUCH", "0, REFUSE_EXPIRED", "1, REFUSE_EXPIRED"})
  void fromTheIdleDeadlineOnTheSessionIsRefused(long secondsAfterDeadline, Action expected) {
    Session longLivedToken =
        opened.withRefreshedTokens(SessionFixtures.tokensExpiringAt(T0.plus(Duration.ofDays(1))));
    Instant now = opened.expiresAt().plusSeconds(secondsAfterDeadline);

    assertThat(policy.next(longLivedToken, now).action()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "revoked {0} s from now: {1}")
  @CsvSource({"1, SERVE", "0, REFUSE_REVOKED", "-1, REFUSE_REVOKED"})
  void aRevokedSessionIsRefusedFromItsRevocationOn(long revokedInSeconds, Action expected) {
    Instant now = T0.plusSeconds(10);
    Session revoked = opened.revoke(now.plusSeconds(revokedInSeconds));

    assertThat(policy.next(revoked, now).action()).isEqualTo(expected);
  }

  @Test
  void aDueRefreshClaimsTheLeaseAndCarriesTheTouchAlong() {
    Instant now = accessExpiry.minusSeconds(30);
    SessionStep step = policy.next(opened, now);

    assertThat(step.action()).isEqualTo(Action.CLAIM_REFRESH);
    assertThat(step.session().refreshLeaseUntil()).isEqualTo(now.plus(SessionPolicy.REFRESH_LEASE));
    assertThat(step.session().lastSeenAt()).isEqualTo(now);
  }

  @ParameterizedTest(name = "lease held, access token expires {0} s from now: {1}")
  @CsvSource({"30, SERVE", "1, SERVE", "0, AWAIT_REFRESH", "-5, AWAIT_REFRESH"})
  void whileAnotherReplicaRefreshesAUsableTokenIsServedAndAnExpiredOneAwaited(
      long accessExpiresInSeconds, Action expected) {
    Instant now = accessExpiry.minusSeconds(accessExpiresInSeconds);
    Session held = opened.withRefreshLease(now.plusSeconds(5));

    SessionStep step = policy.next(held, now);

    assertThat(step.action()).isEqualTo(expected);
    assertThat(step.session()).isSameAs(held);
  }

  @Test
  void aLapsedLeaseIsClaimedAgain() {
    Instant now = accessExpiry.plusSeconds(5);
    Session lapsed = opened.withRefreshLease(now);

    assertThat(policy.next(lapsed, now).action()).isEqualTo(Action.CLAIM_REFRESH);
  }
}
