package io.statelessmcp.application.port.in;

import io.statelessmcp.domain.SessionSummary;
import reactor.core.publisher.Flux;

/** The caller's own active sessions, with ownership enforced by the database. */
public interface ListMySessions {

  Flux<SessionSummary> list(Principal principal);
}
