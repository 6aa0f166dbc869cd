package io.statelessmcp.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.statelessmcp.application.port.in.Authorize;
import io.statelessmcp.application.port.in.CompleteLogin;
import io.statelessmcp.application.port.in.EndSession;
import io.statelessmcp.application.port.in.StartLogin;
import io.statelessmcp.domain.OAuthSecret;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;

/**
 * No identity provider configured: {@code /auth/login} and the sign-in hop of {@code /authorize}
 * answer a setup problem, not an outage. A browser gets a page naming the settings, a program the
 * JSON error; neither is told to retry.
 */
class SetupRequiredAnswersTest {

  private static final String BROWSER_ACCEPT =
      "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

  private final StartLogin startLogin = command -> Mono.error(FailureResponsesTest.NOT_CONFIGURED);
  private final CompleteLogin completeLogin = command -> Mono.error(new AssertionError("unused"));
  private final EndSession endSession = principal -> Mono.error(new AssertionError("unused"));
  private final Authorize authorize =
      new Authorize() {
        @Override
        public Mono<Outcome> authorize(Command command) {
          return Mono.error(FailureResponsesTest.NOT_CONFIGURED);
        }

        @Override
        public Mono<Outcome> decide(Decision decision) {
          return Mono.error(FailureResponsesTest.NOT_CONFIGURED);
        }
      };
  private final FailureResponses failures = new FailureResponses(FailureResponsesTest.SETTINGS);

  private final WebTestClient client =
      WebTestClient.bindToRouterFunction(
              new AuthRoutes(
                      startLogin,
                      completeLogin,
                      endSession,
                      failures,
                      FailureResponsesTest.SETTINGS)
                  .routes()
                  .and(
                      new AuthorizeRoutes(authorize, failures, FailureResponsesTest.SETTINGS)
                          .routes()))
          .build();

  private EntityExchangeResult<String> get(String path, String accept) {
    WebTestClient.RequestHeadersSpec<?> request = client.get().uri(path);
    if (accept != null) {
      request = request.header(HttpHeaders.ACCEPT, accept);
    }
    return request.exchange().expectBody(String.class).returnResult();
  }

  private static void assertSetupProblem(EntityExchangeResult<String> answer) {
    assertThat(answer.getStatus()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    assertThat(answer.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER))
        .as("waiting does not fix a setup problem")
        .isNull();
    assertThat(answer.getResponseHeaders().getCacheControl()).isEqualTo("no-store");
    assertThat(answer.getResponseBody())
        .contains("WORKOS_CLIENT_ID", "WORKOS_API_KEY", "development sign-in", "SUPABASE_DB_URL")
        .doesNotContain("retry shortly");
  }

  @Test
  void aBrowserAtTheLoginGetsAPageNamingTheSettings() {
    EntityExchangeResult<String> answer = get("/auth/login", BROWSER_ACCEPT);

    assertSetupProblem(answer);
    assertThat(answer.getResponseHeaders().getContentType()).isEqualTo(MediaType.TEXT_HTML);
    assertThat(answer.getResponseBody())
        .contains("<li><code>WORKOS_CLIENT_ID</code></li>")
        .contains("not an outage");
  }

  @Test
  void aProgramAtTheLoginGetsTheJsonError() {
    for (String accept : new String[] {null, "*/*", "application/json"}) {
      EntityExchangeResult<String> answer = get("/auth/login", accept);

      assertSetupProblem(answer);
      assertThat(answer.getResponseHeaders().getContentType())
          .as("Accept: " + accept)
          .isEqualTo(MediaType.APPLICATION_JSON);
      assertThat(answer.getResponseBody())
          .startsWith("{\"error\":\"identity_provider_not_configured\",\"error_description\":");
    }
  }

  @Test
  void theSignInHopOfAnAuthorizationIsTheSameSetupPage() {
    EntityExchangeResult<String> answer =
        client
            .get()
            .uri("/authorize?response_type=code&client_id=dcr_x")
            .header(HttpHeaders.ACCEPT, BROWSER_ACCEPT)
            .cookie("__Host-mcp_browser", OAuthSecret.BROWSER.issue())
            .exchange()
            .expectBody(String.class)
            .returnResult();

    assertSetupProblem(answer);
    assertThat(answer.getResponseHeaders().getContentType()).isEqualTo(MediaType.TEXT_HTML);
    assertThat(answer.getResponseHeaders().getFirst("X-Frame-Options")).isEqualTo("DENY");

    EntityExchangeResult<String> program =
        get("/authorize?response_type=code&client_id=dcr_x", "application/json");
    assertSetupProblem(program);
    assertThat(program.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
  }
}
