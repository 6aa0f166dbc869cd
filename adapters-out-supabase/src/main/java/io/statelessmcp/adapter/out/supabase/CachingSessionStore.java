package io.statelessmcp.adapter.out.supabase;

import io.statelessmcp.application.port.out.SessionStore;
import io.statelessmcp.domain.Session;
import io.statelessmcp.domain.SessionId;
import io.statelessmcp.domain.SessionSummary;
import io.statelessmcp.domain.UserId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Serves repeated lookups of the same session from memory for at most {@code maxAge}, so a busy
 * session costs a database round trip per {@code maxAge} rather than per request.
 *
 * <p>The bound: a session revoked or refreshed <em>on another replica</em> may still be served from
 * this replica's copy for up to {@code maxAge}. Everything this replica writes is immediate: its
 * own compare-and-set refreshes the copy, and its revocations drop it. Expiry is unaffected,
 * because the deadlines are checked against the clock on every request, not cached. A write that
 * loses its compare-and-set drops the copy, so the caller's re-read goes to the database.
 */
public final class CachingSessionStore implements SessionStore {

  private final SessionStore store;
  private final Duration maxAge;
  private final int maxEntries;
  private final Clock clock;
  private final Map<SessionId, Cached> recent = new ConcurrentHashMap<>();

  private record Cached(Session session, Instant readAt) {}

  public CachingSessionStore(SessionStore store, Duration maxAge, int maxEntries, Clock clock) {
    if (maxAge.isNegative() || maxAge.isZero() || maxEntries < 1) {
      throw new IllegalArgumentException("the cache needs a positive age and size");
    }
    this.store = store;
    this.maxAge = maxAge;
    this.maxEntries = maxEntries;
    this.clock = clock;
  }

  @Override
  public Mono<Session> findById(SessionId id) {
    return Mono.defer(
        () -> {
          Cached cached = recent.get(id);
          if (cached != null && clock.instant().isBefore(cached.readAt().plus(maxAge))) {
            return Mono.just(cached.session());
          }
          return store.findById(id).doOnNext(this::remember);
        });
  }

  @Override
  public Mono<Session> create(Session session) {
    return store.create(session);
  }

  @Override
  public Mono<Session> compareAndSet(Session updated) {
    return store
        .compareAndSet(updated)
        .doOnNext(this::remember)
        .switchIfEmpty(Mono.fromRunnable(() -> recent.remove(updated.id())));
  }

  @Override
  public Mono<Boolean> revoke(SessionId id, Instant now) {
    return store.revoke(id, now).doFinally(signal -> recent.remove(id));
  }

  @Override
  public Mono<Boolean> revokeAsUser(UserId userId, SessionId id, Instant now) {
    return store.revokeAsUser(userId, id, now).doFinally(signal -> recent.remove(id));
  }

  @Override
  public Mono<Integer> deleteExpired(Instant now, int batchSize) {
    return store.deleteExpired(now, batchSize);
  }

  @Override
  public Mono<Long> countActive(Instant now) {
    return store.countActive(now);
  }

  @Override
  public Flux<Session> listByUser(UserId userId) {
    return store.listByUser(userId);
  }

  @Override
  public Flux<SessionSummary> listActiveAsUser(UserId userId, Instant now) {
    return store.listActiveAsUser(userId, now);
  }

  private void remember(Session session) {
    if (recent.size() >= maxEntries && !recent.containsKey(session.id())) {
      recent.clear(); // bounded memory; the cost is one round trip per session afterwards
    }
    recent.put(session.id(), new Cached(session, clock.instant()));
  }

  @Override
  public String toString() {
    return "CachingSessionStore[maxAge=" + maxAge + ", store=" + store + "]";
  }
}
