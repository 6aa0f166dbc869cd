package io.statelessmcp.domain;

import java.time.Duration;
import java.time.Instant;

/** Prose-like fixtures: {@code sessionOpenedAt(T0, policyWithTtlHours(1))}. */
final class SessionFixtures {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private SessionFixtures() {}

  /** An absolute lifetime of 90 days keeps it out of the way of the idle rules under test. */
  static SessionPolicy policyWithTtlHours(long hours) {
    return new SessionPolicy(
        Duration.ofHours(hours), Duration.ofDays(90), SessionPolicy.DEFAULT_REFRESH_SKEW);
  }

  static OAuthTokens tokensExpiringAt(Instant accessExpiresAt) {
    return new OAuthTokens("access-token-value", "refresh-token-value", accessExpiresAt);
  }

  static IssuedSession sessionOpenedAt(Instant now, SessionPolicy policy) {
    return policy.open(
        new UserId("user_01"),
        tokensExpiringAt(now.plus(Duration.ofMinutes(5))),
        new UserProfile("ada@example.com", "Ada", "Lovelace"),
        new ClientMetadata("JUnit", "127.0.0.1"),
        now);
  }
}
