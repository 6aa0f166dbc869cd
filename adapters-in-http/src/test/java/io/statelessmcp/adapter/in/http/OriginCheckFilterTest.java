package io.statelessmcp.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * DNS rebinding: a foreign Origin or, on a loopback deployment, a foreign Host is refused before
 * anything runs; a loopback Origin on another port passes on a loopback deployment unless the
 * browser sent the session cookie.
 */
class OriginCheckFilterTest {

  private static final OriginCheckFilter ON_LOOPBACK = filter("http://localhost:8080");
  private static final OriginCheckFilter PUBLIC = filter("https://mcp.example.com");

  @ParameterizedTest
  @ValueSource(
      strings = {"localhost:8080", "localhost", "127.0.0.1:41234", "[::1]:8080", "LOCALHOST"})
  void onLoopbackALoopbackHostPasses(String host) {
    assertThat(passes(ON_LOOPBACK, post().header(HttpHeaders.HOST, host))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"evil.example.com", "evil.example.com:8080", "localhost.evil.com", "10.0.0.1"})
  void onLoopbackAForeignHostIs403(String host) {
    MockServerWebExchange exchange =
        MockServerWebExchange.from(post().header(HttpHeaders.HOST, host));

    assertThat(run(ON_LOOPBACK, exchange)).isFalse();
    FailureResponsesTest.assertJsonError(
        exchange.getResponse(),
        HttpStatus.FORBIDDEN,
        "host_not_allowed",
        "requests for this host name are not allowed");
  }

  @Test
  void aPublicDeploymentLeavesTheHostToItsProxies() {
    assertThat(passes(PUBLIC, post().header(HttpHeaders.HOST, "10.0.0.7:8080"))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://localhost:5173",
        "http://127.0.0.1:6274",
        "https://localhost",
        "http://[::1]:3000"
      })
  void onLoopbackALoopbackOriginOnAnyPortPassesWithoutTheCookie(String origin) {
    assertThat(passes(ON_LOOPBACK, post().header(HttpHeaders.ORIGIN, origin))).isTrue();
  }

  /** The browser sends the cookie to every port of localhost: another local page is not us. */
  @ParameterizedTest
  @ValueSource(strings = {"mcp_session", "__Host-mcp_session"})
  void onLoopbackAnotherLoopbackOriginWithTheSessionCookieIs403(String cookie) {
    MockServerWebExchange exchange =
        MockServerWebExchange.from(
            post()
                .header(HttpHeaders.ORIGIN, "http://localhost:5173")
                .cookie(new HttpCookie(cookie, "abc.def")));

    assertThat(run(ON_LOOPBACK, exchange)).isFalse();
    assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
  }

  @Test
  void theOwnOriginPassesWithTheCookie() {
    assertThat(
            passes(
                ON_LOOPBACK,
                post()
                    .header(HttpHeaders.ORIGIN, "http://localhost:8080")
                    .cookie(new HttpCookie("mcp_session", "abc.def"))))
        .isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://evil.example.com",
        "null",
        "http://localhost.evil.com",
        "file://",
        "http://localhost:5173/path"
      })
  void onLoopbackAForeignOriginIs403(String origin) {
    assertThat(passes(ON_LOOPBACK, post().header(HttpHeaders.ORIGIN, origin))).isFalse();
  }

  @Test
  void aPublicDeploymentRefusesLoopbackOrigins() {
    assertThat(passes(PUBLIC, post().header(HttpHeaders.ORIGIN, "http://localhost:5173")))
        .isFalse();
  }

  private static MockServerHttpRequest.BodyBuilder post() {
    return MockServerHttpRequest.post("/mcp");
  }

  private static boolean passes(
      OriginCheckFilter filter, MockServerHttpRequest.BodyBuilder request) {
    return run(filter, MockServerWebExchange.from(request));
  }

  private static boolean run(OriginCheckFilter filter, MockServerWebExchange exchange) {
    AtomicBoolean forwarded = new AtomicBoolean();
    filter.filter(exchange, next -> Mono.fromRunnable(() -> forwarded.set(true))).block();
    return forwarded.get();
  }

  private static OriginCheckFilter filter(String baseUrl) {
    return new OriginCheckFilter(
        new HttpSettings(
            URI.create(baseUrl),
            URI.create(baseUrl + "/mcp"),
            null,
            List.of(),
            Duration.ofHours(1),
            4096,
            1));
  }
}
