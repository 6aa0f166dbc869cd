package io.statelessmcp.application.service;

import io.statelessmcp.application.port.in.EndSession;
import io.statelessmcp.application.port.in.Principal;
import io.statelessmcp.application.port.out.SessionWrites;
import java.time.Clock;
import reactor.core.publisher.Mono;

/** Logout. The row stays, revoked, until the purge removes it. */
public record EndSessionService(SessionWrites writes, Clock clock) implements EndSession {

  @Override
  public Mono<Void> end(Principal principal) {
    return principal.fold(
        session -> writes.revoke(session.sessionId(), clock.instant()).then(),
        token -> Mono.empty()); // a foreign token: there is no session of ours to end
  }
}
