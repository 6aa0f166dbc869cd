package io.statelessmcp.bootstrap.e2e;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Hand-made JSON-RPC requests, for what the SDK client would never send. */
final class McpRawHttp {

  static final String WHOAMI =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
          + "\"params\":{\"name\":\"whoami\",\"arguments\":{}}}";

  private McpRawHttp() {}

  static HttpRequest.Builder post(App app, String body) {
    return HttpRequest.newBuilder(URI.create(app.baseUrl() + "/mcp"))
        .header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  static HttpResponse<String> callWhoami(Browser browser, App app, String credential) {
    return browser.send(post(app, WHOAMI).header("X-MCP-Session-ID", credential).build());
  }
}
