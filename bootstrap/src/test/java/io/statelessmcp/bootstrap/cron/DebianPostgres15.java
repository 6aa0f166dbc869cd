package io.statelessmcp.bootstrap.cron;

import io.statelessmcp.bootstrap.postgres.DebianPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/**
 * A throw-away cluster of Debian's PostgreSQL 15 ({@link DebianPostgres}) with {@code pg_cron}
 * preloaded, from the packages {@code postgresql-15} and {@code postgresql-15-cron} (which {@code
 * .ci/run} installs).
 *
 * <p>Without the packages the calling test is skipped, unless {@value #REQUIRED_ENV} is {@code
 * true} (as in {@code .ci/run}): then it fails, so CI cannot skip it silently.
 */
final class DebianPostgres15 implements AutoCloseable {

  static final Path PG_CRON_LIBRARY = Path.of("/usr/lib/postgresql/15/lib/pg_cron.so");
  static final String REQUIRED_ENV = "MCP_REQUIRE_PG_CRON_TEST";

  private final DebianPostgres cluster;

  private DebianPostgres15(DebianPostgres cluster) {
    this.cluster = cluster;
  }

  /** Skips (or, with {@value #REQUIRED_ENV}=true, fails) when the packages are not installed. */
  static void assumeInstalled() {
    String missing =
        DebianPostgres.missingBinary() != null
            ? DebianPostgres.missingBinary()
            : !Files.exists(PG_CRON_LIBRARY)
                ? PG_CRON_LIBRARY + " (apt-get install postgresql-15-cron)"
                : null;
    DebianPostgres.skipOrFail("PostgreSQL 15 with pg_cron", missing, REQUIRED_ENV);
  }

  /** initdb, then start with {@code shared_preload_libraries = 'pg_cron'}. */
  static DebianPostgres15 startWithPgCron() {
    assumeInstalled();
    return new DebianPostgres15(
        DebianPostgres.start(
            "mcp-pg15-cron-",
            List.of(
                "shared_preload_libraries = 'pg_cron'",
                "cron.database_name = 'postgres'",
                "cron.host = '127.0.0.1'")));
  }

  int port() {
    return cluster.port();
  }

  /** As Supabase's dashboard shows a connection string. */
  String supabaseDbUrl() {
    return cluster.supabaseDbUrl();
  }

  Connection connect() throws SQLException {
    return cluster.connect();
  }

  /** The server's log, for failure messages. */
  String serverLog() {
    return cluster.serverLog();
  }

  @Override
  public void close() {
    cluster.close();
  }

  /** pg_cron 1.5 added schedules in seconds ("5 seconds"); 1.4 (Debian 12) has minutes only. */
  static boolean supportsSecondSchedules(String extensionVersion) {
    String[] parts = extensionVersion.toLowerCase(Locale.ROOT).split("[.-]");
    int major = Integer.parseInt(parts[0]);
    int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
    return major > 1 || (major == 1 && minor >= 5);
  }
}
