package io.statelessmcp.adapter.out.supabase;

import io.statelessmcp.application.port.out.SessionChanges;
import io.statelessmcp.domain.SessionId;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The waiting side of {@link SessionChanges}, fed by whatever hears of writes: the database's
 * notifications ({@link PostgresSessionChanges}) or the in-memory store itself. Remembers the
 * latest version announced per session, so an announcement that arrives between a waiter's read and
 * its wait is not missed.
 */
final class SessionAnnouncements implements SessionChanges {

  private static final int REMEMBERED_SESSIONS = 10_000;
  private static final Duration EMIT_RETRY = Duration.ofMillis(10);

  private record Announcement(String sessionId, long version) {}

  private final Sinks.Many<Announcement> announcements =
      Sinks.many().multicast().directBestEffort();
  private final Map<String, Long> latest = new ConcurrentHashMap<>();
  private volatile Duration fallback;

  SessionAnnouncements(Duration fallback) {
    this.fallback = fallback;
  }

  /** How long a waiter waits when no announcement comes: short while announcements may be lost. */
  void fallbackAfter(Duration fallback) {
    this.fallback = fallback;
  }

  Duration fallback() {
    return fallback;
  }

  /** The highest version announced for a session, or -1 when none is remembered. */
  long latestVersion(SessionId id) {
    return latest.getOrDefault(id.value(), -1L);
  }

  void announce(String sessionId, long version) {
    if (!SessionId.isWellFormed(sessionId)) {
      return;
    }
    if (latest.size() >= REMEMBERED_SESSIONS && !latest.containsKey(sessionId)) {
      latest.clear(); // bounded memory; a waiter then falls back to its poll at worst
    }
    latest.merge(sessionId, version, Math::max);
    announcements.emitNext(
        new Announcement(sessionId, version), Sinks.EmitFailureHandler.busyLooping(EMIT_RETRY));
  }

  @Override
  public Mono<Void> awaitChange(SessionId id, long seenVersion) {
    String key = id.value();
    // Subscribe first, then look at what was already announced: nothing falls between the two.
    Mono<Void> announced =
        announcements
            .asFlux()
            .filter(a -> a.sessionId().equals(key) && a.version() > seenVersion)
            .next()
            .then();
    Mono<Void> alreadyAnnounced =
        Mono.defer(() -> announcedAbove(key, seenVersion) ? Mono.<Void>empty() : Mono.never());
    return Mono.firstWithSignal(announced, alreadyAnnounced, Mono.delay(fallback).then());
  }

  private boolean announcedAbove(String sessionId, long seenVersion) {
    return latest.getOrDefault(sessionId, -1L) > seenVersion;
  }
}
