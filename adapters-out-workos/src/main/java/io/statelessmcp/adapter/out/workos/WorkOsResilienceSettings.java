package io.statelessmcp.adapter.out.workos;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The circuit breaker and the (connect-failure only) retry around WorkOS.
 *
 * @param slidingWindow how far back the circuit breaker looks (whole seconds): only calls that
 *     ended within it count, so failures from before WorkOS recovered cannot open it later
 * @param minimumNumberOfCalls calls needed within the window before the failure rate counts
 * @param failureRateThreshold percentage of failed calls (5xx, timeout, unreachable) that opens it
 * @param waitInOpenState how long an open circuit fails fast; then it turns half-open by itself
 *     (readiness shows it without waiting for a call) and lets trial calls through
 * @param permittedCallsInHalfOpenState trial calls that decide whether to close again
 * @param connectAttempts attempts in total when the connection is refused or cannot be set up (the
 *     request never left this process); 1 disables the retry
 * @param connectRetryBackoff the first wait between such attempts (doubles each time)
 * @param clock the circuit breaker's clock, for its window and its open state (tests move it
 *     instead of sleeping)
 */
public record WorkOsResilienceSettings(
    Duration slidingWindow,
    int minimumNumberOfCalls,
    float failureRateThreshold,
    Duration waitInOpenState,
    int permittedCallsInHalfOpenState,
    int connectAttempts,
    Duration connectRetryBackoff,
    Clock clock) {

  public static final Duration DEFAULT_SLIDING_WINDOW = Duration.ofSeconds(10);
  public static final Duration DEFAULT_WAIT_IN_OPEN_STATE = Duration.ofSeconds(5);

  public WorkOsResilienceSettings {
    WorkOsSettings.requirePositive(slidingWindow, "sliding window");
    if (slidingWindow.toMillis() % 1000 != 0 || slidingWindow.toSeconds() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("sliding window must be a whole number of seconds");
    }
    if (minimumNumberOfCalls < 1 || permittedCallsInHalfOpenState < 1) {
      throw new IllegalArgumentException("circuit breaker call counts must be at least 1");
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
   * Opens when half of the calls of the last 10 s (at least 5 of them) failed, fails fast for 5 s,
   * then lets 3 trial calls through. A refused connection is tried 3 times, 200 ms then 400 ms
   * apart.
   */
  public static WorkOsResilienceSettings defaults() {
    return new WorkOsResilienceSettings(
        DEFAULT_SLIDING_WINDOW,
        5,
        50f,
        DEFAULT_WAIT_IN_OPEN_STATE,
        3,
        3,
        Duration.ofMillis(200),
        Clock.systemUTC());
  }

  /** The same with another window and open-state wait (the two settings operators tune). */
  public WorkOsResilienceSettings withBreakerTimes(Duration window, Duration openWait) {
    return new WorkOsResilienceSettings(
        window,
        minimumNumberOfCalls,
        failureRateThreshold,
        openWait,
        permittedCallsInHalfOpenState,
        connectAttempts,
        connectRetryBackoff,
        clock);
  }

  public WorkOsResilienceSettings withClock(Clock newClock) {
    return new WorkOsResilienceSettings(
        slidingWindow,
        minimumNumberOfCalls,
        failureRateThreshold,
        waitInOpenState,
        permittedCallsInHalfOpenState,
        connectAttempts,
        connectRetryBackoff,
        newClock);
  }
}
