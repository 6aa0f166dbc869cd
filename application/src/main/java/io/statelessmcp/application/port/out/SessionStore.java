package io.statelessmcp.application.port.out;

import io.statelessmcp.domain.Session;
import io.statelessmcp.domain.SessionId;
import io.statelessmcp.domain.SessionSummary;
import io.statelessmcp.domain.UserId;
import java.time.Instant;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where sessions live. Implementations: PostgreSQL (the default) and an in-memory twin (the
 * rollback path). Both pass the same contract test.
 */
public interface SessionStore {

  /** Stores a new session as given (its version is 0). */
  Mono<Session> create(Session session);

  /**
   * One indexed lookup by public id. Empty when no such session exists. Signals {@link
   * StoredSessionUnreadable} when the row exists but cannot be read back (tampered ciphertext,
   * unknown key): such a session is invalid, never a server error.
   */
  Mono<Session> findById(SessionId id);

  /**
   * Writes {@code updated} only if the stored version still equals {@code updated.version()}. Emits
   * the stored session, whose version is one higher; empty when another writer got there first (or
   * the session is gone). Exactly one of two concurrent writers of one version wins.
   */
  Mono<Session> compareAndSet(Session updated);

  /** Marks a session revoked at {@code now}. Emits true if this call revoked it. */
  Mono<Boolean> revoke(SessionId id, Instant now);

  /**
   * Deletes at most {@code batchSize} sessions that are expired (idle or absolute) or revoked at
   * {@code now}. Concurrent callers never wait for each other and never delete the same row. Emits
   * the number deleted.
   */
  Mono<Integer> deleteExpired(Instant now, int batchSize);

  /** How many sessions are active at {@code now}, for the operators' gauge. */
  Mono<Long> countActive(Instant now);

  /** All stored sessions of a user, newest first, as an operator sees them. */
  Flux<Session> listByUser(UserId userId);

  /**
   * The user's active sessions, newest first, read as that user: on PostgreSQL the database's
   * row-level security, not this code, decides which rows are visible.
   */
  Flux<SessionSummary> listActiveAsUser(UserId userId, Instant now);

  /**
   * Revokes a session as the given user. Emits false when the session is not that user's (the
   * database hides it) or is already revoked.
   */
  Mono<Boolean> revokeAsUser(UserId userId, SessionId id, Instant now);
}
