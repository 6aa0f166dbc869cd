package io.statelessmcp.bootstrap.packaged;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Assumptions;

/**
 * The packaged server, {@code target/mcp-session-server.jar}, run as a user runs it: {@code java
 * -jar} in a folder of their own, configured by environment variables only. {@code mvn verify} runs
 * the tests before it packages, so the jar is the one the last {@code mvn package} built; without
 * one the tests are skipped, unless {@value #REQUIRED_ENV} is {@code true}, as in {@code .ci/run}
 * (whose benchmark smoke step packages first).
 */
final class PackagedJar {

  static final String REQUIRED_ENV = "MCP_REQUIRE_PACKAGED_JAR_TEST";
  static final Path JAR = Path.of("target", "mcp-session-server.jar").toAbsolutePath();

  /** A cold JVM creating and migrating a database on a busy 2-core machine: generous, bounded. */
  static final Duration START_BOUND = Duration.ofSeconds(150);

  /** Settings of the test's own environment, which must not reach the server. */
  private static final List<String> OWN_PREFIXES =
      List.of(
          "MCP_",
          "WORKOS_",
          "SUPABASE_",
          "NEXT_PUBLIC_SUPABASE_",
          "FASTMCP_",
          "PORT",
          "LOGGING_",
          "SPRING_",
          "SERVER_");

  private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroy)));
  }

  private PackagedJar() {}

  /** Skips the calling test when the jar was not built (fails instead where it is required). */
  static void assumeBuilt() {
    if (Files.isRegularFile(JAR)) {
      return;
    }
    String message = JAR + " does not exist: build it with mvn -B -DskipTests package";
    if ("true".equalsIgnoreCase(System.getenv(REQUIRED_ENV))) {
      throw new AssertionError(message + ", but " + REQUIRED_ENV + "=true");
    }
    Assumptions.abort(message);
  }

  /** {@code Implementation-Version} of the jar's manifest: what {@code --version} reports. */
  static String manifestVersion() {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      return jar.getManifest().getMainAttributes().getValue("Implementation-Version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A command that ends by itself: its exit code and everything it printed. */
  record Finished(int exitCode, String output, Duration took) {
    List<String> lines() {
      return output.lines().filter(line -> !line.isBlank()).toList();
    }
  }

  /** Runs {@code java -jar mcp-session-server.jar args...} in {@code folder} to its end. */
  static Finished run(Path folder, Map<String, String> settings, String... args) {
    Path log = logFile(folder, "run");
    long started = System.nanoTime();
    Process process = launch(folder, settings, log, args);
    try {
      if (!process.waitFor(START_BOUND.toSeconds(), TimeUnit.SECONDS)) {
        throw new AssertionError("did not end within " + START_BOUND + ":\n" + read(log));
      }
      return new Finished(
          process.exitValue(), read(log), Duration.ofNanos(System.nanoTime() - started));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      process.destroyForcibly();
      RUNNING.remove(process);
    }
  }

  /** Starts the server in {@code folder} on {@code port} (the README's second-instance recipe). */
  static Server start(String name, Path folder, int port, Map<String, String> settings) {
    Map<String, String> withPort = new java.util.HashMap<>(settings);
    withPort.put("PORT", Integer.toString(port));
    Path log = logFile(folder, name);
    return new Server(name, launch(folder, withPort, log), port, log);
  }

  private static Process launch(
      Path folder, Map<String, String> settings, Path log, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // Quicker to start on two busy cores; the server behaves the same.
    command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto"));
    command.addAll(List.of("-jar", JAR.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(folder.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
    builder.environment().keySet().removeIf(key -> OWN_PREFIXES.stream().anyMatch(key::startsWith));
    builder.environment().putAll(settings);
    try {
      Process process = builder.start();
      RUNNING.add(process);
      return process;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Outside the folder, which stays as a user's would be. */
  private static Path logFile(Path folder, String name) {
    try {
      Path logs = Files.createDirectories(Path.of("target", "packaged-jar"));
      return logs.resolve(folder.getFileName() + "-" + name + "-" + System.nanoTime() + ".log");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path log) {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A running server process. */
  static final class Server implements AutoCloseable {

    private final String name;
    private final Process process;
    private final int port;
    private final Path log;

    private Server(String name, Process process, int port, Path log) {
      this.name = name;
      this.process = process;
      this.port = port;
      this.log = log;
    }

    /** Waits until {@code /actuator/health} answers UP; fails with the server's output if not. */
    Server awaitHealthy() {
      long deadline = System.nanoTime() + START_BOUND.toNanos();
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new AssertionError(
              name + " exited with " + process.exitValue() + " while starting:\n" + output());
        }
        if (isHealthy()) {
          return this;
        }
        sleep(Duration.ofMillis(250));
      }
      throw new AssertionError(name + " not healthy within " + START_BOUND + ":\n" + output());
    }

    /** {@code /actuator/health} (which includes the database) answers UP. */
    boolean isHealthy() {
      try {
        HttpResponse<String> health =
            HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        return health.statusCode() == 200 && health.body().contains("\"status\":\"UP\"");
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }

    /** SIGTERM, as Ctrl-C or a platform stops it, and waits for the process to end. */
    void stop() {
      process.destroy();
      try {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          throw new AssertionError(name + " did not stop within 60 s:\n" + output());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      } finally {
        RUNNING.remove(process);
      }
    }

    String output() {
      return read(log);
    }

    /** The non-blank lines it printed. */
    List<String> lines() {
      return output().lines().filter(line -> !line.isBlank()).toList();
    }

    int port() {
      return port;
    }

    @Override
    public void close() {
      if (process.isAlive()) {
        stop();
      }
    }
  }

  static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
