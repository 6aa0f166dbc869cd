package io.statelessmcp.bootstrap.observability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.statelessmcp.application.port.out.SessionHousekeeping;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;

/**
 * {@code mcp.sessions.active}: counted in the database by {@link #refresh()} on a schedule and
 * cached, so a Prometheus scrape never runs a query.
 */
public final class ActiveSessionsGauge {

  private final SessionHousekeeping store;
  private final Clock clock;
  private final AtomicLong active = new AtomicLong(-1);

  public ActiveSessionsGauge(SessionHousekeeping store, Clock clock, MeterRegistry registry) {
    this.store = store;
    this.clock = clock;
    Gauge.builder("mcp.sessions.active", active, AtomicLong::get)
        .description("Active sessions in the store (cached; -1 until first counted)")
        .register(registry);
  }

  public Mono<Long> refresh() {
    return Mono.defer(() -> store.countActive(clock.instant())).doOnNext(active::set);
  }
}
