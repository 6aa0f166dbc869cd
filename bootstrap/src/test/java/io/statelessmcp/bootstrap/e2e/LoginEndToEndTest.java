package io.statelessmcp.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.statelessmcp.adapter.out.workos.fake.FakeSupabaseAuth;
import io.statelessmcp.adapter.out.workos.fake.FakeUser;
import io.statelessmcp.adapter.out.workos.fake.FakeWorkOs;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * The login through WorkOS AuthKit, end to end: two replicas on one PostgreSQL, a fake WorkOS on
 * loopback, real HTTP. Every bad input gets its status and message and leaves no session row.
 */
class LoginEndToEndTest {

  @AutoClose private static final FakeSupabaseAuth supabase = FakeSupabaseAuth.start();

  private final Browser browser = new Browser();

  @RegisterExtension
  static final Deployment deployment =
      Deployment.withReplicas(2)
          .settings(
              Map.of(
                  "SUPABASE_URL",
                  supabase.url().toString(),
                  "MCP_RETURN_TO_ALLOWLIST",
                  "https://app.example.com/*"));

  private final FakeWorkOs workOs = deployment.workOs();
  private final App replicaA = deployment.replica(0);
  private final App replicaB = deployment.replica(1);

  @Test
  void loginRedirectsToAuthKitWithStateAndPkce() {
    Browser.PendingLogin pending = browser.startLogin(replicaA);

    Map<String, String> query = WebForms.query(pending.authorizationUrl());
    assertThat(pending.authorizationUrl().toString())
        .startsWith(workOs.baseUrl() + "/user_management/authorize?");
    assertThat(query)
        .containsEntry("client_id", workOs.clientId())
        .containsEntry("response_type", "code")
        .containsEntry("provider", "authkit")
        .containsEntry("code_challenge_method", "S256")
        .containsEntry("redirect_uri", replicaA.baseUrl() + "/auth/complete")
        .containsKeys("state", "code_challenge");
    assertThat(pending.stateCookie()).startsWith("mcp_login_state=");
    assertThat(SharedPostgres.count("SELECT count(*) FROM mcp_login_states")).isEqualTo(1);
  }

  @Test
  void aLoginStartedOnOneReplicaCompletesOnAnotherAndOpensAnEncryptedSession() {
    String credential = browser.login(replicaA, replicaB, workOs);

    String sessionId = credential.substring(0, credential.indexOf('.'));
    assertThat(
            SharedPostgres.count(
                "SELECT count(*) FROM mcp_sessions WHERE session_id = ?", sessionId))
        .isEqualTo(1);
    assertThat(
            SharedPostgres.count(
                "SELECT count(*) FROM mcp_sessions WHERE user_id = ? AND position(convert_to(?,"
                    + " 'UTF8') in token_ciphertext) = 0",
                FakeUser.ada().id(),
                "eyJ"))
        .as("no JWT access token in plaintext")
        .isEqualTo(1);

    for (App replica : new App[] {replicaA, replicaB}) {
      JsonNode byHeader = Browser.json(sessionWithHeader(replica, credential));
      assertThat(byHeader.get("user_id").asText()).isEqualTo(FakeUser.ada().id());
      assertThat(byHeader.get("email").asText()).isEqualTo(FakeUser.ada().email());
      assertThat(byHeader.get("session_id").asText()).isEqualTo(sessionId);
      HttpResponse<String> byCookie =
          browser.get(replica.baseUrl() + "/auth/session", null, "mcp_session=" + credential, null);
      assertThat(byCookie.statusCode()).isEqualTo(200);
      HttpResponse<String> byBearer =
          browser.get(replica.baseUrl() + "/auth/session", credential, null, null);
      assertThat(byBearer.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aProgramsLoginAnswerNamesTheCredentialAndThePublicIdAsTheRestOfTheServerDoes() {
    Browser.PendingLogin pending = browser.startLogin(replicaA);
    URI callback = workOs.followAuthorize(pending.authorizationUrl());

    JsonNode done =
        Browser.json(
            browser.complete(replicaB, callback, pending.stateCookie(), "application/json"));

    String credential = done.get("credential").asText();
    String sessionId = done.get("session_id").asText();
    assertThat(credential).startsWith(sessionId + ".");
    assertThat(done.get("user_id").asText()).isEqualTo(FakeUser.ada().id());
    assertThat(done.get("expires_at").asText()).isNotBlank();
    JsonNode session = Browser.json(sessionWithHeader(replicaA, credential));
    assertThat(session.get("session_id").asText()).isEqualTo(sessionId);
    assertThat(session.get("expires_at").asText()).isEqualTo(done.get("expires_at").asText());
    HttpResponse<String> withTheOldField = sessionWithHeader(replicaA, sessionId);
    assertThat(withTheOldField.statusCode())
        .as("a client still reading the credential from session_id is refused, not let in")
        .isEqualTo(401);
  }

  @Test
  void aBrowserGetsAnHttpOnlyCookieAndAPageWithTheHeaderValue() {
    Browser.PendingLogin pending = browser.startLogin(replicaA);
    URI callback = workOs.followAuthorize(pending.authorizationUrl());

    HttpResponse<String> page =
        browser.complete(replicaA, callback, pending.stateCookie(), "text/html");

    assertThat(page.statusCode()).isEqualTo(200);
    String setCookie = Browser.setCookieHeader(page, "mcp_session");
    assertThat(setCookie)
        .containsIgnoringCase("HttpOnly")
        .contains("SameSite=Lax")
        .contains("Max-Age=86400");
    String credential = WebForms.cookie(page, "mcp_session").substring("mcp_session=".length());
    assertThat(page.body()).contains("X-MCP-Session-ID: " + credential);
    assertThat(page.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
  }

  @Test
  void aSupabaseTokenLinksTheSessionToTheSupabaseUser() {
    String token = supabase.accessToken().mint();
    Browser.PendingLogin pending = browser.startLogin(replicaA, "", token);
    URI callback = workOs.followAuthorize(pending.authorizationUrl());

    JsonNode done =
        Browser.json(
            browser.complete(replicaB, callback, pending.stateCookie(), "application/json"));

    assertThat(done.get("user_id").asText()).isEqualTo(supabase.userId().toString());
  }

  @Test
  void logoutRevokesTheSessionAndClearsTheCookie() {
    String credential = browser.login(replicaA, replicaA, workOs);

    HttpResponse<String> logout = browser.logout(replicaB, credential);

    assertThat(logout.statusCode()).isEqualTo(200);
    assertThat(Browser.setCookieHeader(logout, "mcp_session")).contains("Max-Age=0");
    HttpResponse<String> after = sessionWithHeader(replicaA, credential);
    assertThat(after.statusCode()).isEqualTo(401);
    assertThat(Browser.json(after).get("error").asText()).isEqualTo("session_revoked");
    assertThat(SharedPostgres.sessionRows()).as("the row stays until the purge").isEqualTo(1);
  }

  @Test
  void badCallbacksAnswerWithTheirStatusAndOpenNoSession() {
    Browser.PendingLogin pending = browser.startLogin(replicaA);
    URI callback = workOs.followAuthorize(pending.authorizationUrl());
    Map<String, String> query = WebForms.query(callback);
    String base = replicaB.baseUrl() + "/auth/complete";

    assertError(
        browser.get(base + "?state=" + query.get("state"), null, pending.stateCookie(), null),
        400,
        "missing_code");
    assertError(
        browser.get(
            base + "?code=" + query.get("code") + "&state=forged",
            null,
            "mcp_login_state=" + sha("forged"),
            null),
        400,
        "invalid_state");
    assertError(
        browser.get(callbackUrl(base, query), null, "mcp_login_state=someone-elses", null),
        400,
        "invalid_state");
    assertError(browser.get(callbackUrl(base, query), null, null, null), 400, "invalid_state");
    assertThat(SharedPostgres.sessionRows()).isZero();

    HttpResponse<String> ok =
        browser.get(callbackUrl(base, query), null, pending.stateCookie(), "application/json");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertError(
        browser.get(callbackUrl(base, query), null, pending.stateCookie(), "application/json"),
        400,
        "invalid_state");
    assertThat(SharedPostgres.sessionRows()).as("the replay opened nothing").isEqualTo(1);
  }

  @Test
  void anExpiredLoginStateIsRefused() {
    Browser.PendingLogin pending = browser.startLogin(replicaA);
    URI callback = workOs.followAuthorize(pending.authorizationUrl());
    SharedPostgres.execute(
        "UPDATE mcp_login_states SET created_at = now() - interval '11 minutes',"
            + " expires_at = now() - interval '1 minute'");

    HttpResponse<String> response =
        browser.complete(replicaB, callback, pending.stateCookie(), null);

    assertError(response, 400, "invalid_state");
    assertThat(Browser.json(response).get("error_description").asText()).contains("10 minutes");
    assertThat(SharedPostgres.sessionRows()).isZero();
  }

  @Test
  void aReturnToOffTheAllowListIs400AndStoresNothing() {
    HttpResponse<String> response =
        browser.get(
            replicaA.baseUrl() + "/auth/login?return_to=https://evil.example.net/",
            null,
            null,
            null);

    assertError(response, 400, "invalid_request");
    assertThat(SharedPostgres.count("SELECT count(*) FROM mcp_login_states")).isZero();
  }

  @Test
  void anAllowedReturnToReceivesTheBrowserWithTheSessionCookie() {
    Browser.PendingLogin pending =
        browser.startLogin(replicaA, "?return_to=https://app.example.com/mcp/done", null);
    URI callback = workOs.followAuthorize(pending.authorizationUrl());

    HttpResponse<String> response =
        browser.complete(replicaB, callback, pending.stateCookie(), "text/html");

    assertThat(response.statusCode()).isEqualTo(302);
    assertThat(response.headers().firstValue("Location"))
        .hasValue("https://app.example.com/mcp/done");
    assertThat(Browser.setCookieHeader(response, "mcp_session")).containsIgnoringCase("HttpOnly");
  }

  @Test
  void forgedOrExpiredSupabaseTokensAre401WithAReason() {
    String forged = supabase.accessToken().signedWithForeignKey().mint();
    String expired = supabase.accessToken().expiresIn(Duration.ofMinutes(-5)).mint();

    HttpResponse<String> badSignature =
        browser.get(replicaA.baseUrl() + "/auth/login", forged, null, null);
    HttpResponse<String> tooOld =
        browser.get(replicaA.baseUrl() + "/auth/login", expired, null, null);

    assertError(badSignature, 401, "invalid_token");
    assertThat(Browser.json(badSignature).get("error_description").asText()).contains("signature");
    assertError(tooOld, 401, "invalid_token");
    assertThat(Browser.json(tooOld).get("error_description").asText()).contains("expired");
    assertThat(SharedPostgres.count("SELECT count(*) FROM mcp_login_states")).isZero();
  }

  @Test
  void workOsRefusingTheCodeIs400WithTheWayOut() {
    workOs.failNext(1, FakeWorkOs.Failure.invalidGrant());

    HttpResponse<String> response = completeOnce();

    assertError(response, 400, "invalid_grant");
    assertThat(Browser.json(response).get("error_description").asText())
        .isEqualTo("login code expired or already used; start again at /auth/login");
    assertThat(SharedPostgres.sessionRows()).isZero();
  }

  @Test
  void workOsRejectingOurCredentialsIs502() {
    workOs.failNext(1, FakeWorkOs.Failure.unauthorized());

    assertError(completeOnce(), 502, "identity_provider_misconfigured");
    assertThat(SharedPostgres.sessionRows()).isZero();
  }

  @Test
  void workOsFailingIs503AndTheCodeIsNotRetried() {
    workOs.failNext(1, FakeWorkOs.Failure.serverError());

    HttpResponse<String> response = completeOnce();

    assertError(response, 503, "identity_provider_unavailable");
    assertThat(response.headers().firstValue("Retry-After")).isPresent();
    assertThat(Browser.json(response).get("error_description").asText())
        .startsWith("identity provider unavailable, retry shortly");
    assertThat(workOs.codeExchanges()).isEqualTo(1);
    assertThat(SharedPostgres.sessionRows()).isZero();
  }

  @Test
  void workOsHangingPastTheTimeoutIs503() {
    workOs.hangNext(1);

    assertError(completeOnce(), 503, "identity_provider_unavailable");
    assertThat(SharedPostgres.sessionRows()).isZero();
  }

  @Test
  void workOsRefusingConnectionsIs503() {
    Browser.PendingLogin pending = browser.startLogin(replicaA);
    URI callback = workOs.followAuthorize(pending.authorizationUrl());
    workOs.stop();

    assertError(
        browser.complete(replicaB, callback, pending.stateCookie(), null),
        503,
        "identity_provider_unavailable");
    assertThat(SharedPostgres.sessionRows()).isZero();
  }

  @Test
  void repeatedWorkOsFailuresOpenTheCircuitAndThenWorkOsIsNotCalled() {
    workOs.failAlways(FakeWorkOs.Failure.serverError());
    for (int i = 0; i < 5; i++) {
      assertError(completeOnce(), 503, "identity_provider_unavailable");
    }
    int reachedWorkOs = workOs.codeExchanges();

    HttpResponse<String> fastFail = completeOnce();

    assertError(fastFail, 503, "identity_provider_unavailable");
    assertThat(Browser.json(fastFail).get("error_description").asText()).contains("circuit open");
    assertThat(workOs.codeExchanges()).isEqualTo(reachedWorkOs);
    assertThat(SharedPostgres.sessionRows()).isZero();
  }

  @Test
  void tooManyLoginsFromOneAddressAre429WithRetryAfter() {
    try (App strict = App.replica(workOs, Map.of("MCP_AUTH_RATE_LIMIT_PER_MINUTE", "3"))) {
      for (int i = 0; i < 3; i++) {
        assertThat(browser.get(strict.baseUrl() + "/auth/login", null, null, null).statusCode())
            .isEqualTo(302);
      }
      HttpResponse<String> limited =
          browser.get(strict.baseUrl() + "/auth/login", null, null, null);
      assertError(limited, 429, "rate_limited");
      assertThat(limited.headers().firstValue("Retry-After")).isPresent();
    }
  }

  private HttpResponse<String> completeOnce() {
    Browser.PendingLogin pending = browser.startLogin(replicaA);
    URI callback = workOs.followAuthorize(pending.authorizationUrl());
    return browser.complete(replicaB, callback, pending.stateCookie(), "application/json");
  }

  private HttpResponse<String> sessionWithHeader(App app, String credential) {
    return browser.send(
        HttpRequest.newBuilder(URI.create(app.baseUrl() + "/auth/session"))
            .header("X-MCP-Session-ID", credential)
            .GET()
            .build());
  }

  private static String callbackUrl(String base, Map<String, String> query) {
    return base + "?code=" + query.get("code") + "&state=" + query.get("state");
  }

  private static void assertError(HttpResponse<String> response, int status, String error) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .contains("application/json");
    assertThat(Browser.json(response).get("error").asText()).isEqualTo(error);
  }

  private static String sha(String value) {
    return io.statelessmcp.domain.LoginState.hash(value);
  }
}
