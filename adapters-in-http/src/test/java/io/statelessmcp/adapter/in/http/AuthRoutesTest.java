package io.statelessmcp.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.statelessmcp.application.port.in.CompleteLogin;
import io.statelessmcp.application.port.in.EndSession;
import io.statelessmcp.application.port.in.StartLogin;
import io.statelessmcp.domain.ClientMetadata;
import io.statelessmcp.domain.IssuedSession;
import io.statelessmcp.domain.OAuthTokens;
import io.statelessmcp.domain.SessionPolicy;
import io.statelessmcp.domain.UserId;
import io.statelessmcp.domain.UserProfile;
import java.net.URI;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;

/** The callback of a login: for an OAuth client's authorization, and for a program. */
class AuthRoutesTest {

  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

  private final IssuedSession issued =
      SessionPolicy.defaults()
          .open(
              new UserId("user_01HALICE0000000000000000"),
              new OAuthTokens("upstream-access", "upstream-refresh", NOW.plusSeconds(300)),
              new UserProfile("ada@example.com", "Ada", "Lovelace"),
              new ClientMetadata("JUnit", "203.0.113.7"),
              NOW);

  @Test
  void aLoginThatAnswersAClientSendsTheBrowserBackWithoutACredential() {
    URI back = URI.create("http://localhost:6274/cb?code=mcp_code_x&state=s&iss=https%3A%2F%2Fm");
    WebTestClient client = completingWith(new CompleteLogin.CompletedLogin(issued, null, back));

    EntityExchangeResult<String> result =
        client
            .get()
            .uri("/auth/complete?code=c&state=s")
            .cookie("__Host-mcp_login_state", "binding-1")
            .exchange()
            .expectBody(String.class)
            .returnResult();

    assertThat(result.getStatus()).isEqualTo(HttpStatus.FOUND);
    assertThat(result.getResponseHeaders().getLocation()).isEqualTo(back);
    assertThat(result.getResponseHeaders().getCacheControl()).isEqualTo("no-store");
    assertThat(result.getResponseHeaders().getFirst("Referrer-Policy")).isEqualTo("no-referrer");
    assertThat(result.getResponseBody()).isNull();
    assertThat(result.getResponseCookies().getFirst("__Host-mcp_session")).isNull();
    ResponseCookie loginState = result.getResponseCookies().getFirst("__Host-mcp_login_state");
    assertThat(loginState.getValue()).isEmpty();
    assertThat(loginState.getMaxAge()).isZero();
    assertThat(String.join(",", result.getResponseHeaders().getOrEmpty(HttpHeaders.SET_COOKIE)))
        .doesNotContain(issued.credential().encoded());
  }

  @Test
  void aProgramGetsTheCredentialAndThePublicIdUnderTheirOwnNames() {
    WebTestClient client = completingWith(new CompleteLogin.CompletedLogin(issued, null));

    client
        .get()
        .uri("/auth/complete?code=c&state=s")
        .header(HttpHeaders.ACCEPT, "application/json")
        .cookie("__Host-mcp_login_state", "binding-1")
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .cacheControl(CacheControl.noStore())
        .expectBody()
        .jsonPath("$.credential")
        .isEqualTo(issued.credential().encoded())
        .jsonPath("$.session_id")
        .isEqualTo(issued.session().id().value())
        .jsonPath("$.user_id")
        .isEqualTo("user_01HALICE0000000000000000")
        .jsonPath("$.expires_at")
        .isEqualTo(issued.session().expiresAt().toString())
        .jsonPath("$.length()")
        .isEqualTo(4);
  }

  @Test
  void theLoginAnswerNeverPrintsTheCredential() {
    AuthRoutes.LoginAnswer answer =
        new AuthRoutes.LoginAnswer(
            issued.credential().encoded(), issued.session().id().value(), "user_1", "later");

    assertThat(answer.toString())
        .doesNotContain(issued.credential().encoded())
        .contains(issued.session().id().value());
  }

  private static WebTestClient completingWith(CompleteLogin.CompletedLogin done) {
    CompleteLogin completeLogin = command -> Mono.just(done);
    StartLogin startLogin = command -> Mono.error(new AssertionError("not called"));
    EndSession endSession = principal -> Mono.error(new AssertionError("not called"));
    return WebTestClient.bindToRouterFunction(
            new AuthRoutes(
                    startLogin,
                    completeLogin,
                    endSession,
                    new FailureResponses(FailureResponsesTest.SETTINGS),
                    FailureResponsesTest.SETTINGS)
                .routes())
        .build();
  }
}
