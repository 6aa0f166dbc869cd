package io.statelessmcp.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;

/**
 * The answers the filters and the metadata route give without a business failure, byte for byte.
 */
class PlainErrorsTest {

  @Test
  void aForeignOriginIs403() {
    MockServerWebExchange exchange =
        MockServerWebExchange.from(
            MockServerHttpRequest.post("/mcp").header(HttpHeaders.ORIGIN, "https://evil.example"));

    new OriginCheckFilter(FailureResponsesTest.SETTINGS)
        .filter(exchange, next -> Mono.error(new AssertionError("forwarded")))
        .block();

    FailureResponsesTest.assertJsonError(
        exchange.getResponse(),
        HttpStatus.FORBIDDEN,
        "origin_not_allowed",
        "requests from this origin are not allowed");
  }

  @Test
  void theSecondLoginRequestInAMinuteIs429() {
    assertRateLimited(
        "too many login requests from this address; retry later",
        MockServerHttpRequest.get("/auth/login").build(),
        MockServerHttpRequest.get("/auth/login").build());
  }

  /**
   * Sends the requests through one rate limit from one address: all but the last pass, the last is
   * answered 429 with this description and a Retry-After.
   */
  static void assertRateLimited(String description, MockServerHttpRequest... requests) {
    AuthRateLimitFilter limit = new AuthRateLimitFilter(FailureResponsesTest.SETTINGS);
    for (int i = 0; i < requests.length - 1; i++) {
      limit.filter(MockServerWebExchange.from(requests[i]), next -> Mono.empty()).block();
    }
    MockServerWebExchange last = MockServerWebExchange.from(requests[requests.length - 1]);

    limit.filter(last, next -> Mono.error(new AssertionError("forwarded"))).block();

    FailureResponsesTest.assertJsonError(
        last.getResponse(), HttpStatus.TOO_MANY_REQUESTS, "rate_limited", description);
    assertThat(last.getResponse().getHeaders().getFirst(HttpHeaders.RETRY_AFTER))
        .matches("[1-9][0-9]*");
  }

  @Test
  void theResourceMetadataKeepsItsMemberOrder() {
    WebTestClient client =
        WebTestClient.bindToRouterFunction(
                new WellKnownRoutes(FailureResponsesTest.SETTINGS).routes())
            .build();

    for (String path :
        new String[] {
          "/.well-known/oauth-protected-resource", "/.well-known/oauth-protected-resource/mcp"
        }) {
      client
          .get()
          .uri(path)
          .exchange()
          .expectStatus()
          .isOk()
          .expectHeader()
          .cacheControl(org.springframework.http.CacheControl.maxAge(java.time.Duration.ofHours(1)))
          .expectBody(String.class)
          .isEqualTo(
              "{\"resource\":\"https://mcp.example.com/mcp\",\"authorization_servers\":[],"
                  + "\"bearer_methods_supported\":[\"header\"],"
                  + "\"resource_name\":\"MCP server with persistent sessions\"}");
    }
  }
}
