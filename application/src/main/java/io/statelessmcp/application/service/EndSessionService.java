package io.statelessmcp.application.service;

import io.statelessmcp.application.port.in.EndSession;
import io.statelessmcp.application.port.in.SessionPrincipal;
import io.statelessmcp.application.port.out.SessionStore;
import java.time.Clock;
import reactor.core.publisher.Mono;

/** Logout. The row stays, revoked, until the purge removes it. */
public final class EndSessionService implements EndSession {

  private final SessionStore store;
  private final Clock clock;

  public EndSessionService(SessionStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  @Override
  public Mono<Void> end(SessionPrincipal principal) {
    if (principal.sessionId() == null) {
      return Mono.empty(); // resource-server mode: there is no session of ours to end
    }
    return store.revoke(principal.sessionId(), clock.instant()).then();
  }
}
