package io.statelessmcp.application.port.in;

import io.statelessmcp.domain.SessionId;
import reactor.core.publisher.Mono;

/** Revokes one of the caller's own sessions; another user's id is refused by the database. */
public interface RevokeMySession {

  /** Emits true when revoked; false when no active session of the caller has that id. */
  Mono<Boolean> revoke(Principal principal, SessionId sessionId);
}
