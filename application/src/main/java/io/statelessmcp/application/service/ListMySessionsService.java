package io.statelessmcp.application.service;

import io.statelessmcp.application.port.in.ListMySessions;
import io.statelessmcp.application.port.in.SessionPrincipal;
import io.statelessmcp.application.port.out.SessionStore;
import io.statelessmcp.domain.SessionSummary;
import java.time.Clock;
import reactor.core.publisher.Flux;

public final class ListMySessionsService implements ListMySessions {

  private final SessionStore store;
  private final Clock clock;

  public ListMySessionsService(SessionStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  @Override
  public Flux<SessionSummary> list(SessionPrincipal principal) {
    return store.listActiveAsUser(principal.userId(), clock.instant());
  }
}
