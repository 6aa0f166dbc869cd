package io.statelessmcp.bootstrap.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.statelessmcp.adapter.out.workos.fake.FakeWorkOs;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a user's MCP client and browser do, over real HTTP: log in through the fake WorkOS, call
 * tools on {@code /mcp} with the session credential, and what a load balancer does: ask readiness.
 * Every request has a timeout, so no call waits without bound; a request that gets no HTTP answer
 * at all (refused, reset, timed out) is an {@link Answer} with status -1.
 */
final class UserAgent {

  static final JsonMapper JSON = JsonMapper.builder().build();

  /** Far above every deadline the suite configures: a request that takes this long is a failure. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private static final AtomicInteger IDS = new AtomicInteger();

  private final HttpClient http =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** One HTTP answer as the user saw it, and how long it took. */
  record Answer(int status, String body, Optional<String> retryAfter, Duration took) {

    boolean ok() {
      return status == 200 && !body.contains("\"error\"") && !body.contains("\"isError\":true");
    }

    /** The {@code error} field of an error body, or "" when there is none. */
    String error() {
      try {
        JsonNode node = JSON.readTree(body);
        return node != null && node.has("error") && node.get("error").isString()
            ? node.get("error").asString()
            : "";
      } catch (JacksonException e) {
        return "";
      }
    }

    /** The tool result's text as JSON (tools answer a JSON document as their one text item). */
    JsonNode toolJson() {
      JsonNode result = JSON.readTree(body).get("result");
      return JSON.readTree(result.get("content").get(0).get("text").asString());
    }

    @Override
    public String toString() {
      String shown = body.length() > 300 ? body.substring(0, 300) + "..." : body;
      return status
          + " in "
          + took.toMillis()
          + " ms"
          + retryAfter.map(r -> ", Retry-After " + r).orElse("")
          + ": "
          + shown;
    }
  }

  /** A whole login started and completed on {@code server}; returns the session credential. */
  String login(ServerProcess server, FakeWorkOs workOs) {
    HttpResponse<String> start = send(get(server.baseUrl() + "/auth/login").build());
    assertThat(start.statusCode()).as("/auth/login: %s", start.body()).isEqualTo(302);
    String stateCookie =
        start.headers().allValues("Set-Cookie").stream()
            .filter(c -> c.contains("mcp_login_state="))
            .map(c -> c.substring(0, c.indexOf(';')))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no login state cookie: " + start.headers()));
    URI callback =
        workOs.followAuthorize(URI.create(start.headers().firstValue("Location").orElseThrow()));
    HttpResponse<String> done =
        send(
            get(server.baseUrl() + callback.getRawPath() + "?" + callback.getRawQuery())
                .header("Cookie", stateCookie)
                .header("Accept", "application/json")
                .build());
    assertThat(done.statusCode()).as("/auth/complete: %s", done.body()).isEqualTo(200);
    return JSON.readTree(done.body()).get("credential").asString();
  }

  Answer whoami(ServerProcess server, String credential) {
    return callTool(server, credential, "whoami", "{}");
  }

  /** {@code tools/call} on {@code /mcp} (stateless Streamable HTTP: no initialize needed). */
  Answer callTool(ServerProcess server, String credential, String tool, String argumentsJson) {
    String body =
        "{\"jsonrpc\":\"2.0\",\"id\":"
            + IDS.incrementAndGet()
            + ",\"method\":\"tools/call\",\"params\":{\"name\":\""
            + tool
            + "\",\"arguments\":"
            + argumentsJson
            + "}}";
    return answer(
        HttpRequest.newBuilder(URI.create(server.baseUrl() + "/mcp"))
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .header("X-MCP-Session-ID", credential)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  /** {@code GET /auth/login}: the first step of a login, as a browser sends it. */
  Answer startLogin(ServerProcess server) {
    return answer(get(server.baseUrl() + "/auth/login").build());
  }

  Answer readiness(ServerProcess server) {
    return answer(get(server.baseUrl() + "/actuator/health/readiness").build());
  }

  /** The public id part of a credential ({@code <session_id>.<secret>}). */
  static String sessionIdOf(String credential) {
    return credential.substring(0, credential.indexOf('.'));
  }

  private Answer answer(HttpRequest request) {
    long started = System.nanoTime();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Answer(
          response.statusCode(),
          response.body(),
          response.headers().firstValue("Retry-After"),
          Duration.ofNanos(System.nanoTime() - started));
    } catch (IOException e) {
      return new Answer(
          -1, e.toString(), Optional.empty(), Duration.ofNanos(System.nanoTime() - started));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static HttpRequest.Builder get(String url) {
    return HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT).GET();
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError(request.uri().getPath() + " got no answer: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
