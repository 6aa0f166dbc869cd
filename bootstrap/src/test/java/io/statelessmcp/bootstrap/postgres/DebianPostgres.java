package io.statelessmcp.bootstrap.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
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
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A throw-away cluster of Debian's PostgreSQL 15 (package {@code postgresql-15}, which {@code
 * .ci/run} installs) that a test can stop, restart, freeze and thaw. PostgreSQL refuses to run as
 * root, so as root the server runs as the {@code postgres} system user that the package creates. It
 * listens on 127.0.0.1 only, on a free port, with trust authentication; its directory is deleted on
 * {@link #close()}.
 */
public final class DebianPostgres implements AutoCloseable {

  public static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");

  private final Path directory;
  private final Path data;
  private final Path log;
  private final int port;
  private final boolean asPostgresUser;
  private volatile boolean frozen;

  private DebianPostgres(Path directory, int port, boolean asPostgresUser) {
    this.directory = directory;
    this.data = directory.resolve("data");
    this.log = directory.resolve("server.log");
    this.port = port;
    this.asPostgresUser = asPostgresUser;
  }

  /** Null when the server binary is there, else what is missing and how to install it. */
  public static String missingBinary() {
    return Files.isExecutable(BIN.resolve("postgres"))
        ? null
        : BIN.resolve("postgres") + " (apt-get install postgresql-15)";
  }

  /**
   * Skips the calling test when {@code missing} is not null, or fails it when the environment
   * variable {@code requiredEnv} is {@code true} (as in {@code .ci/run}), so CI cannot skip it
   * silently.
   */
  public static void skipOrFail(String what, String missing, String requiredEnv) {
    if (missing == null) {
      return;
    }
    String message = what + " is not installed: no " + missing;
    if ("true".equalsIgnoreCase(System.getenv(requiredEnv))) {
      throw new AssertionError(message + ", but " + requiredEnv + "=true");
    }
    Assumptions.abort(message);
  }

  /** Whether commands must run as the {@code postgres} user (PostgreSQL refuses root). */
  public static boolean runningAsRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** initdb, then start with these extra lines in {@code postgresql.conf}. */
  public static DebianPostgres start(String directoryPrefix, List<String> extraSettings) {
    boolean root = runningAsRoot();
    try {
      Path directory = Files.createTempDirectory(directoryPrefix);
      DebianPostgres cluster = new DebianPostgres(directory, freePort(), root);
      if (root) {
        ownedByPostgres(directory);
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
      List<String> settings = new ArrayList<>();
      settings.add("");
      settings.add("listen_addresses = '127.0.0.1'");
      settings.add("port = " + cluster.port);
      settings.add("unix_socket_directories = ''");
      settings.add("fsync = off");
      settings.addAll(extraSettings);
      settings.add("");
      Files.writeString(
          cluster.data.resolve("postgresql.conf"),
          String.join("\n", settings),
          StandardCharsets.UTF_8,
          StandardOpenOption.APPEND);
      cluster.startServer();
      return cluster;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Makes {@code path} belong to the {@code postgres} system user (when running as root). */
  public static void ownedByPostgres(Path path) throws IOException {
    UserPrincipal postgres =
        path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
    Files.setOwner(path, postgres);
  }

  public int port() {
    return port;
  }

  /** As Supabase's dashboard shows a direct connection string. */
  public String supabaseDbUrl() {
    return "postgresql://postgres@127.0.0.1:" + port + "/postgres?sslmode=disable";
  }

  public Connection connect() throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + port + "/postgres?sslmode=disable", "postgres", "");
  }

  /** {@code pg_ctl stop -m fast}: open connections are closed, new ones refused. */
  public void stop() {
    thaw();
    run(BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop");
  }

  /** Starts the stopped server again, on the same port and data. */
  public void restart() {
    startServer();
  }

  /**
   * SIGSTOP to the postmaster and every process under it: connections stay open, nothing answers (a
   * hung host, as far as a client can tell). The postmaster first, so it forks no new backend.
   */
  public void freeze() {
    List<Long> pids = serverPids();
    signal("STOP", pids);
    frozen = true;
  }

  /** SIGCONT to every process {@link #freeze()} stopped; children first, then the postmaster. */
  public void thaw() {
    if (!frozen) {
      return;
    }
    List<Long> pids = new ArrayList<>(serverPids());
    Collections.reverse(pids);
    signal("CONT", pids);
    frozen = false;
  }

  /** The server's log, for failure messages. */
  public String serverLog() {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no log)";
    } catch (IOException e) {
      return "(log not readable: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    try {
      thaw();
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

  private void startServer() {
    run(
        BIN.resolve("pg_ctl").toString(),
        "-D",
        data.toString(),
        "-l",
        log.toString(),
        "-w",
        "-t",
        "60",
        "start");
  }

  /** The postmaster (first line of postmaster.pid) followed by its descendants. */
  private List<Long> serverPids() {
    long postmaster;
    try {
      postmaster =
          Long.parseLong(
              Files.readAllLines(data.resolve("postmaster.pid"), StandardCharsets.UTF_8)
                  .get(0)
                  .trim());
    } catch (IOException e) {
      throw new IllegalStateException("no postmaster.pid: is the server running?", e);
    }
    List<Long> pids = new ArrayList<>();
    pids.add(postmaster);
    ProcessHandle.of(postmaster)
        .ifPresent(p -> p.descendants().forEach(child -> pids.add(child.pid())));
    return pids;
  }

  /** {@code kill -<signal>}, as the user the server runs as. */
  private void signal(String signal, List<Long> pids) {
    List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
    pids.forEach(pid -> command.add(Long.toString(pid)));
    run(command.toArray(String[]::new));
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

  /** A port that was free a moment ago, on loopback. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Best effort: a temporary directory, the OS cleans up eventually. */
  public static void deleteRecursively(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // a temporary directory; the OS cleans up eventually
    }
  }
}
