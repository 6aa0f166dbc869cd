package io.statelessmcp.benchmarks;

import io.statelessmcp.adapter.out.workos.fake.FakeUser;
import io.statelessmcp.adapter.out.workos.fake.FakeWorkOs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Logs users in the way a browser does: {@code GET /auth/login} (302 and the login-state cookie),
 * the fake WorkOS's authorize redirect, then {@code GET /auth/complete} with the cookie and {@code
 * Accept: application/json}, whose answer carries the session credential.
 */
final class Logins {

  static final String MCP_CALL =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
          + "\"params\":{\"name\":\"whoami\",\"arguments\":{}}}";
  private static final JsonMapper JSON = JsonMapper.shared();

  private final HttpClient http =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private final FakeWorkOs workOs;

  Logins(FakeWorkOs workOs) {
    this.workOs = workOs;
  }

  /** One login per virtual user; each is a distinct WorkOS user. */
  List<String> loginAll(String baseUrl, int users) {
    List<String> credentials = new ArrayList<>(users);
    for (int i = 0; i < users; i++) {
      credentials.add(login(baseUrl, i));
    }
    return credentials;
  }

  /** Logs in one new user and returns the session credential. */
  synchronized String login(String baseUrl, int index) {
    HttpResponse<String> start = get(baseUrl + "/auth/login", null, null);
    if (start.statusCode() != 302) {
      throw new IllegalStateException(
          "/auth/login answered " + start.statusCode() + ": " + start.body());
    }
    String cookie = cookie(start, "mcp_login_state");
    URI authorize = URI.create(start.headers().firstValue("Location").orElseThrow());
    workOs.signInAs(FakeUser.random("user" + index + "@bench.example", "User", "N" + index));
    URI callback = workOs.followAuthorize(authorize);
    HttpResponse<String> done = get(callback.toString(), cookie, "application/json");
    if (done.statusCode() != 200) {
      throw new IllegalStateException(
          "/auth/complete answered " + done.statusCode() + ": " + done.body());
    }
    JsonNode body = JSON.readTree(done.body());
    return body.get("credential").asString();
  }

  /** Status and body of one {@code tools/call whoami} with the credential. */
  HttpResponse<String> callWhoAmI(String baseUrl, String credential, Duration timeout)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(baseUrl + "/mcp"))
            .timeout(timeout)
            .header("X-MCP-Session-ID", credential)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofString(MCP_CALL))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** True for a 200 whose JSON-RPC answer is a successful tool result. */
  static boolean isSuccess(int status, String body) {
    return status == 200 && body.contains("\"result\"") && !body.contains("\"isError\":true");
  }

  /** Checks that every credential works, so the load phases start from known-good sessions. */
  void verifyAll(String baseUrl, List<String> credentials) {
    for (String credential : credentials) {
      try {
        HttpResponse<String> response = callWhoAmI(baseUrl, credential, Duration.ofSeconds(10));
        if (!isSuccess(response.statusCode(), response.body())) {
          throw new IllegalStateException(
              "tools/call whoami answered " + response.statusCode() + ": " + response.body());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  private HttpResponse<String> get(String url, String cookie, String accept) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET();
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    if (accept != null) {
      request.header("Accept", accept);
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String cookie(HttpResponse<?> response, String name) {
    return response.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith(name + "=") || c.startsWith("__Host-" + name + "="))
        .map(c -> c.indexOf(';') < 0 ? c : c.substring(0, c.indexOf(';')))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no " + name + " cookie"));
  }
}
