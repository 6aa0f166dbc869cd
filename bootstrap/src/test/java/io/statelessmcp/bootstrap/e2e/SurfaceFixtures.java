package io.statelessmcp.bootstrap.e2e;

import io.statelessmcp.adapter.in.http.mcp.Content;
import io.statelessmcp.adapter.in.http.mcp.McpPrompt;
import io.statelessmcp.adapter.in.http.mcp.McpResource;
import io.statelessmcp.adapter.in.http.mcp.McpResourceTemplate;
import io.statelessmcp.adapter.in.http.mcp.McpTool;
import io.statelessmcp.adapter.in.http.mcp.ResourceContents;
import io.statelessmcp.adapter.in.http.mcp.ToolContext;
import io.statelessmcp.adapter.in.http.mcp.ToolHints;
import io.statelessmcp.adapter.in.http.mcp.ToolResult;
import io.statelessmcp.adapter.in.http.mcp.fixtures.ConformanceFixtures;
import io.statelessmcp.adapter.in.http.mcp.fixtures.Fixtures;
import io.statelessmcp.domain.LogLevel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import reactor.core.publisher.Mono;

/**
 * Test-only tools, resources, a resource template and a prompt that use the whole SPI, as a tool
 * author would: structured output, progress, log messages, cancellation, every content type,
 * completions. Loaded into every replica of a deployment; the counters and latches are static, so a
 * test sees what ran on any replica.
 */
@TestConfiguration(proxyBeanMethods = false)
class SurfaceFixtures {

  /** The conformance fixtures' pixel: their image tool answers it, the review prompt shows it. */
  static final byte[] PNG = ConformanceFixtures.png();

  static final byte[] LOGO = "not really a logo".getBytes(StandardCharsets.UTF_8);

  static final AtomicInteger FORECASTS = new AtomicInteger();
  static volatile CountDownLatch waitStarted = new CountDownLatch(1);
  static volatile CountDownLatch waitCancelled = new CountDownLatch(1);

  /** Before each test that waits for a cancellation. */
  static void reset() {
    FORECASTS.set(0);
    waitStarted = new CountDownLatch(1);
    waitCancelled = new CountDownLatch(1);
  }

  record Forecast(String city, double celsius) {}

  @Bean
  McpTool forecastTool() {
    return new McpTool() {
      @Override
      public String name() {
        return "forecast";
      }

      @Override
      public String title() {
        return "Weather forecast";
      }

      @Override
      public String description() {
        return "Tomorrow's temperature in a city.";
      }

      @Override
      public ToolHints hints() {
        return new ToolHints(true, null, true, true);
      }

      @Override
      public String inputSchema() {
        return """
            {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object",
             "$defs":{"city":{"type":"string","minLength":1}},
             "properties":{"city":{"$ref":"#/$defs/city"}},
             "required":["city"],"additionalProperties":false}""";
      }

      @Override
      public String outputSchema() {
        return """
            {"type":"object","properties":{"city":{"type":"string"},"celsius":{"type":"number"}},
             "required":["city","celsius"]}""";
      }

      @Override
      public Mono<ToolResult> call(ToolContext context, Map<String, Object> arguments) {
        FORECASTS.incrementAndGet();
        return Mono.just(ToolResult.structured(new Forecast((String) arguments.get("city"), 21.5)));
      }
    };
  }

  /** Declares an output schema and answers something else: the client gets a tool error. */
  @Bean
  McpTool brokenForecastTool() {
    return new McpTool() {
      @Override
      public String name() {
        return "broken_forecast";
      }

      @Override
      public String description() {
        return "Answers structured content that does not match its own schema.";
      }

      @Override
      public String outputSchema() {
        return "{\"type\":\"object\",\"properties\":{\"celsius\":{\"type\":\"number\"}},"
            + "\"required\":[\"celsius\"]}";
      }

      @Override
      public Mono<ToolResult> call(ToolContext context, Map<String, Object> arguments) {
        return Mono.just(ToolResult.structured(Map.of("celsius", "warm")));
      }
    };
  }

  @Bean
  McpTool linksAndAudioTool() {
    return tool(
        "links_and_audio",
        (context, arguments) ->
            Mono.just(
                ToolResult.of(
                    Content.text("See the logo and listen:"),
                    Content.link("files://logo", "logo", "The logo", "image/png"),
                    Content.audio(new byte[] {1, 2, 3}, "audio/wav"))));
  }

  @Bean
  McpTool stepsTool() {
    return tool(
        "steps",
        (context, arguments) ->
            Mono.fromRunnable(() -> context.progress(1, 3.0, "first"))
                .then(Mono.delay(Duration.ofMillis(30)))
                .then(Mono.fromRunnable(() -> context.progress(2, 3.0, "second")))
                .then(Mono.delay(Duration.ofMillis(30)))
                .then(Mono.fromRunnable(() -> context.progress(3, 3.0, null)))
                .thenReturn(
                    ToolResult.ok(context.wantsProgress() ? "done, with progress" : "done")));
  }

  @Bean
  McpTool chattyTool() {
    return tool(
        "chatty",
        (context, arguments) ->
            Mono.fromRunnable(
                    () -> {
                      context.log(LogLevel.DEBUG, "debug detail");
                      context.log(LogLevel.INFO, "info note");
                      context.log(LogLevel.WARNING, "warning sign");
                      context.log(LogLevel.ERROR, "error report");
                    })
                .thenReturn(ToolResult.ok("logged")));
  }

  /** Runs until cancelled; says so once it started (with progress, so a stream opens). */
  @Bean
  McpTool waitForCancelTool() {
    return tool(
        "wait_for_cancel",
        (context, arguments) -> {
          context.cancelled().subscribe(null, null, () -> waitCancelled.countDown());
          context.progress(0, null, "started");
          waitStarted.countDown();
          return Mono.delay(Duration.ofSeconds(60)).thenReturn(ToolResult.ok("not cancelled"));
        });
  }

  @Bean
  McpResource profileResource() {
    return Fixtures.resource(
        "me://profile",
        "profile",
        "text/plain",
        context ->
            Mono.just(
                List.of(
                    ResourceContents.text(
                        "me://profile", "text/plain", "user " + context.userId().value()))));
  }

  @Bean
  McpResource logoResource() {
    return Fixtures.resource(
        "files://logo",
        "logo",
        "image/png",
        ResourceContents.blob("files://logo", "image/png", LOGO));
  }

  @Bean
  McpResourceTemplate notesTemplate() {
    return new McpResourceTemplate() {
      @Override
      public String uriTemplate() {
        return "notes://{owner}/{id}";
      }

      @Override
      public String name() {
        return "notes";
      }

      @Override
      public String mimeType() {
        return "text/plain";
      }

      @Override
      public Mono<List<ResourceContents>> read(
          ToolContext context, String uri, Map<String, String> variables) {
        if ("missing".equals(variables.get("id"))) {
          return Mono.empty();
        }
        return Mono.just(
            List.of(
                ResourceContents.text(
                    uri,
                    "text/plain",
                    "note "
                        + variables.get("id")
                        + " of "
                        + variables.get("owner")
                        + ", read by "
                        + context.userId().value())));
      }

      @Override
      public Mono<List<String>> complete(
          ToolContext context, String variable, String prefix, Map<String, String> resolved) {
        return Mono.just(
            "owner".equals(variable)
                ? List.of("ada", "alan", "grace").stream()
                    .filter(o -> o.startsWith(prefix))
                    .toList()
                : List.of());
      }
    };
  }

  @Bean
  McpPrompt reviewPrompt() {
    return new McpPrompt() {
      @Override
      public String name() {
        return "review_code";
      }

      @Override
      public String title() {
        return "Review code";
      }

      @Override
      public String description() {
        return "Asks for a review of a file in a language.";
      }

      @Override
      public List<PromptArgument> arguments() {
        return List.of(
            new PromptArgument("language", "The language of the code", true),
            new PromptArgument("focus", "What to look at first", false));
      }

      @Override
      public Mono<PromptResult> get(ToolContext context, Map<String, String> arguments) {
        return Mono.just(
            new PromptResult(
                "A review in " + arguments.get("language"),
                List.of(
                    PromptMessage.user(
                        Content.text(
                            "Review this "
                                + arguments.get("language")
                                + " code, focusing on "
                                + arguments.getOrDefault("focus", "correctness")
                                + ".")),
                    PromptMessage.user(Content.image(PNG, "image/png")),
                    PromptMessage.user(
                        Content.embedded(
                            ResourceContents.text("files://main", "text/plain", "class Main {}"))),
                    PromptMessage.assistant(Content.text("I will review it.")))));
      }

      @Override
      public Mono<List<String>> complete(
          ToolContext context, String argument, String prefix, Map<String, String> resolved) {
        return Mono.just(
            "language".equals(argument)
                ? List.of("java", "javascript", "python").stream()
                    .filter(l -> l.startsWith(prefix))
                    .toList()
                : List.of());
      }
    };
  }

  private static McpTool tool(
      String name,
      java.util.function.BiFunction<ToolContext, Map<String, Object>, Mono<ToolResult>> call) {
    return Fixtures.tool(name, "A test tool: " + name, call);
  }
}
