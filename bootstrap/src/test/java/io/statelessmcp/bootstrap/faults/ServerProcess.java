package io.statelessmcp.bootstrap.faults;

import io.statelessmcp.adapter.out.workos.fake.FakeWorkOs;
import io.statelessmcp.bootstrap.McpSessionServerApplication;
import io.statelessmcp.bootstrap.postgres.DebianPostgres;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One replica of the server as a real child JVM ({@code java -cp <the test's classpath>
 * McpSessionServerApplication}), configured through environment variables only, as a platform runs
 * it. It can be killed with SIGKILL. Every process started here is also killed when the test JVM
 * exits, so none outlives the suite.
 */
final class ServerProcess implements AutoCloseable {

  static final String ENCRYPTION_KEYS = "k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

  /** A cold JVM on a busy 2-core machine migrating a database: generous, but bounded. */
  static final Duration START_BOUND = Duration.ofSeconds(120);

  /** Settings the test's own environment must not leak into a replica. */
  private static final List<String> OWN_PREFIXES =
      List.of("MCP_", "WORKOS_", "SUPABASE_", "NEXT_PUBLIC_SUPABASE_", "FASTMCP_", "PORT");

  private static final HttpClient PROBE =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String name;
  private final Process process;
  private final int port;
  private final Path log;

  private ServerProcess(String name, Process process, int port, Path log) {
    this.name = name;
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Starts a replica with these settings (plus {@code PORT} and {@code MCP_PUBLIC_BASE_URL}) and
   * waits until its readiness answers 200.
   */
  static ServerProcess start(String name, Map<String, String> settings) {
    ServerProcess server = launch(name, settings);
    server.awaitReady();
    return server;
  }

  /** Starts without waiting: several replicas boot in parallel, then {@link #awaitReady()}. */
  static ServerProcess launch(String name, Map<String, String> settings) {
    int port = DebianPostgres.freePort();
    try {
      Path logs = Files.createDirectories(Path.of("target", "fault-suite"));
      Path log = logs.resolve(name + "-" + port + ".log");
      ProcessBuilder builder =
          new ProcessBuilder(javaCommand(McpSessionServerApplication.class.getName()))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
      Map<String, String> environment = ownEnvironment(builder.environment());
      environment.put("PORT", Integer.toString(port));
      environment.put("MCP_PUBLIC_BASE_URL", "http://localhost:" + port);
      environment.putAll(settings);
      Process process = builder.start();
      FaultSuite.killOnExit(process);
      return new ServerProcess(name, process, port, log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The release step of docs/deploy.md, {@code java ... migrate}, against {@code supabaseDbUrl}:
   * applies the changelog and exits; fails the test unless it exits 0 within {@link #START_BOUND}.
   */
  static void migrate(String supabaseDbUrl) {
    try {
      Path log =
          Files.createDirectories(Path.of("target", "fault-suite"))
              .resolve("migrate-" + System.nanoTime() + ".log");
      ProcessBuilder builder =
          new ProcessBuilder(javaCommand(McpSessionServerApplication.class.getName(), "migrate"))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
      ownEnvironment(builder.environment()).put("SUPABASE_DB_URL", supabaseDbUrl);
      Process process = FaultSuite.killOnExit(builder.start());
      try {
        if (!process.waitFor(START_BOUND.toSeconds(), TimeUnit.SECONDS)) {
          throw new AssertionError("migrate did not finish within " + START_BOUND);
        }
        if (process.exitValue() != 0) {
          throw new AssertionError(
              "migrate exited " + process.exitValue() + ":\n" + Files.readString(log));
        }
      } finally {
        process.destroyForcibly();
        FaultSuite.forget(process);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static List<String> javaCommand(String... mainAndArguments) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // Small and quick to start: several replicas share two cores with the test.
    command.addAll(
        List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto"));
    command.add("-cp");
    command.add(serverClassPath());
    command.addAll(List.of(mainAndArguments));
    return command;
  }

  /** The inherited environment without any setting of ours. */
  private static Map<String, String> ownEnvironment(Map<String, String> environment) {
    environment.keySet().removeIf(key -> OWN_PREFIXES.stream().anyMatch(key::startsWith));
    return environment;
  }

  /**
   * The test's classpath without the test classes of this module, whose configurations the
   * application's component scan would pick up: the replica runs the production classes (the test
   * libraries and other modules' test-jars beside them hold no bootstrap beans).
   */
  private static String serverClassPath() {
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path ownTestClasses;
    try {
      ownTestClasses =
          Path.of(ServerProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI())
              .toAbsolutePath()
              .normalize();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    return Arrays.stream(classPath.split(File.pathSeparator))
        .filter(entry -> !entry.isBlank())
        .filter(entry -> !Path.of(entry).toAbsolutePath().normalize().equals(ownTestClasses))
        .collect(Collectors.joining(File.pathSeparator));
  }

  /** Waits (bounded) until readiness answers 200; fails with the replica's log otherwise. */
  void awaitReady() {
    Instant deadline = Instant.now().plus(START_BOUND);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new AssertionError(
            name + " exited with " + process.exitValue() + " while starting:\n" + logTail());
      }
      if (readinessStatus() == 200) {
        return;
      }
      sleep(Duration.ofMillis(200));
    }
    throw new AssertionError(name + " not ready within " + START_BOUND + ":\n" + logTail());
  }

  /** Readiness's status code, or -1 when nothing answers within 5 s. */
  int readinessStatus() {
    try {
      return PROBE
          .send(
              HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health/readiness"))
                  .timeout(Duration.ofSeconds(5))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  String name() {
    return name;
  }

  String baseUrl() {
    return "http://localhost:" + port;
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** {@code kill -9}: no shutdown hook, no graceful shutdown, connections die with the process. */
  void killHard() {
    try {
      Process kill = new ProcessBuilder("kill", "-9", Long.toString(process.pid())).start();
      if (!kill.waitFor(10, TimeUnit.SECONDS)) {
        kill.destroyForcibly();
      }
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        throw new AssertionError(name + " survived kill -9 for 10 s");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      FaultSuite.forget(process);
    }
  }

  /** The last lines of the replica's output, for failure messages. */
  String logTail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    FaultSuite.forget(process);
  }

  /** Settings every replica of the suite shares: its database, keys and the fake WorkOS. */
  static Map<String, String> settings(String supabaseDbUrl, FakeWorkOs workOs) {
    Map<String, String> settings = new HashMap<>();
    settings.put("SUPABASE_DB_URL", supabaseDbUrl);
    settings.put("MCP_SESSION_ENCRYPTION_KEYS", ENCRYPTION_KEYS);
    settings.put("WORKOS_CLIENT_ID", workOs.clientId());
    settings.put("WORKOS_API_KEY", workOs.apiKey());
    settings.put("WORKOS_API_BASE_URL", workOs.baseUrl().toString());
    settings.put("MCP_AUTH_RATE_LIMIT_PER_MINUTE", "10000");
    // The tests count sessions and refreshes; the scheduled purge would only add noise.
    settings.put("MCP_PURGE_ENABLED", "false");
    return settings;
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
