package io.statelessmcp.domain;

import static io.statelessmcp.domain.SessionFixtures.T0;
import static io.statelessmcp.domain.SessionFixtures.policyWithTtlHours;
import static io.statelessmcp.domain.SessionFixtures.sessionOpenedAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BiPredicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class SessionPolicyTest {

  static Stream<Arguments> invalidPolicies() {
    return Stream.of(
        Arguments.of(Duration.ZERO, Duration.ofDays(30), Duration.ofSeconds(60), "idle TTL"),
        Arguments.of(Duration.ofHours(-1), Duration.ofDays(30), Duration.ofSeconds(60), "idle TTL"),
        Arguments.of(
            Duration.ofHours(24),
            Duration.ofHours(23),
            Duration.ofSeconds(60),
            "absolute lifetime"),
        Arguments.of(
            Duration.ofHours(24), Duration.ofDays(30), Duration.ofSeconds(-1), "refresh skew"));
  }

  @ParameterizedTest
  @MethodSource("invalidPolicies")
  void rejectsInvalidPoliciesAtConstruction(
      Duration ttl, Duration absolute, Duration skew, String named) {
    assertThatThrownBy(() -> new SessionPolicy(ttl, absolute, skew))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(named);
  }

  @Test
  void acceptsAbsoluteLifetimeEqualToTtl() {
    SessionPolicy policy =
        new SessionPolicy(Duration.ofHours(2), Duration.ofHours(2), Duration.ZERO);
    assertThat(policy.absoluteLifetime()).isEqualTo(policy.idleTtl());
  }

  @ParameterizedTest(name = "TTL {0} h throttles writes to one per {1} s")
  @CsvSource({"1, 60", "24, 864", "100, 3600", "720, 25920"})
  void touchThrottleIsTheLargerOfOneMinuteAndOnePercentOfTtl(long ttlHours, long seconds) {
    assertThat(policyWithTtlHours(ttlHours).touchThrottle()).isEqualTo(Duration.ofSeconds(seconds));
  }

  @ParameterizedTest(name = "TTL {0} h, {1} s after the idle deadline: {2}")
  @CsvSource({
    "1, -1, ACTIVE",
    "1, 0, IDLE_EXPIRED",
    "1, 1, IDLE_EXPIRED",
    "720, -1, ACTIVE",
    "720, 0, IDLE_EXPIRED",
    "720, 1, IDLE_EXPIRED"
  })
  void idleDeadlineBoundaries(long ttlHours, long secondsAfterDeadline, SessionStatus expected) {
    SessionPolicy policy = policyWithTtlHours(ttlHours);
    Session session = sessionOpenedAt(T0, policy).session();

    Instant at = T0.plus(Duration.ofHours(ttlHours)).plusSeconds(secondsAfterDeadline);

    assertThat(session.statusAt(at)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} s after the absolute deadline: {1}")
  @CsvSource({"-1, ACTIVE", "0, ABSOLUTE_EXPIRED", "1, ABSOLUTE_EXPIRED"})
  void absoluteDeadlineBoundariesOfAContinuouslyActiveSession(
      long secondsAfterDeadline, SessionStatus expected) {
    SessionPolicy policy =
        new SessionPolicy(
            Duration.ofHours(1), Duration.ofHours(3), SessionPolicy.DEFAULT_REFRESH_SKEW);
    Session session = sessionOpenedAt(T0, policy).session();
    // Keep it busy: touch every throttle window until the idle deadline reaches the absolute one.
    for (Instant t = T0; t.isBefore(T0.plus(Duration.ofHours(3))); t = t.plusSeconds(60)) {
      if (policy.touch(session, t) instanceof TouchDecision.Extend extend) {
        session = extend.session();
      }
    }
    assertThat(session.expiresAt()).isEqualTo(session.absoluteExpiresAt());

    Instant at = T0.plus(Duration.ofHours(3)).plusSeconds(secondsAfterDeadline);
    assertThat(session.statusAt(at)).isEqualTo(expected);
  }

  @Test
  void idleExpiryComesFirstForAnIdleSession() {
    SessionPolicy policy = policyWithTtlHours(1);
    Session session = sessionOpenedAt(T0, policy).session();

    assertThat(session.expiresAt()).isEqualTo(T0.plus(Duration.ofHours(1)));
    assertThat(session.absoluteExpiresAt()).isEqualTo(T0.plus(Duration.ofDays(90)));
    assertThat(session.statusAt(T0.plus(Duration.ofHours(2))))
        .isEqualTo(SessionStatus.IDLE_EXPIRED);
  }

  @Test
  void absoluteExpiryCapsTheIdleDeadlineAtOpening() {
    SessionPolicy policy =
        new SessionPolicy(Duration.ofHours(24), Duration.ofHours(24), Duration.ZERO);
    Session session = sessionOpenedAt(T0, policy).session();

    assertThat(session.expiresAt()).isEqualTo(session.absoluteExpiresAt());
  }

  @ParameterizedTest(name = "TTL {0} h, touched {1} s after the last write: extends={2}")
  @CsvSource({
    "1, 0, false",
    "1, 59, false",
    "1, 60, true",
    "1, 61, true",
    "720, 25919, false",
    "720, 25920, true",
    "720, 25921, true"
  })
  void touchWritesOnlyOnceTheThrottleWindowHasPassed(
      long ttlHours, long secondsAfterLastWrite, boolean extends_) {
    SessionPolicy policy = policyWithTtlHours(ttlHours);
    Session session = sessionOpenedAt(T0, policy).session();
    Instant now = T0.plusSeconds(secondsAfterLastWrite);

    TouchDecision decision = policy.touch(session, now);

    if (extends_) {
      assertThat(decision).isInstanceOf(TouchDecision.Extend.class);
      Session extended = ((TouchDecision.Extend) decision).session();
      assertThat(extended.lastSeenAt()).isEqualTo(now);
      assertThat(extended.expiresAt()).isEqualTo(now.plus(Duration.ofHours(ttlHours)));
      assertThat(extended.version()).isEqualTo(session.version());
    } else {
      assertThat(decision).isInstanceOf(TouchDecision.NoWriteNeeded.class);
    }
  }

  @Test
  void touchNeverExtendsBeyondTheAbsoluteDeadline() {
    SessionPolicy policy =
        new SessionPolicy(
            Duration.ofHours(1), Duration.ofHours(2), SessionPolicy.DEFAULT_REFRESH_SKEW);
    Session session = sessionOpenedAt(T0, policy).session();
    Instant lateButActive = T0.plus(Duration.ofMinutes(90));

    Session extended =
        ((TouchDecision.Extend)
                policy.touch(
                    session.withActivity(
                        T0.plus(Duration.ofMinutes(45)), T0.plus(Duration.ofMinutes(105))),
                    lateButActive))
            .session();

    assertThat(extended.expiresAt()).isEqualTo(T0.plus(Duration.ofHours(2)));
  }

  @Test
  void touchNeverRevivesAnExpiredOrRevokedSession() {
    SessionPolicy policy = policyWithTtlHours(1);
    Session session = sessionOpenedAt(T0, policy).session();

    assertThat(policy.touch(session, T0.plus(Duration.ofHours(1))))
        .isInstanceOf(TouchDecision.NoWriteNeeded.class);
    assertThat(policy.touch(session.revoke(T0.plusSeconds(10)), T0.plusSeconds(120)))
        .isInstanceOf(TouchDecision.NoWriteNeeded.class);
  }

  @ParameterizedTest(name = "{0} s before the access token expires: refresh={1}")
  @CsvSource({"61, false", "60, true", "59, true", "0, true", "-30, true"})
  void needsRefreshWithinTheSkew(long secondsBeforeExpiry, boolean refresh) {
    SessionPolicy policy = SessionPolicy.defaults();

    assertThat(beforeAccessExpiry(policy, secondsBeforeExpiry, policy::needsRefresh))
        .isEqualTo(refresh);
  }

  @ParameterizedTest(name = "{0} s before the access token expires: usable={1}")
  @CsvSource({"1, true", "0, false", "-1, false"})
  void accessTokenIsUsableStrictlyBeforeItsExpiry(long secondsBeforeExpiry, boolean usable) {
    SessionPolicy policy = SessionPolicy.defaults();

    assertThat(beforeAccessExpiry(policy, secondsBeforeExpiry, policy::accessTokenUsable))
        .isEqualTo(usable);
  }

  /** What {@code check} says of a new session this many seconds before its access token expires. */
  private static boolean beforeAccessExpiry(
      SessionPolicy policy, long secondsBeforeExpiry, BiPredicate<Session, Instant> check) {
    Session session = sessionOpenedAt(T0, policy).session();
    Instant accessExpiry = session.tokens().accessExpiresAt();
    return check.test(session, accessExpiry.minusSeconds(secondsBeforeExpiry));
  }

  @ParameterizedTest(name = "revoked at T0+10s, checked {0} s later: {1}")
  @CsvSource({"-1, ACTIVE", "0, REVOKED", "1, REVOKED"})
  void revocationTakesEffectAtItsInstant(long secondsAfterRevocation, SessionStatus expected) {
    SessionPolicy policy = SessionPolicy.defaults();
    Instant revokedAt = T0.plusSeconds(10);
    Session revoked = sessionOpenedAt(T0, policy).session().revoke(revokedAt);

    assertThat(revoked.statusAt(revokedAt.plusSeconds(secondsAfterRevocation))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "lease ends {0} s from now, refresh due={1}: {2}")
  @CsvSource({
    ", false, NOT_DUE",
    ", true, CLAIM",
    "1, true, HELD_ELSEWHERE",
    "0, true, CLAIM",
    "-1, true, CLAIM",
    "1, false, NOT_DUE"
  })
  void oneReplicaAtATimeClaimsTheRefresh(Long leaseEndsInSeconds, boolean due, RefreshPlan plan) {
    SessionPolicy policy = SessionPolicy.defaults();
    Session session = sessionOpenedAt(T0, policy).session();
    Instant now = due ? session.tokens().accessExpiresAt().minusSeconds(30) : T0.plusSeconds(1);
    if (leaseEndsInSeconds != null) {
      session = session.withRefreshLease(now.plusSeconds(leaseEndsInSeconds));
    }

    assertThat(policy.refreshPlan(session, now)).isEqualTo(plan);
  }

  @Test
  void aClaimHoldsTheLeaseForItsDurationAndRefreshedTokensReleaseIt() {
    SessionPolicy policy = SessionPolicy.defaults();
    Session session = sessionOpenedAt(T0, policy).session();
    Instant now = session.tokens().accessExpiresAt().minusSeconds(30);

    Session claimed = policy.claimRefresh(session, now);

    assertThat(claimed.refreshLeaseUntil()).isEqualTo(now.plus(SessionPolicy.REFRESH_LEASE));
    assertThat(policy.refreshPlan(claimed, now.plusSeconds(1)))
        .isEqualTo(RefreshPlan.HELD_ELSEWHERE);
    Session refreshed =
        claimed.withRefreshedTokens(
            SessionFixtures.tokensExpiringAt(now.plus(Duration.ofMinutes(5))));
    assertThat(refreshed.refreshLeaseUntil()).isNull();
    assertThat(policy.refreshPlan(refreshed, now.plusSeconds(1))).isEqualTo(RefreshPlan.NOT_DUE);
  }
}
