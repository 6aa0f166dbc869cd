package io.statelessmcp.bootstrap.maintenance;

import io.statelessmcp.application.port.in.PurgeExpiredSessions;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Runs the purge every interval on every replica. The store deletes with {@code FOR UPDATE SKIP
 * LOCKED}, so replicas never wait for each other and never delete the same row; a run that is still
 * going when the next is due makes the next one skip.
 */
public final class PurgeScheduler implements SmartLifecycle {

  private static final Logger LOG = LoggerFactory.getLogger(PurgeScheduler.class);

  private final PurgeExpiredSessions purge;
  private final Duration interval;
  private final boolean enabled;
  private volatile Disposable running;

  /**
   * @param enabled false when {@code MCP_PURGE_ENABLED=false}, e.g. because pg_cron purges
   */
  public PurgeScheduler(PurgeExpiredSessions purge, Duration interval, boolean enabled) {
    this.purge = purge;
    this.interval = interval;
    this.enabled = enabled;
  }

  @Override
  public void start() {
    if (!enabled) {
      LOG.info("in-app purge of expired sessions is off (MCP_PURGE_ENABLED=false)");
      return;
    }
    running =
        Flux.interval(interval, interval, Schedulers.parallel())
            .onBackpressureDrop()
            .concatMap(tick -> runOnce(), 0)
            .subscribe();
    LOG.info("expired-session purge runs every {}", interval);
  }

  Mono<Void> runOnce() {
    long started = System.nanoTime();
    return purge
        .purge()
        .doOnNext(
            report ->
                LOG.info(
                    "purge: deleted {} expired or revoked sessions and {} expired login states"
                        + " in {} ms",
                    report.sessionsDeleted(),
                    report.loginStatesDeleted(),
                    Duration.ofNanos(System.nanoTime() - started).toMillis()))
        .onErrorResume(
            e -> {
              LOG.warn("purge failed, next run in {}: {}", interval, e.toString());
              return Mono.empty();
            })
        .then();
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
