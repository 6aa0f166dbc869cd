package io.statelessmcp.adapter.out.supabase;

import io.r2dbc.spi.ConnectionFactory;
import io.statelessmcp.application.port.out.ProtocolSessionStore;
import io.statelessmcp.domain.LogLevel;
import io.statelessmcp.domain.SessionId;
import io.statelessmcp.domain.UserId;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Protocol sessions in {@code mcp_protocol_sessions} (one row per {@code Mcp-Session-Id} that set a
 * level, going with its {@code mcp_sessions} row), and cancellations announced on {@code NOTIFY
 * }{@value #CHANNEL}. A {@link PostgresListener} hears them on a connection of its own, as for
 * {@link PostgresSessionChanges}, and reconnects with back-off; behind a transaction pooler it
 * stays off and a cancellation reaches only the replica that received it.
 */
public final class PostgresProtocolSessions implements ProtocolSessionStore, AutoCloseable {

  static final String CHANNEL = "mcp_request_cancelled";
  private static final Logger LOG = LoggerFactory.getLogger(PostgresProtocolSessions.class);

  // Written only while the session exists: a row never outlives the session it names.
  private static final String SAVE_LEVEL =
      "INSERT INTO mcp_protocol_sessions (protocol_session_id, session_id, user_id, log_level)"
          + " SELECT $1, $2, $3, $4 WHERE EXISTS"
          + " (SELECT 1 FROM mcp_sessions WHERE session_id = $2 AND user_id = $3)"
          + " ON CONFLICT (protocol_session_id) DO UPDATE"
          + " SET log_level = EXCLUDED.log_level, updated_at = now()"
          + " WHERE mcp_protocol_sessions.user_id = EXCLUDED.user_id";
  private static final String FIND_LEVEL =
      "SELECT log_level FROM mcp_protocol_sessions"
          + " WHERE protocol_session_id = $1 AND user_id = $2";
  private static final String ANNOUNCE = "SELECT pg_notify('" + CHANNEL + "', $1)";

  private final DatabaseClient db;
  private final DatabaseCalls calls;
  private final Sinks.Many<String> heard = Sinks.many().multicast().directBestEffort();
  private final AtomicBoolean listening = new AtomicBoolean();
  private final Disposable listener;

  /**
   * @param listenConnections direct PostgreSQL connections (r2dbc-postgresql), not a pool
   * @param listen false behind a transaction pooler, where {@code LISTEN} cannot work
   */
  public PostgresProtocolSessions(
      DatabaseClient db, DatabaseCalls calls, ConnectionFactory listenConnections, boolean listen) {
    this.db = Objects.requireNonNull(db, "db");
    this.calls = Objects.requireNonNull(calls, "calls");
    if (!listen) {
      LOG.info(
          "Behind a transaction pooler: a cancelled MCP request stops only on the replica that"
              + " received the cancellation (LISTEN needs a direct or session-mode connection)");
      this.listener = () -> {};
      return;
    }
    this.listener =
        new PostgresListener(
            CHANNEL,
            listenConnections,
            new PostgresListener.Events() {
              @Override
              public void listening(boolean now) {
                listening.set(now);
              }

              @Override
              public void heard(String key) {
                if (key != null && !key.isEmpty()) {
                  CancellationSink.emit(heard, key);
                }
              }

              @Override
              public void back() {
                LOG.info("Listening for cancelled MCP requests again");
              }

              @Override
              public void lost(Throwable error) {
                LOG.warn(
                    "Not listening for cancelled MCP requests ({}); until the connection is back a"
                        + " cancellation stops only the request on the replica that received it",
                    error.getClass().getSimpleName());
              }
            });
  }

  @Override
  public Mono<Void> saveLogLevel(
      SessionId session, UserId user, String protocolSessionId, LogLevel level) {
    return calls.guard(
        "saveLogLevel",
        db.sql(SAVE_LEVEL)
            .bind(0, protocolSessionId)
            .bind(1, session.value())
            .bind(2, user.value())
            .bind(3, level.wireName())
            .then());
  }

  @Override
  public Mono<LogLevel> findLogLevel(UserId user, String protocolSessionId) {
    return calls.guard(
        "findLogLevel",
        db.sql(FIND_LEVEL)
            .bind(0, protocolSessionId)
            .bind(1, user.value())
            .map(row -> row.get(0, String.class))
            .one()
            .flatMap(name -> Mono.justOrEmpty(LogLevel.fromWireName(name))));
  }

  /** Heard here at once, and by the other replicas when the database delivers it. */
  @Override
  public Mono<Void> announceCancellation(String requestKey) {
    CancellationSink.emit(heard, requestKey);
    return calls.guard("announceCancellation", db.sql(ANNOUNCE).bind(0, requestKey).then());
  }

  @Override
  public Flux<String> cancellations() {
    return heard.asFlux();
  }

  boolean isListening() {
    return listening.get();
  }

  @Override
  public void close() {
    listener.dispose();
  }

  @Override
  public String toString() {
    return "PostgresProtocolSessions[table=mcp_protocol_sessions, channel=" + CHANNEL + "]";
  }
}
