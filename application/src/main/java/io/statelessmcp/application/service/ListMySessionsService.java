package io.statelessmcp.application.service;

import io.statelessmcp.application.port.in.ListMySessions;
import io.statelessmcp.application.port.in.Principal;
import io.statelessmcp.application.port.out.UserSessions;
import io.statelessmcp.domain.SessionSummary;
import java.time.Clock;
import reactor.core.publisher.Flux;

public record ListMySessionsService(UserSessions sessions, Clock clock) implements ListMySessions {

  @Override
  public Flux<SessionSummary> list(Principal principal) {
    return sessions.listActive(principal.userId(), clock.instant());
  }
}
