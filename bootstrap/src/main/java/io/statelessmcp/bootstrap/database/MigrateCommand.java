package io.statelessmcp.bootstrap.database;

import static io.statelessmcp.bootstrap.database.OneShotCommand.FAILED;
import static io.statelessmcp.bootstrap.database.OneShotCommand.NOT_RUN;
import static io.statelessmcp.bootstrap.database.OneShotCommand.SUCCEEDED;

import io.statelessmcp.adapter.out.supabase.SupabaseDbUrl;
import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;

/**
 * {@code java -jar mcp-session-server.jar migrate}: applies this release's changelog to {@code
 * SUPABASE_DB_URL} and exits, as a release step. Replicas started with {@code
 * MCP_MIGRATE_ON_START=false} then only check the schema, which starts them faster.
 *
 * <p>Exit codes: 0 the schema is up to date, 1 the migration failed, 2 it could not run (no or bad
 * {@code SUPABASE_DB_URL}).
 */
public final class MigrateCommand {

  public static final String COMMAND = "migrate";

  private MigrateCommand() {}

  /** For {@code main}: runs the migration and exits when the first argument is "migrate". */
  public static void exitIfRequested(String[] args) {
    OneShotCommand.exitIfRequested(args, COMMAND, MigrateCommand::run);
  }

  public static int run(Map<String, String> environment, PrintStream out) {
    String dbUrl = environment.get(SupabaseDbUrl.SETTING);
    if (dbUrl == null || dbUrl.isBlank()) {
      out.println(
          "cannot migrate: "
              + SupabaseDbUrl.SETTING
              + " is not set (the embedded development database is migrated by the server at each"
              + " start)");
      return NOT_RUN;
    }
    Optional<SupabaseDbUrl> parsed = OneShotCommand.parseDbUrl(dbUrl, "cannot migrate", out);
    if (parsed.isEmpty()) {
      return NOT_RUN;
    }
    SupabaseDbUrl url = parsed.get();
    try {
      SchemaMigration.apply(url);
    } catch (RuntimeException e) {
      out.println("migration failed: " + e.getMessage());
      return FAILED;
    }
    out.println(
        "the schema of "
            + url
            + " is up to date with this release ("
            + RequiredChangesets.ofThisRelease().size()
            + " changesets recorded)");
    return SUCCEEDED;
  }
}
