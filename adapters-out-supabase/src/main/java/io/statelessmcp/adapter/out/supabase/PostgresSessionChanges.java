package io.statelessmcp.adapter.out.supabase;

import io.r2dbc.postgresql.api.Notification;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.postgresql.api.PostgresqlResult;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.statelessmcp.application.port.out.SessionChanges;
import io.statelessmcp.domain.SessionId;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Hears every replica's session writes through PostgreSQL's {@code LISTEN}/{@code NOTIFY}: the
 * changelog's trigger announces {@code <session_id>:<version>} on {@value #CHANNEL} after each
 * update of {@code mcp_sessions}. Holds one connection of its own (not from the pool, which a
 * transaction pooler would share between clients, losing the {@code LISTEN}); it reconnects with
 * back-off. While it is not listening, waiters fall back to a short poll.
 *
 * <p>Each announcement also drops a caching store's older copy of that session, so a revocation or
 * refresh on another replica reaches this replica's cache as soon as it is committed.
 */
public final class PostgresSessionChanges implements SessionChanges, AutoCloseable {

  static final String CHANNEL = "mcp_session_changed";
  private static final Logger LOG = LoggerFactory.getLogger(PostgresSessionChanges.class);

  /** A safety net only: announcements normally wake waiters within milliseconds. */
  private static final Duration WHILE_LISTENING = Duration.ofSeconds(1);

  private static final Duration WHILE_NOT_LISTENING = Duration.ofMillis(100);

  private final SessionAnnouncements announcements = new SessionAnnouncements(WHILE_NOT_LISTENING);
  private final AtomicBoolean warned = new AtomicBoolean();
  private final Disposable listening;

  /**
   * @param connections a factory of direct PostgreSQL connections (r2dbc-postgresql), not a pool
   * @param listen false behind a transaction pooler, where {@code LISTEN} cannot work: waiters then
   *     always poll
   */
  public PostgresSessionChanges(ConnectionFactory connections, boolean listen) {
    if (!listen) {
      LOG.info(
          "Behind a transaction pooler: requests waiting for another replica's refresh poll every"
              + " {} ms (LISTEN needs a direct or session-mode connection)",
          WHILE_NOT_LISTENING.toMillis());
      this.listening = () -> {};
      return;
    }
    this.listening =
        Flux.usingWhen(connections.create(), this::listenOn, Connection::close)
            .doOnError(this::lost)
            // The connection ended (database restart): listen again.
            .repeat()
            .retryWhen(
                Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1))
                    .maxBackoff(Duration.ofSeconds(30)))
            .subscribe();
  }

  /**
   * Makes the cache read through for a session whose cached copy is older than a version another
   * writer has announced, so a revocation or refresh elsewhere reaches this replica at once.
   */
  public void keepFresh(CachingSessionStore cache) {
    cache.readThroughBelow(announcements::latestVersion);
  }

  @Override
  public Mono<Void> awaitChange(SessionId id, long seenVersion) {
    return announcements.awaitChange(id, seenVersion);
  }

  boolean isListening() {
    return announcements.fallback().equals(WHILE_LISTENING);
  }

  private Flux<Notification> listenOn(Connection connection) {
    PostgresqlConnection postgres = (PostgresqlConnection) connection;
    Mono<Notification> listen =
        postgres
            .createStatement("LISTEN " + CHANNEL)
            .execute()
            .flatMap(PostgresqlResult::getRowsUpdated)
            .then(
                Mono.fromRunnable(
                    () -> {
                      announcements.fallbackAfter(WHILE_LISTENING);
                      if (warned.getAndSet(false)) {
                        LOG.info("Listening for session changes again");
                      }
                    }));
    // Subscribed before LISTEN runs, so no announcement after LISTEN can be missed.
    return postgres
        .getNotifications()
        .mergeWith(listen)
        .doOnNext(this::heard)
        .doFinally(signal -> announcements.fallbackAfter(WHILE_NOT_LISTENING));
  }

  private void heard(Notification notification) {
    String payload = notification.getParameter();
    int colon = payload == null ? -1 : payload.lastIndexOf(':');
    if (!CHANNEL.equals(notification.getName()) || colon < 1) {
      return;
    }
    try {
      announcements.announce(
          payload.substring(0, colon), Long.parseLong(payload.substring(colon + 1)));
    } catch (NumberFormatException ignored) {
      // not ours: the channel is public to every database role
    }
  }

  private void lost(Throwable error) {
    announcements.fallbackAfter(WHILE_NOT_LISTENING);
    if (!warned.getAndSet(true)) {
      LOG.warn(
          "Not listening for session changes ({}); requests waiting for another replica's refresh"
              + " poll every {} ms until the connection is back",
          error.getClass().getSimpleName(),
          WHILE_NOT_LISTENING.toMillis());
    }
  }

  @Override
  public void close() {
    listening.dispose();
  }

  @Override
  public String toString() {
    return "PostgresSessionChanges[channel=" + CHANNEL + ", listening=" + isListening() + "]";
  }
}
