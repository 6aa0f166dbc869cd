package io.statelessmcp.bootstrap.image;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OCI image tarball that Jib builds with {@code -Pimage} ({@code target/jib-image.tar}, before
 * the tests run): its configuration, and the image itself started the way a container runtime would
 * (its layers unpacked, chroot as the image's user, its entrypoint and environment). Without the
 * tarball (a build without {@code -Pimage}) the tests are skipped, unless {@value #REQUIRED_ENV} is
 * {@code true}, as in {@code .ci/run}.
 */
class ContainerImageTest {

  static final String REQUIRED_ENV = "MCP_REQUIRE_IMAGE_TEST";
  static final Path TARBALL = Path.of("target", "jib-image.tar");
  static final String NON_ROOT = "65532:65532";

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static JsonNode manifest;
  private static JsonNode config;
  private static String notBuilt;

  @TempDir Path temp;

  @BeforeAll
  static void readTheTarball() {
    if (!Files.exists(TARBALL)) {
      String message =
          TARBALL.toAbsolutePath()
              + " does not exist: build it with mvn -Pimage (see docs/deploy.md)";
      if ("true".equalsIgnoreCase(System.getenv(REQUIRED_ENV))) {
        throw new AssertionError(message + ", but " + REQUIRED_ENV + "=true");
      }
      notBuilt = message; // reported as each test's skip reason
      return;
    }
    manifest = JSON.readTree(tar("-xOf", TARBALL.toString(), "manifest.json")).get(0);
    config =
        JSON.readTree(tar("-xOf", TARBALL.toString(), manifest.path("Config").asString()))
            .path("config");
  }

  @BeforeEach
  void requireTheTarball() {
    Assumptions.assumeTrue(config != null, notBuilt);
  }

  @Test
  void runsAsTheNonRootUser() {
    assertThat(config.path("User").asString()).isEqualTo(NON_ROOT);
  }

  @Test
  void theEntrypointStartsTheServerWithContainerAwareMemoryFlags() {
    List<String> entrypoint = strings(config.path("Entrypoint"));

    assertThat(entrypoint).first().isEqualTo("java");
    assertThat(entrypoint)
        .contains("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError")
        .last()
        .isEqualTo("io.statelessmcp.bootstrap.McpSessionServerApplication");
    assertThat(config.path("Cmd").isMissingNode() || config.path("Cmd").isNull())
        .as("no Cmd: arguments such as check-schema go straight to main")
        .isTrue();
  }

  @Test
  void exposesPort8080AndListensThere() {
    assertThat(config.path("ExposedPorts").has("8080/tcp")).isTrue();
    assertThat(strings(config.path("Env"))).contains("PORT=8080");
  }

  @Test
  void theImageStartsAndAnswersHealthAsItsNonRootUser() throws Exception {
    assumeWeCanRunAContainerWithoutAnEngine();
    Path rootfs = unpackLayers();
    int port = freePort();

    // A mount and PID namespace with /proc and /dev, then chroot into the image as its user and
    // exec its entrypoint: what a container engine does, minus cgroups and the network namespace.
    List<String> command =
        new ArrayList<>(
            List.of(
                "unshare",
                "--mount",
                "--pid",
                "--fork",
                "--kill-child",
                "bash",
                "-c",
                "root=\"$1\"; user=\"$2\"; shift 2; mount -t proc proc \"$root/proc\""
                    + " && mount --bind /dev \"$root/dev\""
                    + " && exec chroot --userspec=\"$user\" \"$root\" \"$@\"",
                "container",
                rootfs.toString(),
                config.path("User").asString()));
    command.addAll(strings(config.path("Entrypoint")));

    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(temp.resolve("container.log").toFile());
    Map<String, String> environment = builder.environment();
    environment.clear();
    for (String variable : strings(config.path("Env"))) {
      int equals = variable.indexOf('=');
      environment.put(variable.substring(0, equals), variable.substring(equals + 1));
    }
    environment.put("PORT", String.valueOf(port));
    environment.put("MCP_SESSION_STORE", "memory");

    Process container = builder.start();
    try {
      HttpResponse<String> health = awaitHealth(container, port);

      assertThat(health.statusCode()).as(log()).isEqualTo(200);
      assertThat(health.body()).contains("\"status\":\"UP\"");
      Optional<ProcessHandle> java =
          container
              .descendants()
              .filter(p -> p.info().command().orElse("").endsWith("/java"))
              .findFirst();
      assertThat(java).as("the java process in the container").isPresent();
      assertThat(uids(java.get().pid()))
          .as("real and effective uid of the server")
          .startsWith("65532", "65532");
    } finally {
      stop(container);
      deleteRecursively(rootfs);
    }
  }

  /** The Uid line of /proc/PID/status: real, effective, saved and file-system uid. */
  private static List<String> uids(long pid) throws IOException {
    return Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status")).stream()
        .filter(line -> line.startsWith("Uid:"))
        .findFirst()
        .map(line -> List.of(line.substring("Uid:".length()).trim().split("\\s+")))
        .orElseThrow();
  }

  /**
   * The server runs as PID 1 of its own PID namespace and has dropped root, so neither the death of
   * unshare nor its parent-death signal ends it: stop it first (SIGTERM, as a container engine
   * does), then unshare.
   */
  private static void stop(Process container) throws InterruptedException {
    List<ProcessHandle> inside = container.descendants().toList();
    inside.forEach(ProcessHandle::destroy);
    for (ProcessHandle process : inside) {
      try {
        process.onExit().get(30, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        process.destroyForcibly();
      }
    }
    container.destroy();
    if (!container.waitFor(30, TimeUnit.SECONDS)) {
      container.destroyForcibly();
    }
  }

  private HttpResponse<String> awaitHealth(Process container, int port) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
            .timeout(Duration.ofSeconds(5))
            .build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (!container.isAlive()) {
        throw new AssertionError(
            "the container exited with " + container.exitValue() + ":\n" + log());
      }
      try {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (IOException notYetListening) {
        Thread.sleep(500);
      }
    }
    throw new AssertionError("the container did not answer within 120 s:\n" + log());
  }

  private String log() {
    try {
      return Files.readString(temp.resolve("container.log"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** The layers, in order, into one root file system, as a container runtime does. */
  private Path unpackLayers() throws IOException {
    Path images = temp.resolve("image");
    Path rootfs = temp.resolve("rootfs");
    Files.createDirectories(images);
    Files.createDirectories(rootfs);
    tar("-xf", TARBALL.toString(), "-C", images.toString());
    for (JsonNode layer : manifest.path("Layers")) {
      tar("-xzf", images.resolve(layer.asString()).toString(), "-C", rootfs.toString());
    }
    Files.createDirectories(rootfs.resolve("proc"));
    Files.createDirectories(rootfs.resolve("dev"));
    return rootfs;
  }

  /**
   * Without a container engine, the test needs root and a kernel that lets it make a mount and PID
   * namespace (as a container engine would); otherwise it is skipped with the reason.
   */
  private static void assumeWeCanRunAContainerWithoutAnEngine() {
    Assumptions.assumeTrue(
        "root".equals(System.getProperty("user.name")),
        "running the image without a container engine needs root (chroot, mount)");
    try {
      Process probe =
          new ProcessBuilder(
                  "unshare", "--mount", "--pid", "--fork", "sh", "-c", "mount -t tmpfs none /mnt")
              .redirectErrorStream(true)
              .start();
      boolean finished = probe.waitFor(30, TimeUnit.SECONDS);
      String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      Assumptions.assumeTrue(
          finished && probe.exitValue() == 0,
          "this machine does not allow mount namespaces (unshare --mount): " + output);
    } catch (IOException e) {
      Assumptions.abort("unshare is not available: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      Assumptions.abort("interrupted");
    }
  }

  private static String tar(String... arguments) {
    List<String> command = new ArrayList<>();
    command.add("tar");
    command.addAll(List.of(arguments));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
      byte[] output = process.getInputStream().readAllBytes();
      String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + errors);
      }
      return new String(output, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(value -> values.add(value.asString()));
    return values;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void deleteRecursively(Path directory) throws IOException {
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }
}
