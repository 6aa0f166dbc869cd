package io.statelessmcp.domain.testing;

import java.time.Duration;

/** A sleep for tests that wait in real time, with the interrupt handled once. */
public final class Pause {

  private Pause() {}

  public static void of(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while pausing", e);
    }
  }
}
