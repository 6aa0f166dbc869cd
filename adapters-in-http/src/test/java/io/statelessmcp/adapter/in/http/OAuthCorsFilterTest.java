package io.statelessmcp.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.statelessmcp.application.port.in.Authorize;
import io.statelessmcp.application.port.in.IssueTokens;
import io.statelessmcp.application.port.in.RegisterClient;
import io.statelessmcp.application.port.in.RevokeToken;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * A browser-based MCP client on its own origin (the MCP Inspector) may read discovery, register,
 * and use the token endpoints; {@code /authorize} and {@code /mcp} stay as they were.
 */
class OAuthCorsFilterTest {

  private static final String INSPECTOR = "http://localhost:6274";
  private static final String SERVER = "https://mcp.example.com";

  private final FailureResponses failures = new FailureResponses(FailureResponsesTest.SETTINGS);
  private final RevokeToken revokeToken = (token, clientId) -> Mono.empty();
  private final RouterFunction<ServerResponse> routes =
      new OAuthRoutes(
              (RegisterClient) command -> Mono.error(new AssertionError("not called")),
              failures,
              FailureResponsesTest.SETTINGS)
          .routes()
          .and(new TokenRoutes(unusedIssueTokens(), revokeToken, failures).routes())
          .and(new WellKnownRoutes(FailureResponsesTest.SETTINGS).routes())
          .and(
              new AuthorizeRoutes(unusedAuthorize(), failures, FailureResponsesTest.SETTINGS)
                  .routes());
  private final WebTestClient client =
      WebTestClient.bindToRouterFunction(routes)
          .webFilter(new OAuthCorsFilter(), new OriginCheckFilter(FailureResponsesTest.SETTINGS))
          .build();

  private EntityExchangeResult<Void> preflight(String path, String method) {
    return client
        .options()
        .uri(SERVER + path)
        .header(HttpHeaders.ORIGIN, INSPECTOR)
        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, method)
        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "content-type, mcp-protocol-version")
        .exchange()
        .expectBody()
        .isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/.well-known/oauth-authorization-server",
        "/.well-known/openid-configuration",
        "/.well-known/oauth-protected-resource",
        "/.well-known/oauth-protected-resource/mcp",
        "/register",
        "/token",
        "/revoke"
      })
  void theOAuthEndpointsAnswerAPreflightFromAnyOriginWithoutCredentials(String path) {
    EntityExchangeResult<Void> result = preflight(path, "POST");

    HttpHeaders headers = result.getResponseHeaders();
    assertThat(result.getStatus()).isEqualTo(HttpStatus.OK);
    assertThat(headers.getAccessControlAllowOrigin()).isEqualTo("*");
    assertThat(headers.getAccessControlAllowMethods()).contains(HttpMethod.POST, HttpMethod.GET);
    assertThat(headers.getAccessControlAllowHeaders())
        .map(String::toLowerCase)
        .contains("content-type", "mcp-protocol-version");
    assertThat(headers.getAccessControlAllowCredentials()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/.well-known/oauth-authorization-server",
        "/.well-known/oauth-protected-resource/mcp"
      })
  void aForeignOriginMayReadTheMetadata(String path) {
    client
        .get()
        .uri(SERVER + path)
        .header(HttpHeaders.ORIGIN, INSPECTOR)
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/token", "/revoke"})
  void aForeignOriginMayPostToTheTokenEndpoints(String path) {
    client
        .post()
        .uri(SERVER + path)
        .header(HttpHeaders.ORIGIN, INSPECTOR)
        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
        .bodyValue("client_id=dcr_A")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*")
        .expectBody(String.class)
        .value(body -> assertThat(body).contains("invalid_request"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/authorize", "/authorize/consent", "/mcp"})
  void otherPathsKeepTheOriginCheckAndGetNoCors(String path) {
    EntityExchangeResult<byte[]> result =
        client
            .options()
            .uri(SERVER + path)
            .header(HttpHeaders.ORIGIN, INSPECTOR)
            .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
            .exchange()
            .expectBody()
            .returnResult();

    assertThat(result.getStatus()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(result.getResponseHeaders().getAccessControlAllowOrigin()).isNull();
    assertThat(new String(result.getResponseBody())).contains("origin_not_allowed");
  }

  private static IssueTokens unusedIssueTokens() {
    return new IssueTokens() {
      @Override
      public Mono<Tokens> exchange(CodeExchange request) {
        return Mono.error(new AssertionError("not called"));
      }

      @Override
      public Mono<Tokens> refresh(Refresh request) {
        return Mono.error(new AssertionError("not called"));
      }
    };
  }

  private static Authorize unusedAuthorize() {
    return new Authorize() {
      @Override
      public Mono<Outcome> authorize(Command command) {
        return Mono.error(new AssertionError("not called"));
      }

      @Override
      public Mono<Outcome> decide(Decision decision) {
        return Mono.error(new AssertionError("not called"));
      }
    };
  }
}
