package io.statelessmcp.bootstrap.schemacheck;

import static io.statelessmcp.bootstrap.database.OneShotCommand.FAILED;
import static io.statelessmcp.bootstrap.database.OneShotCommand.NOT_RUN;
import static io.statelessmcp.bootstrap.database.OneShotCommand.SUCCEEDED;

import io.statelessmcp.adapter.out.supabase.SupabaseDbUrl;
import io.statelessmcp.bootstrap.config.DatabaseProperties;
import io.statelessmcp.bootstrap.database.EmbeddedDatabase;
import io.statelessmcp.bootstrap.database.OneShotCommand;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar mcp-session-server.jar check-schema}: checks the database the server would use
 * against {@link ExpectedSchema} and prints one line per thing checked. It never starts the web
 * server and never migrates: it only reads the catalog.
 *
 * <p>Which database: {@code SUPABASE_DB_URL} when set; otherwise the embedded development database
 * in {@code MCP_EMBEDDED_POSTGRES_DIR} (default {@code .data/postgres}) when it exists: attached to
 * when a server in the same folder runs it, else started for the check and stopped after it.
 *
 * <p>Exit codes: 0 the schema is as expected, 1 something is missing or different, 2 the check
 * could not run (no database, bad setting, no connection).
 */
public final class SchemaCheckCommand {

  public static final String COMMAND = "check-schema";

  private SchemaCheckCommand() {}

  /**
   * For {@code main}: when the first argument is {@value #COMMAND}, runs the check and exits the
   * JVM with its exit code; otherwise returns at once and the server starts as usual.
   */
  public static void exitIfRequested(String[] args) {
    OneShotCommand.exitIfRequested(args, COMMAND, SchemaCheckCommand::runQuietly);
  }

  /** The same check without the server's main class. */
  public static void main(String[] args) {
    System.exit(runQuietly(System.getenv(), System.out));
  }

  private static int runQuietly(Map<String, String> environment, PrintStream out) {
    quietLogging();
    return run(environment, out);
  }

  /** Runs the check against the database named by {@code environment}; returns the exit code. */
  public static int run(Map<String, String> environment, PrintStream out) {
    String dbUrl = environment.get(SupabaseDbUrl.SETTING);
    if (dbUrl != null && !dbUrl.isBlank()) {
      return OneShotCommand.parseDbUrl(dbUrl, "cannot check the schema", out)
          .map(url -> check(url, url.toString(), out))
          .orElse(NOT_RUN);
    }
    Path directory =
        DatabaseProperties.embeddedDataDirectory(
                environment.get(DatabaseProperties.EMBEDDED_DIRECTORY))
            .toAbsolutePath()
            .normalize();
    if (!Files.exists(directory.resolve("PG_VERSION"))) {
      out.println(
          "cannot check the schema: "
              + SupabaseDbUrl.SETTING
              + " is not set and there is no embedded database in "
              + directory
              + " (set "
              + SupabaseDbUrl.SETTING
              + ", or start the server once to create the embedded database)");
      return NOT_RUN;
    }
    EmbeddedDatabase embedded;
    try {
      embedded = EmbeddedDatabase.start(directory);
    } catch (RuntimeException e) {
      out.println(
          "cannot check the schema: the embedded database in "
              + directory
              + " is not available: "
              + e.getMessage());
      return NOT_RUN;
    }
    int result = check(embedded.url(), "the embedded database in " + directory, out);
    try {
      embedded.close();
    } catch (Exception e) {
      out.println("warning: the embedded database did not stop cleanly: " + e.getMessage());
    }
    return result;
  }

  private static int check(SupabaseDbUrl url, String description, PrintStream out) {
    out.println("checking " + description);
    SchemaReport report;
    try (Connection connection =
        DriverManager.getConnection(url.jdbcUrl(), url.username(), url.password())) {
      report = SchemaCheck.run(connection);
    } catch (SQLException e) {
      out.println("cannot check the schema: " + e.getMessage());
      return NOT_RUN;
    }
    out.print(report.render());
    out.flush();
    return report.passed() ? SUCCEEDED : FAILED;
  }

  /** Only the report on the console: no start-up chatter from the embedded database. */
  private static void quietLogging() {
    if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
        instanceof ch.qos.logback.classic.Logger root) {
      root.setLevel(ch.qos.logback.classic.Level.WARN);
    }
  }
}
