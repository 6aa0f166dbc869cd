package io.statelessmcp.adapter.out.supabase;

import io.r2dbc.postgresql.api.Notification;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.postgresql.api.PostgresqlResult;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * {@code LISTEN} on one channel over a connection of its own (not from the pool, which a
 * transaction pooler would share between clients, losing the {@code LISTEN}), reconnecting with
 * back-off for as long as it lives. Its owner decides what listening and each payload mean, and
 * logs, so the log lines keep the owner's name.
 */
final class PostgresListener implements Disposable {

  /** What the owner does as listening comes and goes. */
  interface Events {

    /**
     * True once {@code LISTEN} has run, from when no announcement is missed; false when the
     * connection ended or could not be opened.
     */
    void listening(boolean listening);

    /** A payload on the channel; anyone may send one, so it is checked. Null when it had none. */
    void heard(String payload);

    /** Listening works again after {@link #lost}. */
    void back();

    /** The first failure since listening last worked. */
    void lost(Throwable error);
  }

  private final String channel;
  private final Events events;
  private final AtomicBoolean warned = new AtomicBoolean();
  private final Disposable subscription;

  /**
   * @param connections direct PostgreSQL connections (r2dbc-postgresql), not a pool
   */
  PostgresListener(String channel, ConnectionFactory connections, Events events) {
    this.channel = Objects.requireNonNull(channel, "channel");
    this.events = Objects.requireNonNull(events, "events");
    this.subscription =
        Flux.usingWhen(connections.create(), this::listenOn, Connection::close)
            .doOnError(this::failed)
            // The connection ended (database restart): listen again.
            .repeat()
            .retryWhen(
                Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1))
                    .maxBackoff(Duration.ofSeconds(30)))
            .subscribe();
  }

  private Flux<Notification> listenOn(Connection connection) {
    PostgresqlConnection postgres = (PostgresqlConnection) connection;
    Mono<Notification> listen =
        postgres
            .createStatement("LISTEN " + channel)
            .execute()
            .flatMap(PostgresqlResult::getRowsUpdated)
            .then(Mono.fromRunnable(this::started));
    // Subscribed before LISTEN runs, so no announcement after LISTEN can be missed.
    return postgres
        .getNotifications()
        .mergeWith(listen)
        .doOnNext(this::heard)
        .doFinally(signal -> events.listening(false));
  }

  private void started() {
    events.listening(true);
    if (warned.getAndSet(false)) {
      events.back();
    }
  }

  private void heard(Notification notification) {
    if (channel.equals(notification.getName())) {
      events.heard(notification.getParameter());
    }
  }

  private void failed(Throwable error) {
    events.listening(false);
    if (!warned.getAndSet(true)) {
      events.lost(error);
    }
  }

  @Override
  public void dispose() {
    subscription.dispose();
  }

  @Override
  public boolean isDisposed() {
    return subscription.isDisposed();
  }
}
