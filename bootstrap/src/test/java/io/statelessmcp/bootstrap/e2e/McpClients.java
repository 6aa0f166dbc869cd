package io.statelessmcp.bootstrap.e2e;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientSseClientTransport;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** The official MCP Java SDK client, presenting the credential the way a user configured it. */
final class McpClients {

  /** How the credential travels: all three carry the same value. */
  enum CredentialAs {
    HEADER,
    COOKIE,
    BEARER
  }

  private McpClients() {}

  static McpSyncClient streamable(App app, String credential, CredentialAs as) {
    return streamable(app, credential, as, Map.of());
  }

  static McpSyncClient streamable(
      App app, String credential, CredentialAs as, Map<String, String> extraHeaders) {
    return streamable(app.baseUrl(), credential, as, extraHeaders);
  }

  /** At any address, such as a load balancer in front of the replicas. */
  static McpSyncClient streamable(
      String baseUrl, String credential, CredentialAs as, Map<String, String> extraHeaders) {
    return streamable(baseUrl, credential, as, extraHeaders, spec -> {});
  }

  /** With more of the client configured, e.g. consumers of progress and log messages. */
  static McpSyncClient streamable(
      String baseUrl,
      String credential,
      CredentialAs as,
      Map<String, String> extraHeaders,
      java.util.function.Consumer<McpClient.SyncSpec> configure) {
    HttpClientStreamableHttpTransport transport =
        HttpClientStreamableHttpTransport.builder(baseUrl)
            .endpoint("/mcp")
            .httpRequestCustomizer(
                (request, method, uri, body, context) -> {
                  present(request, credential, as);
                  extraHeaders.forEach(request::header);
                })
            .build();
    McpClient.SyncSpec spec = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(20));
    configure.accept(spec);
    return spec.build();
  }

  static McpSyncClient sse(App app, String credential) {
    return sse(app, credential, spec -> {});
  }

  static McpSyncClient sse(
      App app, String credential, java.util.function.Consumer<McpClient.SyncSpec> configure) {
    HttpClientSseClientTransport transport =
        HttpClientSseClientTransport.builder(app.baseUrl())
            .sseEndpoint("/sse")
            .httpRequestCustomizer(
                (request, method, uri, body, context) ->
                    present(request, credential, CredentialAs.HEADER))
            .build();
    McpClient.SyncSpec spec = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(20));
    configure.accept(spec);
    return spec.build();
  }

  static McpSchema.CallToolResult call(
      McpSyncClient client, String tool, Map<String, Object> args) {
    return client.callTool(new McpSchema.CallToolRequest(tool, args));
  }

  static String text(McpSchema.CallToolResult result) {
    return ((McpSchema.TextContent) result.content().get(0)).text();
  }

  static JsonNode json(McpSchema.CallToolResult result) {
    return Browser.JSON.readTree(text(result));
  }

  private static void present(
      java.net.http.HttpRequest.Builder request, String credential, CredentialAs as) {
    switch (as) {
      case HEADER -> request.header("X-MCP-Session-ID", credential);
      case COOKIE -> request.header("Cookie", "mcp_session=" + credential);
      case BEARER -> request.header("Authorization", "Bearer " + credential);
    }
  }
}
