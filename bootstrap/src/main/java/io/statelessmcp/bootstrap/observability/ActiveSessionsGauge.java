package io.statelessmcp.bootstrap.observability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.statelessmcp.application.port.out.SessionStore;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code mcp.sessions.active}: counted in the database every refresh interval and cached, so a
 * Prometheus scrape never runs a query.
 */
public final class ActiveSessionsGauge implements SmartLifecycle {

  private final SessionStore store;
  private final Clock clock;
  private final Duration refresh;
  private final AtomicLong active = new AtomicLong(-1);
  private volatile Disposable running;

  public ActiveSessionsGauge(
      SessionStore store, Clock clock, Duration refresh, MeterRegistry registry) {
    this.store = store;
    this.clock = clock;
    this.refresh = refresh;
    Gauge.builder("mcp.sessions.active", active, AtomicLong::get)
        .description("Active sessions in the store (cached; -1 until first counted)")
        .register(registry);
  }

  @Override
  public void start() {
    running =
        Flux.interval(Duration.ZERO, refresh, Schedulers.parallel())
            .onBackpressureDrop()
            .concatMap(
                tick ->
                    store
                        .countActive(clock.instant())
                        .doOnNext(active::set)
                        .onErrorResume(e -> Mono.empty()),
                0)
            .subscribe();
  }

  @Override
  public void stop() {
    Disposable current = running;
    if (current != null) {
      current.dispose();
    }
    running = null;
  }

  @Override
  public boolean isRunning() {
    return running != null && !running.isDisposed();
  }
}
