package io.statelessmcp.bootstrap.config;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The connection pool, its deadlines, the schema migration and the embedded development database,
 * bound from {@code mcp.database.*} (filled from {@code MCP_DB_POOL_SIZE}, {@code
 * MCP_DB_PREPARED_STATEMENT_CACHE}, the {@code MCP_DB_*_TIMEOUT_MS} settings, {@code
 * MCP_MIGRATE_ON_START} and {@code MCP_EMBEDDED_POSTGRES_DIR}).
 *
 * <p>The deadlines nest: a store call ({@value #CALL_TIMEOUT}) includes waiting for a pooled
 * connection ({@value #ACQUIRE_TIMEOUT}), which includes opening one ({@value #CONNECT_TIMEOUT});
 * the server gives up on a statement after {@value #STATEMENT_TIMEOUT}, best a little below the
 * call deadline so that a slow statement ends cleanly and its connection stays usable.
 */
@ConfigurationProperties("mcp.database")
public record DatabaseProperties(
    String poolSize,
    String preparedStatementCache,
    String migrateOnStart,
    String embeddedDirectory,
    String connectTimeoutMs,
    String acquireTimeoutMs,
    String statementTimeoutMs,
    String callTimeoutMs,
    String healthTimeoutMs) {

  public static final String POOL_SIZE = "MCP_DB_POOL_SIZE";
  public static final String PREPARED_STATEMENT_CACHE = "MCP_DB_PREPARED_STATEMENT_CACHE";
  public static final String MIGRATE_ON_START = "MCP_MIGRATE_ON_START";
  public static final String EMBEDDED_DIRECTORY = "MCP_EMBEDDED_POSTGRES_DIR";
  public static final String CONNECT_TIMEOUT = "MCP_DB_CONNECT_TIMEOUT_MS";
  public static final String ACQUIRE_TIMEOUT = "MCP_DB_ACQUIRE_TIMEOUT_MS";
  public static final String STATEMENT_TIMEOUT = "MCP_DB_STATEMENT_TIMEOUT_MS";
  public static final String CALL_TIMEOUT = "MCP_DB_CALL_TIMEOUT_MS";
  public static final String HEALTH_TIMEOUT = "MCP_DB_HEALTH_TIMEOUT_MS";

  private static final long TEN_MINUTES_MS = 600_000;

  public DatabaseProperties {
    Settings.wholeNumber(POOL_SIZE, poolSize, 1, 1000);
    cacheMode(preparedStatementCache);
    migrateOnStart(migrateOnStart);
    millis(CONNECT_TIMEOUT, connectTimeoutMs, 1, TEN_MINUTES_MS);
    millis(ACQUIRE_TIMEOUT, acquireTimeoutMs, 1, TEN_MINUTES_MS);
    millis(STATEMENT_TIMEOUT, statementTimeoutMs, 0, TEN_MINUTES_MS);
    millis(CALL_TIMEOUT, callTimeoutMs, 1, TEN_MINUTES_MS);
    millis(HEALTH_TIMEOUT, healthTimeoutMs, 1, 60_000);
  }

  /** Opening a connection: TCP, TLS and login (the URL's {@code connect_timeout} wins). */
  public Duration connectTimeout() {
    return millis(CONNECT_TIMEOUT, connectTimeoutMs, 1, TEN_MINUTES_MS);
  }

  /** Waiting for a connection from the pool, opening one included. */
  public Duration acquireTimeout() {
    return millis(ACQUIRE_TIMEOUT, acquireTimeoutMs, 1, TEN_MINUTES_MS);
  }

  /** PostgreSQL's {@code statement_timeout}; zero: not sent. */
  public Duration statementTimeout() {
    return millis(STATEMENT_TIMEOUT, statementTimeoutMs, 0, TEN_MINUTES_MS);
  }

  /** The whole of one store call, as a caller waits for it. */
  public Duration callTimeout() {
    return millis(CALL_TIMEOUT, callTimeoutMs, 1, TEN_MINUTES_MS);
  }

  /** The database's readiness check: after this it reports DOWN. */
  public Duration healthTimeout() {
    return millis(HEALTH_TIMEOUT, healthTimeoutMs, 1, 60_000);
  }

  /**
   * The statement timeout to send as a connection parameter: none behind a transaction pooler
   * (recognised from the URL, or said with {@code MCP_DB_PREPARED_STATEMENT_CACHE=off}), which
   * refuses connections that carry one; there it belongs on the database role.
   */
  public Duration statementTimeoutSent(boolean transactionPooler) {
    boolean pooled = transactionPooler || cacheMode(preparedStatementCache).equals("off");
    return pooled ? Duration.ZERO : statementTimeout();
  }

  /**
   * Whether each start applies the changelog (the default), or only checks that a release step
   * ({@code java -jar mcp-session-server.jar migrate}) already did.
   */
  public boolean migratesOnStart() {
    return migrateOnStart(migrateOnStart);
  }

  private static boolean migrateOnStart(String raw) {
    return raw == null || raw.isBlank() || Settings.flag(MIGRATE_ON_START, raw);
  }

  public int pool() {
    return (int) Settings.wholeNumber(POOL_SIZE, poolSize, 1, 1000);
  }

  /**
   * Whether to turn the prepared-statement cache off: always with {@code off}, never with {@code
   * on}, and with {@code auto} (the default) when the URL points at a transaction-mode pooler.
   */
  public boolean disablePreparedStatementCache(boolean transactionPooler) {
    return switch (cacheMode(preparedStatementCache)) {
      case "off" -> true;
      case "on" -> false;
      default -> transactionPooler;
    };
  }

  public Path embeddedDataDirectory() {
    return embeddedDataDirectory(embeddedDirectory);
  }

  /** {@code MCP_EMBEDDED_POSTGRES_DIR}, or {@code .data/postgres} when unset. */
  public static Path embeddedDataDirectory(String raw) {
    return Path.of(raw == null || raw.isBlank() ? ".data/postgres" : raw);
  }

  private static Duration millis(String setting, String raw, long min, long max) {
    return Duration.ofMillis(Settings.wholeNumber(setting, raw, min, max));
  }

  private static String cacheMode(String raw) {
    String value =
        raw == null || raw.isBlank() ? "auto" : raw.trim().toLowerCase(java.util.Locale.ROOT);
    if (!value.equals("auto") && !value.equals("on") && !value.equals("off")) {
      throw new Settings.InvalidSetting(
          PREPARED_STATEMENT_CACHE, "must be auto, on or off; got '" + raw.trim() + "'");
    }
    return value;
  }
}
