package io.statelessmcp.adapter.out.workos;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The circuit breaker and the (connect-failure only) retry around WorkOS.
 *
 * @param slidingWindowSize how many recent calls the circuit breaker looks at
 * @param minimumNumberOfCalls calls needed before the failure rate counts
 * @param failureRateThreshold percentage of failed calls (5xx, timeout, unreachable) that opens it
 * @param waitInOpenState how long an open circuit fails fast before letting a trial call through
 * @param permittedCallsInHalfOpenState trial calls that decide whether to close again
 * @param connectAttempts attempts in total when the connection is refused or cannot be set up (the
 *     request never left this process); 1 disables the retry
 * @param connectRetryBackoff the first wait between such attempts (doubles each time)
 * @param clock the circuit breaker's clock (tests move it instead of sleeping)
 */
public record WorkOsResilienceSettings(
    int slidingWindowSize,
    int minimumNumberOfCalls,
    float failureRateThreshold,
    Duration waitInOpenState,
    int permittedCallsInHalfOpenState,
    int connectAttempts,
    Duration connectRetryBackoff,
    Clock clock) {

  public WorkOsResilienceSettings {
    if (slidingWindowSize < 1 || minimumNumberOfCalls < 1 || permittedCallsInHalfOpenState < 1) {
      throw new IllegalArgumentException("circuit breaker sizes must be at least 1");
    }
    if (failureRateThreshold <= 0 || failureRateThreshold > 100) {
      throw new IllegalArgumentException("failure rate threshold must be in (0, 100]");
    }
    WorkOsSettings.requirePositive(waitInOpenState, "wait in open state");
    if (connectAttempts < 1) {
      throw new IllegalArgumentException("connect attempts must be at least 1");
    }
    WorkOsSettings.requirePositive(connectRetryBackoff, "connect retry backoff");
    Objects.requireNonNull(clock, "clock");
  }

  /**
   * Opens after half of the last 10 calls (at least 5) failed, fails fast for 30 s, then lets 2
   * trial calls through. A refused connection is tried 3 times, 200 ms then 400 ms apart.
   */
  public static WorkOsResilienceSettings defaults() {
    return new WorkOsResilienceSettings(
        10, 5, 50f, Duration.ofSeconds(30), 2, 3, Duration.ofMillis(200), Clock.systemUTC());
  }

  public WorkOsResilienceSettings withClock(Clock newClock) {
    return new WorkOsResilienceSettings(
        slidingWindowSize,
        minimumNumberOfCalls,
        failureRateThreshold,
        waitInOpenState,
        permittedCallsInHalfOpenState,
        connectAttempts,
        connectRetryBackoff,
        newClock);
  }
}
