package io.statelessmcp.application.port.out;

import io.statelessmcp.domain.Session;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What a compare-and-set did. A loser gets the stored session with its answer, so it can decide
 * again without reading the row a second time.
 *
 * @param session the stored session: the one written, or the one that won; null when gone
 */
public record WriteResult(Outcome outcome, Session session) {

  public enum Outcome {
    /** The write happened; the session carries the new version. */
    WRITTEN,
    /** Another writer got there first; the session is as stored now. */
    CONFLICT,
    /** The session no longer exists (purged). */
    GONE
  }

  public WriteResult {
    Objects.requireNonNull(outcome, "outcome");
    if ((outcome == Outcome.GONE) != (session == null)) {
      throw new IllegalArgumentException("a session comes with WRITTEN and CONFLICT only");
    }
  }

  public static WriteResult written(Session stored) {
    return new WriteResult(Outcome.WRITTEN, stored);
  }

  public static WriteResult conflict(Session current) {
    return new WriteResult(Outcome.CONFLICT, current);
  }

  public static WriteResult gone() {
    return new WriteResult(Outcome.GONE, null);
  }

  /** Handles every outcome; the switch makes the compiler check that none is forgotten. */
  public <T> T fold(Function<Session, T> written, Function<Session, T> conflict, Supplier<T> gone) {
    return switch (outcome) {
      case WRITTEN -> written.apply(session);
      case CONFLICT -> conflict.apply(session);
      case GONE -> gone.get();
    };
  }

  /** The session as stored once this write was tried (written or not); empty when it is gone. */
  public Optional<Session> storedNow() {
    return Optional.ofNullable(session);
  }
}
