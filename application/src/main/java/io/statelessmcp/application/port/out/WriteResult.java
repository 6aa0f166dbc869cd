package io.statelessmcp.application.port.out;

import io.statelessmcp.domain.Session;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What a compare-and-set did. A loser gets the stored session with its answer, so it can decide
 * again without reading the row a second time.
 */
public sealed interface WriteResult {

  /** Handles every outcome; adding one breaks every caller at compile time, as it should. */
  <T> T fold(Function<Session, T> written, Function<Session, T> conflict, Supplier<T> gone);

  /** The session as stored once this write was tried (written or not); empty when it is gone. */
  default Optional<Session> storedNow() {
    return fold(Optional::of, Optional::of, Optional::empty);
  }

  static WriteResult written(Session stored) {
    return new Written(stored);
  }

  static WriteResult conflict(Session current) {
    return new Conflict(current);
  }

  static WriteResult gone() {
    return new Gone();
  }

  /** The write happened; {@code stored} carries the new version. */
  record Written(Session stored) implements WriteResult {
    public Written {
      Objects.requireNonNull(stored, "stored");
    }

    @Override
    public <T> T fold(
        Function<Session, T> written, Function<Session, T> conflict, Supplier<T> gone) {
      return written.apply(stored);
    }
  }

  /** Another writer got there first; {@code current} is the session as stored now. */
  record Conflict(Session current) implements WriteResult {
    public Conflict {
      Objects.requireNonNull(current, "current");
    }

    @Override
    public <T> T fold(
        Function<Session, T> written, Function<Session, T> conflict, Supplier<T> gone) {
      return conflict.apply(current);
    }
  }

  /** The session no longer exists (purged). */
  record Gone() implements WriteResult {
    @Override
    public <T> T fold(
        Function<Session, T> written, Function<Session, T> conflict, Supplier<T> gone) {
      return gone.get();
    }
  }
}
