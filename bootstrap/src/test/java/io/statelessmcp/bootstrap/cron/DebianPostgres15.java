package io.statelessmcp.bootstrap.cron;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A throw-away cluster of Debian's PostgreSQL 15 with {@code pg_cron} preloaded, started from the
 * packages {@code postgresql-15} and {@code postgresql-15-cron} (which {@code .ci/run} installs).
 * PostgreSQL refuses to run as root, so as root the server runs as the {@code postgres} system user
 * that the package creates. It listens on 127.0.0.1 only, on a free port, with trust
 * authentication; its directory is deleted on {@link #close()}.
 *
 * <p>Without the packages the calling test is skipped, unless {@value #REQUIRED_ENV} is {@code
 * true} (as in {@code .ci/run}): then it fails, so CI cannot skip it silently.
 */
final class DebianPostgres15 implements AutoCloseable {

  static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
  static final Path PG_CRON_LIBRARY = Path.of("/usr/lib/postgresql/15/lib/pg_cron.so");
  static final String REQUIRED_ENV = "MCP_REQUIRE_PG_CRON_TEST";

  private final Path directory;
  private final Path data;
  private final Path log;
  private final int port;
  private final boolean asPostgresUser;

  private DebianPostgres15(Path directory, int port, boolean asPostgresUser) {
    this.directory = directory;
    this.data = directory.resolve("data");
    this.log = directory.resolve("server.log");
    this.port = port;
    this.asPostgresUser = asPostgresUser;
  }

  /** Skips (or, with {@value #REQUIRED_ENV}=true, fails) when the packages are not installed. */
  static void assumeInstalled() {
    String missing =
        !Files.isExecutable(BIN.resolve("postgres"))
            ? BIN.resolve("postgres") + " (apt-get install postgresql-15)"
            : !Files.exists(PG_CRON_LIBRARY)
                ? PG_CRON_LIBRARY + " (apt-get install postgresql-15-cron)"
                : null;
    if (missing == null) {
      return;
    }
    String message = "PostgreSQL 15 with pg_cron is not installed: no " + missing;
    if ("true".equalsIgnoreCase(System.getenv(REQUIRED_ENV))) {
      throw new AssertionError(message + ", but " + REQUIRED_ENV + "=true");
    }
    Assumptions.abort(message);
  }

  /** initdb, then start with {@code shared_preload_libraries = 'pg_cron'}. */
  static DebianPostgres15 startWithPgCron() {
    assumeInstalled();
    boolean root = "root".equals(System.getProperty("user.name"));
    try {
      Path directory = Files.createTempDirectory("mcp-pg15-cron-");
      DebianPostgres15 cluster = new DebianPostgres15(directory, freePort(), root);
      if (root) {
        UserPrincipal postgres =
            directory
                .getFileSystem()
                .getUserPrincipalLookupService()
                .lookupPrincipalByName("postgres");
        Files.setOwner(directory, postgres);
      }
      cluster.run(
          BIN.resolve("initdb").toString(),
          "-D",
          cluster.data.toString(),
          "-U",
          "postgres",
          "--auth=trust",
          "-E",
          "UTF8",
          "--locale=C");
      Files.writeString(
          cluster.data.resolve("postgresql.conf"),
          String.join(
              "\n",
              "",
              "listen_addresses = '127.0.0.1'",
              "port = " + cluster.port,
              "unix_socket_directories = ''",
              "shared_preload_libraries = 'pg_cron'",
              "cron.database_name = 'postgres'",
              "cron.host = '127.0.0.1'",
              "fsync = off",
              ""),
          StandardCharsets.UTF_8,
          StandardOpenOption.APPEND);
      cluster.run(
          BIN.resolve("pg_ctl").toString(),
          "-D",
          cluster.data.toString(),
          "-l",
          cluster.log.toString(),
          "-w",
          "-t",
          "60",
          "start");
      return cluster;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return port;
  }

  /** As Supabase's dashboard shows a connection string. */
  String supabaseDbUrl() {
    return "postgresql://postgres@127.0.0.1:" + port + "/postgres?sslmode=disable";
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + port + "/postgres?sslmode=disable", "postgres", "");
  }

  /** The server's log, for failure messages. */
  String serverLog() {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no log)";
    } catch (IOException e) {
      return "(log not readable: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    try {
      if (Files.exists(data.resolve("postmaster.pid"))) {
        run(
            BIN.resolve("pg_ctl").toString(),
            "-D",
            data.toString(),
            "-m",
            "immediate",
            "-w",
            "stop");
      }
    } finally {
      deleteRecursively(directory);
    }
  }

  private void run(String... command) {
    List<String> full = new ArrayList<>();
    if (asPostgresUser) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(List.of(command));
    try {
      Process process =
          new ProcessBuilder(full)
              .redirectErrorStream(true)
              .redirectOutput(directory.resolve("commands.log").toFile())
              .start();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", full) + " did not finish in 120 s");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            String.join(" ", full)
                + " failed with exit code "
                + process.exitValue()
                + ":\n"
                + Files.readString(directory.resolve("commands.log"))
                + "\nserver log:\n"
                + serverLog());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void deleteRecursively(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // a temporary directory; the OS cleans up eventually
    }
  }

  /** pg_cron 1.5 added schedules in seconds ("5 seconds"); 1.4 (Debian 12) has minutes only. */
  static boolean supportsSecondSchedules(String extensionVersion) {
    String[] parts = extensionVersion.toLowerCase(Locale.ROOT).split("[.-]");
    int major = Integer.parseInt(parts[0]);
    int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
    return major > 1 || (major == 1 && minor >= 5);
  }
}
