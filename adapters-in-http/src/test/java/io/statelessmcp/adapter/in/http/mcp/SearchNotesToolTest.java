package io.statelessmcp.adapter.in.http.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.statelessmcp.application.port.in.Principal;
import io.statelessmcp.application.port.in.SessionPrincipal;
import io.statelessmcp.application.port.in.TokenPrincipal;
import io.statelessmcp.domain.SessionId;
import io.statelessmcp.domain.UserId;
import io.statelessmcp.domain.UserProfile;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * The README's "Add a tool" example: the class in the README is this test source, character for
 * character, and it behaves as the README says.
 */
class SearchNotesToolTest {

  private static final Path SOURCE =
      Path.of("src/test/java/io/statelessmcp/adapter/in/http/mcp/SearchNotesTool.java");
  private static final Path README = Path.of("..", "README.md");

  private final List<ClientRequest> sent = new ArrayList<>();
  private HttpStatus answerStatus = HttpStatus.OK;

  private final WebClient notesApi =
      WebClient.builder()
          .baseUrl("https://notes.example.com")
          .exchangeFunction(
              request -> {
                sent.add(request);
                return Mono.just(
                    ClientResponse.create(answerStatus)
                        .header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
                        .body("[{\"id\":1,\"title\":\"Groceries\"}]")
                        .build());
              })
          .build();

  private final SearchNotesTool tool = new SearchNotesTool(notesApi);

  private final ToolContext sessionCaller =
      new ToolContext(
          new SessionPrincipal(
              new UserId("user_01HADA"),
              SessionId.random(),
              new UserProfile("ada@example.com", "Ada", "Lovelace"),
              "upstream-access-token",
              Instant.now().plusSeconds(3600)));

  @Test
  void theReadmeShowsThisClassVerbatim() throws IOException {
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    String source = Files.readString(SOURCE, StandardCharsets.UTF_8);

    assertThat(javaBlocks(readme))
        .as("README.md, Add a tool: a ```java block equal to %s", SOURCE)
        .contains(source);
  }

  @Test
  void callsTheApiAsTheUserWithTheArguments() {
    ToolResult result =
        tool.call(sessionCaller, Map.of("query", "milk & eggs", "limit", 3)).block();

    assertThat(result).isEqualTo(ToolResult.ok("[{\"id\":1,\"title\":\"Groceries\"}]"));
    assertThat(sent).hasSize(1);
    URI uri = sent.get(0).url();
    assertThat(uri.getHost()).isEqualTo("notes.example.com");
    assertThat(uri.getPath()).isEqualTo("/notes");
    assertThat(uri.getRawQuery()).isEqualTo("q=milk%20%26%20eggs&limit=3");
    assertThat(sent.get(0).headers().getFirst(HttpHeaders.AUTHORIZATION))
        .isEqualTo("Bearer upstream-access-token");
  }

  @Test
  void theLimitDefaultsToTen() {
    tool.call(sessionCaller, Map.of("query", "milk")).block();

    assertThat(sent.get(0).url().getRawQuery()).isEqualTo("q=milk&limit=10");
  }

  @Test
  void badArgumentsAreErrorsTheModelSeesAndCallNothing() {
    assertThat(tool.call(sessionCaller, Map.of()).block())
        .isEqualTo(ToolResult.error("query must be a non-empty string"));
    assertThat(tool.call(sessionCaller, Map.of("query", " ")).block().isError()).isTrue();
    assertThat(tool.call(sessionCaller, Map.of("query", "milk", "limit", 51)).block())
        .isEqualTo(ToolResult.error("limit must be a whole number from 1 to 50"));
    assertThat(tool.call(sessionCaller, Map.of("query", "milk", "limit", "5")).block().isError())
        .isTrue();
    assertThat(sent).isEmpty();
  }

  @Test
  void aCallerWithoutAnUpstreamTokenIsToldWhy() {
    ToolContext tokenCaller =
        new ToolContext(
            new TokenPrincipal(
                new UserId("user_01HADA"), UserProfile.empty(), Instant.now().plusSeconds(60)));

    assertThat(tool.call(tokenCaller, Map.of("query", "milk")).block())
        .isEqualTo(ToolResult.error("this tool needs a login at /auth/login"));
    assertThat(sent).isEmpty();
  }

  @Test
  void anUpstreamRefusalIsAToolError() {
    answerStatus = HttpStatus.FORBIDDEN;

    ToolResult result = tool.call(sessionCaller, Map.of("query", "milk")).block();

    assertThat(result.isError()).isTrue();
    assertThat(result.text()).startsWith("the notes API answered 403");
  }

  @Test
  void mcpClientsSeeItsArgumentsInToolsList() {
    McpEndpoints endpoints =
        new McpEndpoints(
            McpFeatures.tools(List.of(tool)),
            McpJsonDefaults.getMapper(),
            "test",
            "1",
            ProtocolSessionIds.withRandomKey(),
            new StreamableHttpTransportTest.Levels());
    WebTestClient client =
        WebTestClient.bindToRouterFunction(endpoints.routes())
            .webFilter(
                (exchange, chain) -> {
                  exchange
                      .getAttributes()
                      .put(Principal.class.getName(), sessionCaller.principal());
                  return chain.filter(exchange);
                })
            .build();

    client
        .post()
        .uri("/mcp")
        .contentType(MediaType.APPLICATION_JSON)
        .accept(MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM)
        .bodyValue("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.result.tools[0].name")
        .isEqualTo("search_notes")
        .jsonPath("$.result.tools[0].inputSchema.required[0]")
        .isEqualTo("query")
        .jsonPath("$.result.tools[0].inputSchema.properties.limit.type")
        .isEqualTo("integer");
  }

  private static List<String> javaBlocks(String markdown) {
    List<String> blocks = new ArrayList<>();
    Matcher block = Pattern.compile("(?m)^```java\\n(.*?)^```$", Pattern.DOTALL).matcher(markdown);
    while (block.find()) {
      blocks.add(block.group(1));
    }
    return blocks;
  }
}
