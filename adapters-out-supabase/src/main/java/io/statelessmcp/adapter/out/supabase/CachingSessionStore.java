package io.statelessmcp.adapter.out.supabase;

import io.statelessmcp.application.port.out.SessionLookup;
import io.statelessmcp.application.port.out.SessionWrites;
import io.statelessmcp.application.port.out.UserSessions;
import io.statelessmcp.application.port.out.WriteResult;
import io.statelessmcp.domain.Session;
import io.statelessmcp.domain.SessionId;
import io.statelessmcp.domain.SessionSummary;
import io.statelessmcp.domain.UserId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Serves repeated lookups of the same session from memory for at most {@code maxAge}, so a busy
 * session costs a database round trip per {@code maxAge} rather than per request.
 *
 * <p>The bound: a session revoked or refreshed <em>on another replica</em> may still be served from
 * this replica's copy for up to {@code maxAge}, counted from the moment the read of that copy was
 * sent. Everything this replica writes is immediate: its own compare-and-set refreshes the copy,
 * and its revocations drop it. Expiry is unaffected, because the deadlines are checked against the
 * clock on every request, not cached. A write that loses its compare-and-set keeps the stored
 * session it was answered with, which is at least as fresh as any copy.
 *
 * <p>Refresh ahead: a copy used after half its age is re-read in the background while the request
 * is still answered from it, so a busy session never makes a request wait for the database. Only an
 * idle session's first request after {@code maxAge} does.
 */
public final class CachingSessionStore implements SessionLookup, SessionWrites, UserSessions {

  private static final Logger LOG = LoggerFactory.getLogger(CachingSessionStore.class);

  private final SessionLookup lookup;
  private final SessionWrites writes;
  private final UserSessions users;
  private final Duration maxAge;
  private final Duration refreshAfter;
  private final int maxEntries;
  private final Clock clock;
  private final Map<SessionId, Cached> recent = new ConcurrentHashMap<>();
  private volatile ToLongFunction<SessionId> announcedVersion = id -> -1L;

  /**
   * Counts the copies this replica dropped. A read that was sent before a drop may hold the state
   * from before the drop's write, so it must not put that state back.
   */
  private final AtomicLong drops = new AtomicLong();

  private static final class Cached {
    final Session session;
    final Instant readSentAt;
    final AtomicBoolean reloading = new AtomicBoolean();

    Cached(Session session, Instant readSentAt) {
      this.session = session;
      this.readSentAt = readSentAt;
    }

    boolean isNewerThan(Session other, Instant otherReadSentAt) {
      return session.version() > other.version()
          || (session.version() == other.version() && readSentAt.isAfter(otherReadSentAt));
    }
  }

  /** The three ports are normally one store; tests may put something between. */
  public CachingSessionStore(
      SessionLookup lookup,
      SessionWrites writes,
      UserSessions users,
      Duration maxAge,
      int maxEntries,
      Clock clock) {
    if (maxAge.isNegative() || maxAge.isZero() || maxEntries < 1) {
      throw new IllegalArgumentException("the cache needs a positive age and size");
    }
    this.lookup = lookup;
    this.writes = writes;
    this.users = users;
    this.maxAge = maxAge;
    this.refreshAfter = maxAge.dividedBy(2);
    this.maxEntries = maxEntries;
    this.clock = clock;
  }

  @Override
  public Mono<Session> findById(SessionId id) {
    return Mono.defer(
        () -> {
          Instant now = clock.instant();
          Cached cached = recent.get(id);
          if (cached == null
              || !now.isBefore(cached.readSentAt.plus(maxAge))
              || cached.session.version() < announcedVersion.applyAsLong(id)) {
            return read(id, now);
          }
          if (!now.isBefore(cached.readSentAt.plus(refreshAfter))
              && cached.reloading.compareAndSet(false, true)) {
            reloadInBackground(id, cached, now);
          }
          return Mono.just(cached.session);
        });
  }

  private Mono<Session> read(SessionId id, Instant sentAt) {
    long dropsBefore = drops.get();
    return lookup
        .findById(id)
        .doOnNext(session -> rememberUnlessDropped(session, sentAt, dropsBefore));
  }

  /** Replaces {@code stale} only if nothing else (a write, a drop) replaced it meanwhile. */
  private void reloadInBackground(SessionId id, Cached stale, Instant sentAt) {
    lookup
        .findById(id)
        .subscribe(
            fresh -> recent.replace(id, stale, new Cached(fresh, sentAt)),
            error -> {
              stale.reloading.set(false); // the next request tries again; the bound still holds
              LOG.debug("background re-read of a cached session failed: {}", error.toString());
            },
            () -> recent.remove(id, stale)); // no-op unless the row is gone
  }

  @Override
  public Mono<Session> create(Session session) {
    return writes.create(session);
  }

  @Override
  public Mono<WriteResult> compareAndSet(Session updated) {
    return Mono.defer(
        () -> {
          Instant sentAt = clock.instant();
          long dropsBefore = drops.get();
          return writes
              .compareAndSet(updated)
              .doOnNext(
                  result ->
                      result
                          .storedNow()
                          .ifPresentOrElse(
                              stored -> rememberUnlessDropped(stored, sentAt, dropsBefore),
                              () -> drop(updated.id())));
        });
  }

  @Override
  public Mono<Boolean> revoke(SessionId id, Instant now) {
    return dropAround(id, writes.revoke(id, now));
  }

  @Override
  public Mono<Boolean> revoke(UserId userId, SessionId id, Instant now) {
    return dropAround(id, users.revoke(userId, id, now));
  }

  /**
   * Drops the copy before the write and again before its caller hears the result ({@code doFinally}
   * would run only after the caller, so the next request could still be answered from a copy read
   * during the write).
   */
  private Mono<Boolean> dropAround(SessionId id, Mono<Boolean> write) {
    return Mono.defer(
        () -> {
          drop(id);
          return write
              .doOnSuccess(done -> drop(id))
              .doOnError(failed -> drop(id))
              .doOnCancel(() -> drop(id));
        });
  }

  @Override
  public Flux<SessionSummary> listActive(UserId userId, Instant now) {
    return users.listActive(userId, now);
  }

  /** A drop since the read or write was sent may have changed the row after it: keep no copy. */
  private void rememberUnlessDropped(Session session, Instant sentAt, long dropsBefore) {
    if (drops.get() == dropsBefore) {
      remember(session, sentAt);
    }
  }

  private void remember(Session session, Instant readSentAt) {
    if (recent.size() >= maxEntries && !recent.containsKey(session.id())) {
      recent.clear(); // bounded memory; the cost is one round trip per session afterwards
    }
    recent.compute(
        session.id(),
        (id, current) ->
            current != null && current.isNewerThan(session, readSentAt)
                ? current
                : new Cached(session, readSentAt));
  }

  /** A copy older than the version this function gives for its session is not served. */
  void readThroughBelow(ToLongFunction<SessionId> announcedVersion) {
    this.announcedVersion = announcedVersion;
  }

  private void drop(SessionId id) {
    drops.incrementAndGet();
    recent.remove(id);
  }

  @Override
  public String toString() {
    return "CachingSessionStore[maxAge=" + maxAge + ", store=" + lookup + "]";
  }
}
