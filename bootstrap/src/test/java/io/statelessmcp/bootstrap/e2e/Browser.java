package io.statelessmcp.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.statelessmcp.adapter.out.workos.fake.FakeWorkOs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Plays the user's browser through the login: {@code /auth/login} on one replica, the identity
 * provider's redirect, and {@code /auth/complete} on any replica. Redirects are not followed, so
 * every hop can be checked.
 */
final class Browser {

  static final JsonMapper JSON = JsonMapper.shared();

  private final HttpClient http =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** A login in flight: where WorkOS was asked to send the browser back, and the state cookie. */
  record PendingLogin(URI authorizationUrl, String stateCookie) {}

  PendingLogin startLogin(App app) {
    return startLogin(app, "", null);
  }

  PendingLogin startLogin(App app, String query, String bearer) {
    HttpResponse<String> response = get(app.baseUrl() + "/auth/login" + query, bearer, null, null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
    String cookie = WebForms.cookie(response, "mcp_login_state");
    return new PendingLogin(
        URI.create(response.headers().firstValue("Location").orElseThrow()), cookie);
  }

  /** The callback URL the identity provider redirects to, re-aimed at {@code completeOn}. */
  static URI callbackOn(App completeOn, URI callback) {
    return URI.create(completeOn.baseUrl() + callback.getRawPath() + "?" + callback.getRawQuery());
  }

  HttpResponse<String> complete(App completeOn, URI callback, String stateCookie, String accept) {
    return get(callbackOn(completeOn, callback).toString(), null, stateCookie, accept);
  }

  /** A whole login; returns the session credential that the JSON answer carries. */
  String login(App startOn, App completeOn, FakeWorkOs workOs) {
    PendingLogin pending = startLogin(startOn);
    URI callback = workOs.followAuthorize(pending.authorizationUrl());
    HttpResponse<String> done =
        complete(completeOn, callback, pending.stateCookie(), "application/json");
    assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
    return json(done).get("credential").asText();
  }

  /** {@code POST /auth/logout} with the credential in the header. */
  HttpResponse<String> logout(App app, String credential) {
    return send(
        HttpRequest.newBuilder(URI.create(app.baseUrl() + "/auth/logout"))
            .header("X-MCP-Session-ID", credential)
            .POST(HttpRequest.BodyPublishers.noBody())
            .build());
  }

  HttpResponse<String> get(String url, String bearer, String cookie, String accept) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET();
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    if (accept != null) {
      request.header("Accept", accept);
    }
    return send(request.build());
  }

  HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static String setCookieHeader(HttpResponse<?> response, String name) {
    return response.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith(name + "=") || c.startsWith("__Host-" + name + "="))
        .findFirst()
        .orElseThrow();
  }

  static JsonNode json(HttpResponse<String> response) {
    return JSON.readTree(response.body());
  }
}
