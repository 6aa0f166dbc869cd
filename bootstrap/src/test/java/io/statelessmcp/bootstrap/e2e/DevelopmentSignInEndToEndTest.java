package io.statelessmcp.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.statelessmcp.adapter.out.workos.DevelopmentIdentityProvider;
import io.statelessmcp.adapter.out.workos.fake.Pkce;
import io.statelessmcp.bootstrap.e2e.McpClients.CredentialAs;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.htmlunit.Page;
import org.htmlunit.html.HtmlElement;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The development sign-in across two replicas on the shared PostgreSQL, with no WorkOS settings at
 * all, behind a round-robin load balancer (their public address): the page on one replica, the
 * callback on the other, every tool with the credential, an upstream refresh once the five-minute
 * development access token has expired, and the OAuth authorization flow of a standard client.
 *
 * <p>The test suite's database is reached through {@code SUPABASE_DB_URL}, with which the
 * development sign-in is never used; the test aid {@code MCP_DEV_SIGN_IN_ALLOW_LOOPBACK_DB} allows
 * it for a database on this machine, which is what the laptop's embedded database is.
 */
class DevelopmentSignInEndToEndTest {

  private static RoundRobinProxy loadBalancer;
  private static App replicaA;
  private static App replicaB;

  private final Browser browser = new Browser();

  /** Replicas as a laptop runs them, except that the database is the suite's shared one. */
  private static Map<String, String> withoutWorkOs(Map<String, String> more) {
    Map<String, String> settings = new HashMap<>();
    settings.put("SUPABASE_DB_URL", SharedPostgres.supabaseDbUrl());
    settings.put("MCP_SESSION_ENCRYPTION_KEYS", App.ENCRYPTION_KEYS);
    settings.put("MCP_AUTH_RATE_LIMIT_PER_MINUTE", "10000");
    settings.put("MCP_SESSION_CACHE_SECONDS", "0");
    settings.put("MCP_PURGE_ENABLED", "false");
    // whatever the machine running the tests has in its environment
    settings.put("WORKOS_CLIENT_ID", "");
    settings.put("WORKOS_API_KEY", "");
    settings.putAll(more);
    return settings;
  }

  @BeforeAll
  static void startReplicas() {
    loadBalancer = RoundRobinProxy.start();
    Map<String, String> settings =
        withoutWorkOs(
            Map.of(
                "MCP_DEV_SIGN_IN_ALLOW_LOOPBACK_DB",
                "true",
                "MCP_PUBLIC_BASE_URL",
                loadBalancer.baseUrl()));
    replicaA = App.start(settings, SharedClock.class, UpstreamTokenProbe.class);
    replicaB = App.start(settings, SharedClock.class, UpstreamTokenProbe.class);
    loadBalancer.route(List.of(replicaA.baseUrl(), replicaB.baseUrl()));
  }

  @AfterAll
  static void stopReplicas() {
    if (replicaA != null) {
      replicaA.close();
    }
    if (replicaB != null) {
      replicaB.close();
    }
    loadBalancer.close();
  }

  @BeforeEach
  void emptyTables() {
    SharedPostgres.reset();
  }

  /** A URL of the public address, sent to one replica instead. */
  private static String on(App replica, URI publicUrl) {
    return replica.baseUrl() + publicUrl.getRawPath() + "?" + publicUrl.getRawQuery();
  }

  /**
   * {@code /auth/login} on {@code start}, the sign-in page and its form on {@code start}, the
   * callback on {@code finish}; returns the credential the browser receives as its cookie.
   */
  private String signIn(App start, App finish, String email, String name) {
    Browser.PendingLogin pending = browser.startLogin(start);
    URI signInPage = pending.authorizationUrl();
    assertThat(signInPage.toString())
        .as("the provider's redirect goes to this deployment's own page")
        .startsWith(loadBalancer.baseUrl() + "/auth/dev/sign-in?");

    HttpResponse<String> page =
        browser.get(on(start, signInPage), null, pending.stateCookie(), "text/html");
    assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
    assertThat(page.body()).contains("Development sign-in.").contains("Never use it in production");

    Map<String, String> form = new LinkedHashMap<>(WebForms.query(signInPage));
    form.put("email", email);
    form.put("name", name);
    HttpResponse<String> posted =
        browser.send(
            HttpRequest.newBuilder(URI.create(start.baseUrl() + "/auth/dev/sign-in"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", pending.stateCookie())
                .POST(HttpRequest.BodyPublishers.ofString(WebForms.form(form)))
                .build());
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(303);
    URI callback = URI.create(posted.headers().firstValue("Location").orElseThrow());
    assertThat(callback.toString()).startsWith(loadBalancer.baseUrl() + "/auth/complete?code=");

    HttpResponse<String> done =
        browser.complete(finish, callback, pending.stateCookie(), "text/html");
    assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
    String cookie = WebForms.cookie(done, "mcp_session");
    return cookie.substring(cookie.indexOf('=') + 1);
  }

  private static McpSyncClient mcp(App replica, String credential) {
    McpSyncClient client = McpClients.streamable(replica, credential, CredentialAs.HEADER);
    client.initialize();
    return client;
  }

  @Test
  void aSignInOnOneReplicaServesEveryToolOnTheOtherAndRefreshesItsShortUpstreamToken() {
    String credential = signIn(replicaA, replicaB, "Grace@Example.com", "Grace Hopper");
    String userId = DevelopmentIdentityProvider.userIdOf("grace@example.com");

    String sessionId;
    String firstUpstream;
    try (McpSyncClient client = mcp(replicaB, credential)) {
      assertThat(client.listTools().tools())
          .extracting(McpSchema.Tool::name)
          .contains("whoami", "list_my_sessions", "revoke_session");
      JsonNode me = McpClients.json(McpClients.call(client, "whoami", Map.of()));
      assertThat(me.get("user_id").asString()).isEqualTo(userId).startsWith("dev_");
      assertThat(me.get("email").asString()).isEqualTo("grace@example.com");
      assertThat(me.get("name").asString()).isEqualTo("Grace Hopper");
      sessionId = me.get("session_id").asString();

      JsonNode sessions = McpClients.json(McpClients.call(client, "list_my_sessions", Map.of()));
      assertThat(sessions.get("sessions")).hasSize(1);
      assertThat(sessions.get("sessions").get(0).get("session_id").asString()).isEqualTo(sessionId);
      firstUpstream = McpClients.text(McpClients.call(client, UpstreamTokenProbe.NAME, Map.of()));
    }

    // the development access token lives five minutes: the next request refreshes it
    SharedClock.CLOCK.advance(DevelopmentIdentityProvider.ACCESS_TOKEN_LIFETIME.plusMinutes(1));
    String refreshedOnA;
    try (McpSyncClient client = mcp(replicaA, credential)) {
      refreshedOnA = McpClients.text(McpClients.call(client, UpstreamTokenProbe.NAME, Map.of()));
    }
    assertThat(refreshedOnA)
        .as("a new upstream token after the refresh")
        .isNotEqualTo(firstUpstream);
    try (McpSyncClient client = mcp(replicaB, credential)) {
      assertThat(McpClients.text(McpClients.call(client, UpstreamTokenProbe.NAME, Map.of())))
          .as("the other replica uses the refreshed token, no second refresh")
          .isEqualTo(refreshedOnA);
    }
    // and the rotated refresh token works on the other replica
    SharedClock.CLOCK.advance(DevelopmentIdentityProvider.ACCESS_TOKEN_LIFETIME.plusMinutes(1));
    try (McpSyncClient client = mcp(replicaB, credential)) {
      assertThat(McpClients.text(McpClients.call(client, UpstreamTokenProbe.NAME, Map.of())))
          .isNotEqualTo(refreshedOnA);
      assertThat(
              McpClients.json(McpClients.call(client, "whoami", Map.of()))
                  .get("user_id")
                  .asString())
          .isEqualTo(userId);
    }

    // the same email, typed otherwise, is the same user: a second session to revoke
    String second = signIn(replicaB, replicaA, "grace@EXAMPLE.com", "");
    try (McpSyncClient client = mcp(replicaB, credential)) {
      JsonNode sessions = McpClients.json(McpClients.call(client, "list_my_sessions", Map.of()));
      assertThat(sessions.get("sessions")).hasSize(2);
      String other =
          sessions.get("sessions").get(0).get("session_id").asString().equals(sessionId)
              ? sessions.get("sessions").get(1).get("session_id").asString()
              : sessions.get("sessions").get(0).get("session_id").asString();
      McpSchema.CallToolResult revoked =
          McpClients.call(client, "revoke_session", Map.of("session_id", other));
      assertThat(revoked.isError()).isNotEqualTo(Boolean.TRUE);
    }
    assertThat(browser.get(replicaA.baseUrl() + "/auth/session", second, null, null).statusCode())
        .as("the revoked session is refused everywhere")
        .isEqualTo(401);
    assertThat(
            browser.get(replicaA.baseUrl() + "/auth/session", credential, null, null).statusCode())
        .isEqualTo(200);
  }

  @Test
  void aStandardClientAuthorizesThroughTheDevelopmentSignInAndCallsATool() {
    String server = loadBalancer.baseUrl();
    String resource = server + "/mcp";
    try (OAuthClientPlayer client = new OAuthClientPlayer(server)) {
      OAuthClientPlayer.Discovery discovery = client.discover();
      assertThat(discovery.authorizationServer().get("issuer").asString())
          .as("proxy is the default once someone can sign users in")
          .isEqualTo(server);

      String clientId = client.register("Dev Sign-In Client");
      String verifier = Pkce.newVerifier();
      Page consent =
          client.open(client.authorizeUrl(clientId, Pkce.challenge(verifier), "dev-1", resource));
      assertThat(OAuthClientPlayer.isConsentPage(consent)).isTrue();
      Page signInPage = client.answerConsent((HtmlPage) consent, "approve");

      HtmlPage page = (HtmlPage) signInPage;
      assertThat(page.getUrl().getPath()).isEqualTo("/auth/dev/sign-in");
      assertThat(page.asNormalizedText())
          .contains("Development sign-in.")
          .contains("Never use it in production");
      List<HtmlElement> ada = page.getByXPath("//form//button[contains(., 'ada@example.com')]");
      assertThat(ada).as(page.asXml()).hasSize(1);
      try {
        ada.get(0).click();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }

      URI back = client.lastCallback();
      assertThat(back).as("the browser came back to the client").isNotNull();
      Map<String, String> callback = WebForms.query(back);
      assertThat(callback).containsEntry("state", "dev-1").containsEntry("iss", server);

      HttpResponse<String> tokens =
          client.exchange(server, clientId, callback.get("code"), verifier, resource);
      assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
      String accessToken = Browser.JSON.readTree(tokens.body()).get("access_token").asString();
      try (McpSyncClient mcp =
          McpClients.streamable(server, accessToken, CredentialAs.BEARER, Map.of())) {
        mcp.initialize();
        JsonNode me = McpClients.json(McpClients.call(mcp, "whoami", Map.of()));
        assertThat(me.get("email").asString()).isEqualTo("ada@example.com");
        assertThat(me.get("user_id").asString())
            .isEqualTo(DevelopmentIdentityProvider.userIdOf("ada@example.com"));
        assertThat(McpClients.text(McpClients.call(mcp, "list_my_sessions", Map.of())))
            .contains("Dev Sign-In Client");
      }
    }
  }

  @Test
  void withARealDatabaseAndNoWorkOsTheLoginIsASetupProblemNotAnOutage() {
    // without the test aid, SUPABASE_DB_URL is a real database: no development sign-in
    try (App production = App.start(withoutWorkOs(Map.of("MCP_AUTH_MODE", "proxy")))) {
      HttpResponse<String> page =
          browser.get(
              production.baseUrl() + "/auth/login",
              null,
              null,
              "text/html,application/xhtml+xml,*/*;q=0.8");
      assertThat(page.statusCode()).isEqualTo(503);
      assertThat(page.headers().firstValue("Retry-After")).isEmpty();
      assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
      assertThat(page.body())
          .contains("<code>WORKOS_CLIENT_ID</code>", "<code>WORKOS_API_KEY</code>")
          .contains("SUPABASE_DB_URL")
          .contains("development sign-in");

      HttpResponse<String> json =
          browser.get(production.baseUrl() + "/auth/login", null, null, null);
      assertThat(json.statusCode()).isEqualTo(503);
      assertThat(json.headers().firstValue("Retry-After")).isEmpty();
      assertThat(Browser.json(json).get("error").asString())
          .isEqualTo("identity_provider_not_configured");
      assertThat(Browser.json(json).get("error_description").asString())
          .contains("WORKOS_CLIENT_ID", "WORKOS_API_KEY", "development sign-in");

      assertThat(
              browser
                  .get(production.baseUrl() + "/auth/dev/sign-in", null, null, null)
                  .statusCode())
          .as("no development sign-in page")
          .isEqualTo(404);

      // the sign-in hop of an authorization says the same
      try (OAuthClientPlayer client = new OAuthClientPlayer(production.baseUrl())) {
        String clientId = client.register("Setup Client");
        Page consent =
            client.open(
                client.authorizeUrl(
                    clientId,
                    Pkce.challenge(Pkce.newVerifier()),
                    "s",
                    production.baseUrl() + "/mcp"));
        Page hop = client.answerConsent((HtmlPage) consent, "approve");
        assertThat(hop.getWebResponse().getStatusCode()).isEqualTo(503);
        assertThat(hop.getWebResponse().getResponseHeaderValue("Retry-After")).isNull();
        assertThat(hop.getWebResponse().getContentAsString())
            .contains("Sign-in is not set up")
            .contains("WORKOS_API_KEY");
      }
    }
  }
}
