package io.statelessmcp.bootstrap.maintenance;

import io.statelessmcp.application.port.in.PurgeExpiredSessions;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * One run of the in-app purge, on every replica every interval. The store deletes with {@code FOR
 * UPDATE SKIP LOCKED}, so replicas never wait for each other and never delete the same row.
 */
public final class PurgeScheduler {

  private static final Logger LOG = LoggerFactory.getLogger(PurgeScheduler.class);

  private final PurgeExpiredSessions purge;

  public PurgeScheduler(PurgeExpiredSessions purge) {
    this.purge = purge;
  }

  /** Purges once and logs one line with the counts. */
  public Mono<Void> runOnce() {
    return Mono.defer(
        () -> {
          long started = System.nanoTime();
          return purge
              .purge()
              .doOnNext(
                  report ->
                      LOG.info(
                          "purge: deleted {} expired or revoked sessions and {} expired login"
                              + " states in {} ms",
                          report.sessionsDeleted(),
                          report.loginStatesDeleted(),
                          Duration.ofNanos(System.nanoTime() - started).toMillis()))
              .then();
        });
  }
}
