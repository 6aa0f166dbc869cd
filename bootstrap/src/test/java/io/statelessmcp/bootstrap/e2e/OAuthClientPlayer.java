package io.statelessmcp.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.htmlunit.BrowserVersion;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlElement;
import org.htmlunit.html.HtmlPage;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;

/**
 * Plays a standard MCP client through the MCP authorization flow: discovery, registration, the
 * user's browser (a headless one: HtmlUnit, with cookies, redirects and the consent form) and the
 * token endpoint. The client's redirect URI is a loopback listener, as for desktop clients.
 */
final class OAuthClientPlayer implements AutoCloseable {

  private final String serverUrl;
  private final HttpClient http =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final WebClient browser = new WebClient(BrowserVersion.FIREFOX);
  private final AtomicReference<URI> lastCallback = new AtomicReference<>();
  private final DisposableServer callbackListener;

  OAuthClientPlayer(String serverUrl) {
    this.serverUrl = serverUrl;
    browser.getOptions().setJavaScriptEnabled(false);
    browser.getOptions().setCssEnabled(false);
    browser.getOptions().setThrowExceptionOnFailingStatusCode(false);
    browser.getOptions().setTimeout(20_000);
    callbackListener =
        HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .route(
                routes ->
                    routes.get(
                        "/callback",
                        (request, response) -> {
                          lastCallback.set(URI.create("http://127.0.0.1" + request.uri()));
                          return response
                              .header("Content-Type", "text/plain")
                              .sendString(Mono.just("You may close this window."));
                        }))
            .bindNow();
  }

  String redirectUri() {
    return "http://127.0.0.1:" + callbackListener.port() + "/callback";
  }

  /** What a client learns from the 401 of an unauthenticated MCP request. */
  record Discovery(String resourceMetadataUrl, JsonNode resource, JsonNode authorizationServer) {}

  Discovery discover() {
    HttpResponse<String> unauthorized =
        send(
            HttpRequest.newBuilder(URI.create(serverUrl + "/mcp"))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}"))
                .build());
    assertThat(unauthorized.statusCode()).isEqualTo(401);
    String challenge = unauthorized.headers().firstValue("WWW-Authenticate").orElseThrow();
    String metadataUrl = challenge.replaceAll(".*resource_metadata=\"([^\"]+)\".*", "$1");
    JsonNode resource = Browser.JSON.readTree(get(metadataUrl).body());
    String issuer = resource.get("authorization_servers").get(0).asString();
    JsonNode server =
        Browser.JSON.readTree(get(issuer + "/.well-known/oauth-authorization-server").body());
    return new Discovery(metadataUrl, resource, server);
  }

  /** RFC 7591 registration of this client; returns its client_id. */
  String register(String clientName) {
    return register(clientName, redirectUri());
  }

  /** A registration whose redirect URI is someone else's listener. */
  String register(String clientName, String redirectUri) {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(URI.create(serverUrl + "/register"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"redirect_uris\":[\""
                            + redirectUri
                            + "\"],\"client_name\":\""
                            + clientName
                            + "\",\"grant_types\":[\"authorization_code\",\"refresh_token\"],"
                            + "\"response_types\":[\"code\"],"
                            + "\"token_endpoint_auth_method\":\"none\"}"))
                .build());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return Browser.JSON.readTree(response.body()).get("client_id").asString();
  }

  String authorizeUrl(String clientId, String challenge, String state, String resource) {
    return authorizeUrl(clientId, redirectUri(), challenge, state, resource);
  }

  String authorizeUrl(
      String clientId, String redirectUri, String challenge, String state, String resource) {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("response_type", "code");
    query.put("client_id", clientId);
    query.put("redirect_uri", redirectUri);
    query.put("code_challenge", challenge);
    query.put("code_challenge_method", "S256");
    query.put("state", state);
    if (resource != null) {
      query.put("resource", resource);
    }
    return serverUrl + "/authorize?" + WebForms.form(query);
  }

  /** Opens a page in the user's browser, following redirects; cookies persist. */
  Page open(String url) {
    try {
      return browser.getPage(url);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** True when the page is the consent page (it has the approve button). */
  static boolean isConsentPage(Page page) {
    return page instanceof HtmlPage html
        && !html.getByXPath("//form//button[@value='approve']").isEmpty();
  }

  /** Presses the consent page's button with this value ({@code approve} or {@code deny}). */
  Page answerConsent(HtmlPage consent, String decision) {
    List<HtmlElement> buttons = consent.getByXPath("//form//button[@value='" + decision + "']");
    assertThat(buttons).as(consent.asXml()).hasSize(1);
    try {
      return buttons.get(0).click();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where the server last sent the browser back to this client, with its query. */
  URI lastCallback() {
    return lastCallback.get();
  }

  void forgetCallback() {
    lastCallback.set(null);
  }

  HttpResponse<String> token(String baseUrl, Map<String, String> parameters) {
    return send(
        HttpRequest.newBuilder(URI.create(baseUrl + "/token"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(WebForms.form(parameters)))
            .build());
  }

  HttpResponse<String> exchange(
      String baseUrl, String clientId, String code, String verifier, String resource) {
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("grant_type", "authorization_code");
    parameters.put("client_id", clientId);
    parameters.put("code", code);
    parameters.put("redirect_uri", redirectUri());
    parameters.put("code_verifier", verifier);
    if (resource != null) {
      parameters.put("resource", resource);
    }
    return token(baseUrl, parameters);
  }

  HttpResponse<String> refresh(String baseUrl, String clientId, String refreshToken) {
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("grant_type", "refresh_token");
    parameters.put("client_id", clientId);
    parameters.put("refresh_token", refreshToken);
    return token(baseUrl, parameters);
  }

  HttpResponse<String> revoke(String baseUrl, String clientId, String token) {
    return send(
        HttpRequest.newBuilder(URI.create(baseUrl + "/revoke"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    WebForms.form(Map.of("client_id", clientId, "token", token))))
            .build());
  }

  HttpResponse<String> get(String url) {
    return send(HttpRequest.newBuilder(URI.create(url)).GET().build());
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

  @Override
  public void close() {
    browser.close();
    callbackListener.disposeNow();
  }
}
