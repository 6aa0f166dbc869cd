package io.statelessmcp.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.statelessmcp.adapter.in.http.OAuthRoutes;
import io.statelessmcp.application.failure.ClientRejected;
import io.statelessmcp.application.port.in.RegisterClient;
import io.statelessmcp.application.port.in.ResolveClient;
import io.statelessmcp.domain.OAuthClient;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;

/**
 * {@code MCP_AUTH_MODE=proxy} on two replicas of one database: discovery names this server, clients
 * registered on one replica are known on the other, metadata documents are fetched once for all,
 * and bad registrations get the RFC 7591 error and leave nothing behind.
 */
class OAuthRegistrationEndToEndTest {

  @RegisterExtension
  static final Deployment deployment =
      Deployment.withReplicas(2)
          .settings(Map.of("MCP_AUTH_MODE", "proxy", "MCP_OAUTH_CIMD_ALLOW_LOOPBACK", "true"));

  private static final AtomicInteger DOCUMENT_REQUESTS = new AtomicInteger();
  private static DisposableServer documentHost;

  private final Browser browser = new Browser();
  private final App replicaA = deployment.replica(0);
  private final App replicaB = deployment.replica(1);

  @BeforeAll
  static void serveAMetadataDocument() {
    documentHost =
        HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .route(
                routes ->
                    routes.get(
                        "/oauth/client.json",
                        (request, response) -> {
                          DOCUMENT_REQUESTS.incrementAndGet();
                          return response
                              .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                              .header(HttpHeaderNames.CACHE_CONTROL, "max-age=600")
                              .sendString(
                                  Mono.just(
                                      "{\"client_id\":\""
                                          + documentUrl()
                                          + "\",\"client_name\":\"Document Client\","
                                          + "\"redirect_uris\":[\"http://127.0.0.1:7777/cb\"],"
                                          + "\"token_endpoint_auth_method\":\"none\"}"));
                        }))
            .bindNow();
  }

  @AfterAll
  static void stopDocumentHost() {
    documentHost.disposeNow();
  }

  private static String documentUrl() {
    return "http://127.0.0.1:" + documentHost.port() + "/oauth/client.json";
  }

  private HttpResponse<String> register(App app, String contentType, String body) {
    return browser.send(
        HttpRequest.newBuilder(URI.create(app.baseUrl() + OAuthRoutes.REGISTER))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  private static long clientRows() {
    return SharedPostgres.count("SELECT count(*) FROM mcp_oauth_clients");
  }

  @Test
  void aClientRegisteredOnOneReplicaIsKnownOnTheOther() {
    HttpResponse<String> response =
        register(
            replicaA,
            "application/json",
            "{\"redirect_uris\":[\"http://localhost:6274/oauth/callback\"],"
                + "\"client_name\":\"MCP Inspector\","
                + "\"grant_types\":[\"authorization_code\",\"refresh_token\"],"
                + "\"response_types\":[\"code\"],\"token_endpoint_auth_method\":\"none\"}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
    JsonNode registered = Browser.json(response);
    String clientId = registered.get("client_id").asString();
    assertThat(clientId).matches("dcr_[A-Za-z0-9_-]{22}");
    assertThat(registered.get("client_name").asString()).isEqualTo("MCP Inspector");
    assertThat(registered.get("token_endpoint_auth_method").asString()).isEqualTo("none");
    assertThat(registered.has("client_secret")).isFalse();

    OAuthClient onB = replicaB.bean(ResolveClient.class).resolve(clientId).block();
    assertThat(onB.metadata().redirectUris())
        .containsExactly("http://localhost:6274/oauth/callback");
    assertThat(onB.metadata().clientName()).isEqualTo("MCP Inspector");
    assertThat(onB.lastUsedAt()).as("resolving for an authorization is a use").isNotNull();
    assertThat(
            SharedPostgres.count(
                "SELECT count(*) FROM mcp_oauth_clients WHERE client_id = ? AND registration ="
                    + " 'dcr' AND last_used_at IS NOT NULL",
                clientId))
        .isEqualTo(1);
  }

  @ParameterizedTest(name = "{2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"client_name\":\"No Redirects\"}"
            + "|invalid_redirect_uri|redirect_uris is required (at least one URI)",
        "{\"redirect_uris\":[\"http://app.example.com/callback\"]}"
            + "|invalid_redirect_uri|redirect_uris[0] must use https, or http on a loopback"
            + " address (localhost, 127.0.0.1, [::1])",
        "{\"redirect_uris\":[\"https://app.example.com/cb#frag\"]}"
            + "|invalid_redirect_uri|redirect_uris is not valid",
        "{\"redirect_uris\":[\"https://app.example.com/cb\"],\"client_secret\":\"s\","
            + "\"token_endpoint_auth_method\":\"client_secret_basic\"}"
            + "|invalid_client_metadata|token_endpoint_auth_method must be none: only public"
            + " clients (with PKCE) are supported",
        "{\"redirect_uris\":[\"https://app.example.com/cb\"],\"grant_types\":[\"implicit\"]}"
            + "|invalid_client_metadata|grant_types may hold only authorization_code and"
            + " refresh_token",
        "{\"redirect_uris\":[\"https://app.example.com/cb\"],\"redirect_uris\":[\"https://evil.example/cb\"]}"
            + "|invalid_client_metadata|a member of the registration appears more than once",
        "{\"redirect_uris\":[\"https://app.example.com/cb\"]"
            + "|invalid_client_metadata|the registration is not valid JSON",
      })
  void badRegistrationsGetTheRfc7591ErrorAndStoreNothing(
      String body, String error, String description) {
    HttpResponse<String> response = register(replicaA, "application/json", body);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
    assertThat(Browser.json(response).get("error").asString()).isEqualTo(error);
    assertThat(Browser.json(response).get("error_description").asString()).isEqualTo(description);
    assertThat(clientRows()).isZero();
  }

  @Test
  void oversizedValuesAreRefusedAndStoreNothing() {
    String longName =
        "{\"redirect_uris\":[\"https://app.example.com/cb\"],\"client_name\":\""
            + "n".repeat(201)
            + "\"}";
    String longRedirect =
        "{\"redirect_uris\":[\"https://app.example.com/" + "p".repeat(2100) + "\"]}";
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      many.add("\"https://app.example.com/cb" + i + "\"");
    }
    String manyRedirects = "{\"redirect_uris\":[" + String.join(",", many) + "]}";
    String hugeBody =
        "{\"redirect_uris\":[\"https://app.example.com/cb\"],\"software_statement\":\""
            + "x".repeat(20_000)
            + "\"}";

    assertThat(description(register(replicaA, "application/json", longName)))
        .isEqualTo("client_name is longer than 200 characters");
    assertThat(description(register(replicaA, "application/json", longRedirect)))
        .isEqualTo("redirect_uris[0] is longer than 2048 characters");
    assertThat(description(register(replicaA, "application/json", manyRedirects)))
        .isEqualTo("redirect_uris may hold at most 10 URIs");
    assertThat(description(register(replicaA, "application/json", hugeBody)))
        .isEqualTo("the registration is larger than 16384 bytes");
    assertThat(description(register(replicaA, "text/plain", "{}")))
        .isEqualTo("a registration is a JSON object sent as application/json");
    assertThat(clientRows()).isZero();
  }

  @Test
  void discoveryNamesThisServerAndTheEndpointsItWillServe() {
    String issuer = replicaA.baseUrl();
    for (String path :
        List.of("/.well-known/oauth-authorization-server", "/.well-known/openid-configuration")) {
      HttpResponse<String> response = browser.get(issuer + path, null, null, null);
      assertThat(response.statusCode()).isEqualTo(200);
      JsonNode metadata = Browser.json(response);

      assertThat(metadata.get("issuer").asString()).isEqualTo(issuer);
      assertThat(metadata.get("authorization_endpoint").asString())
          .isEqualTo(issuer + "/authorize");
      assertThat(metadata.get("token_endpoint").asString()).isEqualTo(issuer + "/token");
      assertThat(metadata.get("registration_endpoint").asString()).isEqualTo(issuer + "/register");
      assertThat(metadata.get("revocation_endpoint").asString()).isEqualTo(issuer + "/revoke");
      assertThat(metadata.get("response_types_supported").toString()).isEqualTo("[\"code\"]");
      assertThat(metadata.get("grant_types_supported").toString())
          .isEqualTo("[\"authorization_code\",\"refresh_token\"]");
      assertThat(metadata.get("code_challenge_methods_supported").toString())
          .isEqualTo("[\"S256\"]");
      assertThat(metadata.get("token_endpoint_auth_methods_supported").toString())
          .contains("\"none\"");
      assertThat(metadata.get("client_id_metadata_document_supported").asBoolean()).isTrue();
      assertThat(metadata.get("authorization_response_iss_parameter_supported").asBoolean())
          .isTrue();
    }

    JsonNode resource =
        Browser.json(
            browser.get(issuer + "/.well-known/oauth-protected-resource", null, null, null));
    assertThat(resource.get("resource").asString()).isEqualTo(issuer + "/mcp");
    assertThat(resource.get("authorization_servers").toString()).isEqualTo("[\"" + issuer + "\"]");
  }

  @Test
  void aMetadataDocumentIsFetchedOnceAndItsCopyServesEveryReplica() {
    DOCUMENT_REQUESTS.set(0);

    OAuthClient onA = replicaA.bean(ResolveClient.class).resolve(documentUrl()).block();
    OAuthClient onB = replicaB.bean(ResolveClient.class).resolve(documentUrl()).block();

    assertThat(onA.registration()).isEqualTo(OAuthClient.Registration.CIMD);
    assertThat(onA.metadata().clientName()).isEqualTo("Document Client");
    assertThat(onB.metadata()).isEqualTo(onA.metadata());
    assertThat(DOCUMENT_REQUESTS.get()).as("B used A's copy (max-age=600)").isEqualTo(1);
    assertThat(
            SharedPostgres.count(
                "SELECT count(*) FROM mcp_oauth_clients WHERE client_id = ? AND registration ="
                    + " 'cimd' AND cache_until > now() + interval '9 minutes'",
                documentUrl()))
        .isEqualTo(1);
  }

  @Test
  void aClientIdThatNamesNoClientIsRefused() {
    ClientRejected unknown =
        catchThrowableOfType(
            ClientRejected.class,
            () -> replicaB.bean(ResolveClient.class).resolve("dcr_AAAAAAAAAAAAAAAAAAAAAA").block());
    ClientRejected privateHost =
        catchThrowableOfType(
            ClientRejected.class,
            () ->
                replicaB
                    .bean(ResolveClient.class)
                    .resolve("https://10.1.2.3/oauth/client.json")
                    .block());

    assertThat(unknown.reason()).isEqualTo(ClientRejected.Reason.UNKNOWN_CLIENT);
    assertThat(privateHost.getMessage()).contains("resolves to a private address");
    assertThat(clientRows()).isZero();
  }

  @Test
  void authkitModeServesNoneOfIt() {
    try (App authkitMode = App.replica(deployment.workOs(), Map.of("MCP_AUTH_MODE", "authkit"))) {
      assertThat(register(authkitMode, "application/json", "{}").statusCode()).isEqualTo(404);
      assertThat(
              browser
                  .get(
                      authkitMode.baseUrl() + "/.well-known/oauth-authorization-server",
                      null,
                      null,
                      null)
                  .statusCode())
          .isEqualTo(404);
      assertThat(authkitMode.beansOf(RegisterClient.class)).isEmpty();
      JsonNode resource =
          Browser.json(
              browser.get(
                  authkitMode.baseUrl() + "/.well-known/oauth-protected-resource",
                  null,
                  null,
                  null));
      assertThat(resource.get("authorization_servers").toString()).isEqualTo("[]");
    }
  }

  private static String description(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    return Browser.json(response).get("error_description").asString();
  }
}
