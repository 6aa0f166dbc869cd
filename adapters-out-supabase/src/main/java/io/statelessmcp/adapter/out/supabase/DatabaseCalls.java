package io.statelessmcp.adapter.out.supabase;

import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.statelessmcp.application.failure.ServiceFailure;
import io.statelessmcp.application.failure.StorageUnavailable;
import io.statelessmcp.application.port.out.StoredSessionUnreadable;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What every store call goes through: a deadline on the call as a whole, and the translation of
 * whatever the database, the driver or the pool raised into {@link StorageUnavailable}, so that a
 * caller meets a 503 with a reason instead of a raw exception (a 500). A stored row that cannot be
 * read ({@link StoredSessionUnreadable}) is not an outage and passes unchanged.
 *
 * <p>During an outage every request fails the same way, so the log gets one WARN line per kind of
 * failure per {@code logInterval}, with the number of failures left out since the last one, and no
 * stack trace. Each failure is also logged at DEBUG, in one line.
 */
public final class DatabaseCalls {

  /** Used by the stores' short constructors, and the documented default of the setting. */
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(5);

  public static final Duration DEFAULT_LOG_INTERVAL = Duration.ofSeconds(10);

  private static final Logger LOG = LoggerFactory.getLogger(DatabaseCalls.class);
  private static final int MAX_CAUSES = 16;
  private static final int MAX_REASON_LENGTH = 300;

  /** The kinds of failure, each with what a caller is told and what the log adds. */
  enum Kind {
    TIMED_OUT(
        "no answer from the database",
        "the database did not answer within the call deadline (MCP_DB_CALL_TIMEOUT_MS) or the"
            + " statement timeout (MCP_DB_STATEMENT_TIMEOUT_MS)"),
    NO_CONNECTION(
        "no database connection free in time",
        "no pooled connection was free within MCP_DB_ACQUIRE_TIMEOUT_MS (the database is slow or"
            + " not answering, or MCP_DB_POOL_SIZE is too small for the load)"),
    UNREACHABLE("database unreachable", "cannot reach the database"),
    PREPARED_STATEMENT_CLASH(
        "database connection misconfigured",
        "prepared statement clash: the database is behind a transaction pooler that the"
            + " prepared-statement cache does not suit; set MCP_DB_PREPARED_STATEMENT_CACHE=off (or"
            + " add ?pgbouncer=true to SUPABASE_DB_URL)"),
    STARTUP_PARAMETER_REFUSED(
        "database connection misconfigured",
        "a pooler refused a connection parameter (named below): for statement_timeout, add"
            + " ?pgbouncer=true to SUPABASE_DB_URL or set MCP_DB_STATEMENT_TIMEOUT_MS=0; for"
            + " extra_float_digits, set ignore_startup_parameters = extra_float_digits in"
            + " PgBouncer"),
    FAILED("database error", "the database call failed");

    final String told;
    final String logged;

    Kind(String told, String logged) {
      this.told = told;
      this.logged = logged;
    }
  }

  private final Duration deadline;
  private final long logIntervalNanos;
  private final LongSupplier nanoTime;
  private final Map<Kind, Throttle> throttles = new EnumMap<>(Kind.class);

  private static final class Throttle {
    final AtomicLong lastLoggedAt;
    final AtomicInteger suppressed = new AtomicInteger();

    Throttle(long neverLoggedAt) {
      lastLoggedAt = new AtomicLong(neverLoggedAt);
    }
  }

  /**
   * @param deadline the longest a call may take, acquiring a connection and any retry included
   * @param logInterval at most one WARN line per kind of failure in this interval
   */
  public DatabaseCalls(Duration deadline, Duration logInterval) {
    this(deadline, logInterval, System::nanoTime);
  }

  DatabaseCalls(Duration deadline, Duration logInterval, LongSupplier nanoTime) {
    if (deadline.isNegative() || deadline.isZero() || logInterval.isNegative()) {
      throw new IllegalArgumentException("the deadline must be positive");
    }
    this.deadline = deadline;
    this.logIntervalNanos = logInterval.toNanos();
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    long neverLoggedAt = nanoTime.getAsLong() - logIntervalNanos;
    for (Kind kind : Kind.values()) {
      throttles.put(kind, new Throttle(neverLoggedAt));
    }
  }

  /** With {@link #DEFAULT_LOG_INTERVAL}. */
  public static DatabaseCalls withDeadline(Duration deadline) {
    return new DatabaseCalls(deadline, DEFAULT_LOG_INTERVAL);
  }

  public Duration deadline() {
    return deadline;
  }

  /** The call, bounded by the deadline, failing only with what a store may signal. */
  <T> Mono<T> guard(String operation, Mono<T> call) {
    return call.timeout(deadline)
        .onErrorMap(DatabaseCalls::isOutage, e -> unavailable(operation, e));
  }

  /** Like {@link #guard(String, Mono)}; the deadline bounds the whole stream, not each row. */
  <T> Flux<T> guard(String operation, Flux<T> call) {
    return Flux.defer(
            () -> {
              long end = nanoTime.getAsLong() + deadline.toNanos();
              return call.timeout(
                  Mono.delay(deadline),
                  row -> Mono.delay(Duration.ofNanos(Math.max(0, end - nanoTime.getAsLong()))));
            })
        .onErrorMap(DatabaseCalls::isOutage, e -> unavailable(operation, e));
  }

  /** Anything but our own verdicts: a failure already translated, or a row that cannot be read. */
  private static boolean isOutage(Throwable error) {
    return error instanceof Exception
        && !(error instanceof ServiceFailure)
        && !(error instanceof StoredSessionUnreadable);
  }

  private StorageUnavailable unavailable(String operation, Throwable error) {
    Kind kind = kindOf(error);
    String reason = reason(error);
    LOG.debug("session storage: {} failed ({}): {}", operation, kind, reason);
    logThrottled(kind, operation, reason);
    return new StorageUnavailable(
        kind == Kind.TIMED_OUT ? kind.told + " within " + deadline.toMillis() + " ms" : kind.told);
  }

  private void logThrottled(Kind kind, String operation, String reason) {
    Throttle throttle = throttles.get(kind);
    long now = nanoTime.getAsLong();
    long last = throttle.lastLoggedAt.get();
    if (now - last < logIntervalNanos || !throttle.lastLoggedAt.compareAndSet(last, now)) {
      throttle.suppressed.incrementAndGet();
      return;
    }
    int suppressed = throttle.suppressed.getAndSet(0);
    LOG.warn(
        "Session storage unavailable: {}; {} failed: {}{}",
        kind.logged,
        operation,
        reason,
        suppressed == 0
            ? ""
            : " (and " + suppressed + " more failures like it since the last such line)");
  }

  static Kind kindOf(Throwable error) {
    Kind found = Kind.FAILED;
    int depth = 0;
    for (Throwable t = error; t != null && depth < MAX_CAUSES; t = t.getCause(), depth++) {
      String state = t instanceof R2dbcException r2dbc ? r2dbc.getSqlState() : null;
      String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
      if ("42P05".equals(state) || "26000".equals(state)) {
        return Kind.PREPARED_STATEMENT_CLASH;
      }
      if (message.contains("unsupported startup parameter")) {
        return Kind.STARTUP_PARAMETER_REFUSED;
      }
      if (t instanceof R2dbcTimeoutException && message.contains("connection acquisition")) {
        return Kind.NO_CONNECTION;
      }
      if (found == Kind.FAILED) {
        if (t instanceof TimeoutException
            || t instanceof R2dbcTimeoutException
            || "57014".equals(state)) {
          found = Kind.TIMED_OUT;
        } else if (t instanceof IOException
            || t instanceof ClosedChannelException
            || t instanceof R2dbcNonTransientResourceException
            || (state != null && (state.startsWith("08") || state.startsWith("57P")))) {
          found = Kind.UNREACHABLE;
        }
      }
    }
    return found;
  }

  /**
   * The innermost cause, as class and message: what an operator needs, without a trace. A bare
   * timeout says which deadline it was: the driver's or the pool's message, or else ours.
   */
  private String reason(Throwable error) {
    Throwable root = error;
    Throwable nearestR2dbc = null;
    int depth = 0;
    while (root.getCause() != null && root.getCause() != root && depth++ < MAX_CAUSES) {
      if (root instanceof R2dbcException) {
        nearestR2dbc = root;
      }
      root = root.getCause();
    }
    if (root instanceof TimeoutException) {
      if (nearestR2dbc == null) {
        return "no answer within " + deadline.toMillis() + " ms";
      }
      root = nearestR2dbc;
    }
    String text = root.getClass().getSimpleName();
    if (root instanceof R2dbcException r2dbc && r2dbc.getSqlState() != null) {
      text += " [" + r2dbc.getSqlState() + "]";
    }
    if (root.getMessage() != null) {
      text += ": " + root.getMessage();
    }
    return text.length() > MAX_REASON_LENGTH ? text.substring(0, MAX_REASON_LENGTH) + "..." : text;
  }

  @Override
  public String toString() {
    return "DatabaseCalls[deadline=" + deadline + "]";
  }
}
