package io.statelessmcp.bootstrap.cli;

import io.statelessmcp.bootstrap.McpSessionServerApplication;
import io.statelessmcp.bootstrap.database.MigrateCommand;
import io.statelessmcp.bootstrap.schemacheck.SchemaCheckCommand;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

/**
 * The arguments that never start the server: {@code --help} and {@code --version} print and exit 0;
 * an argument the server does not know exits 2 with one line, instead of being ignored by a server
 * that then starts. The commands {@code migrate} and {@code check-schema} are run by their own
 * classes; {@code --name=value} sets a Spring property, as Spring Boot allows.
 */
public final class CommandLine {

  public static final String NAME = "mcp-session-server";

  /** Exit code of a start refused before it began: a bad argument or setting. */
  public static final int REFUSED = 2;

  private static final List<String> HELP = List.of("--help", "-h");
  private static final List<String> VERSION = List.of("--version", "-V");
  private static final List<String> COMMANDS =
      List.of(MigrateCommand.COMMAND, SchemaCheckCommand.COMMAND);

  private CommandLine() {}

  /** For {@code main}: exits when the arguments ask for help or the version, or are unknown. */
  public static void exitIfHandled(String[] args) {
    Optional<Integer> exitCode = handle(args, System.out, System.err);
    if (exitCode.isPresent()) {
      System.out.flush();
      System.exit(exitCode.get());
    }
  }

  /** The exit code when these arguments are handled here; empty when the server should go on. */
  public static Optional<Integer> handle(String[] args, PrintStream out, PrintStream err) {
    List<String> arguments = List.of(args);
    if (arguments.stream().anyMatch(HELP::contains)) {
      out.print(help());
      return Optional.of(0);
    }
    if (arguments.stream().anyMatch(VERSION::contains)) {
      out.println(NAME + " " + version());
      return Optional.of(0);
    }
    if (!arguments.isEmpty() && COMMANDS.contains(arguments.get(0))) {
      return Optional.empty();
    }
    for (String argument : arguments) {
      if (!isSpringProperty(argument)) {
        err.println(
            NAME
                + ": unknown "
                + (argument.startsWith("-") ? "option" : "command")
                + " '"
                + argument
                + "'; run `java -jar "
                + NAME
                + ".jar --help` for the commands and options");
        return Optional.of(REFUSED);
      }
    }
    return Optional.empty();
  }

  /** {@code --name=value}: a property for Spring, e.g. {@code --server.port=9090}. */
  private static boolean isSpringProperty(String argument) {
    return argument.startsWith("--") && argument.indexOf('=') > 2;
  }

  /** The jar's version ({@code Implementation-Version} of its manifest), or "dev" outside it. */
  public static String version() {
    String version = McpSessionServerApplication.class.getPackage().getImplementationVersion();
    return version == null ? "dev (not run from the packaged jar)" : version;
  }

  static String help() {
    String jar = "java -jar " + NAME + ".jar";
    return String.join(
        "\n",
        NAME + " " + version() + ": an MCP server whose login sessions live in PostgreSQL,",
        "so that any number of stateless replicas can serve any request.",
        "",
        "Usage:",
        "  " + jar + "                 start the server",
        "  " + jar + " migrate         apply this release's database changelog to",
        "                                                  SUPABASE_DB_URL, then exit",
        "  " + jar + " check-schema    check the schema of the database the server would",
        "                                                  use, then exit (0: as expected, 1: not, 2:",
        "                                                  could not check)",
        "",
        "Options:",
        "  -h, --help       print this help and exit",
        "  -V, --version    print the version and exit",
        "  --name=value     set a Spring property, e.g. --server.port=9090 (environment",
        "                   variables are the documented way)",
        "",
        "Settings come from environment variables and are all checked before anything starts; a",
        "bad one stops the start with one line that names it. With none set, the server listens on",
        "port 8080 and keeps its sessions in an embedded PostgreSQL in .data/postgres; a second",
        "instance started in the same folder with another PORT shares that database.",
        "Frequently used:",
        "  PORT                            HTTP port (default 8080)",
        "  SUPABASE_DB_URL                 the PostgreSQL to use instead of the embedded one",
        "  MCP_SESSION_ENCRYPTION_KEYS     keys that encrypt tokens at rest (needed with",
        "                                  SUPABASE_DB_URL)",
        "  WORKOS_CLIENT_ID, WORKOS_API_KEY  sign users in through WorkOS AuthKit",
        "  MCP_LOG_LEVEL                   e.g. DEBUG; by default the server logs at INFO and",
        "                                  its libraries at WARN",
        "Every setting, its meaning and its default: the Settings section of README.md, and",
        ".env.example.",
        "");
  }
}
