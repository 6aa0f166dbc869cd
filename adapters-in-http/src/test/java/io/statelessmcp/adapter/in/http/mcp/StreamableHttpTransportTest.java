package io.statelessmcp.adapter.in.http.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.statelessmcp.adapter.in.http.mcp.fixtures.Fixtures;
import io.statelessmcp.application.port.in.McpProtocolSessions;
import io.statelessmcp.application.port.in.Principal;
import io.statelessmcp.application.port.in.SessionPrincipal;
import io.statelessmcp.domain.LogLevel;
import io.statelessmcp.domain.SessionId;
import io.statelessmcp.domain.UserId;
import io.statelessmcp.domain.UserProfile;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The wire behaviour of {@code /mcp}: JSON unless a notification comes first, the protocol session
 * id, the stored log level, and errors that name nothing inside.
 */
class StreamableHttpTransportTest {

  private static final String BOTH = "application/json, text/event-stream";
  private static final JsonMapper JSON = JsonMapper.shared();
  private static final Principal ADA =
      new SessionPrincipal(
          new UserId("user_ada"),
          SessionId.random(),
          new UserProfile("ada@example.com", "Ada", "Lovelace"),
          "upstream-token",
          Instant.now().plusSeconds(3600));

  private final Levels levels = new Levels();
  private final ProtocolSessionIds ids = ProtocolSessionIds.withRandomKey();
  private final McpEndpoints endpoints =
      new McpEndpoints(
          new McpFeatures(
              List.of(
                  tool("quiet", context -> Mono.just(ToolResult.ok("hush"))),
                  tool(
                      "talks",
                      context ->
                          Mono.fromRunnable(
                                  () -> {
                                    context.log(LogLevel.DEBUG, "too fine");
                                    context.log(LogLevel.WARNING, "careful");
                                  })
                              .thenReturn(ToolResult.ok("said"))),
                  tool("boom", context -> Mono.error(new IllegalStateException("secret detail")))),
              List.of(failingResource()),
              List.of(),
              List.of()),
          McpJsonDefaults.getMapper(),
          "test-server",
          "1",
          ids,
          levels);
  private final WebTestClient client =
      WebTestClient.bindToRouterFunction(endpoints.routes())
          .webFilter(
              (exchange, chain) -> {
                exchange.getAttributes().put(Principal.class.getName(), ADA);
                return chain.filter(exchange);
              })
          .build();

  @Test
  void aRequestWithoutNotificationsAnswersJsonEvenToAStreamingClient() {
    EntityExchangeResult<String> answer = post(call("quiet"), BOTH, null);

    assertThat(answer.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
    assertThat(json(answer).at("/result/content/0/text").asString()).isEqualTo("hush");
  }

  @Test
  void aNotificationBeforeTheResultTurnsTheAnswerIntoAStream() {
    EntityExchangeResult<String> answer = post(call("talks"), BOTH, null);

    assertThat(
            answer
                .getResponseHeaders()
                .getContentType()
                .isCompatibleWith(MediaType.TEXT_EVENT_STREAM))
        .isTrue();
    List<JsonNode> events = events(answer);
    assertThat(events).hasSize(2);
    assertThat(events.get(0).path("method").asString()).isEqualTo("notifications/message");
    assertThat(events.get(0).at("/params/data").asString())
        .as("info by default: the debug message is dropped")
        .isEqualTo("careful");
    assertThat(events.get(0).at("/params/logger").asString()).isEqualTo("talks");
    assertThat(events.get(1).at("/result/content/0/text").asString()).isEqualTo("said");
  }

  @Test
  void aClientThatAcceptsOnlyJsonGetsTheResultWithoutNotifications() {
    EntityExchangeResult<String> answer = post(call("talks"), "application/json", null);

    assertThat(answer.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
    assertThat(json(answer).at("/result/content/0/text").asString()).isEqualTo("said");
  }

  @Test
  void aClientThatAcceptsOnlyAStreamGetsOne() {
    EntityExchangeResult<String> answer = post(PING, "text/event-stream", null);

    assertThat(events(answer)).singleElement().satisfies(e -> assertThat(e.has("result")).isTrue());
  }

  @Test
  void aClientThatAcceptsNeitherIs406() {
    EntityExchangeResult<String> answer = post(PING, "text/html", null);

    assertThat(answer.getStatus()).isEqualTo(HttpStatus.NOT_ACCEPTABLE);
    assertThat(json(answer).at("/error/code").asInt()).isEqualTo(-32600);
  }

  @Test
  void initializeIssuesASessionIdAndSetLevelStoresTheLevelForIt() {
    EntityExchangeResult<String> init = post(INITIALIZE, BOTH, null);
    String session = init.getResponseHeaders().getFirst("Mcp-Session-Id");

    EntityExchangeResult<String> set = post(setLevel("warning"), BOTH, session);

    assertThat(ids.isValid(session, ADA.userId())).isTrue();
    assertThat(set.getResponseBody()).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{}}");
    assertThat(levels.stored).containsEntry(session, LogLevel.WARNING);
  }

  @Test
  void theLevelSetIsTheOneRequestsHonour() {
    String session = post(INITIALIZE, BOTH, null).getResponseHeaders().getFirst("Mcp-Session-Id");
    levels.stored.put(session, LogLevel.DEBUG);

    List<JsonNode> events = events(post(call("talks"), BOTH, session));

    assertThat(events)
        .extracting(e -> e.at("/params/data").asString())
        .containsExactly("too fine", "careful", "");
  }

  @Test
  void setLevelWithoutASessionAnswersButKeepsNothing() {
    EntityExchangeResult<String> set = post(setLevel("debug"), BOTH, null);

    assertThat(json(set).get("result").isEmpty()).isTrue();
    assertThat(levels.stored).isEmpty();
  }

  @Test
  void anUnknownLevelIsInvalidParams() {
    assertThat(json(post(setLevel("loud"), BOTH, null)).at("/error/code").asInt())
        .isEqualTo(-32602);
  }

  @Test
  void aSessionIdThisServerDidNotIssueIs404() {
    EntityExchangeResult<String> answer = post(PING, BOTH, "made.up");

    assertThat(answer.getStatus()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(json(answer).at("/error/code").asInt()).isEqualTo(-32001);
    assertThat(json(answer).get("id").asInt()).isEqualTo(2);
  }

  @Test
  void aJsonRpcResponseIsRefused() {
    EntityExchangeResult<String> answer =
        post("{\"jsonrpc\":\"2.0\",\"id\":9,\"result\":{}}", BOTH, null);

    assertThat(answer.getStatus()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(json(answer).at("/error/code").asInt()).isEqualTo(-32600);
  }

  @Test
  void subscriptionsAreNotOffered() {
    EntityExchangeResult<String> answer =
        post(
            "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"resources/subscribe\","
                + "\"params\":{\"uri\":\"docs://a\"}}",
            BOTH,
            null);

    assertThat(json(answer).at("/error/code").asInt()).isEqualTo(-32601);
  }

  @Test
  void failuresNameNothingInside() {
    EntityExchangeResult<String> tool = post(call("boom"), BOTH, null);
    EntityExchangeResult<String> resource =
        post(
            "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"resources/read\","
                + "\"params\":{\"uri\":\"docs://a\"}}",
            BOTH,
            null);

    assertThat(json(tool).at("/result/isError").asBoolean()).isTrue();
    assertThat(json(tool).at("/result/content/0/text").asString())
        .isEqualTo("the tool failed; try again shortly");
    assertThat(json(resource).at("/error/code").asInt()).isEqualTo(-32603);
    assertThat(tool.getResponseBody() + resource.getResponseBody())
        .doesNotContain("secret detail")
        .doesNotContain("Exception");
  }

  @Test
  void paramsThatDoNotFitTheMethodAreInvalidParamsNotA500() {
    EntityExchangeResult<String> answer =
        post(
            "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"resources/read\","
                + "\"params\":{\"uri\":{\"not\":\"a string\"}}}",
            BOTH,
            null);

    assertThat(answer.getStatus()).isEqualTo(HttpStatus.OK);
    assertThat(json(answer).at("/error/code").asInt()).isEqualTo(-32602);
  }

  @Test
  void getAndDeleteAre405() {
    client
        .get()
        .uri("/mcp")
        .exchange()
        .expectStatus()
        .isEqualTo(405)
        .expectHeader()
        .valueEquals("Allow", "POST");
    client.delete().uri("/mcp").exchange().expectStatus().isEqualTo(405);
  }

  // --- helpers ---

  private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}";
  private static final String INITIALIZE =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
          + "\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
          + "\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

  private static String call(String tool) {
    return "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\""
        + tool
        + "\",\"arguments\":{}}}";
  }

  private static String setLevel(String level) {
    return "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"logging/setLevel\",\"params\":{\"level\":\""
        + level
        + "\"}}";
  }

  private EntityExchangeResult<String> post(String body, String accept, String session) {
    return client
        .post()
        .uri("/mcp")
        .contentType(MediaType.APPLICATION_JSON)
        .header("Accept", accept)
        .headers(
            h -> {
              if (session != null) {
                h.set("Mcp-Session-Id", session);
              }
            })
        .bodyValue(body)
        .exchange()
        .expectBody(String.class)
        .returnResult();
  }

  private static JsonNode json(EntityExchangeResult<String> answer) {
    return JSON.readTree(answer.getResponseBody());
  }

  private static List<JsonNode> events(EntityExchangeResult<String> answer) {
    return answer
        .getResponseBody()
        .lines()
        .filter(line -> line.startsWith("data:"))
        .map(line -> JSON.readTree(line.substring(5)))
        .toList();
  }

  private static McpTool tool(
      String name, java.util.function.Function<ToolContext, Mono<ToolResult>> call) {
    return Fixtures.tool(name, name, (context, arguments) -> call.apply(context));
  }

  private static McpResource failingResource() {
    return Fixtures.resource(
        "docs://a", "a", null, context -> Mono.error(new IllegalStateException("secret detail")));
  }

  /** Levels in a map, cancellations nowhere. */
  static final class Levels implements McpProtocolSessions {
    final Map<String, LogLevel> stored = new ConcurrentHashMap<>();
    private final Sinks.Many<String> cancellations = Sinks.many().multicast().directBestEffort();

    @Override
    public Mono<Void> setLogLevel(Principal caller, String protocolSessionId, LogLevel level) {
      return Mono.fromRunnable(() -> stored.put(protocolSessionId, level));
    }

    @Override
    public Mono<LogLevel> logLevel(Principal caller, String protocolSessionId) {
      return Mono.justOrEmpty(stored.get(protocolSessionId)).defaultIfEmpty(LogLevel.DEFAULT);
    }

    @Override
    public Mono<Void> announceCancellation(String requestKey) {
      return Mono.empty();
    }

    @Override
    public Flux<String> cancellations() {
      return cancellations.asFlux();
    }
  }
}
