package io.statelessmcp.application.port.out;

import io.statelessmcp.domain.Session;
import io.statelessmcp.domain.SessionId;
import java.time.Instant;
import reactor.core.publisher.Mono;

/** The writes of a session's life, safe for any number of replicas writing at once. */
public interface SessionWrites {

  /** Stores a new session as given (its version is 0). */
  Mono<Session> create(Session session);

  /**
   * Writes {@code updated} only if the stored version still equals {@code updated.version()}, and
   * says what happened: written (the stored session, one version higher), a conflict carrying the
   * session as it is stored now, or gone. Exactly one of two concurrent writers of one version
   * wins. A stored revocation is never undone by a writer that read the session before it.
   */
  Mono<WriteResult> compareAndSet(Session updated);

  /** Marks a session revoked at {@code now}. Emits true if this call revoked it. */
  Mono<Boolean> revoke(SessionId id, Instant now);
}
