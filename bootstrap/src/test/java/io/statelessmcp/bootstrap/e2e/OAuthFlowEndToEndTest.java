package io.statelessmcp.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.statelessmcp.adapter.out.workos.fake.FakeUser;
import io.statelessmcp.adapter.out.workos.fake.Pkce;
import io.statelessmcp.bootstrap.e2e.McpClients.CredentialAs;
import java.net.URI;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.htmlunit.Page;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;

/**
 * The MCP authorization flow as a standard client and its user go through it, against two replicas
 * behind a round-robin load balancer (so consecutive steps land on different replicas), on the
 * shared PostgreSQL, with the fake WorkOS as AuthKit and a headless browser for the pages.
 */
class OAuthFlowEndToEndTest {

  @RegisterExtension
  static final Deployment deployment =
      Deployment.withReplicas(2)
          .behindRoundRobinProxy()
          .sharedClock()
          .withSources(UpstreamTokenProbe.class)
          .settings(Map.of("MCP_AUTH_MODE", "proxy", "MCP_OAUTH_CIMD_ALLOW_LOOPBACK", "true"));

  private final String server = deployment.publicUrl();
  private final String resource = server + "/mcp";
  private final OAuthClientPlayer client = new OAuthClientPlayer(server);
  private final List<String> issuedSecrets = new ArrayList<>();

  @AfterEach
  void closeClient() {
    client.close();
  }

  /** The code of one whole authorization, consent answered if asked. */
  private record Authorized(String code, Map<String, String> callback, boolean consentAsked) {}

  private Authorized authorize(String clientId, String verifier) {
    client.forgetCallback();
    String state = Pkce.newVerifier();
    Page page =
        client.open(client.authorizeUrl(clientId, Pkce.challenge(verifier), state, resource));
    boolean asked = OAuthClientPlayer.isConsentPage(page);
    if (asked) {
      client.answerConsent((HtmlPage) page, "approve");
    }
    URI callback = client.lastCallback();
    assertThat(callback).as("the browser came back to the client").isNotNull();
    Map<String, String> query = WebForms.query(callback);
    assertThat(query).containsEntry("state", state).containsEntry("iss", server);
    assertThat(query).doesNotContainKey("error");
    issuedSecrets.add(query.get("code"));
    return new Authorized(query.get("code"), query, asked);
  }

  private JsonNode tokens(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
    JsonNode body = Browser.JSON.readTree(response.body());
    issuedSecrets.add(body.get("access_token").asString());
    if (body.has("refresh_token")) {
      issuedSecrets.add(body.get("refresh_token").asString());
    }
    return body;
  }

  private static void assertOAuthError(HttpResponse<String> response, int status, String error) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(Browser.JSON.readTree(response.body()).get("error").asString()).isEqualTo(error);
    assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
  }

  private McpSyncClient mcp(String accessToken) {
    McpSyncClient mcp = McpClients.streamable(server, accessToken, CredentialAs.BEARER, Map.of());
    mcp.initialize();
    return mcp;
  }

  /** Signs in through the whole flow; returns the token answer. */
  private JsonNode signIn(String clientId) {
    String verifier = Pkce.newVerifier();
    Authorized authorized = authorize(clientId, verifier);
    return tokens(client.exchange(server, clientId, authorized.code(), verifier, resource));
  }

  @Test
  void aClientDiscoversRegistersSignsTheUserInAndCallsEveryToolWithItsAccessToken() {
    OAuthClientPlayer.Discovery discovery = client.discover();
    assertThat(discovery.resource().get("resource").asString()).isEqualTo(resource);
    assertThat(discovery.authorizationServer().get("issuer").asString()).isEqualTo(server);
    assertThat(discovery.authorizationServer().get("token_endpoint").asString())
        .isEqualTo(server + "/token");

    String clientId = client.register("Flow Test Client");
    String verifier = Pkce.newVerifier();
    client.forgetCallback();
    Page consent =
        client.open(client.authorizeUrl(clientId, Pkce.challenge(verifier), "s-1", resource));
    assertThat(OAuthClientPlayer.isConsentPage(consent)).isTrue();
    HtmlPage page = (HtmlPage) consent;
    assertThat(page.asNormalizedText()).contains("Flow Test Client").contains("127.0.0.1");
    assertThat(page.getWebResponse().getResponseHeaderValue("X-Frame-Options")).isEqualTo("DENY");
    assertThat(page.getWebResponse().getResponseHeaderValue("Content-Security-Policy"))
        .contains("frame-ancestors 'none'");
    client.answerConsent(page, "approve");
    Map<String, String> callback = WebForms.query(client.lastCallback());
    assertThat(callback).containsEntry("state", "s-1").containsEntry("iss", server);

    JsonNode tokens =
        tokens(client.exchange(server, clientId, callback.get("code"), verifier, resource));
    assertThat(tokens.get("token_type").asString()).isEqualTo("Bearer");
    assertThat(tokens.get("expires_in").asLong()).isBetween(3500L, 3600L);
    String accessToken = tokens.get("access_token").asString();
    assertThat(accessToken).startsWith("mcp_at_");
    assertThat(tokens.get("refresh_token").asString()).startsWith("mcp_rt_");

    try (McpSyncClient mcp = mcp(accessToken)) {
      JsonNode me = McpClients.json(McpClients.call(mcp, "whoami", Map.of()));
      assertThat(me.get("email").asString()).isEqualTo(FakeUser.ada().email());
      String sessionId = me.get("session_id").asString();

      String upstream = McpClients.text(McpClients.call(mcp, UpstreamTokenProbe.NAME, Map.of()));
      assertThat(deployment.workOs().issuedSecrets().stream().map(UpstreamTokenProbe::sha256))
          .as("the tool runs with the user's WorkOS token")
          .contains(upstream);

      JsonNode sessions = McpClients.json(McpClients.call(mcp, "list_my_sessions", Map.of()));
      assertThat(sessions.toString()).contains(sessionId).contains("Flow Test Client");

      McpSchema.CallToolResult revoked =
          McpClients.call(mcp, "revoke_session", Map.of("session_id", sessionId));
      assertThat(revoked.isError()).isNotEqualTo(Boolean.TRUE);
    }
    HttpResponse<String> after =
        client.send(
            java.net.http.HttpRequest.newBuilder(URI.create(server + "/auth/session"))
                .header("Authorization", "Bearer " + accessToken)
                .GET()
                .build());
    assertThat(after.statusCode()).as("revoke_session ends the grant").isEqualTo(401);
    assertThat(after.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("invalid_token")
        .contains("resource_metadata=");
  }

  @Test
  void consentIsRememberedForThisBrowserAndClientOnly() {
    String clientId = client.register("Remembered Client");
    assertThat(authorize(clientId, Pkce.newVerifier()).consentAsked()).isTrue();
    assertThat(authorize(clientId, Pkce.newVerifier()).consentAsked())
        .as("the same browser and client: not asked again")
        .isFalse();
    try (OAuthClientPlayer otherBrowser = new OAuthClientPlayer(server)) {
      String verifier = Pkce.newVerifier();
      Page page =
          otherBrowser.open(
              otherBrowser.authorizeUrl(
                  clientId, client.redirectUri(), Pkce.challenge(verifier), "x", resource));
      assertThat(OAuthClientPlayer.isConsentPage(page)).as("another browser is asked").isTrue();
      assertThat(((HtmlPage) page).asNormalizedText()).contains("Remembered Client");
    }
  }

  @Test
  void aDeniedConsentSendsTheClientAccessDeniedAndSignsNobodyIn() {
    String clientId = client.register("Denied Client");
    Page page =
        client.open(
            client.authorizeUrl(clientId, Pkce.challenge(Pkce.newVerifier()), "d-1", resource));
    client.answerConsent((HtmlPage) page, "deny");

    Map<String, String> callback = WebForms.query(client.lastCallback());
    assertThat(callback)
        .containsEntry("error", "access_denied")
        .containsEntry("state", "d-1")
        .containsEntry("iss", server)
        .doesNotContainKey("code");
    assertThat(SharedPostgres.sessionRows()).isZero();
    assertThat(deployment.workOs().authorizeRequests()).isZero();
  }

  @Test
  void refreshRotatesAndRacingRefreshesOnBothReplicasGetTheSameSuccessor() throws Exception {
    String clientId = client.register("Refreshing Client");
    JsonNode first = signIn(clientId);
    String refreshToken = first.get("refresh_token").asString();

    CompletableFuture<HttpResponse<String>> onA =
        CompletableFuture.supplyAsync(
            () -> client.refresh(deployment.replica(0).baseUrl(), clientId, refreshToken));
    CompletableFuture<HttpResponse<String>> onB =
        CompletableFuture.supplyAsync(
            () -> client.refresh(deployment.replica(1).baseUrl(), clientId, refreshToken));
    JsonNode a = tokens(onA.get());
    JsonNode b = tokens(onB.get());

    String successor = a.get("refresh_token").asString();
    assertThat(successor).isNotEqualTo(refreshToken);
    assertThat(b.get("refresh_token").asString())
        .as("whichever answer the client keeps, its grant goes on")
        .isEqualTo(successor);
    assertThat(a.get("access_token").asString()).isNotEqualTo(b.get("access_token").asString());
    for (JsonNode answer : List.of(a, b)) {
      try (McpSyncClient mcp = mcp(answer.get("access_token").asString())) {
        assertThat(McpClients.call(mcp, "whoami", Map.of()).isError()).isNotEqualTo(true);
      }
    }

    JsonNode next = tokens(client.refresh(server, clientId, successor));
    assertOAuthError(client.refresh(server, clientId, refreshToken), 400, "invalid_grant");
    assertOAuthError(
        client.refresh(server, clientId, next.get("refresh_token").asString()),
        400,
        "invalid_grant");
    try (McpSyncClient mcp =
        McpClients.streamable(
            server, next.get("access_token").asString(), CredentialAs.BEARER, Map.of())) {
      org.assertj.core.api.Assertions.assertThatThrownBy(mcp::initialize)
          .as("reusing a replaced refresh token revokes the whole grant");
    }
  }

  @Test
  void aReplayedCodeFailsAndRevokesWhatItsFirstUseIssued() {
    String clientId = client.register("Replay Client");
    String verifier = Pkce.newVerifier();
    Authorized authorized = authorize(clientId, verifier);
    JsonNode tokens =
        tokens(client.exchange(server, clientId, authorized.code(), verifier, resource));

    assertOAuthError(
        client.exchange(server, clientId, authorized.code(), verifier, resource),
        400,
        "invalid_grant");

    assertOAuthError(
        client.refresh(server, clientId, tokens.get("refresh_token").asString()),
        400,
        "invalid_grant");
    HttpResponse<String> mcp =
        client.send(
            java.net.http.HttpRequest.newBuilder(URI.create(server + "/auth/session"))
                .header("Authorization", "Bearer " + tokens.get("access_token").asString())
                .GET()
                .build());
    assertThat(mcp.statusCode()).isEqualTo(401);
  }

  @Test
  void aWrongVerifierResourceOrRedirectIsRefusedAndTheCodeStillWorksAfterwards() {
    String clientId = client.register("Careful Client");
    String verifier = Pkce.newVerifier();
    String code = authorize(clientId, verifier).code();

    assertOAuthError(
        client.exchange(server, clientId, code, Pkce.newVerifier(), resource),
        400,
        "invalid_grant");
    assertOAuthError(
        client.exchange(server, clientId, code, verifier, "https://elsewhere.example/mcp"),
        400,
        "invalid_target");
    assertOAuthError(
        client.token(
            server,
            Map.of(
                "grant_type", "authorization_code",
                "client_id", clientId,
                "code", code,
                "redirect_uri", "http://127.0.0.1:1/other",
                "code_verifier", verifier)),
        400,
        "invalid_grant");
    assertOAuthError(
        client.exchange(server, "dcr_AAAAAAAAAAAAAAAAAAAAAA", code, verifier, resource),
        401,
        "invalid_client");

    tokens(client.exchange(server, clientId, code, verifier, resource));
  }

  @Test
  void revocationEndsTheGrantOnEveryReplica() {
    String clientId = client.register("Revoking Client");
    JsonNode tokens = signIn(clientId);
    String accessToken = tokens.get("access_token").asString();

    HttpResponse<String> revoked =
        client.revoke(server, clientId, tokens.get("refresh_token").asString());
    assertThat(revoked.statusCode()).isEqualTo(200);

    for (int replica = 0; replica < 2; replica++) {
      HttpResponse<String> session =
          client.send(
              java.net.http.HttpRequest.newBuilder(
                      URI.create(deployment.replica(replica).baseUrl() + "/auth/session"))
                  .header("Authorization", "Bearer " + accessToken)
                  .GET()
                  .build());
      assertThat(session.statusCode()).isEqualTo(401);
    }
    assertOAuthError(
        client.refresh(server, clientId, tokens.get("refresh_token").asString()),
        400,
        "invalid_grant");
    assertThat(client.revoke(server, clientId, "mcp_rt_unknown").statusCode())
        .as("an unknown token is not an error (RFC 7009)")
        .isEqualTo(200);
  }

  @Test
  void anExpiredAccessTokenGetsTheChallengeAndARefreshCarriesOn() {
    String clientId = client.register("Long-lived Client");
    JsonNode tokens = signIn(clientId);

    SharedClock.CLOCK.advance(Duration.ofHours(1).plusSeconds(1));

    HttpResponse<String> expired =
        client.send(
            java.net.http.HttpRequest.newBuilder(URI.create(server + "/auth/session"))
                .header("Authorization", "Bearer " + tokens.get("access_token").asString())
                .GET()
                .build());
    assertThat(expired.statusCode()).isEqualTo(401);
    assertThat(expired.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("error=\"invalid_token\"");

    JsonNode refreshed =
        tokens(client.refresh(server, clientId, tokens.get("refresh_token").asString()));
    try (McpSyncClient mcp = mcp(refreshed.get("access_token").asString())) {
      assertThat(McpClients.json(McpClients.call(mcp, "whoami", Map.of())).get("email").asString())
          .isEqualTo(FakeUser.ada().email());
    }
  }

  @Test
  void aClientKnownByItsMetadataDocumentSignsInWithoutRegistering() {
    Map<String, String> served = new ConcurrentHashMap<>();
    DisposableServer host =
        HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .route(
                routes ->
                    routes.get(
                        "/client.json",
                        (request, response) ->
                            response
                                .header("Content-Type", "application/json")
                                .sendString(Mono.just(served.get("document")))))
            .bindNow();
    try {
      String documentUrl = "http://127.0.0.1:" + host.port() + "/client.json";
      served.put(
          "document",
          "{\"client_id\":\""
              + documentUrl
              + "\",\"client_name\":\"Document Client\",\"redirect_uris\":[\""
              + client.redirectUri()
              + "\"],\"grant_types\":[\"authorization_code\",\"refresh_token\"],"
              + "\"token_endpoint_auth_method\":\"none\"}");
      String verifier = Pkce.newVerifier();
      Page page =
          client.open(client.authorizeUrl(documentUrl, Pkce.challenge(verifier), "c-1", resource));
      assertThat(OAuthClientPlayer.isConsentPage(page)).isTrue();
      assertThat(((HtmlPage) page).asNormalizedText()).contains("Document Client");
      client.answerConsent((HtmlPage) page, "approve");
      String code = WebForms.query(client.lastCallback()).get("code");

      JsonNode tokens = tokens(client.exchange(server, documentUrl, code, verifier, resource));
      try (McpSyncClient mcp = mcp(tokens.get("access_token").asString())) {
        assertThat(McpClients.call(mcp, "whoami", Map.of()).isError()).isNotEqualTo(true);
      }
    } finally {
      host.disposeNow();
    }
  }

  @Test
  void aLongAuthorizationRequestReachesTheServersOwnChecksAndAnUnknownClientGetsAPage() {
    String state = "s".repeat(1000);
    String longClientId = "https://clients.example.com/" + "c".repeat(2000) + ".json";
    HttpResponse<String> page =
        client.get(
            client.authorizeUrl(
                longClientId,
                Pkce.challenge(Pkce.newVerifier()),
                state,
                resource + "?" + "r".repeat(1500)));

    assertThat(page.statusCode()).as(page.body()).isEqualTo(400);
    assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
    assertThat(page.body()).contains("invalid_client");
    assertThat(page.headers().firstValue("Location"))
        .as("never sent to an unverified client")
        .isEmpty();
  }

  @Test
  void aDatabaseDumpAfterTheFlowHoldsNoUsableCodeOrToken() throws SQLException {
    String clientId = client.register("Dump Client");
    JsonNode tokens = signIn(clientId);
    tokens(client.refresh(server, clientId, tokens.get("refresh_token").asString()));
    assertThat(issuedSecrets).hasSizeGreaterThanOrEqualTo(5);

    StringBuilder dump = new StringBuilder();
    try (Connection c = SharedPostgres.connect();
        Statement s = c.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet r =
          s.executeQuery(
              "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                  + " AND tablename LIKE 'mcp_%'")) {
        while (r.next()) {
          tables.add(r.getString(1));
        }
      }
      assertThat(tables).contains("mcp_oauth_access_tokens", "mcp_oauth_refresh_tokens");
      for (String table : tables) {
        try (ResultSet r = s.executeQuery("SELECT row_to_json(t)::text FROM " + table + " t")) {
          while (r.next()) {
            dump.append(r.getString(1)).append('\n');
          }
        }
      }
    }
    for (String secret : issuedSecrets) {
      assertThat(dump.toString()).doesNotContain(secret);
      assertThat(dump.toString()).doesNotContain(secret.replaceFirst("^mcp_(code|at|rt)_", ""));
    }
  }
}
