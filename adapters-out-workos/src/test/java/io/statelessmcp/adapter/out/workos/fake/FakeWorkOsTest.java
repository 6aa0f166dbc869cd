package io.statelessmcp.adapter.out.workos.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fake itself, where other modules rely on behaviour the adapter tests do not reach. */
class FakeWorkOsTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  @AutoClose private static final FakeWorkOs workos = FakeWorkOs.start();

  @BeforeEach
  void reset() {
    if (!workos.isRunning()) {
      workos.restart();
    }
    workos.heal();
    workos.resetCounters();
  }

  private static HttpResponse<String> get(String pathAndQuery) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(workos.baseUrl() + pathAndQuery)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> postForm(String form) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(workos.baseUrl() + "/user_management/authenticate"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void authorizeRefusesAnUnknownClient() throws Exception {
    HttpResponse<String> response =
        get(
            "/user_management/authorize?client_id=client_other&response_type=code"
                + "&provider=authkit&redirect_uri=http%3A%2F%2Flocalhost%2Fcb");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("invalid_request");
    assertThat(workos.authorizeRequests()).isEqualTo(1);
  }

  @Test
  void acceptsFormEncodedGrantsAndEndsSessionsOnRequest() throws Exception {
    String verifier = Pkce.newVerifier();
    String code = workos.issueCode(FakeUser.grace(), Pkce.challenge(verifier), "http://x/cb");

    HttpResponse<String> tokens =
        postForm(
            "grant_type=authorization_code&client_id="
                + workos.clientId()
                + "&client_secret="
                + workos.apiKey()
                + "&code="
                + code
                + "&code_verifier="
                + verifier);
    assertThat(tokens.statusCode()).isEqualTo(200);
    assertThat(tokens.body()).contains("\"id\":\"" + FakeUser.grace().id() + "\"", "refresh_token");
    String refreshToken = tokens.body().replaceAll(".*\"refresh_token\":\"([^\"]+)\".*", "$1");

    workos.endAllSessions();
    HttpResponse<String> refresh =
        postForm(
            "grant_type=refresh_token&client_id="
                + workos.clientId()
                + "&client_secret="
                + workos.apiKey()
                + "&refresh_token="
                + refreshToken);

    assertThat(refresh.statusCode()).isEqualTo(400);
    assertThat(refresh.body()).contains("invalid_grant");
    assertThat(workos.codeExchanges()).isEqualTo(1);
    assertThat(workos.refreshes()).isEqualTo(1);
  }

  @Test
  void servesItsKeysPerClientAndAsAuthKit() throws Exception {
    assertThat(get("/sso/jwks/" + workos.clientId()).body())
        .contains(workos.signingKey().getKeyID());
    assertThat(get("/oauth2/jwks").body())
        .contains(workos.signingKey().getKeyID())
        .doesNotContain("\"d\"");
    assertThat(get("/sso/jwks/client_other").statusCode()).isEqualTo(404);
    assertThat(workos.jwksRequests()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void stopRefusesConnectionsAndRestartServesOnTheSamePort() throws Exception {
    int port = workos.port();
    workos.stop();

    assertThatThrownBy(() -> get("/oauth2/jwks")).isInstanceOf(ConnectException.class);

    workos.restart();
    assertThat(workos.port()).isEqualTo(port);
    assertThat(get("/oauth2/jwks").statusCode()).isEqualTo(200);
  }

  @Test
  void stopAlsoEndsHangingRequests() throws Exception {
    workos.hangAlways();
    var pending =
        HTTP.sendAsync(
            HttpRequest.newBuilder(URI.create(workos.baseUrl() + "/user_management/authenticate"))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString("{\"grant_type\":\"refresh_token\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    await().atMost(Duration.ofSeconds(10)).until(() -> workos.refreshes() > 0);

    workos.stop();

    assertThat(pending)
        .failsWithin(Duration.ofSeconds(10))
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .withCauseInstanceOf(IOException.class);
  }
}
