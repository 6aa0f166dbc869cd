package io.statelessmcp.bootstrap.config;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The connection pool, the schema migration and the embedded development database, bound from
 * {@code mcp.database.*} (filled from {@code MCP_DB_POOL_SIZE}, {@code
 * MCP_DB_PREPARED_STATEMENT_CACHE}, {@code MCP_MIGRATE_ON_START} and {@code
 * MCP_EMBEDDED_POSTGRES_DIR}).
 */
@ConfigurationProperties("mcp.database")
public record DatabaseProperties(
    String poolSize,
    String preparedStatementCache,
    String migrateOnStart,
    String embeddedDirectory) {

  public static final String POOL_SIZE = "MCP_DB_POOL_SIZE";
  public static final String PREPARED_STATEMENT_CACHE = "MCP_DB_PREPARED_STATEMENT_CACHE";
  public static final String MIGRATE_ON_START = "MCP_MIGRATE_ON_START";
  public static final String EMBEDDED_DIRECTORY = "MCP_EMBEDDED_POSTGRES_DIR";

  public DatabaseProperties {
    Settings.wholeNumber(POOL_SIZE, poolSize, 1, 1000);
    cacheMode(preparedStatementCache);
    migrateOnStart(migrateOnStart);
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
