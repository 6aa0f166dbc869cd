package io.statelessmcp.bootstrap.faults;

import io.statelessmcp.bootstrap.postgres.DebianPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's PgBouncer ({@code apt-get install pgbouncer}) in transaction mode in front of a {@link
 * DebianPostgres}, on a free loopback port (never 6543, so only {@code ?pgbouncer=true} can tell
 * the application it is behind a transaction pooler). Clients log in with SCRAM as {@code
 * postgres}; PgBouncer logs in to PostgreSQL with trust. Configured as Supabase's PgBouncer was:
 * {@code extra_float_digits} is ignored as a startup parameter. As root it runs as {@code postgres}
 * ({@code -u}): PgBouncer refuses root.
 */
final class PgBouncer implements AutoCloseable {

  static final String PASSWORD = "bouncer-test-password";

  private final Process process;
  private final Path directory;
  private final int port;

  private PgBouncer(Process process, Path directory, int port) {
    this.process = process;
    this.directory = directory;
    this.port = port;
  }

  static PgBouncer inFrontOf(DebianPostgres database) {
    FaultSuite.assumePgBouncer();
    int port = DebianPostgres.freePort();
    while (port == 6543) {
      port = DebianPostgres.freePort();
    }
    try {
      Path directory = Files.createTempDirectory("mcp-pgbouncer-");
      Path userlist = directory.resolve("userlist.txt");
      Files.writeString(userlist, "\"postgres\" \"" + PASSWORD + "\"\n", StandardCharsets.UTF_8);
      Path ini = directory.resolve("pgbouncer.ini");
      Files.writeString(
          ini,
          String.join(
              "\n",
              "[databases]",
              "postgres = host=127.0.0.1 port=" + database.port() + " dbname=postgres",
              "",
              "[pgbouncer]",
              "listen_addr = 127.0.0.1",
              "listen_port = " + port,
              "unix_socket_dir =",
              "auth_type = scram-sha-256",
              "auth_file = " + userlist,
              "pool_mode = transaction",
              "default_pool_size = 5",
              "max_client_conn = 200",
              "ignore_startup_parameters = extra_float_digits",
              ""),
          StandardCharsets.UTF_8);
      List<String> command = new ArrayList<>(List.of(FaultSuite.PGBOUNCER.toString()));
      if (DebianPostgres.runningAsRoot()) {
        command.addAll(List.of("-u", "postgres"));
      }
      command.add(ini.toString());
      Process process =
          FaultSuite.killOnExit(
              new ProcessBuilder(command)
                  .redirectErrorStream(true)
                  .redirectOutput(directory.resolve("pgbouncer.log").toFile())
                  .start());
      PgBouncer bouncer = new PgBouncer(process, directory, port);
      bouncer.awaitListening(Duration.ofSeconds(15));
      return bouncer;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code SUPABASE_DB_URL} through PgBouncer, marked as a transaction pooler. */
  String supabaseDbUrl() {
    return "postgresql://postgres:"
        + PASSWORD
        + "@127.0.0.1:"
        + port
        + "/postgres?sslmode=disable&pgbouncer=true";
  }

  int port() {
    return port;
  }

  String log() {
    try {
      return Files.readString(directory.resolve("pgbouncer.log"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private void awaitListening(Duration bound) {
    FaultSuite.within(
        bound,
        () -> "PgBouncer listening on " + port + "; its log:\n" + log(),
        () -> {
          if (!process.isAlive()) {
            throw new AssertionError("PgBouncer exited: " + log());
          }
          try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
          } catch (IOException e) {
            return false;
          }
        });
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    } finally {
      FaultSuite.forget(process);
      DebianPostgres.deleteRecursively(directory);
    }
  }
}
