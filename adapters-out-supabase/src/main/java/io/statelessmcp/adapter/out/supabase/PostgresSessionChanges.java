package io.statelessmcp.adapter.out.supabase;

import io.r2dbc.spi.ConnectionFactory;
import io.statelessmcp.application.port.out.SessionChanges;
import io.statelessmcp.domain.SessionId;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

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
        new PostgresListener(
            CHANNEL,
            connections,
            new PostgresListener.Events() {
              @Override
              public void listening(boolean now) {
                announcements.fallbackAfter(now ? WHILE_LISTENING : WHILE_NOT_LISTENING);
              }

              @Override
              public void heard(String payload) {
                announce(payload);
              }

              @Override
              public void back() {
                LOG.info("Listening for session changes again");
              }

              @Override
              public void lost(Throwable error) {
                LOG.warn(
                    "Not listening for session changes ({}); requests waiting for another"
                        + " replica's refresh poll every {} ms until the connection is back",
                    error.getClass().getSimpleName(),
                    WHILE_NOT_LISTENING.toMillis());
              }
            });
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

  /** {@code <session_id>:<version>}; anything else is not ours. */
  private void announce(String payload) {
    int colon = payload == null ? -1 : payload.lastIndexOf(':');
    if (colon < 1) {
      return;
    }
    try {
      announcements.announce(
          payload.substring(0, colon), Long.parseLong(payload.substring(colon + 1)));
    } catch (NumberFormatException ignored) {
      // not ours: the channel is public to every database role
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
