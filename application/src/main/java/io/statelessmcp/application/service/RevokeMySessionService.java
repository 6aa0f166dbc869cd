package io.statelessmcp.application.service;

import io.statelessmcp.application.port.in.Principal;
import io.statelessmcp.application.port.in.RevokeMySession;
import io.statelessmcp.application.port.out.UserSessions;
import io.statelessmcp.domain.SessionId;
import java.time.Clock;
import reactor.core.publisher.Mono;

public record RevokeMySessionService(UserSessions sessions, Clock clock)
    implements RevokeMySession {

  @Override
  public Mono<Boolean> revoke(Principal principal, SessionId sessionId) {
    return sessions.revoke(principal.userId(), sessionId, clock.instant());
  }
}
