package io.statelessmcp.application.port.out;

import io.statelessmcp.domain.Session;
import io.statelessmcp.domain.SessionId;
import reactor.core.publisher.Mono;

/** Finds a session by its public id: the one read of the hot path. */
public interface SessionLookup {

  /**
   * One indexed lookup. Empty when no such session exists. Signals {@link StoredSessionUnreadable}
   * when the row exists but cannot be read back (tampered ciphertext, unknown key): such a session
   * is invalid, never a server error.
   */
  Mono<Session> findById(SessionId id);
}
