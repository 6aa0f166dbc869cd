package io.statelessmcp.adapter.out.supabase;

import io.statelessmcp.application.port.out.SessionStore;
import io.statelessmcp.domain.Session;
import io.statelessmcp.domain.SessionId;
import io.statelessmcp.domain.SessionSummary;
import io.statelessmcp.domain.UserId;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A store whose lookups answer only when the test lets them, so a test can order a read's answer
 * against other events. Writes go straight through. Starts closed.
 */
final class GatedStore implements SessionStore {

  private record PendingRead(SessionId id, Sinks.One<Session> answer) {}

  private final SessionStore rows;
  private final Deque<PendingRead> pending = new ArrayDeque<>();
  private PendingRead released;
  private boolean open;
  private boolean failing;
  private int reads;

  GatedStore(SessionStore rows) {
    this.rows = rows;
  }

  /** Answers every waiting lookup, and lets later ones through at once. */
  synchronized void open() {
    open = true;
    failing = false;
    while (!pending.isEmpty()) {
      PendingRead read = pending.poll();
      answer(read, rows.findById(read.id()).blockOptional().orElse(null));
    }
  }

  /** Later lookups wait again. */
  synchronized void close() {
    open = false;
  }

  synchronized void failReads() {
    failing = true;
  }

  /** The oldest waiting lookup reads the row now; its answer arrives with {@link #deliver}. */
  synchronized Session releaseOneRead() {
    released = pending.poll();
    if (released == null) {
      throw new IllegalStateException("no lookup is waiting");
    }
    return rows.findById(released.id()).block();
  }

  synchronized void deliver(Session answer) {
    answer(released, answer);
    released = null;
  }

  synchronized int reads() {
    return reads;
  }

  private static void answer(PendingRead read, Session session) {
    if (session == null) {
      read.answer().tryEmitEmpty();
    } else {
      read.answer().tryEmitValue(session);
    }
  }

  @Override
  public synchronized Mono<Session> findById(SessionId id) {
    reads++;
    if (failing) {
      return Mono.error(new IllegalStateException("database unavailable"));
    }
    if (open) {
      return rows.findById(id);
    }
    Sinks.One<Session> answer = Sinks.one();
    pending.add(new PendingRead(id, answer));
    return answer.asMono();
  }

  @Override
  public Mono<Session> create(Session session) {
    return rows.create(session);
  }

  @Override
  public Mono<Session> compareAndSet(Session updated) {
    return rows.compareAndSet(updated);
  }

  @Override
  public Mono<Boolean> revoke(SessionId id, Instant now) {
    return rows.revoke(id, now);
  }

  @Override
  public Mono<Boolean> revokeAsUser(UserId userId, SessionId id, Instant now) {
    return rows.revokeAsUser(userId, id, now);
  }

  @Override
  public Mono<Integer> deleteExpired(Instant now, int batchSize) {
    return rows.deleteExpired(now, batchSize);
  }

  @Override
  public Mono<Long> countActive(Instant now) {
    return rows.countActive(now);
  }

  @Override
  public Flux<Session> listByUser(UserId userId) {
    return rows.listByUser(userId);
  }

  @Override
  public Flux<SessionSummary> listActiveAsUser(UserId userId, Instant now) {
    return rows.listActiveAsUser(userId, now);
  }
}
