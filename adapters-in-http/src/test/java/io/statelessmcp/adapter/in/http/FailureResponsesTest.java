package io.statelessmcp.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.statelessmcp.application.failure.ClientRejected;
import io.statelessmcp.application.failure.InvalidRequest;
import io.statelessmcp.application.failure.LoginRejected;
import io.statelessmcp.application.failure.ProviderNotConfigured;
import io.statelessmcp.application.failure.ProviderUnavailable;
import io.statelessmcp.application.failure.ServiceFailure;
import io.statelessmcp.application.failure.SessionRejected;
import io.statelessmcp.application.failure.StorageUnavailable;
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

  static final ProviderNotConfigured NOT_CONFIGURED =
      new ProviderNotConfigured(
          List.of("WORKOS_CLIENT_ID", "WORKOS_API_KEY"),
          "Without SUPABASE_DB_URL the embedded database offers a development sign-in.");

  private final FailureResponses failures = new FailureResponses(SETTINGS);

  /** Grouped by the answer they share. */
  static Stream<Arguments> everyFailure() {
    return Stream.of(
            answers(401, "missing_credential", session(SessionRejected.Reason.MISSING)),
            answers(
                401,
                "invalid_session",
                session(SessionRejected.Reason.MALFORMED),
                session(SessionRejected.Reason.UNKNOWN),
                session(SessionRejected.Reason.INVALID),
                session(SessionRejected.Reason.UPSTREAM_EXPIRED)),
            answers(401, "session_expired", session(SessionRejected.Reason.EXPIRED)),
            answers(401, "session_revoked", session(SessionRejected.Reason.REVOKED)),
            answers(401, "invalid_token", new TokenRejected("the \"aud\" claim is wrong")),
            answers(400, "missing_code", login(LoginRejected.Reason.MISSING_CODE)),
            answers(
                400,
                "invalid_state",
                login(LoginRejected.Reason.UNKNOWN_STATE),
                login(LoginRejected.Reason.EXPIRED_STATE),
                login(LoginRejected.Reason.STATE_MISMATCH)),
            answers(400, "invalid_grant", login(LoginRejected.Reason.INVALID_GRANT)),
            answers(
                502,
                "identity_provider_misconfigured",
                login(LoginRejected.Reason.CLIENT_REJECTED)),
            answers(503, "identity_provider_unavailable", new ProviderUnavailable("circuit open")),
            answers(503, "identity_provider_not_configured", NOT_CONFIGURED),
            answers(503, "storage_unavailable", new StorageUnavailable("no answer within 2 s")),
            answers(400, "invalid_request", new InvalidRequest("return_to is not allowed")),
            answers(
                400, "invalid_redirect_uri", client(ClientRejected.Reason.INVALID_REDIRECT_URI)),
            answers(
                400,
                "invalid_client_metadata",
                client(ClientRejected.Reason.INVALID_CLIENT_METADATA)),
            answers(400, "invalid_client", client(ClientRejected.Reason.UNKNOWN_CLIENT)))
        .flatMap(rows -> rows);
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

  @ParameterizedTest
  @EnumSource(ClientRejected.Reason.class)
  void clientRefusalsAreNeverCached(ClientRejected.Reason reason) {
    MockServerHttpResponse response = new MockServerHttpResponse();

    failures.write(response, client(reason)).block();

    assertThat(response.getHeaders().getFirst(HttpHeaders.CACHE_CONTROL)).isEqualTo("no-store");
    assertThat(response.getHeaders().getFirst(HttpHeaders.PRAGMA)).isEqualTo("no-cache");
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
    assertJsonError(
        response, HttpStatus.valueOf(status), error, failure.getMessage().replace("\"", "\\\""));
    String challenge = response.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE);
    if (status == 401) {
      assertThat(challenge).endsWith("resource_metadata=\"" + METADATA + "\"");
    } else {
      assertThat(challenge).isNull();
    }
    // an outage asks to retry; a setup problem does not, since waiting will not fix it
    boolean outage = status == 503 && !(failure instanceof ProviderNotConfigured);
    assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER))
        .isEqualTo(outage ? "5" : null);
  }

  /**
   * The status, content type and exact body of an HTTP error; the description as JSON escapes it.
   */
  static void assertJsonError(
      MockServerHttpResponse response, HttpStatus status, String error, String description) {
    assertThat(response.getStatusCode()).isEqualTo(status);
    assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
    assertThat(response.getBodyAsString().block())
        .isEqualTo("{\"error\":\"" + error + "\",\"error_description\":\"" + description + "\"}");
  }

  private static Stream<Arguments> answers(int status, String error, ServiceFailure... failures) {
    return Stream.of(failures).map(failure -> Arguments.of(failure, status, error));
  }

  private static SessionRejected session(SessionRejected.Reason reason) {
    return new SessionRejected(reason);
  }

  private static ClientRejected client(ClientRejected.Reason reason) {
    return new ClientRejected(reason, "client refused: " + reason);
  }

  private static LoginRejected login(LoginRejected.Reason reason) {
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
