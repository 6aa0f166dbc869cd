package io.statelessmcp.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.statelessmcp.application.failure.StorageUnavailable;
import io.statelessmcp.application.port.in.Authorize;
import io.statelessmcp.domain.OAuthSecret;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;

/**
 * {@code /authorize} and the consent form as a browser sees them. The use case is a stand-in that
 * records what reached it and answers with the outcome a test sets; what it decides is the
 * application's business.
 */
class AuthorizeRoutesTest {

  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  private static final String ISSUER = "https://mcp.example.com";
  private static final String BROWSER = OAuthSecret.BROWSER.issue();
  private static final String BROWSER_COOKIE = "__Host-mcp_browser";
  private static final String LOGIN_STATE_COOKIE = "__Host-mcp_login_state";
  private static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

  private final List<Authorize.Command> commands = new ArrayList<>();
  private final List<Authorize.Decision> decisions = new ArrayList<>();
  private Mono<Authorize.Outcome> answer =
      Mono.just(new Authorize.ReturnToClient(URI.create("http://localhost:6274/cb?error=x")));

  private final Authorize authorize =
      new Authorize() {
        @Override
        public Mono<Outcome> authorize(Command command) {
          commands.add(command);
          return answer;
        }

        @Override
        public Mono<Outcome> decide(Decision decision) {
          decisions.add(decision);
          return answer;
        }
      };

  private final WebTestClient client =
      WebTestClient.bindToRouterFunction(
              new AuthorizeRoutes(
                      authorize,
                      new FailureResponses(FailureResponsesTest.SETTINGS),
                      FailureResponsesTest.SETTINGS,
                      Clock.fixed(NOW, ZoneOffset.UTC))
                  .routes())
          .build();

  private EntityExchangeResult<String> get(String query) {
    return client
        .get()
        .uri(URI.create(ISSUER + "/authorize?" + query))
        .cookie(BROWSER_COOKIE, BROWSER)
        .exchange()
        .expectBody(String.class)
        .returnResult();
  }

  private EntityExchangeResult<String> post(String form, String origin) {
    WebTestClient.RequestBodySpec request =
        client
            .post()
            .uri(ISSUER + "/authorize/consent")
            .cookie(BROWSER_COOKIE, BROWSER)
            .cookie(LOGIN_STATE_COOKIE, "binding-1")
            .contentType(MediaType.APPLICATION_FORM_URLENCODED);
    if (origin != null) {
      request.header(HttpHeaders.ORIGIN, origin);
    }
    return request.bodyValue(form).exchange().expectBody(String.class).returnResult();
  }

  /** Never cached, never framed, no referrer (the consent page: none to other origins). */
  private static void assertLockedDown(EntityExchangeResult<?> result, String referrerPolicy) {
    HttpHeaders headers = result.getResponseHeaders();
    assertThat(headers.getCacheControl()).isEqualTo("no-store");
    assertThat(headers.getFirst("X-Frame-Options")).isEqualTo("DENY");
    assertThat(headers.getFirst("Content-Security-Policy"))
        .contains("frame-ancestors 'none'")
        .contains("default-src 'none'")
        .doesNotContain("form-action");
    assertThat(headers.getFirst("Referrer-Policy")).isEqualTo(referrerPolicy);
  }

  @Test
  void theRequestReachesTheUseCaseAsSentWithThisBrowserAndTheCallback() {
    get(
        "response_type=code&client_id=dcr_AAAA&redirect_uri=http%3A%2F%2Flocalhost%3A6274%2Fcb"
            + "&code_challenge="
            + CHALLENGE
            + "&code_challenge_method=S256&state=a+b%26c&scope=&unknown=1&unknown=2"
            + "&resource=https%3A%2F%2Fmcp.example.com%2Fmcp");

    assertThat(commands).hasSize(1);
    Authorize.Command command = commands.get(0);
    assertThat(command.responseType()).isEqualTo("code");
    assertThat(command.clientId()).isEqualTo("dcr_AAAA");
    assertThat(command.redirectUri()).isEqualTo("http://localhost:6274/cb");
    assertThat(command.codeChallenge()).isEqualTo(CHALLENGE);
    assertThat(command.codeChallengeMethod()).isEqualTo("S256");
    assertThat(command.state()).isEqualTo("a b&c");
    assertThat(command.scope()).as("an empty value is as if omitted").isNull();
    assertThat(command.resource()).isEqualTo("https://mcp.example.com/mcp");
    assertThat(command.repeated()).as("unknown parameters are ignored").isEmpty();
    assertThat(command.browser()).isEqualTo(BROWSER);
    assertThat(command.callbackUrl()).hasToString(ISSUER + "/auth/complete");
  }

  @Test
  void aRepeatedParameterIsNamedAndNotGivenAValue() {
    get(
        "client_id=dcr_A&client_id=dcr_B&redirect_uri=https%3A%2F%2Fa.example%2Fcb&state=1&state=2");

    Authorize.Command command = commands.get(0);
    assertThat(command.repeated()).containsExactly("client_id", "state");
    assertThat(command.clientId()).isNull();
    assertThat(command.state()).isNull();
    assertThat(command.redirectUri()).isEqualTo("https://a.example/cb");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "not-a-browser-value"})
  void aBrowserWithoutAConsentCookieGetsOneThatTheUseCaseSees(String present) {
    WebTestClient.RequestHeadersSpec<?> request =
        client.get().uri(URI.create(ISSUER + "/authorize?client_id=dcr_A"));
    if (!present.isEmpty()) {
      request.cookie(BROWSER_COOKIE, present);
    }
    EntityExchangeResult<String> result =
        request.exchange().expectBody(String.class).returnResult();

    ResponseCookie cookie = result.getResponseCookies().getFirst(BROWSER_COOKIE);
    assertThat(cookie).isNotNull();
    assertThat(OAuthSecret.BROWSER.isWellFormed(cookie.getValue())).isTrue();
    assertThat(cookie.isHttpOnly()).isTrue();
    assertThat(cookie.isSecure()).isTrue();
    assertThat(cookie.getSameSite()).isEqualTo("Lax");
    assertThat(cookie.getPath()).isEqualTo("/");
    assertThat(cookie.getMaxAge()).isEqualTo(Cookies.BROWSER_LIFETIME);
    assertThat(commands.get(0).browser()).isEqualTo(cookie.getValue());
  }

  @Test
  void aBrowserWithAConsentCookieKeepsIt() {
    EntityExchangeResult<String> result = get("client_id=dcr_A");

    assertThat(result.getResponseCookies().getFirst(BROWSER_COOKIE)).isNull();
    assertThat(commands.get(0).browser()).isEqualTo(BROWSER);
  }

  @Test
  void anErrorThatCannotGoBackToTheClientIsAnEscapedPage() {
    answer =
        Mono.just(
            new Authorize.ShowError("invalid_request", "redirect_uri <b>is</b> not registered"));

    EntityExchangeResult<String> result = get("client_id=dcr_A");

    assertThat(result.getStatus()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(result.getResponseHeaders().getContentType().isCompatibleWith(MediaType.TEXT_HTML))
        .isTrue();
    assertThat(result.getResponseBody())
        .contains("invalid_request")
        .contains("redirect_uri &lt;b&gt;is&lt;/b&gt; not registered")
        .doesNotContain("<b>");
    assertLockedDown(result, "no-referrer");
  }

  @Test
  void aProgramThatAcceptsOnlyJsonGetsTheErrorAsJson() {
    answer = Mono.just(new Authorize.ShowError("invalid_request", "client_id is missing"));

    EntityExchangeResult<String> result =
        client
            .get()
            .uri(URI.create(ISSUER + "/authorize"))
            .accept(MediaType.APPLICATION_JSON)
            .exchange()
            .expectBody(String.class)
            .returnResult();

    assertThat(result.getStatus()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(result.getResponseBody())
        .isEqualTo(
            "{\"error\":\"invalid_request\",\"error_description\":\"client_id is missing\"}");
    assertLockedDown(result, "no-referrer");
  }

  @Test
  void anErrorForTheClientIsARedirectToIt() {
    URI back = URI.create("http://localhost:6274/cb?error=invalid_scope&state=s&iss=" + ISSUER);
    answer = Mono.just(new Authorize.ReturnToClient(back));

    EntityExchangeResult<String> result = get("client_id=dcr_A");

    assertThat(result.getStatus()).isEqualTo(HttpStatus.FOUND);
    assertThat(result.getResponseHeaders().getLocation()).isEqualTo(back);
    assertLockedDown(result, "no-referrer");
  }

  @Test
  void theConsentPageEscapesWhatTheClientSaysAndShowsWhereTheUserIsSent() {
    answer =
        Mono.just(
            new Authorize.AskConsent(
                "<script>alert(1)</script>\" onload=\"x",
                "javascript:alert('uri')",
                "localhost:6274",
                "pending\"><b>",
                "binding-1",
                NOW.plusSeconds(600)));

    EntityExchangeResult<String> result = get("client_id=dcr_A");

    assertThat(result.getStatus()).isEqualTo(HttpStatus.OK);
    String page = result.getResponseBody();
    assertThat(page)
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot; onload=&quot;x")
        .doesNotContain("<script>")
        .doesNotContain("\" onload=")
        .contains("javascript:alert(&#39;uri&#39;)")
        .doesNotContain("href=")
        .contains("You will be sent back to <strong>localhost:6274</strong>")
        .contains("<form method=\"post\" action=\"/authorize/consent\">")
        .contains("<input type=\"hidden\" name=\"pending\" value=\"pending&quot;&gt;&lt;b&gt;\">")
        .contains("name=\"decision\" value=\"approve\"")
        .contains("name=\"decision\" value=\"deny\"");
    ResponseCookie loginState = result.getResponseCookies().getFirst(LOGIN_STATE_COOKIE);
    assertThat(loginState.getValue()).isEqualTo("binding-1");
    assertThat(loginState.getMaxAge()).hasSeconds(600);
    assertThat(loginState.isHttpOnly()).isTrue();
    // under no-referrer the consent POST would carry Origin: null and be refused
    assertLockedDown(result, "same-origin");
  }

  @Test
  void aClientWithoutANameIsCalledUnnamed() {
    answer =
        Mono.just(
            new Authorize.AskConsent(
                null, null, "app.example", "p", "binding-1", NOW.plusSeconds(600)));

    String page = get("client_id=dcr_A").getResponseBody();

    assertThat(page).contains("<strong>unnamed client</strong>").doesNotContain("home:");
  }

  @Test
  void signingInIsARedirectToTheIdentityProviderWithTheLoginStateCookie() {
    URI upstream = URI.create("https://auth.example.com/oauth2/authorize?state=abc");
    answer = Mono.just(new Authorize.SignIn(upstream, "binding-2", NOW.plusSeconds(600)));

    EntityExchangeResult<String> result = get("client_id=dcr_A");

    assertThat(result.getStatus()).isEqualTo(HttpStatus.FOUND);
    assertThat(result.getResponseHeaders().getLocation()).isEqualTo(upstream);
    assertThat(result.getResponseCookies().getFirst(LOGIN_STATE_COOKIE).getValue())
        .isEqualTo("binding-2");
    assertLockedDown(result, "no-referrer");
  }

  @Test
  void anOversizedRequestIsAPageAndNeverReachesTheUseCase() {
    EntityExchangeResult<String> large = get("state=" + "x".repeat(8 * 1024));

    assertThat(large.getStatus()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(large.getResponseBody())
        .contains("the authorization request is longer than 8192 bytes");
    assertLockedDown(large, "no-referrer");
    assertThat(commands).isEmpty();
  }

  @Test
  void anUnavailableStoreIsAPageWithItsStatus() {
    answer = Mono.error(new StorageUnavailable("the session store is unavailable"));

    EntityExchangeResult<String> result = get("client_id=dcr_A");

    assertThat(result.getStatus()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    assertThat(result.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
    assertThat(result.getResponseBody()).contains("storage_unavailable");
    assertLockedDown(result, "no-referrer");
  }

  @Test
  void anApprovalReachesTheUseCaseWithItsCookiesAndIsAnsweredWith303() {
    URI upstream = URI.create("https://auth.example.com/oauth2/authorize?state=abc");
    answer = Mono.just(new Authorize.SignIn(upstream, "binding-3", NOW.plusSeconds(600)));

    EntityExchangeResult<String> result = post("pending=p-1&decision=approve", ISSUER);

    assertThat(decisions).hasSize(1);
    Authorize.Decision decision = decisions.get(0);
    assertThat(decision.pending()).isEqualTo("p-1");
    assertThat(decision.approved()).isTrue();
    assertThat(decision.browserBinding()).isEqualTo("binding-1");
    assertThat(decision.browser()).isEqualTo(BROWSER);
    assertThat(decision.callbackUrl()).hasToString(ISSUER + "/auth/complete");
    assertThat(result.getStatus()).isEqualTo(HttpStatus.SEE_OTHER);
    assertThat(result.getResponseHeaders().getLocation()).isEqualTo(upstream);
    assertThat(result.getResponseCookies().getFirst(LOGIN_STATE_COOKIE).getValue())
        .isEqualTo("binding-3");
    assertLockedDown(result, "no-referrer");
  }

  @Test
  void aDenialGoesBackToTheClient() {
    URI back = URI.create("http://localhost:6274/cb?error=access_denied");
    answer = Mono.just(new Authorize.ReturnToClient(back));

    EntityExchangeResult<String> result = post("decision=deny&pending=p-1", null);

    assertThat(decisions.get(0).approved()).isFalse();
    assertThat(result.getStatus()).isEqualTo(HttpStatus.SEE_OTHER);
    assertThat(result.getResponseHeaders().getLocation()).isEqualTo(back);
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://evil.example", "null", "https://mcp.example.com:8443"})
  void aConsentFromAnotherOriginIsRefusedUnread(String origin) {
    EntityExchangeResult<String> result = post("pending=p-1&decision=approve", origin);

    assertThat(result.getStatus()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(result.getResponseBody())
        .contains("the consent form was not sent from this server&#39;s page");
    assertLockedDown(result, "no-referrer");
    assertThat(decisions).isEmpty();
  }

  @Test
  void aConsentTheBrowserMarksCrossSiteIsRefused() {
    EntityExchangeResult<String> result =
        client
            .post()
            .uri(ISSUER + "/authorize/consent")
            .header("Sec-Fetch-Site", "cross-site")
            .contentType(MediaType.APPLICATION_FORM_URLENCODED)
            .bodyValue("pending=p-1&decision=approve")
            .exchange()
            .expectBody(String.class)
            .returnResult();

    assertThat(result.getStatus()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(decisions).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "decision=approve|the consent form names no pending authorization",
        "pending=p-1&decision=maybe|the consent form carries neither approve nor deny",
        "pending=p-1|the consent form carries neither approve nor deny",
        "pending=p-1&pending=p-2&decision=approve|the consent form repeats a field",
        "pending=p-1&decision=approve&decision=deny|the consent form repeats a field",
        "pending=%zz&decision=approve|the consent form is not valid form encoding",
      })
  void anUnreadableConsentIsAPageAndNeverReachesTheUseCase(String form, String description) {
    EntityExchangeResult<String> result = post(form, ISSUER);

    assertThat(result.getStatus()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(result.getResponseBody()).contains(description);
    assertThat(decisions).isEmpty();
  }

  @Test
  void aConsentNotSentAsAFormOrTooLargeIsRefusedUnread() {
    EntityExchangeResult<String> json =
        client
            .post()
            .uri(ISSUER + "/authorize/consent")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue("{\"pending\":\"p-1\",\"decision\":\"approve\"}")
            .exchange()
            .expectBody(String.class)
            .returnResult();
    EntityExchangeResult<String> large =
        post("decision=approve&pending=" + "p".repeat(8 * 1024), ISSUER);

    assertThat(json.getStatus()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(json.getResponseBody())
        .contains("the consent form must be sent as application/x-www-form-urlencoded");
    assertThat(large.getStatus()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(large.getResponseBody()).contains("the consent form is larger than 8192 bytes");
    assertThat(decisions).isEmpty();
  }

  @Test
  void authorizationsShareTheLoginRateLimit() {
    PlainErrorsTest.assertRateLimited(
        "too many login requests from this address; retry later",
        MockServerHttpRequest.get("/auth/login").build(),
        MockServerHttpRequest.get("/authorize").build());
  }
}
