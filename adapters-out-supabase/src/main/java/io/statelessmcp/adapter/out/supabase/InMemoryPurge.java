package io.statelessmcp.adapter.out.supabase;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * When an in-memory OAuth store drops what the database's purge would have deleted: on a write, at
 * most once a minute (of the instants the writes carry), so a write rarely pays for a scan.
 */
final class InMemoryPurge {

  static final Duration INTERVAL = Duration.ofMinutes(1);

  private final AtomicReference<Instant> last = new AtomicReference<>(Instant.MIN);

  /** Runs {@code purge} at {@code now} if a minute has passed since the last run. */
  void ifDue(Instant now, Consumer<Instant> purge) {
    Instant previous = last.get();
    if (previous != Instant.MIN && now.isBefore(previous.plus(INTERVAL))) {
      return;
    }
    if (last.compareAndSet(previous, now)) {
      purge.accept(now);
    }
  }
}
