package io.statelessmcp.adapter.out.supabase;

import io.statelessmcp.application.port.out.SessionLookup;
import io.statelessmcp.domain.Session;
import io.statelessmcp.domain.SessionId;
import java.util.ArrayDeque;
import java.util.Deque;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Lookups that answer only when the test lets them, so a test can order a read's answer against
 * other events. Starts closed.
 */
final class GatedStore implements SessionLookup {

  private record PendingRead(SessionId id, Sinks.One<Session> answer) {}

  private final SessionLookup rows;
  private final Deque<PendingRead> pending = new ArrayDeque<>();
  private PendingRead released;
  private boolean open;
  private boolean failing;
  private int reads;

  GatedStore(SessionLookup rows) {
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
}
