package io.statelessmcp.application.service;

import io.statelessmcp.application.port.in.PurgeExpiredSessions;
import io.statelessmcp.application.port.out.LoginStateStore;
import io.statelessmcp.application.port.out.SessionEvents;
import io.statelessmcp.application.port.out.SessionHousekeeping;
import java.time.Clock;
import java.time.Instant;
import reactor.core.publisher.Mono;

/**
 * Deletes expired and revoked sessions batch by batch until a batch comes back short, or the batch
 * budget of one run is spent, so one run never holds the database for long.
 */
public record PurgeExpiredSessionsService(
    SessionHousekeeping sessions,
    LoginStateStore loginStates,
    int batchSize,
    int maxBatchesPerRun,
    Clock clock,
    SessionEvents events)
    implements PurgeExpiredSessions {

  public PurgeExpiredSessionsService {
    if (batchSize < 1 || maxBatchesPerRun < 1) {
      throw new IllegalArgumentException("batch size and batches per run must be positive");
    }
  }

  @Override
  public Mono<PurgeReport> purge() {
    return Mono.defer(
        () -> {
          Instant now = clock.instant();
          return purgeSessions(now, 0, 0)
              .zipWith(loginStates.deleteExpired(now), PurgeReport::new)
              .doOnNext(r -> events.purged(r.sessionsDeleted(), r.loginStatesDeleted()));
        });
  }

  private Mono<Integer> purgeSessions(Instant now, int batchesDone, int deletedSoFar) {
    return sessions
        .deleteExpired(now, batchSize)
        .flatMap(
            deleted -> {
              int total = deletedSoFar + deleted;
              boolean more = deleted == batchSize && batchesDone + 1 < maxBatchesPerRun;
              return more ? purgeSessions(now, batchesDone + 1, total) : Mono.just(total);
            });
  }
}
