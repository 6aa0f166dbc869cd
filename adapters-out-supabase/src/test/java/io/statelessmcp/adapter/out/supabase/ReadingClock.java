package io.statelessmcp.adapter.out.supabase;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock the test moves by hand: it reads whatever instant {@code now} holds. */
final class ReadingClock extends Clock {
  private final AtomicReference<Instant> now;

  ReadingClock(AtomicReference<Instant> now) {
    this.now = now;
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
