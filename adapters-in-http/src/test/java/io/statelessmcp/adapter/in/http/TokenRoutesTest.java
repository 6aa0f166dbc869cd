package io.statelessmcp.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.statelessmcp.application.failure.GrantRefused;
import io.statelessmcp.application.port.in.IssueTokens;
import io.statelessmcp.application.port.in.RevokeToken;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;

/**
 * {@code /token} and {@code /revoke} as a client sees them: the RFC 6749 answer and every refusal
 * of a request this side cannot read, which never reaches the use case (a recording stand-in here).
 */
class TokenRoutesTest {

  private final List<Object> received = new ArrayList<>();
  private Mono<IssueTokens.Tokens> answer =
      Mono.just(
          new IssueTokens.Tokens("mcp_at_access", Duration.ofHours(1), "mcp_rt_refresh", "mcp"));

  private final IssueTokens issueTokens =
      new IssueTokens() {
        @Override
        public Mono<Tokens> exchange(CodeExchange request) {
          received.add(request);
          return answer;
        }

        @Override
        public Mono<Tokens> refresh(Refresh request) {
          received.add(request);
          return answer;
        }
      };
  private final RevokeToken revokeToken =
      (token, clientId) -> {
        received.add(List.of(token, clientId));
        return Mono.empty();
      };

  private final WebTestClient client =
      WebTestClient.bindToRouterFunction(
              new TokenRoutes(
                      issueTokens, revokeToken, new FailureResponses(FailureResponsesTest.SETTINGS))
                  .routes())
          .build();

  private EntityExchangeResult<String> post(String path, MediaType type, String body) {
    return client
        .post()
        .uri(path)
        .contentType(type)
        .bodyValue(body)
        .exchange()
        .expectBody(String.class)
        .returnResult();
  }

  private EntityExchangeResult<String> token(String form) {
    return post("/token", MediaType.APPLICATION_FORM_URLENCODED, form);
  }

  private static void assertNeverCached(EntityExchangeResult<?> result) {
    assertThat(result.getResponseHeaders().getCacheControl()).isEqualTo("no-store");
    assertThat(result.getResponseHeaders().getPragma()).isEqualTo("no-cache");
  }

  private static void assertRefused(
      EntityExchangeResult<String> result, HttpStatus status, String error, String description) {
    assertThat(result.getStatus()).isEqualTo(status);
    assertThat(result.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
    assertThat(result.getResponseBody())
        .isEqualTo("{\"error\":\"" + error + "\",\"error_description\":\"" + description + "\"}");
    assertNeverCached(result);
  }

  @Test
  void aCodeIsExchangedForTheRfc6749Answer() {
    EntityExchangeResult<String> result =
        token(
            "grant_type=authorization_code&code=mcp_code_c&client_id=dcr_A"
                + "&redirect_uri=http%3A%2F%2Flocalhost%3A6274%2Fcb&code_verifier=v-1"
                + "&resource=https%3A%2F%2Fmcp.example.com%2Fmcp");

    assertThat(result.getStatus()).isEqualTo(HttpStatus.OK);
    assertThat(result.getResponseBody())
        .isEqualTo(
            "{\"access_token\":\"mcp_at_access\",\"token_type\":\"Bearer\",\"expires_in\":3600,"
                + "\"refresh_token\":\"mcp_rt_refresh\",\"scope\":\"mcp\"}");
    assertThat(
            result
                .getResponseHeaders()
                .getContentType()
                .isCompatibleWith(MediaType.APPLICATION_JSON))
        .isTrue();
    assertNeverCached(result);
    assertThat(received)
        .containsExactly(
            new IssueTokens.CodeExchange(
                "dcr_A",
                "mcp_code_c",
                "http://localhost:6274/cb",
                "v-1",
                "https://mcp.example.com/mcp"));
  }

  @Test
  void aRefreshWithoutNewRefreshTokenOrScopeLeavesThemOut() {
    answer = Mono.just(new IssueTokens.Tokens("mcp_at_2", Duration.ofMinutes(5), null, null));

    EntityExchangeResult<String> result =
        token("grant_type=refresh_token&refresh_token=mcp_rt_1&client_id=dcr_A&scope=mcp");

    assertThat(result.getResponseBody())
        .isEqualTo("{\"access_token\":\"mcp_at_2\",\"token_type\":\"Bearer\",\"expires_in\":300}");
    assertThat(received).containsExactly(new IssueTokens.Refresh("dcr_A", "mcp_rt_1", "mcp", null));
  }

  @Test
  void theClientMayNameItselfAsTheBasicUser() {
    String basic =
        Base64.getEncoder()
            .encodeToString(
                "https%3A%2F%2Fapp.example%2Fclient.json:".getBytes(StandardCharsets.UTF_8));

    client
        .post()
        .uri("/token")
        .header(HttpHeaders.AUTHORIZATION, "Basic " + basic)
        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
        .bodyValue("grant_type=refresh_token&refresh_token=mcp_rt_1")
        .exchange()
        .expectStatus()
        .isOk();

    assertThat(received)
        .containsExactly(
            new IssueTokens.Refresh("https://app.example/client.json", "mcp_rt_1", null, null));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "grant_type=refresh_token&refresh_token=a&refresh_token=b&client_id=c"
            + "|invalid_request|refresh_token appears more than once",
        "grant_type=authorization_code&grant_type=refresh_token&client_id=c"
            + "|invalid_request|grant_type appears more than once",
        "code=x&client_id=c|invalid_request|grant_type is missing",
        "grant_type=&code=x&client_id=c|invalid_request|grant_type is missing",
        "grant_type=client_credentials&client_id=c|unsupported_grant_type"
            + "|this server issues tokens for the authorization_code and refresh_token grants only",
        "grant_type=password&username=u&password=p&client_id=c|unsupported_grant_type"
            + "|this server issues tokens for the authorization_code and refresh_token grants only",
        "grant_type=authorization_code&code=x|invalid_request|client_id is missing",
        "grant_type=authorization_code&code=%zz&client_id=c"
            + "|invalid_request|the token request is not valid form encoding",
        "grant_type=authorization_code&code=x&client_id=c&resource=https%3A%2F%2Fa&resource=b"
            + "|invalid_target|a token is issued for one resource, this server's MCP endpoint",
      })
  void anUnreadableTokenRequestIsAnRfc6749ErrorAndNeverReachesTheUseCase(
      String form, String error, String description) {
    assertRefused(token(form), HttpStatus.BAD_REQUEST, error, description);
    assertThat(received).isEmpty();
  }

  @Test
  void aTokenRequestNotSentAsAFormOrTooLargeIsRefusedUnread() {
    EntityExchangeResult<String> json =
        post(
            "/token",
            MediaType.APPLICATION_JSON,
            "{\"grant_type\":\"refresh_token\",\"refresh_token\":\"x\",\"client_id\":\"c\"}");
    EntityExchangeResult<String> large =
        token("grant_type=refresh_token&client_id=c&refresh_token=" + "x".repeat(16 * 1024));

    assertRefused(
        json,
        HttpStatus.BAD_REQUEST,
        "invalid_request",
        "the token request must be sent as application/x-www-form-urlencoded");
    assertRefused(
        large,
        HttpStatus.BAD_REQUEST,
        "invalid_request",
        "the token request is larger than 16384 bytes");
    assertThat(received).isEmpty();
  }

  @Test
  void aBasicUserOtherThanTheClientIdOrNotBasicAtAllIsRefused() {
    String other = Base64.getEncoder().encodeToString("dcr_B:".getBytes(StandardCharsets.UTF_8));
    for (String header : List.of("Basic " + other, "Basic !!not-base64!!", "Basic bm9jb2xvbg==")) {
      EntityExchangeResult<String> result =
          client
              .post()
              .uri("/token")
              .header(HttpHeaders.AUTHORIZATION, header)
              .contentType(MediaType.APPLICATION_FORM_URLENCODED)
              .bodyValue("grant_type=refresh_token&refresh_token=x&client_id=dcr_A")
              .exchange()
              .expectBody(String.class)
              .returnResult();

      assertThat(result.getStatus()).as(header).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(result.getResponseBody()).contains("invalid_request");
    }
    assertThat(received).isEmpty();
  }

  @Test
  void aRefusalOfTheUseCaseIsItsRfc6749Error() {
    answer =
        Mono.error(
            new GrantRefused(GrantRefused.Reason.INVALID_CLIENT, "the client is not registered"));

    EntityExchangeResult<String> result =
        token("grant_type=authorization_code&code=mcp_code_c&client_id=dcr_gone");

    assertRefused(
        result, HttpStatus.UNAUTHORIZED, "invalid_client", "the client is not registered");
  }

  @Test
  void aRevocationIsAnEmpty200() {
    EntityExchangeResult<String> result =
        post(
            "/revoke",
            MediaType.APPLICATION_FORM_URLENCODED,
            "token=mcp_rt_1&token_type_hint=refresh_token&client_id=dcr_A");

    assertThat(result.getStatus()).isEqualTo(HttpStatus.OK);
    assertThat(result.getResponseBody()).isNull();
    assertNeverCached(result);
    assertThat(received).containsExactly(List.of("mcp_rt_1", "dcr_A"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "client_id=dcr_A|token is missing",
        "token=mcp_rt_1|client_id is missing",
        "token=a&token=b&client_id=dcr_A|token appears more than once",
      })
  void anUnreadableRevocationIsRefusedUnread(String form, String description) {
    EntityExchangeResult<String> result =
        post("/revoke", MediaType.APPLICATION_FORM_URLENCODED, form);

    assertRefused(result, HttpStatus.BAD_REQUEST, "invalid_request", description);
    assertThat(received).isEmpty();
  }

  @Test
  void tokensAndRevocationsHaveTheirOwnRateLimit() {
    PlainErrorsTest.assertRateLimited(
        "too many token requests from this address; retry later",
        MockServerHttpRequest.get("/auth/login").build(),
        MockServerHttpRequest.post("/register").build(),
        MockServerHttpRequest.post("/token").build(),
        MockServerHttpRequest.post("/revoke").build());
  }
}
