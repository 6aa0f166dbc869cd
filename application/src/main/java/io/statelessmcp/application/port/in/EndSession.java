package io.statelessmcp.application.port.in;

import reactor.core.publisher.Mono;

/** Logout: revokes the session the credential belongs to. Idempotent. */
public interface EndSession {

  Mono<Void> end(Principal principal);
}
