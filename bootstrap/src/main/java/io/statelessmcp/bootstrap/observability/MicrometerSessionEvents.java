package io.statelessmcp.bootstrap.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.statelessmcp.application.port.out.SessionEvents;
import java.time.Duration;

/** Session metrics, exported at {@code /actuator/prometheus}. */
public final class MicrometerSessionEvents implements SessionEvents {

  private final MeterRegistry registry;
  private final Counter created;
  private final Counter purgedSessions;
  private final Counter purgedLoginStates;
  private final Timer resolveLatency;

  public MicrometerSessionEvents(MeterRegistry registry) {
    this.registry = registry;
    this.created = counter("mcp.sessions.opened", "Sessions opened by a login");
    this.purgedSessions =
        counter("mcp.sessions.purged", "Expired or revoked sessions deleted by the in-app purge");
    this.purgedLoginStates =
        counter("mcp.login.states.purged", "Expired pending logins deleted by the in-app purge");
    this.resolveLatency =
        Timer.builder("mcp.sessions.resolve.latency")
            .description("Time to authenticate a request's session credential")
            .publishPercentileHistogram()
            .register(registry);
  }

  private Counter counter(String name, String description) {
    return Counter.builder(name).description(description).register(registry);
  }

  @Override
  public void sessionResolved(String outcome, Duration latency) {
    Counter.builder("mcp.sessions.resolved")
        .description("Session credentials checked, by outcome")
        .tag("outcome", outcome)
        .register(registry)
        .increment();
    resolveLatency.record(latency);
  }

  @Override
  public void sessionCreated() {
    created.increment();
  }

  @Override
  public void upstreamRefresh(String outcome) {
    Counter.builder("mcp.upstream.refresh")
        .description("Refreshes of users' upstream tokens, by outcome")
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  @Override
  public void purged(int sessions, int loginStates) {
    purgedSessions.increment(sessions);
    purgedLoginStates.increment(loginStates);
  }
}
