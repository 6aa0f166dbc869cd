package io.statelessmcp.bootstrap.maintenance;

import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Runs a piece of reactive work every interval while the application runs. A run still going when
 * the next is due makes that next one skip; a failed run is logged and the next one tries again.
 */
public final class PeriodicTask implements SmartLifecycle {

  private static final Logger LOG = LoggerFactory.getLogger(PeriodicTask.class);

  private final String name;
  private final Duration firstRun;
  private final Duration interval;
  private final Supplier<Mono<?>> work;
  private volatile Disposable running;

  public PeriodicTask(String name, Duration firstRun, Duration interval, Supplier<Mono<?>> work) {
    this.name = name;
    this.firstRun = firstRun;
    this.interval = interval;
    this.work = work;
  }

  /** A task that is switched off: starting it only says so. */
  public static PeriodicTask off(String name, String why) {
    return new PeriodicTask(name + " is off (" + why + ")", Duration.ZERO, Duration.ZERO, null);
  }

  @Override
  public void start() {
    if (work == null) {
      LOG.info("{}", name);
      return;
    }
    running =
        Flux.interval(firstRun, interval, Schedulers.parallel())
            .onBackpressureDrop()
            .concatMap(tick -> Mono.defer(work).onErrorResume(this::logFailure).then(), 0)
            .subscribe();
  }

  private Mono<Object> logFailure(Throwable failure) {
    LOG.warn("{} failed, next run in {}: {}", name, interval, failure.toString());
    return Mono.empty();
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
