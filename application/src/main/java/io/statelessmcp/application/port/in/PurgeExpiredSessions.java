package io.statelessmcp.application.port.in;

import reactor.core.publisher.Mono;

/** Deletes expired and revoked sessions, and expired login states, in batches. */
public interface PurgeExpiredSessions {

  Mono<PurgeReport> purge();

  record PurgeReport(int sessionsDeleted, int loginStatesDeleted) {}
}
