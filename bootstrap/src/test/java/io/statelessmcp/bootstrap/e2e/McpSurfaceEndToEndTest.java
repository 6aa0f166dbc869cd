package io.statelessmcp.bootstrap.e2e;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.statelessmcp.adapter.out.workos.fake.FakeUser;
import io.statelessmcp.adapter.out.workos.fake.FakeWorkOs;
import io.statelessmcp.bootstrap.e2e.McpClients.CredentialAs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * The whole MCP surface a tool author has, as clients see it on two replicas: every content type,
 * structured output, tool metadata, argument validation, progress, log messages at the level the
 * client set (on any replica), cancellation, resources, templates, prompts and completions. The
 * official Java SDK client goes through a round-robin load balancer, so consecutive requests land
 * on different replicas; what the SDK client cannot send (a cancellation, a request to a chosen
 * replica) is sent by hand.
 */
class McpSurfaceEndToEndTest {

  @RegisterExtension
  static final Deployment deployment =
      Deployment.withReplicas(2)
          .behindRoundRobinProxy()
          .withSources(SurfaceFixtures.class)
          .settings(Map.of("MCP_CONFORMANCE_FIXTURES", "true"));

  private final Browser browser = new Browser();
  private final FakeWorkOs workOs = deployment.workOs();
  private final App replicaA = deployment.replica(0);
  private final App replicaB = deployment.replica(1);
  private String credential;

  @BeforeEach
  void login() {
    SurfaceFixtures.reset();
    credential = browser.login(replicaA, replicaB, workOs);
  }

  private McpSyncClient client() {
    return client(spec -> {});
  }

  private McpSyncClient client(
      java.util.function.Consumer<io.modelcontextprotocol.client.McpClient.SyncSpec> configure) {
    McpSyncClient client =
        McpClients.streamable(
            deployment.publicUrl(), credential, CredentialAs.HEADER, Map.of(), configure);
    client.initialize();
    return client;
  }

  // --- tools ---

  @Test
  void everyContentTypeReachesTheClient() {
    try (McpSyncClient client = client()) {
      McpSchema.CallToolResult mixed =
          McpClients.call(client, "test_multiple_content_types", Map.of());
      McpSchema.CallToolResult audio = McpClients.call(client, "links_and_audio", Map.of());

      assertThat(mixed.content()).hasSize(3);
      assertThat(((McpSchema.TextContent) mixed.content().get(0)).text())
          .isEqualTo("Multiple content types test:");
      McpSchema.ImageContent image = (McpSchema.ImageContent) mixed.content().get(1);
      assertThat(image.mimeType()).isEqualTo("image/png");
      assertThat(Base64.getDecoder().decode(image.data())).isEqualTo(SurfaceFixtures.PNG);
      McpSchema.EmbeddedResource embedded = (McpSchema.EmbeddedResource) mixed.content().get(2);
      assertThat(embedded.resource().uri()).isEqualTo("test://mixed-content-resource");
      assertThat(((McpSchema.TextResourceContents) embedded.resource()).text())
          .isEqualTo("{\"test\":\"data\",\"value\":123}");

      McpSchema.ResourceLink link = (McpSchema.ResourceLink) audio.content().get(1);
      assertThat(link.uri()).isEqualTo("files://logo");
      assertThat(link.name()).isEqualTo("logo");
      assertThat(link.mimeType()).isEqualTo("image/png");
      McpSchema.AudioContent sound = (McpSchema.AudioContent) audio.content().get(2);
      assertThat(sound.mimeType()).isEqualTo("audio/wav");
      assertThat(Base64.getDecoder().decode(sound.data())).containsExactly(1, 2, 3);
      assertThat(audio.isError()).isFalse();
    }
  }

  @Test
  void structuredOutputComesWithItsSchemaAndAsText() {
    try (McpSyncClient client = client()) {
      McpSchema.Tool forecast = tool(client, "forecast");
      McpSchema.CallToolResult result = McpClients.call(client, "forecast", Map.of("city", "Oslo"));

      assertThat(forecast.outputSchema()).containsEntry("required", List.of("city", "celsius"));
      assertThat(result.isError()).isFalse();
      assertThat(result.structuredContent()).isEqualTo(Map.of("city", "Oslo", "celsius", 21.5));
      assertThat(McpClients.json(result).get("celsius").asDouble())
          .as("the same value as text, for clients that read only text")
          .isEqualTo(21.5);
    }
  }

  @Test
  void structuredContentThatBreaksItsSchemaIsAToolError() {
    try (McpSyncClient client = client()) {
      McpSchema.CallToolResult result = McpClients.call(client, "broken_forecast", Map.of());

      assertThat(result.isError()).isTrue();
      assertThat(McpClients.text(result)).contains("output validation failed");
    }
  }

  @Test
  void toolsCarryTitlesHintsAndTheirSchemasVerbatim() {
    try (McpSyncClient client = client()) {
      McpSchema.Tool forecast = tool(client, "forecast");
      McpSchema.Tool revoke = tool(client, "revoke_session");
      McpSchema.Tool schema2020 = tool(client, "json_schema_2020_12_tool");

      assertThat(forecast.title()).isEqualTo("Weather forecast");
      assertThat(forecast.annotations().readOnlyHint()).isTrue();
      assertThat(forecast.annotations().openWorldHint()).isTrue();
      assertThat(forecast.inputSchema())
          .containsEntry("$schema", "https://json-schema.org/draft/2020-12/schema")
          .containsEntry("additionalProperties", false)
          .containsKey("$defs");
      assertThat(revoke.annotations().destructiveHint()).isTrue();
      assertThat(revoke.annotations().readOnlyHint()).isFalse();
      assertThat(schema2020.inputSchema())
          .containsKeys("$schema", "$defs", "allOf", "if", "then", "else")
          .containsEntry("additionalProperties", false);
      @SuppressWarnings("unchecked")
      Map<String, Object> address =
          (Map<String, Object>)
              ((Map<String, Object>) schema2020.inputSchema().get("$defs")).get("address");
      assertThat(address).containsEntry("$anchor", "addressDef");
    }
  }

  @Test
  void argumentsAreCheckedAgainstTheSchemaBeforeTheToolRuns() {
    try (McpSyncClient client = client()) {
      McpSchema.CallToolResult wrongType = McpClients.call(client, "forecast", Map.of("city", 42));
      McpSchema.CallToolResult missing = McpClients.call(client, "forecast", Map.of());
      McpSchema.CallToolResult extra =
          McpClients.call(client, "forecast", Map.of("city", "Oslo", "days", 3));

      for (McpSchema.CallToolResult refused : List.of(wrongType, missing, extra)) {
        assertThat(refused.isError()).isTrue();
        assertThat(McpClients.text(refused)).contains("input validation failed");
      }
      assertThat(SurfaceFixtures.FORECASTS).as("the tool never ran").hasValue(0);
    }
  }

  @Test
  void progressArrivesBeforeTheResultWhenTheClientAsksForIt() {
    List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();
    try (McpSyncClient client = client(spec -> spec.progressConsumer(progress::add))) {
      McpSchema.CallToolResult result =
          client.callTool(
              new McpSchema.CallToolRequest("steps", Map.of(), Map.of("progressToken", "p-7")));
      // The SDK client delivers notifications on another thread: wait for them, not for order.
      List<McpSchema.ProgressNotification> before = awaitSize(progress, 3);
      McpSchema.CallToolResult quiet = McpClients.call(client, "steps", Map.of());

      assertThat(McpClients.text(result)).isEqualTo("done, with progress");
      assertThat(before)
          .extracting(McpSchema.ProgressNotification::progress)
          .containsExactly(1.0, 2.0, 3.0);
      assertThat(before).allSatisfy(p -> assertThat(p.progressToken()).isEqualTo("p-7"));
      assertThat(before).allSatisfy(p -> assertThat(p.total()).isEqualTo(3.0));
      assertThat(before.get(0).message()).isEqualTo("first");
      assertThat(McpClients.text(quiet)).isEqualTo("done");
      assertThat(progress).as("no progress without a token").hasSize(3);
    }
  }

  @Test
  void logMessagesFollowTheLevelTheClientSet() {
    List<McpSchema.LoggingMessageNotification> messages = new CopyOnWriteArrayList<>();
    try (McpSyncClient client = client(spec -> spec.loggingConsumer(messages::add))) {
      McpClients.call(client, "chatty", Map.of());
      List<String> byDefault = delivered(messages, 3);
      messages.clear();
      client.setLoggingLevel(McpSchema.LoggingLevel.WARNING);
      McpClients.call(client, "chatty", Map.of());
      List<String> warningAndUp = delivered(messages, 2);
      messages.clear();
      client.setLoggingLevel(McpSchema.LoggingLevel.DEBUG);
      McpClients.call(client, "chatty", Map.of());
      delivered(messages, 4);

      // The SDK client hands notifications to its consumers concurrently: order is checked by hand.
      assertThat(byDefault).containsExactlyInAnyOrder("info note", "warning sign", "error report");
      assertThat(warningAndUp).containsExactlyInAnyOrder("warning sign", "error report");
      assertThat(data(messages))
          .containsExactlyInAnyOrder("debug detail", "info note", "warning sign", "error report");
      assertThat(messages).allSatisfy(m -> assertThat(m.logger()).isEqualTo("chatty"));
    }
  }

  @Test
  void aLevelSetOnOneReplicaIsHonouredOnTheOther() {
    String session = initialize(replicaA);

    HttpResponse<String> set = post(replicaA, session, setLevel("error"));
    List<JsonNode> onB = events(post(replicaB, session, call(5, "chatty", null)));
    post(replicaB, session, setLevel("debug"));
    List<JsonNode> onA = events(post(replicaA, session, call(6, "chatty", null)));

    assertThat(Browser.json(set).get("result").isEmpty()).as(set.body()).isTrue();
    assertThat(onB)
        .extracting(e -> e.path("params").path("data").asString())
        .containsExactly("error report", "");
    assertThat(onB.get(1).path("result").path("content").get(0).path("text").asString())
        .isEqualTo("logged");
    assertThat(onA)
        .extracting(e -> e.path("params").path("level").asString())
        .containsExactly("debug", "info", "warning", "error", "");
    assertThat(onA.get(4).path("id").asInt()).isEqualTo(6);
  }

  // --- cancellation ---

  @Test
  void aClientThatGoesAwayCancelsItsToolCall() throws Exception {
    try (Socket socket = openCall(replicaA, initialize(replicaA), 11)) {
      awaitFirstEvent(socket);
      assertThat(SurfaceFixtures.waitStarted.await(10, TimeUnit.SECONDS)).isTrue();
    }

    assertThat(SurfaceFixtures.waitCancelled.await(10, TimeUnit.SECONDS))
        .as("the tool heard the cancellation")
        .isTrue();
  }

  @Test
  void notificationsCancelledStopsTheCallOnTheSameReplica() throws Exception {
    String session = initialize(replicaA);
    try (Socket socket = openCall(replicaA, session, 12)) {
      BufferedReader stream = awaitFirstEvent(socket);

      HttpResponse<String> cancel = post(replicaA, session, cancelled(12));

      assertThat(cancel.statusCode()).isEqualTo(202);
      assertThat(SurfaceFixtures.waitCancelled.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(rest(stream)).as("the stream ends without a result").doesNotContain("\"result\"");
    }
  }

  @Test
  void notificationsCancelledOnAnotherReplicaStopsTheCall() throws Exception {
    String session = initialize(replicaA);
    try (Socket socket = openCall(replicaA, session, 13)) {
      BufferedReader stream = awaitFirstEvent(socket);

      HttpResponse<String> cancel = post(replicaB, session, cancelled(13));

      assertThat(cancel.statusCode()).isEqualTo(202);
      assertThat(SurfaceFixtures.waitCancelled.await(10, TimeUnit.SECONDS))
          .as("replica B announced it, replica A stopped the call")
          .isTrue();
      assertThat(rest(stream)).doesNotContain("\"result\"");
    }
  }

  @Test
  void anotherUsersCancellationStopsNothing() throws Exception {
    String session = initialize(replicaA);
    workOs.signInAs(FakeUser.grace());
    String grace = browser.login(replicaB, replicaB, workOs);
    try (Socket socket = openCall(replicaA, session, 14)) {
      awaitFirstEvent(socket);

      HttpResponse<String> asGrace =
          browser.send(
              McpRawHttp.post(replicaB, cancelled(14)).header("X-MCP-Session-ID", grace).build());

      assertThat(asGrace.statusCode()).isEqualTo(202);
      assertThat(SurfaceFixtures.waitCancelled.await(1, TimeUnit.SECONDS)).isFalse();
    }
  }

  // --- protocol sessions ---

  @Test
  void theSessionIdFromOneReplicaWorksOnTheOtherAndOnlyForItsUser() {
    String session = initialize(replicaA);
    workOs.signInAs(FakeUser.grace());
    String grace = browser.login(replicaB, replicaB, workOs);

    HttpResponse<String> onB = post(replicaB, session, McpRawHttp.WHOAMI);
    HttpResponse<String> forged =
        post(replicaB, session.substring(0, session.length() - 2) + "AA", McpRawHttp.WHOAMI);
    HttpResponse<String> asGrace =
        browser.send(
            McpRawHttp.post(replicaB, McpRawHttp.WHOAMI)
                .header("X-MCP-Session-ID", grace)
                .header("Mcp-Session-Id", session)
                .build());

    assertThat(session).matches("[\\x21-\\x7E]+");
    assertThat(onB.statusCode()).isEqualTo(200);
    assertThat(forged.statusCode()).isEqualTo(404);
    assertThat(Browser.json(forged).get("error").get("code").asInt()).isEqualTo(-32001);
    assertThat(asGrace.statusCode()).isEqualTo(404);
  }

  // --- resources, templates, prompts, completion ---

  @Test
  void resourcesAreListedAndReadAsTheCaller() {
    try (McpSyncClient client = client()) {
      List<McpSchema.Resource> listed = client.listResources().resources();
      McpSchema.ReadResourceResult profile =
          client.readResource(new McpSchema.ReadResourceRequest("me://profile"));
      McpSchema.ReadResourceResult logo =
          client.readResource(new McpSchema.ReadResourceRequest("files://logo"));

      assertThat(listed)
          .extracting(McpSchema.Resource::uri)
          .contains("me://profile", "files://logo", "test://static-text", "test://static-binary");
      assertThat(((McpSchema.TextResourceContents) profile.contents().get(0)).text())
          .isEqualTo("user " + FakeUser.ada().id());
      McpSchema.BlobResourceContents blob = (McpSchema.BlobResourceContents) logo.contents().get(0);
      assertThat(blob.mimeType()).isEqualTo("image/png");
      assertThat(Base64.getDecoder().decode(blob.blob())).isEqualTo(SurfaceFixtures.LOGO);
    }
  }

  @Test
  void templatesAreListedAndReadWithTheirVariables() {
    try (McpSyncClient client = client()) {
      List<McpSchema.ResourceTemplate> templates =
          client.listResourceTemplates().resourceTemplates();
      McpSchema.ReadResourceResult note =
          client.readResource(new McpSchema.ReadResourceRequest("notes://grace/42"));

      assertThat(templates)
          .extracting(McpSchema.ResourceTemplate::uriTemplate)
          .contains("notes://{owner}/{id}", "test://template/{id}/data");
      McpSchema.TextResourceContents text = (McpSchema.TextResourceContents) note.contents().get(0);
      assertThat(text.uri()).isEqualTo("notes://grace/42");
      assertThat(text.text()).isEqualTo("note 42 of grace, read by " + FakeUser.ada().id());
    }
  }

  @Test
  void anUnknownResourceIsTheSpecifiedError() {
    try (McpSyncClient client = client()) {
      for (String uri : List.of("nothing://here", "notes://ada/missing")) {
        assertThatThrownBy(() -> client.readResource(new McpSchema.ReadResourceRequest(uri)))
            .isInstanceOfSatisfying(
                McpError.class,
                e -> assertThat(e.getJsonRpcError().code()).as(uri).isEqualTo(-32002));
      }
    }
  }

  @Test
  void promptsAreListedAndFilledWithTextImagesAndResources() {
    try (McpSyncClient client = client()) {
      McpSchema.Prompt listed =
          client.listPrompts().prompts().stream()
              .filter(p -> p.name().equals("review_code"))
              .findFirst()
              .orElseThrow();
      McpSchema.GetPromptResult review =
          client.getPrompt(
              new McpSchema.GetPromptRequest("review_code", Map.of("language", "java")));

      assertThat(listed.title()).isEqualTo("Review code");
      assertThat(listed.arguments())
          .extracting(McpSchema.PromptArgument::name, McpSchema.PromptArgument::required)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("language", true),
              org.assertj.core.groups.Tuple.tuple("focus", false));
      assertThat(review.description()).isEqualTo("A review in java");
      assertThat(review.messages()).hasSize(4);
      assertThat(((McpSchema.TextContent) review.messages().get(0).content()).text())
          .isEqualTo("Review this java code, focusing on correctness.");
      assertThat(review.messages().get(1).content()).isInstanceOf(McpSchema.ImageContent.class);
      assertThat(((McpSchema.EmbeddedResource) review.messages().get(2).content()).resource().uri())
          .isEqualTo("files://main");
      assertThat(review.messages().get(3).role()).isEqualTo(McpSchema.Role.ASSISTANT);
      assertThatThrownBy(
              () -> client.getPrompt(new McpSchema.GetPromptRequest("review_code", Map.of())))
          .isInstanceOfSatisfying(
              McpError.class, e -> assertThat(e.getJsonRpcError().code()).isEqualTo(-32602));
    }
  }

  @Test
  void completionSuggestsPromptArgumentsAndTemplateVariables() {
    try (McpSyncClient client = client()) {
      McpSchema.CompleteResult language =
          client.completeCompletion(
              new McpSchema.CompleteRequest(
                  new McpSchema.PromptReference("review_code"),
                  new McpSchema.CompleteRequest.CompleteArgument("language", "ja")));
      McpSchema.CompleteResult owner =
          client.completeCompletion(
              new McpSchema.CompleteRequest(
                  new McpSchema.ResourceReference("notes://{owner}/{id}"),
                  new McpSchema.CompleteRequest.CompleteArgument("owner", "a")));

      assertThat(language.completion().values()).containsExactly("java", "javascript");
      assertThat(language.completion().total()).isEqualTo(2);
      assertThat(language.completion().hasMore()).isFalse();
      assertThat(owner.completion().values()).containsExactly("ada", "alan");
    }
  }

  @Test
  void theServerDeclaresWhatItServes() {
    try (McpSyncClient client = client()) {
      McpSchema.ServerCapabilities capabilities = client.getServerCapabilities();

      assertThat(capabilities.tools()).isNotNull();
      assertThat(capabilities.resources()).isNotNull();
      assertThat(capabilities.resources().subscribe()).isFalse();
      assertThat(capabilities.prompts()).isNotNull();
      assertThat(capabilities.completions()).isNotNull();
      assertThat(capabilities.logging()).isNotNull();
    }
  }

  // --- DNS rebinding (the deployment runs on loopback) ---

  @Test
  void aLocalPageOnAnotherPortIsServedOnlyWithoutTheSessionCookie() {
    String otherPort = "http://localhost:6274";

    HttpResponse<String> withHeader =
        browser.send(
            McpRawHttp.post(replicaA, McpRawHttp.WHOAMI)
                .header("X-MCP-Session-ID", credential)
                .header("Origin", otherPort)
                .build());
    HttpResponse<String> withCookie =
        browser.send(
            McpRawHttp.post(replicaA, McpRawHttp.WHOAMI)
                .header("Cookie", "mcp_session=" + credential)
                .header("Origin", otherPort)
                .build());

    assertThat(withHeader.statusCode()).as(withHeader.body()).isEqualTo(200);
    assertThat(withCookie.statusCode()).isEqualTo(403);
    assertThat(Browser.json(withCookie).get("error").asText()).isEqualTo("origin_not_allowed");
  }

  @Test
  void aForeignHostNameIs403() throws IOException {
    try (Socket socket = new Socket("localhost", URI.create(replicaA.baseUrl()).getPort())) {
      socket.setSoTimeout(20_000);
      byte[] body = McpRawHttp.WHOAMI.getBytes(UTF_8);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /mcp HTTP/1.1\r\n"
                  + "Host: evil.example.com\r\n"
                  + "Content-Type: application/json\r\n"
                  + "Accept: application/json, text/event-stream\r\n"
                  + "X-MCP-Session-ID: "
                  + credential
                  + "\r\nContent-Length: "
                  + body.length
                  + "\r\n\r\n")
              .getBytes(US_ASCII));
      out.write(body);
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), UTF_8));
      String status = in.readLine();
      int length = 0;
      String line;
      while (!(line = in.readLine()).isEmpty()) {
        if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
          length = Integer.parseInt(line.substring(15).trim());
        }
      }
      char[] answer = new char[length];
      int read = 0;
      while (read < length) {
        read += in.read(answer, read, length - read);
      }

      assertThat(status).startsWith("HTTP/1.1 403");
      assertThat(new String(answer)).contains("host_not_allowed");
    }
  }

  // --- the legacy HTTP+SSE transport ---

  @Test
  void theLegacySseTransportServesTheWholeSurface() throws InterruptedException {
    List<McpSchema.LoggingMessageNotification> messages = new CopyOnWriteArrayList<>();
    List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();
    try (McpSyncClient client =
        McpClients.sse(
            replicaA,
            credential,
            spec -> spec.loggingConsumer(messages::add).progressConsumer(progress::add))) {
      client.initialize();
      client.setLoggingLevel(McpSchema.LoggingLevel.ERROR);

      McpClients.call(client, "chatty", Map.of());
      client.callTool(
          new McpSchema.CallToolRequest("steps", Map.of(), Map.of("progressToken", "sse-1")));
      McpSchema.ReadResourceResult note =
          client.readResource(new McpSchema.ReadResourceRequest("notes://ada/1"));
      McpSchema.GetPromptResult prompt =
          client.getPrompt(
              new McpSchema.GetPromptRequest("review_code", Map.of("language", "python")));

      assertThat(((McpSchema.TextResourceContents) note.contents().get(0)).text())
          .isEqualTo("note 1 of ada, read by " + FakeUser.ada().id());
      assertThat(prompt.messages()).hasSize(4);
      // Notifications travel on the SSE stream, apart from the answers: they may trail them.
      for (int i = 0; i < 50 && (messages.isEmpty() || progress.size() < 3); i++) {
        Thread.sleep(100);
      }
      assertThat(data(messages)).containsExactly("error report");
      assertThat(progress)
          .extracting(McpSchema.ProgressNotification::progress)
          .containsExactlyInAnyOrder(1.0, 2.0, 3.0);
    }
  }

  // --- by hand ---

  private static McpSchema.Tool tool(McpSyncClient client, String name) {
    return client.listTools().tools().stream()
        .filter(t -> t.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  /**
   * The messages' data once {@code expected} of them arrived (the SDK client delivers them on
   * another thread, possibly just after the call's result), or after 5 s, whichever is first.
   */
  private static List<String> delivered(
      List<McpSchema.LoggingMessageNotification> messages, int expected) {
    return data(awaitSize(messages, expected));
  }

  /** A copy of {@code received} once it holds {@code expected} items, or after 5 s. */
  private static <T> List<T> awaitSize(List<T> received, int expected) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (received.size() < expected && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return List.copyOf(received);
  }

  private static List<String> data(List<McpSchema.LoggingMessageNotification> messages) {
    return messages.stream().map(McpSchema.LoggingMessageNotification::data).toList();
  }

  /** Initializes on this replica and returns the protocol session id it issued. */
  private String initialize(App replica) {
    HttpResponse<String> response =
        post(
            replica,
            null,
            "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{"
                + "\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
                + "\"clientInfo\":{\"name\":\"by-hand\",\"version\":\"1\"}}}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.headers().firstValue("Mcp-Session-Id").orElseThrow();
  }

  private HttpResponse<String> post(App replica, String session, String body) {
    HttpRequest.Builder request =
        McpRawHttp.post(replica, body).header("X-MCP-Session-ID", credential);
    if (session != null) {
      request.header("Mcp-Session-Id", session);
    }
    return browser.send(request.build());
  }

  private static String setLevel(String level) {
    return "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"logging/setLevel\",\"params\":{\"level\":\""
        + level
        + "\"}}";
  }

  private static String call(int id, String tool, String progressToken) {
    return "{\"jsonrpc\":\"2.0\",\"id\":"
        + id
        + ",\"method\":\"tools/call\",\"params\":{\"name\":\""
        + tool
        + "\",\"arguments\":{}"
        + (progressToken == null ? "" : ",\"_meta\":{\"progressToken\":\"" + progressToken + "\"}")
        + "}}";
  }

  private static String cancelled(int id) {
    return "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":"
        + id
        + ",\"reason\":\"the user gave up\"}}";
  }

  /** The JSON-RPC messages of an SSE answer, in order. */
  private static List<JsonNode> events(HttpResponse<String> response) {
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .as(response.body())
        .startsWith("text/event-stream");
    List<JsonNode> events = new ArrayList<>();
    for (String line : response.body().split("\n")) {
      if (line.startsWith("data:")) {
        events.add(Browser.JSON.readTree(line.substring(5)));
      }
    }
    return events;
  }

  /** Starts {@code wait_for_cancel} with a progress token, on a socket the test controls. */
  private Socket openCall(App replica, String session, int id) throws IOException {
    byte[] body = call(id, "wait_for_cancel", "w-" + id).getBytes(UTF_8);
    Socket socket = new Socket("localhost", URI.create(replica.baseUrl()).getPort());
    socket.setSoTimeout(20_000);
    OutputStream out = socket.getOutputStream();
    out.write(
        ("POST /mcp HTTP/1.1\r\n"
                + "Host: localhost\r\n"
                + "Content-Type: application/json\r\n"
                + "Accept: application/json, text/event-stream\r\n"
                + "X-MCP-Session-ID: "
                + credential
                + "\r\n"
                + "Mcp-Session-Id: "
                + session
                + "\r\n"
                + "Content-Length: "
                + body.length
                + "\r\n\r\n")
            .getBytes(US_ASCII));
    out.write(body);
    out.flush();
    return socket;
  }

  /** Reads the answer's head and its first event (the tool's "started" progress). */
  private static BufferedReader awaitFirstEvent(Socket socket) throws IOException {
    BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), UTF_8));
    String status = in.readLine();
    assertThat(status).startsWith("HTTP/1.1 200");
    String line;
    boolean stream = false;
    while (!(line = in.readLine()).isEmpty()) {
      stream |=
          line.toLowerCase(java.util.Locale.ROOT).startsWith("content-type: text/event-stream");
    }
    assertThat(stream).as("an SSE answer").isTrue();
    while ((line = in.readLine()) != null) {
      if (line.startsWith("data:")) {
        assertThat(line).contains("notifications/progress");
        return in;
      }
    }
    throw new AssertionError("the stream ended before its first event");
  }

  /** What is left of a stream, until the server ends it. */
  private static String rest(BufferedReader stream) throws IOException {
    StringBuilder rest = new StringBuilder();
    String line;
    while ((line = stream.readLine()) != null && !line.equals("0")) {
      rest.append(line).append('\n');
    }
    return rest.toString();
  }
}
