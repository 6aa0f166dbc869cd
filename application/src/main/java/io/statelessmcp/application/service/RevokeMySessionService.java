package io.statelessmcp.application.service;

import io.statelessmcp.application.port.in.RevokeMySession;
import io.statelessmcp.application.port.in.SessionPrincipal;
import io.statelessmcp.application.port.out.SessionStore;
import io.statelessmcp.domain.SessionId;
import java.time.Clock;
import reactor.core.publisher.Mono;

public final class RevokeMySessionService implements RevokeMySession {

  private final SessionStore store;
  private final Clock clock;

  public RevokeMySessionService(SessionStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  @Override
  public Mono<Boolean> revoke(SessionPrincipal principal, SessionId sessionId) {
    return store.revokeAsUser(principal.userId(), sessionId, clock.instant());
  }
}
