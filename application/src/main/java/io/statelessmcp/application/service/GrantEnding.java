package io.statelessmcp.application.service;

import io.statelessmcp.application.port.out.GrantTokens;
import io.statelessmcp.application.port.out.SessionWrites;
import io.statelessmcp.domain.SessionId;
import java.time.Instant;
import reactor.core.publisher.Mono;

/**
 * Ends a grant: its session is revoked (which alone stops every token naming it, on every replica)
 * and its tokens are revoked too, so that a later presentation is refused without a session read.
 */
public record GrantEnding(SessionWrites sessions, GrantTokens tokens) {

  public Mono<Void> end(SessionId grant, Instant now) {
    return sessions.revoke(grant, now).then(tokens.revokeGrant(grant, now));
  }
}
