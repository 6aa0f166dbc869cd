package io.statelessmcp.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpSyncClient;
import io.statelessmcp.adapter.out.workos.fake.FakeUser;
import io.statelessmcp.adapter.out.workos.fake.FakeWorkOs;
import io.statelessmcp.bootstrap.e2e.McpClients.CredentialAs;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * What a hostile or careless client meets: foreign origins, malformed JSON-RPC, wrong methods, and,
 * in resource-server mode, AuthKit tokens that are not for this server.
 */
class McpEdgesEndToEndTest {

  private final Browser browser = new Browser();

  @RegisterExtension
  static final Deployment deployment =
      Deployment.withReplicas(1)
          .settings(
              workOs ->
                  Map.of(
                      "WORKOS_AUTHKIT_DOMAIN", workOs.authKitDomain(),
                      "MCP_ALLOWED_ORIGINS", "https://inspector.example.com",
                      "MCP_MAX_REQUEST_BYTES", "65536"));

  private final FakeWorkOs workOs = deployment.workOs();
  private final App replica = deployment.replica(0);
  private final String resource = replica.baseUrl() + "/mcp";
  private String credential;

  @BeforeEach
  void login() {
    credential = browser.login(replica, replica, workOs);
  }

  @Test
  void aForeignOriginIs403AndNothingRuns() {
    String sessionId = credential.substring(0, credential.indexOf('.'));
    String revoke =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"revoke_session\","
            + "\"arguments\":{\"session_id\":\""
            + sessionId
            + "\"}}}";

    HttpResponse<String> response =
        browser.send(
            McpRawHttp.post(replica, revoke)
                .header("X-MCP-Session-ID", credential)
                .header("Origin", "https://evil.example.net")
                .build());

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(Browser.json(response).get("error").asText()).isEqualTo("origin_not_allowed");
    assertThat(
            SharedPostgres.count(
                "SELECT count(*) FROM mcp_sessions WHERE session_id = ? AND revoked_at IS NULL",
                sessionId))
        .isEqualTo(1);
  }

  @Test
  void allowedOriginsAndRequestsWithoutOriginPass() {
    HttpResponse<String> allowed =
        browser.send(
            McpRawHttp.post(replica, McpRawHttp.WHOAMI)
                .header("X-MCP-Session-ID", credential)
                .header("Origin", "https://inspector.example.com")
                .build());
    HttpResponse<String> own =
        browser.send(
            McpRawHttp.post(replica, McpRawHttp.WHOAMI)
                .header("X-MCP-Session-ID", credential)
                .header("Origin", replica.baseUrl())
                .build());

    assertThat(allowed.statusCode()).isEqualTo(200);
    assertThat(own.statusCode()).isEqualTo(200);
    assertThat(McpRawHttp.callWhoami(browser, replica, credential).statusCode()).isEqualTo(200);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "not JSON|{this is not json|400|-32700",
        "empty body||400|-32700",
        "a JSON array (batch)|[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]|400|-32600",
        "wrong jsonrpc version|{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}|400|-32600",
        "no method|{\"jsonrpc\":\"2.0\",\"id\":1}|400|-32600",
        "a number|42|400|-32600",
        "unknown method|{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/destroy\"}|200|-32601"
      })
  void badJsonRpcGetsAJsonRpcErrorNeverA500(String what, String body, int status, int code) {
    HttpResponse<String> response =
        browser.send(
            McpRawHttp.post(replica, body == null ? "" : body)
                .header("X-MCP-Session-ID", credential)
                .build());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    JsonNode error = Browser.json(response).get("error");
    assertThat(error.get("code").asInt()).isEqualTo(code);
    assertThat(response.body()).doesNotContain("stackTrace").doesNotContain("Exception");
  }

  @Test
  void aBodyOverTheLimitIs413() {
    String huge =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"whoami\","
            + "\"arguments\":{\"padding\":\""
            + "x".repeat(100_000)
            + "\"}}}";

    HttpResponse<String> response =
        browser.send(McpRawHttp.post(replica, huge).header("X-MCP-Session-ID", credential).build());

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(Browser.json(response).get("error").get("code").asInt()).isEqualTo(-32600);
  }

  @Test
  void getAndDeleteOnTheStatelessEndpointAre405() {
    HttpResponse<String> get =
        browser.send(
            HttpRequest.newBuilder(URI.create(resource))
                .header("X-MCP-Session-ID", credential)
                .header("Accept", "text/event-stream")
                .GET()
                .build());
    HttpResponse<String> delete =
        browser.send(
            HttpRequest.newBuilder(URI.create(resource))
                .header("X-MCP-Session-ID", credential)
                .DELETE()
                .build());

    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(delete.statusCode()).isEqualTo(405);
  }

  @Test
  void noCredentialIs401PointingAtTheResourceMetadata() {
    HttpResponse<String> response =
        browser.send(McpRawHttp.post(replica, McpRawHttp.WHOAMI).build());

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValue(
            "Bearer resource_metadata=\""
                + replica.baseUrl()
                + "/.well-known/oauth-protected-resource\"");
    assertThat(Browser.json(response).get("error").asText()).isEqualTo("missing_credential");
  }

  @Test
  void theResourceMetadataNamesAuthKit() {
    for (String path :
        new String[] {
          "/.well-known/oauth-protected-resource", "/.well-known/oauth-protected-resource/mcp"
        }) {
      JsonNode metadata = Browser.json(browser.get(replica.baseUrl() + path, null, null, null));
      assertThat(metadata.get("resource").asText()).isEqualTo(resource);
      assertThat(metadata.get("authorization_servers").get(0).asText())
          .isEqualTo(workOs.authKitDomain());
      assertThat(metadata.get("bearer_methods_supported").get(0).asText()).isEqualTo("header");
    }
  }

  @Test
  void aValidAuthKitTokenActsAsTheUserWithoutASession() {
    String token = workOs.authKitToken().audience(resource).mint();

    try (McpSyncClient client = McpClients.streamable(replica, token, CredentialAs.BEARER)) {
      client.initialize();
      JsonNode me = McpClients.json(McpClients.call(client, "whoami", Map.of()));

      assertThat(me.get("user_id").asText()).isEqualTo(FakeUser.ada().id());
      assertThat(me.get("session_id").isNull()).isTrue();
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"wrong audience", "wrong issuer", "expired", "bad signature"})
  void authKitTokensNotForThisServerAre401(String flaw) {
    String token =
        switch (flaw) {
          case "wrong audience" ->
              workOs.authKitToken().audience("https://other.example.com/mcp").mint();
          case "wrong issuer" ->
              workOs.authKitToken().audience(resource).issuer("https://evil.authkit.app").mint();
          case "expired" ->
              workOs.authKitToken().audience(resource).expiresIn(Duration.ofMinutes(-5)).mint();
          default -> workOs.authKitToken().audience(resource).signedWithForeignKey().mint();
        };

    HttpResponse<String> response =
        browser.send(
            McpRawHttp.post(replica, McpRawHttp.WHOAMI)
                .header("Authorization", "Bearer " + token)
                .build());

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate").orElse(""))
        .contains("error=\"invalid_token\"")
        .contains("resource_metadata=");
    assertThat(Browser.json(response).get("error").asText()).isEqualTo("invalid_token");
  }
}
