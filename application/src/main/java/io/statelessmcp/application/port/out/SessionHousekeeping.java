package io.statelessmcp.application.port.out;

import java.time.Instant;
import reactor.core.publisher.Mono;

/** Work on all sessions at once, for the purge and the operators' gauge. */
public interface SessionHousekeeping {

  /**
   * Deletes at most {@code batchSize} sessions that are expired (idle or absolute) or revoked at
   * {@code now}. Concurrent callers never wait for each other and never delete the same row. Emits
   * the number deleted.
   */
  Mono<Integer> deleteExpired(Instant now, int batchSize);

  /** How many sessions are active at {@code now}. */
  Mono<Long> countActive(Instant now);
}
