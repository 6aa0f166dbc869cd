package io.statelessmcp.application.port.in;

import reactor.core.publisher.Mono;

/** Deletes OAuth client registrations that expired unused (no session names them). */
public interface PurgeExpiredClients {

  /** Emits how many clients were deleted. */
  Mono<Integer> purge();
}
