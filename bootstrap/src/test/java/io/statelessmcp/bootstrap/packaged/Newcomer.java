package io.statelessmcp.bootstrap.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.statelessmcp.bootstrap.e2e.WebForms;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a newcomer does in a browser and an MCP client, as plain HTTP: {@code /auth/login}, the
 * development sign-in form, the callback, then the official MCP Java SDK client with the
 * credential.
 */
final class Newcomer {

  private static final JsonMapper JSON = JsonMapper.shared();

  private final HttpClient http =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** Signs in as {@code email} through the development sign-in; returns the credential. */
  String signIn(int port, String email) {
    String base = "http://localhost:" + port;
    HttpResponse<String> login = send(HttpRequest.newBuilder(URI.create(base + "/auth/login")));
    assertThat(login.statusCode()).as(login.body()).isEqualTo(302);
    String stateCookie = WebForms.cookie(login, "mcp_login_state");
    URI signInPage = URI.create(login.headers().firstValue("Location").orElseThrow());
    assertThat(signInPage.getPath()).isEqualTo("/auth/dev/sign-in");

    HttpResponse<String> page =
        send(
            HttpRequest.newBuilder(signInPage)
                .header("Cookie", stateCookie)
                .header("Accept", "text/html"));
    assertThat(page.body()).contains("Development sign-in");

    Map<String, String> form = new LinkedHashMap<>(WebForms.query(signInPage));
    form.put("email", email);
    form.put("name", "New Comer");
    HttpResponse<String> posted =
        send(
            HttpRequest.newBuilder(URI.create(base + "/auth/dev/sign-in"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", stateCookie)
                .POST(HttpRequest.BodyPublishers.ofString(WebForms.form(form))));
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(303);

    HttpResponse<String> done =
        send(
            HttpRequest.newBuilder(
                    URI.create(posted.headers().firstValue("Location").orElseThrow()))
                .header("Cookie", stateCookie)
                .header("Accept", "application/json"));
    assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
    return JSON.readTree(done.body()).get("credential").asString();
  }

  /** The official SDK client at {@code port}, presenting the credential as the header. */
  static McpSyncClient mcp(int port, String credential) {
    McpSyncClient client =
        McpClient.sync(
                HttpClientStreamableHttpTransport.builder("http://localhost:" + port)
                    .endpoint("/mcp")
                    .httpRequestCustomizer(
                        (request, method, uri, body, context) ->
                            request.header("X-MCP-Session-ID", credential))
                    .build())
            .requestTimeout(Duration.ofSeconds(30))
            .build();
    client.initialize();
    return client;
  }

  /** The tool's text; fails the test when the tool answered an error. */
  static String call(McpSyncClient client, String tool, Map<String, Object> arguments) {
    McpSchema.CallToolResult result =
        client.callTool(new McpSchema.CallToolRequest(tool, arguments));
    assertThat(result.isError()).as(tool + ": " + result).isNotEqualTo(Boolean.TRUE);
    return ((McpSchema.TextContent) result.content().get(0)).text();
  }

  static JsonNode json(String text) {
    return JSON.readTree(text);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(
          request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
