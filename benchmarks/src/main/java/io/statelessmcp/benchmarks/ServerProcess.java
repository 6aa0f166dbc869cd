package io.statelessmcp.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The real server jar in its own JVM, as in production: started with an explicit environment (the
 * caller's MCP_, SUPABASE_ and WORKOS_ variables are dropped so they cannot leak into a run), its
 * output in a log file, stopped with SIGTERM so that Spring closes the embedded PostgreSQL.
 */
final class ServerProcess implements AutoCloseable {

  private static final List<String> DROPPED_PREFIXES =
      List.of("MCP_", "SUPABASE_", "WORKOS_", "NEXT_PUBLIC_SUPABASE", "FASTMCP_", "PORT");

  private final Process process;
  private final int port;
  private final Path log;
  private final Path embeddedDataDir;

  private ServerProcess(Process process, int port, Path log, Path embeddedDataDir) {
    this.process = process;
    this.port = port;
    this.log = log;
    this.embeddedDataDir = embeddedDataDir;
  }

  /**
   * @param command the java command line (java binary, JVM options, {@code -jar ...})
   * @param embeddedDataDir the embedded PostgreSQL's data directory, if the server starts one: its
   *     postmaster is stopped on close should the JVM fail to stop it
   */
  static ServerProcess start(
      List<String> command,
      Map<String, String> settings,
      int port,
      Path workDir,
      Path log,
      Path embeddedDataDir) {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(ServerProcess::dropped);
    builder.environment().putAll(settings);
    builder.environment().put("PORT", Integer.toString(port));
    builder.directory(workDir.toFile());
    builder.redirectErrorStream(true);
    builder.redirectOutput(log.toFile());
    try {
      return new ServerProcess(builder.start(), port, log, embeddedDataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + command, e);
    }
  }

  static List<String> javaJar(String javaBin, List<String> jvmOptions, Path jar) {
    List<String> command = new ArrayList<>();
    command.add(javaBin);
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(jar.toString());
    return command;
  }

  private static boolean dropped(String name) {
    return DROPPED_PREFIXES.stream().anyMatch(name::startsWith);
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  Path log() {
    return log;
  }

  String baseUrl() {
    return "http://localhost:" + port;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Polls {@code /actuator/health} until it answers 200. */
  void awaitHealthy(Duration timeout) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the server exited with "
                + process.exitValue()
                + " during start; see "
                + log
                + ". Its last lines:\n"
                + tail(log, 25));
      }
      try {
        HttpResponse<Void> response =
            http.send(
                HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      sleep(50);
    }
    throw new IllegalStateException(
        "the server was not healthy within " + timeout + "; see " + log);
  }

  private static String tail(Path file, int lines) {
    try {
      List<String> all =
          Files.readAllLines(file).stream().filter(l -> !l.startsWith("\tat ")).toList();
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(unreadable)";
    }
  }

  /** The embedded PostgreSQL's port, from {@code postmaster.pid} (line 4). */
  Optional<Integer> embeddedPostgresPort() {
    return postmasterLine(3).map(Integer::parseInt);
  }

  /** The embedded postmaster's pid, from {@code postmaster.pid} (line 1). */
  Optional<Long> embeddedPostmasterPid() {
    return postmasterLine(0).map(Long::parseLong);
  }

  private Optional<String> postmasterLine(int index) {
    if (embeddedDataDir == null) {
      return Optional.empty();
    }
    Path pidFile = embeddedDataDir.resolve("postmaster.pid");
    try {
      if (!Files.exists(pidFile)) {
        return Optional.empty();
      }
      List<String> lines = Files.readAllLines(pidFile);
      return lines.size() > index ? Optional.of(lines.get(index).trim()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(40));
  }

  /** SIGTERM, then up to {@code grace} for the JVM to exit (it may be writing a CDS/AOT file). */
  void stop(Duration grace) {
    Optional<Long> postmaster = embeddedPostmasterPid();
    process.destroy(); // SIGTERM: graceful shutdown closes the embedded database
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // If the JVM could not stop its embedded PostgreSQL, stop that postmaster (a process this
    // benchmark started, through the server) by its pid.
    postmaster
        .flatMap(ProcessHandle::of)
        .filter(ProcessHandle::isAlive)
        .ifPresent(
            handle -> {
              handle.destroy();
              handle.onExit().orTimeout(20, TimeUnit.SECONDS).exceptionally(e -> null).join();
            });
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
