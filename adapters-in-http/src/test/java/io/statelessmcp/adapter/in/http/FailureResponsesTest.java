package io.statelessmcp.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.statelessmcp.application.failure.InvalidRequest;
import io.statelessmcp.application.failure.LoginRejected;
import io.statelessmcp.application.failure.ProviderUnavailable;
import io.statelessmcp.application.failure.ServiceFailure;
import io.statelessmcp.application.failure.SessionRejected;
import io.statelessmcp.application.failure.TokenRejected;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.reactive.function.server.HandlerStrategies;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.result.view.ViewResolver;

/** Pins the status, headers and exact body bytes of every failure, written and rendered alike. */
class FailureResponsesTest {

  private static final String METADATA =
      "https://mcp.example.com/.well-known/oauth-protected-resource";
  static final HttpSettings SETTINGS =
      new HttpSettings(
          URI.create("https://mcp.example.com"),
          URI.create("https://mcp.example.com/mcp"),
          null,
          List.of(),
          Duration.ofHours(1),
          4096,
          1);

  private final FailureResponses failures = new FailureResponses(SETTINGS);

  static Stream<Arguments> everyFailure() {
    return Stream.of(
        Arguments.of(sessionRejected(SessionRejected.Reason.MISSING), 401, "missing_credential"),
        Arguments.of(sessionRejected(SessionRejected.Reason.MALFORMED), 401, "invalid_session"),
        Arguments.of(sessionRejected(SessionRejected.Reason.UNKNOWN), 401, "invalid_session"),
        Arguments.of(sessionRejected(SessionRejected.Reason.INVALID), 401, "invalid_session"),
        Arguments.of(sessionRejected(SessionRejected.Reason.EXPIRED), 401, "session_expired"),
        Arguments.of(sessionRejected(SessionRejected.Reason.REVOKED), 401, "session_revoked"),
        Arguments.of(
            sessionRejected(SessionRejected.Reason.UPSTREAM_EXPIRED), 401, "invalid_session"),
        Arguments.of(new TokenRejected("the \"aud\" claim is wrong"), 401, "invalid_token"),
        Arguments.of(loginRejected(LoginRejected.Reason.MISSING_CODE), 400, "missing_code"),
        Arguments.of(loginRejected(LoginRejected.Reason.UNKNOWN_STATE), 400, "invalid_state"),
        Arguments.of(loginRejected(LoginRejected.Reason.EXPIRED_STATE), 400, "invalid_state"),
        Arguments.of(loginRejected(LoginRejected.Reason.STATE_MISMATCH), 400, "invalid_state"),
        Arguments.of(loginRejected(LoginRejected.Reason.INVALID_GRANT), 400, "invalid_grant"),
        Arguments.of(
            loginRejected(LoginRejected.Reason.CLIENT_REJECTED),
            502,
            "identity_provider_misconfigured"),
        Arguments.of(new ProviderUnavailable("circuit open"), 503, "identity_provider_unavailable"),
        Arguments.of(new InvalidRequest("return_to is not allowed"), 400, "invalid_request"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyFailure")
  void aFilterWritesTheFailure(ServiceFailure failure, int status, String error) {
    MockServerHttpResponse response = new MockServerHttpResponse();

    failures.write(response, failure).block();

    assertAnswer(response, failure, status, error);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyFailure")
  void aHandlerRendersTheSameAnswer(ServiceFailure failure, int status, String error) {
    MockServerWebExchange exchange =
        MockServerWebExchange.from(MockServerHttpRequest.get("/auth/complete").build());

    failures
        .render(failure)
        .flatMap(rendered -> rendered.writeTo(exchange, DEFAULT_CODECS))
        .block();

    assertAnswer(exchange.getResponse(), failure, status, error);
  }

  @ParameterizedTest
  @EnumSource(SessionRejected.Reason.class)
  void onlyAMissingCredentialGetsTheBareChallenge(SessionRejected.Reason reason) {
    MockServerHttpResponse response = new MockServerHttpResponse();

    failures.write(response, new SessionRejected(reason)).block();

    String challenge = response.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE);
    if (reason == SessionRejected.Reason.MISSING) {
      assertThat(challenge).isEqualTo("Bearer resource_metadata=\"" + METADATA + "\"");
    } else {
      assertThat(challenge).startsWith("Bearer error=\"invalid_token\", error_description=\"");
    }
  }

  @Test
  void quotesInTheChallengeDescriptionBecomeApostrophes() {
    MockServerHttpResponse response = new MockServerHttpResponse();

    failures.write(response, new TokenRejected("the \"aud\" claim is wrong")).block();

    assertThat(response.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE))
        .isEqualTo(
            "Bearer error=\"invalid_token\", error_description=\"the 'aud' claim is wrong\","
                + " resource_metadata=\""
                + METADATA
                + "\"");
    assertThat(response.getBodyAsString().block())
        .isEqualTo(
            "{\"error\":\"invalid_token\",\"error_description\":\"the \\\"aud\\\" claim is"
                + " wrong\"}");
  }

  private static void assertAnswer(
      MockServerHttpResponse response, ServiceFailure failure, int status, String error) {
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.valueOf(status));
    assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
    assertThat(response.getBodyAsString().block())
        .isEqualTo(
            "{\"error\":\""
                + error
                + "\",\"error_description\":\""
                + failure.getMessage().replace("\"", "\\\"")
                + "\"}");
    String challenge = response.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE);
    if (status == 401) {
      assertThat(challenge).endsWith("resource_metadata=\"" + METADATA + "\"");
    } else {
      assertThat(challenge).isNull();
    }
    assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER))
        .isEqualTo(status == 503 ? "5" : null);
  }

  private static SessionRejected sessionRejected(SessionRejected.Reason reason) {
    return new SessionRejected(reason);
  }

  private static LoginRejected loginRejected(LoginRejected.Reason reason) {
    return new LoginRejected(reason, "login refused: " + reason);
  }

  private static final ServerResponse.Context DEFAULT_CODECS =
      new ServerResponse.Context() {
        @Override
        public List<HttpMessageWriter<?>> messageWriters() {
          return HandlerStrategies.withDefaults().messageWriters();
        }

        @Override
        public List<ViewResolver> viewResolvers() {
          return List.of();
        }
      };
}
