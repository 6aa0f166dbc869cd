package io.statelessmcp.bootstrap.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import io.statelessmcp.adapter.in.http.DevelopmentSignInRoutes;
import io.statelessmcp.adapter.in.http.FailureResponses;
import io.statelessmcp.adapter.in.http.HttpSettings;
import io.statelessmcp.adapter.out.workos.DevelopmentIdentityProvider;
import io.statelessmcp.application.port.out.IdentityProvider.Authenticated;
import io.statelessmcp.application.service.DevelopmentSignInService;
import io.statelessmcp.bootstrap.e2e.WebForms;
import io.statelessmcp.domain.ClientMetadata;
import io.statelessmcp.domain.LoginState;
import io.statelessmcp.domain.testing.MutableClock;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The development sign-in page as a browser meets it, with the real parts behind it: the route, the
 * use case and the provider that issues and redeems the codes. Every answer, refusals included,
 * carries the banner.
 */
class DevelopmentSignInPageTest {

  private static final URI BASE = URI.create("http://localhost:8080");
  private static final URI CALLBACK = BASE.resolve("/auth/complete");
  private static final String PAGE = DevelopmentSignInRoutes.SIGN_IN;
  private static final String COOKIE = "mcp_login_state"; // plain-http localhost: no __Host-

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
  private final byte[] key = new byte[32];
  private final DevelopmentIdentityProvider provider =
      new DevelopmentIdentityProvider(key, BASE.resolve(PAGE), clock);
  private final HttpSettings settings =
      new HttpSettings(BASE, BASE.resolve("/mcp"), null, List.of(), Duration.ofHours(1), 4096, 30);
  private final WebTestClient browser =
      WebTestClient.bindToRouterFunction(
              new DevelopmentSignInRoutes(
                      new DevelopmentSignInService(provider),
                      new FailureResponses(settings),
                      settings)
                  .routes())
          .build();

  // one pending login, as /auth/login starts it
  private final LoginState.Started login = LoginState.start(null, null, clock.instant());
  private final String state = login.state();
  private final String verifier = login.stored().codeVerifier();
  private final String binding = login.stored().stateHash();

  private Map<String, String> link() {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("state", state);
    query.put("code_challenge", login.stored().codeChallenge());
    query.put("redirect_uri", CALLBACK.toString());
    return query;
  }

  private EntityExchangeResult<String> open(Map<String, String> query) {
    URI linkUri = provider.authorizationUrl(state, login.stored().codeChallenge(), CALLBACK);
    assertThat(linkUri.getPath()).isEqualTo(PAGE);
    return browser
        .get()
        .uri(URI.create(BASE + PAGE + "?" + WebForms.form(query))) // as sent: no template encoding
        .cookie(COOKIE, binding)
        .header(HttpHeaders.ACCEPT, MediaType.TEXT_HTML_VALUE)
        .exchange()
        .expectBody(String.class)
        .returnResult();
  }

  private EntityExchangeResult<String> post(
      Map<String, String> fields, Map<String, String> headers, String cookie) {
    WebTestClient.RequestBodySpec request =
        browser.post().uri(PAGE).contentType(MediaType.APPLICATION_FORM_URLENCODED);
    headers.forEach(request::header);
    if (cookie != null) {
      request.cookie(COOKIE, cookie);
    }
    return request
        .bodyValue(WebForms.form(fields))
        .exchange()
        .expectBody(String.class)
        .returnResult();
  }

  private Map<String, String> signInAs(String email, String name) {
    Map<String, String> fields = link();
    fields.put("email", email);
    fields.put("name", name);
    return fields;
  }

  private static void assertBannerAndLockedDown(EntityExchangeResult<String> page) {
    assertThat(page.getResponseHeaders().getContentType()).isEqualTo(MediaType.TEXT_HTML);
    assertThat(page.getResponseBody())
        .contains("class=\"dev-banner\"")
        .contains("Development sign-in.")
        .contains("Never use it in production");
    HttpHeaders headers = page.getResponseHeaders();
    assertThat(headers.getCacheControl()).isEqualTo("no-store");
    assertThat(headers.getFirst("X-Frame-Options")).isEqualTo("DENY");
    assertThat(headers.getFirst("Content-Security-Policy")).contains("frame-ancestors 'none'");
  }

  @Test
  void thePageOffersExampleUsersAndAFormCarryingTheLoginUnderTheBanner() {
    EntityExchangeResult<String> page = open(link());

    assertThat(page.getStatus()).isEqualTo(HttpStatus.OK);
    assertBannerAndLockedDown(page);
    assertThat(page.getResponseHeaders().getFirst("Referrer-Policy"))
        .as("so that the form's POST shows its origin")
        .isEqualTo("same-origin");
    assertThat(page.getResponseBody())
        .contains("Ada Lovelace &lt;ada@example.com&gt;")
        .contains("<form method=\"post\" action=\"/auth/dev/sign-in\">")
        .contains("<input type=\"hidden\" name=\"state\" value=\"" + state + "\">")
        .contains("name=\"email\" required");
  }

  @Test
  void thePageOpenedByHandStartsALoginFirst() {
    EntityExchangeResult<String> answer =
        browser.get().uri(PAGE).exchange().expectBody(String.class).returnResult();

    assertThat(answer.getStatus()).isEqualTo(HttpStatus.FOUND);
    assertThat(answer.getResponseHeaders().getLocation()).hasToString("/auth/login");
  }

  @Test
  void aPickedUserIsSentToTheCallbackWithACodeThatOnlyThisLoginsVerifierRedeems() {
    EntityExchangeResult<String> answer =
        post(
            signInAs("ada@example.com", "Ada Lovelace"),
            Map.of(HttpHeaders.ORIGIN, "http://localhost:8080", "Sec-Fetch-Site", "same-origin"),
            binding);

    assertThat(answer.getStatus()).isEqualTo(HttpStatus.SEE_OTHER);
    URI callback = answer.getResponseHeaders().getLocation();
    assertThat(callback.toString()).startsWith(CALLBACK + "?code=devcode_");
    Map<String, String> query =
        Arrays.stream(callback.getRawQuery().split("&"))
            .map(pair -> pair.split("=", 2))
            .collect(
                Collectors.toMap(
                    pair -> pair[0],
                    pair -> java.net.URLDecoder.decode(pair[1], StandardCharsets.UTF_8)));
    assertThat(query).containsEntry("state", state);
    Authenticated signedIn =
        provider
            .exchangeCode(query.get("code"), verifier, new ClientMetadata("JUnit", "127.0.0.1"))
            .block();
    assertThat(signedIn.profile().email()).isEqualTo("ada@example.com");
    assertThat(signedIn.profile().displayName()).isEqualTo("Ada Lovelace");
    assertThat(signedIn.providerUserId())
        .isEqualTo(DevelopmentIdentityProvider.userIdOf("ADA@example.com"));
  }

  @Test
  void aBadEmailShowsTheFormAgainWith400AndWhatWasTypedEscaped() {
    EntityExchangeResult<String> page =
        post(
            signInAs("<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>"),
            Map.of(),
            binding);

    assertThat(page.getStatus()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertBannerAndLockedDown(page);
    assertThat(page.getResponseBody())
        .contains("class=\"problem\"")
        .contains("email address")
        .contains("value=\"&lt;script&gt;alert(1)&lt;/script&gt;\"")
        .contains("value=\"&quot;&gt;&lt;img src=x onerror=alert(1)&gt;\"")
        .doesNotContain("<script>")
        .doesNotContain("<img");
  }

  @Test
  void aFormPostedFromAnotherSiteIsRefused() {
    for (Map<String, String> foreign :
        List.of(
            Map.of(HttpHeaders.ORIGIN, "https://evil.example"),
            Map.of("Sec-Fetch-Site", "cross-site"),
            Map.of(HttpHeaders.ORIGIN, "null", "Sec-Fetch-Site", "same-site"))) {
      EntityExchangeResult<String> page =
          post(signInAs("ada@example.com", "Ada"), foreign, binding);

      assertThat(page.getStatus()).as(foreign.toString()).isEqualTo(HttpStatus.FORBIDDEN);
      assertBannerAndLockedDown(page);
      assertThat(page.getResponseHeaders().getLocation()).isNull();
      assertThat(page.getResponseBody()).contains("not sent from this server");
    }
  }

  @Test
  void aFormWithoutThisLoginsCookieIsRefused() {
    for (String cookie : new String[] {null, LoginState.hash("another state")}) {
      EntityExchangeResult<String> page =
          post(signInAs("ada@example.com", "Ada"), Map.of(), cookie);

      assertThat(page.getStatus()).isEqualTo(HttpStatus.BAD_REQUEST);
      assertBannerAndLockedDown(page);
      assertThat(page.getResponseBody()).contains("started in another browser");
      assertThat(page.getResponseHeaders().getLocation()).isNull();
    }
  }

  @Test
  void aLinkThatSendsTheCodeElsewhereIsRefused() {
    Map<String, String> elsewhere = link();
    elsewhere.put("redirect_uri", "https://evil.example/callback");

    EntityExchangeResult<String> page = open(elsewhere);
    EntityExchangeResult<String> posted =
        post(
            Map.of(
                "state",
                state,
                "code_challenge",
                login.stored().codeChallenge(),
                "redirect_uri",
                "https://evil.example/callback",
                "email",
                "ada@example.com"),
            Map.of(),
            binding);

    for (EntityExchangeResult<String> refused : List.of(page, posted)) {
      assertThat(refused.getStatus()).isEqualTo(HttpStatus.BAD_REQUEST);
      assertBannerAndLockedDown(refused);
      assertThat(refused.getResponseBody())
          .contains("redirect_uri must be this server&#39;s callback")
          .doesNotContain("evil.example");
    }
  }

  @Test
  void aRepeatedFieldIsRefused() {
    EntityExchangeResult<String> page = post(signInAs("ada@example.com", "Ada"), Map.of(), binding);
    assertThat(page.getStatus()).isEqualTo(HttpStatus.SEE_OTHER);

    EntityExchangeResult<String> twice =
        browser
            .post()
            .uri(PAGE)
            .contentType(MediaType.APPLICATION_FORM_URLENCODED)
            .cookie(COOKIE, binding)
            .bodyValue(
                WebForms.form(signInAs("ada@example.com", "Ada")) + "&email=eve%40example.com")
            .exchange()
            .expectBody(String.class)
            .returnResult();
    assertThat(twice.getStatus()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertBannerAndLockedDown(twice);
    assertThat(twice.getResponseBody()).contains("repeats a field");
  }
}
