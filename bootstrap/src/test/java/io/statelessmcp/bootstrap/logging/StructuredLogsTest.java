package io.statelessmcp.bootstrap.logging;

import static org.assertj.core.api.Assertions.assertThat;

import io.statelessmcp.bootstrap.McpSessionServerApplication;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code MCP_LOG_FORMAT} switches the console to Boot's structured JSON logs. The server runs in
 * its own JVM, as an operator starts it, because the logging system is global to a JVM.
 */
class StructuredLogsTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String STARTED =
      "Started " + McpSessionServerApplication.class.getSimpleName();

  @TempDir Path workingDirectory;

  @Test
  void withMcpLogFormatEcsEveryConsoleLineIsAnEcsJsonObject() throws Exception {
    List<String> lines = startServerAndCollectLogUntilStarted(Map.of("MCP_LOG_FORMAT", "ecs"));

    assertThat(lines).isNotEmpty();
    List<JsonNode> events = new ArrayList<>();
    for (String line : lines) {
      JsonNode event = JSON.readTree(line);
      assertThat(event.isObject()).as("a JSON object: %s", line).isTrue();
      assertThat(event.has("@timestamp")).as(line).isTrue();
      assertThat(event.path("log").path("level").isString() || event.has("log.level"))
          .as("an ECS log level: %s", line)
          .isTrue();
      events.add(event);
    }
    assertThat(events)
        .anySatisfy(event -> assertThat(event.path("message").asString()).startsWith(STARTED))
        .anySatisfy(
            event ->
                assertThat(event.path("message").asString()).contains("MCP_SESSION_STORE=memory"));
  }

  @Test
  void withoutMcpLogFormatTheConsoleHasPlainTextLines() throws Exception {
    List<String> lines = startServerAndCollectLogUntilStarted(Map.of());

    assertThat(lines).anySatisfy(line -> assertThat(line).contains(STARTED));
    assertThat(lines).noneSatisfy(line -> assertThat(line).startsWith("{"));
  }

  /**
   * Starts the real main class with the rollback store (no database needed) on a free port, and
   * returns its console lines up to the start-up message. Bounded: 120 s.
   */
  private List<String> startServerAndCollectLogUntilStarted(Map<String, String> settings)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                McpSessionServerApplication.class.getName())
            .directory(workingDirectory.toFile())
            .redirectErrorStream(true);
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(name -> name.startsWith("MCP_") || name.startsWith("SUPABASE_"));
    environment.keySet().removeIf(name -> name.startsWith("WORKOS_") || name.equals("PORT"));
    environment.put("PORT", "0");
    environment.put("MCP_SESSION_STORE", "memory");
    environment.put("MCP_PURGE_ENABLED", "false");
    environment.putAll(settings);

    Process server = builder.start();
    BlockingQueue<String> output = new LinkedBlockingQueue<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  output.add(line);
                }
              } catch (IOException ignored) {
                // the process was stopped
              }
            });
    reader.setDaemon(true);
    reader.start();
    List<String> lines = new ArrayList<>();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (System.nanoTime() < deadline) {
        String line = output.poll(1, TimeUnit.SECONDS);
        if (line == null) {
          if (!server.isAlive() && output.isEmpty()) {
            break;
          }
          continue;
        }
        if (!line.isBlank()) {
          lines.add(line);
        }
        if (line.contains(STARTED)) {
          return lines;
        }
      }
      throw new AssertionError(
          "the server did not log '"
              + STARTED
              + "' within 120 s; it printed:\n"
              + String.join("\n", lines));
    } finally {
      server.destroy();
      if (!server.waitFor(30, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
  }
}
