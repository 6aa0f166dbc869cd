package io.statelessmcp.bootstrap.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import tools.jackson.databind.JsonNode;

/**
 * The official MCP conformance suite ({@code @modelcontextprotocol/conformance}), as installed by
 * {@code .ci/conformance-tools.sh} into {@value #HOME_ENV}. Without it the calling test is skipped,
 * unless {@value #REQUIRED_ENV} is {@code true}, as in {@code .ci/run}.
 */
final class ConformanceSuite {

  static final String HOME_ENV = "MCP_CONFORMANCE_HOME";
  static final String REQUIRED_ENV = "MCP_REQUIRE_CONFORMANCE";

  private final Path node;
  private final Path cli;

  private ConformanceSuite(Path node, Path cli) {
    this.node = node;
    this.cli = cli;
  }

  /** The installed suite, or the test is skipped (or fails, where it is required). */
  static ConformanceSuite installedOrSkip() {
    String home = System.getenv(HOME_ENV);
    Path node = home == null ? null : Path.of(home, "node", "bin", "node");
    Path cli =
        home == null
            ? null
            : Path.of(
                home,
                "suite",
                "node_modules",
                "@modelcontextprotocol",
                "conformance",
                "dist",
                "index.js");
    if (node == null || !Files.isExecutable(node) || !Files.exists(cli)) {
      String message =
          "the MCP conformance suite is not installed: run .ci/conformance-tools.sh and set "
              + HOME_ENV
              + " to the directory it prints";
      if ("true".equalsIgnoreCase(System.getenv(REQUIRED_ENV))) {
        throw new AssertionError(message + ", but " + REQUIRED_ENV + "=true");
      }
      Assumptions.abort(message);
    }
    return new ConformanceSuite(node, cli);
  }

  /**
   * One finished run: its exit code, its output lines, and the checks it wrote, all of them and by
   * scenario (as the suite names its output directories: {@code server-ping-<time>} is {@code
   * ping}).
   */
  record Run(
      int exitCode,
      List<String> output,
      List<JsonNode> checks,
      Map<String, List<JsonNode>> checksByScenario) {

    /** The status ({@code SUCCESS}, {@code FAILURE}, ...) of every check with this id. */
    List<String> statuses(String checkId) {
      return checks.stream()
          .filter(check -> checkId.equals(check.path("id").asString()))
          .map(check -> check.path("status").asString())
          .toList();
    }
  }

  /**
   * Runs the suite with these arguments, handing each output line to {@code onLine} as it comes (a
   * test may act on one, such as opening a URL the suite waits on), and waits for it to end.
   */
  Run run(List<String> arguments, Path outputDirectory, Consumer<String> onLine) {
    List<String> command = new ArrayList<>(List.of(node.toString(), cli.toString()));
    command.addAll(arguments);
    command.addAll(List.of("-o", outputDirectory.toString()));
    List<String> output = new CopyOnWriteArrayList<>();
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectInput(ProcessBuilder.Redirect.PIPE)
              .start();
      try (BufferedReader lines =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = lines.readLine()) != null) {
          output.add(line);
          onLine.accept(line);
        }
      }
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("the conformance suite did not finish: " + output);
      }
      Map<String, List<JsonNode>> byScenario = checksByScenario(outputDirectory);
      return new Run(
          process.exitValue(),
          List.copyOf(output),
          byScenario.values().stream().flatMap(List::stream).toList(),
          byScenario);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, List<JsonNode>> checksByScenario(Path outputDirectory)
      throws IOException {
    Map<String, List<JsonNode>> checks = new TreeMap<>();
    try (Stream<Path> files = Files.walk(outputDirectory)) {
      for (Path file : files.filter(f -> f.endsWith("checks.json")).sorted().toList()) {
        String scenario =
            SCENARIO_TIME.matcher(file.getParent().getFileName().toString()).replaceAll("");
        List<JsonNode> scenarioChecks = checks.computeIfAbsent(scenario, s -> new ArrayList<>());
        Browser.JSON.readTree(file.toFile()).forEach(scenarioChecks::add);
      }
    }
    return checks;
  }

  /** The kind prefix and the time suffix of an output directory's name. */
  private static final Pattern SCENARIO_TIME =
      Pattern.compile("^(server|client|authorization)-|-\\d{4}-\\d{2}-\\d{2}T[0-9-]+Z$");
}
