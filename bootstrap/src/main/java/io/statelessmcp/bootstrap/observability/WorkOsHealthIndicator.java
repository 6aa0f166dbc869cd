package io.statelessmcp.bootstrap.observability;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.Optional;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The WorkOS circuit breaker in readiness. An open circuit reports {@code DEGRADED}, which still
 * answers 200: a replica keeps serving sessions whose upstream token is valid, so a WorkOS outage
 * must not take every replica out of rotation. Logins and refreshes fail fast meanwhile.
 */
public final class WorkOsHealthIndicator implements HealthIndicator {

  public static final Status DEGRADED = new Status("DEGRADED", "WorkOS circuit open");

  private final Optional<CircuitBreaker> breaker;

  public WorkOsHealthIndicator(Optional<CircuitBreaker> breaker) {
    this.breaker = breaker;
  }

  @Override
  public Health health() {
    if (breaker.isEmpty()) {
      return Health.unknown().withDetail("workos", "not configured").build();
    }
    CircuitBreaker.State state = breaker.get().getState();
    Health.Builder health =
        switch (state) {
          case OPEN, FORCED_OPEN -> Health.status(DEGRADED);
          default -> Health.up();
        };
    return health
        .withDetail("circuitBreaker", state.name())
        .withDetail("failureRate", breaker.get().getMetrics().getFailureRate())
        .build();
  }
}
