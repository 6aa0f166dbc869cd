package io.statelessmcp.application.port.out;

import io.statelessmcp.domain.SessionId;
import io.statelessmcp.domain.SessionSummary;
import io.statelessmcp.domain.UserId;
import java.time.Instant;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A user's own sessions, read and changed as that user: on PostgreSQL the database's row-level
 * security, not this code, decides which rows are visible.
 */
public interface UserSessions {

  /** The user's active sessions, newest first. */
  Flux<SessionSummary> listActive(UserId userId, Instant now);

  /**
   * Revokes a session as the given user. Emits false when the session is not that user's (the
   * database hides it) or is already revoked.
   */
  Mono<Boolean> revoke(UserId userId, SessionId id, Instant now);
}
