package io.statelessmcp.adapter.out.supabase;

import io.statelessmcp.application.port.out.SessionChanges;
import io.statelessmcp.application.port.out.SessionHousekeeping;
import io.statelessmcp.application.port.out.SessionLookup;
import io.statelessmcp.application.port.out.SessionWrites;
import io.statelessmcp.application.port.out.UserSessions;
import io.statelessmcp.application.port.out.WriteResult;
import io.statelessmcp.domain.Session;
import io.statelessmcp.domain.SessionId;
import io.statelessmcp.domain.SessionSummary;
import io.statelessmcp.domain.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Sessions in process memory: the rollback path ({@code MCP_SESSION_STORE=memory}). Same contract
 * as {@link R2dbcSessionStore}, but sessions are lost on restart and not shared between replicas.
 * The constructor logs a WARN saying so.
 */
public final class InMemorySessionStore
    implements SessionLookup, SessionWrites, UserSessions, SessionHousekeeping, SessionChanges {

  private static final Logger log = LoggerFactory.getLogger(InMemorySessionStore.class);
  private static final Comparator<Session> NEWEST_FIRST =
      Comparator.comparing(Session::createdAt)
          .reversed()
          .thenComparing(session -> session.id().value());

  private final Map<SessionId, Session> sessions = new ConcurrentHashMap<>();
  private final SessionAnnouncements announcements =
      new SessionAnnouncements(Duration.ofSeconds(1));

  public InMemorySessionStore() {
    log.warn(
        "Sessions are kept in memory (MCP_SESSION_STORE=memory): they will not survive a restart"
            + " and are not shared between replicas");
  }

  @Override
  public Mono<Session> create(Session session) {
    return InMemoryMaps.insertNew(
        sessions, session.id(), session, "session " + session.id() + " already exists");
  }

  @Override
  public Mono<Session> findById(SessionId id) {
    return Mono.fromSupplier(() -> sessions.get(id));
  }

  /**
   * Whether the session is stored, whatever its state: for the in-memory OAuth stores, whose codes
   * and tokens go when their session goes (as {@code ON DELETE CASCADE} does in the database).
   */
  public boolean holds(SessionId id) {
    return sessions.containsKey(id);
  }

  /** Whether some stored session was granted to this OAuth client, which then must stay known. */
  public boolean namesClient(String clientId) {
    return sessions.values().stream()
        .anyMatch(session -> clientId.equals(session.client().oauthClientId()));
  }

  @Override
  public Mono<WriteResult> compareAndSet(Session updated) {
    return Mono.fromSupplier(
        () -> {
          AtomicReference<WriteResult> result = new AtomicReference<>(WriteResult.gone());
          sessions.computeIfPresent(
              updated.id(),
              (id, current) -> {
                if (current.version() != updated.version()) {
                  result.set(WriteResult.conflict(current));
                  return current;
                }
                Session next =
                    new Session(
                        current.id(),
                        current.userId(),
                        current.secretHash(),
                        updated.tokens(),
                        updated.profile(),
                        current.client(),
                        current.createdAt(),
                        updated.lastSeenAt(),
                        updated.expiresAt(),
                        current.absoluteExpiresAt(),
                        current.version() + 1,
                        current.stickyRevocation(updated.revokedAt()),
                        updated.refreshLeaseUntil());
                result.set(WriteResult.written(next));
                return next;
              });
          if (result.get().outcome() == WriteResult.Outcome.WRITTEN) {
            announce(result.get().session());
          }
          return result.get();
        });
  }

  @Override
  public Mono<Boolean> revoke(SessionId id, Instant now) {
    return changeIf(
        id,
        current -> {
          Session next = current.revoke(now);
          return next.revokedAt().equals(current.revokedAt())
              ? current // already revoked by then
              : next.withVersion(current.version() + 1);
        });
  }

  /** Applies {@code change} atomically; emits whether it changed the session, and announces it. */
  private Mono<Boolean> changeIf(SessionId id, UnaryOperator<Session> change) {
    return Mono.fromSupplier(
        () -> {
          AtomicBoolean changed = new AtomicBoolean();
          Session stored =
              sessions.computeIfPresent(
                  id,
                  (key, current) -> {
                    Session next = change.apply(current);
                    changed.set(next != current);
                    return next;
                  });
          if (changed.get()) {
            announce(stored);
          }
          return changed.get();
        });
  }

  @Override
  public Mono<Integer> deleteExpired(Instant now, int batchSize) {
    if (batchSize <= 0) {
      return Mono.error(new IllegalArgumentException("batch size must be positive"));
    }
    return Mono.fromSupplier(
        () ->
            InMemoryMaps.removeExpired(
                sessions, batchSize, (id, session) -> !session.isActiveAt(now)));
  }

  @Override
  public Mono<Long> countActive(Instant now) {
    return Mono.fromSupplier(
        () -> sessions.values().stream().filter(session -> session.isActiveAt(now)).count());
  }

  private Flux<Session> listByUser(UserId userId) {
    return Flux.defer(
        () ->
            Flux.fromStream(
                sessions.values().stream()
                    .filter(session -> session.userId().equals(userId))
                    .sorted(NEWEST_FIRST)));
  }

  @Override
  public Flux<SessionSummary> listActive(UserId userId, Instant now) {
    return listByUser(userId)
        .filter(session -> session.isActiveAt(now))
        .map(
            session ->
                new SessionSummary(
                    session.id(),
                    session.createdAt(),
                    session.lastSeenAt(),
                    session.expiresAt(),
                    session.revokedAt(),
                    session.client().userAgent(),
                    session.client().oauthClientId()));
  }

  @Override
  public Mono<Boolean> revoke(UserId userId, SessionId id, Instant now) {
    return changeIf(
        id,
        current ->
            !current.userId().equals(userId) || current.isRevoked()
                ? current
                // Like the database, where a user may set revoked_at but not version.
                : current.revoke(now));
  }

  @Override
  public Mono<Void> awaitChange(SessionId id, long seenVersion) {
    return announcements.awaitChange(id, seenVersion);
  }

  private void announce(Session written) {
    announcements.announce(written.id().value(), written.version());
  }

  @Override
  public String toString() {
    return "InMemorySessionStore[sessions=" + sessions.size() + "]";
  }
}
