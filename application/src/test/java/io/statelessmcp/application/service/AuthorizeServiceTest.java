package io.statelessmcp.application.service;

import static io.statelessmcp.application.service.OAuthServer.CALLBACK;
import static io.statelessmcp.application.service.OAuthServer.ISSUER;
import static io.statelessmcp.application.service.OAuthServer.newBrowser;
import static io.statelessmcp.application.service.OAuthServer.query;
import static org.assertj.core.api.Assertions.assertThat;

import io.statelessmcp.application.port.in.Authorize;
import io.statelessmcp.application.port.in.Authorize.AskConsent;
import io.statelessmcp.application.port.in.Authorize.ReturnToClient;
import io.statelessmcp.application.port.in.Authorize.ShowError;
import io.statelessmcp.application.port.in.Authorize.SignIn;
import io.statelessmcp.application.service.OAuthServer.Request;
import io.statelessmcp.domain.LoginState;
import io.statelessmcp.domain.OAuthClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class AuthorizeServiceTest {

  private final OAuthServer server = new OAuthServer();
  private final OAuthClient client = server.registerInspector();
  private final String browser = newBrowser();

  private Request request() {
    return new Request(client, browser);
  }

  private Authorize.Outcome authorize(Consumer<Request> change) {
    return server.authorize(request().with(change));
  }

  private void assertShown(Authorize.Outcome outcome, String error, String description) {
    assertThat(outcome)
        .isInstanceOfSatisfying(
            ShowError.class,
            shown -> {
              assertThat(shown.error()).isEqualTo(error);
              assertThat(shown.description()).contains(description);
            });
    assertThat(server.loginStates.states).as("nothing pending").isEmpty();
  }

  /** The error at the client's redirect URI, with the client's state and this issuer. */
  private void assertReturned(Authorize.Outcome outcome, String error, String description) {
    assertThat(outcome).isInstanceOf(ReturnToClient.class);
    java.net.URI location = ((ReturnToClient) outcome).location();
    assertThat(location.toString()).startsWith(OAuthServer.REDIRECT + "?");
    Map<String, String> parameters = query(location);
    assertThat(parameters)
        .containsEntry("error", error)
        .containsEntry("state", "client-state-1")
        .containsEntry("iss", ISSUER.toString())
        .doesNotContainKey("code");
    assertThat(parameters.get("error_description")).contains(description);
    assertThat(server.loginStates.states).as("nothing pending").isEmpty();
  }

  @Test
  void anUnknownClientIsShownAnErrorNeverRedirected() {
    assertShown(
        authorize(r -> r.clientId = "dcr_AAAAAAAAAAAAAAAAAAAAAA"),
        "invalid_client",
        "not registered");
    assertShown(authorize(r -> r.clientId = null), "invalid_request", "client_id is required");
    assertShown(authorize(r -> r.clientId = " "), "invalid_request", "client_id is required");
  }

  @Test
  void aMissingOrUnregisteredRedirectUriIsShownAnErrorNeverRedirected() {
    assertShown(
        authorize(r -> r.redirectUri = null), "invalid_request", "redirect_uri is required");
    assertShown(
        authorize(r -> r.redirectUri = "https://evil.example.net/cb"),
        "invalid_request",
        "not registered");
    assertShown(
        authorize(r -> r.redirectUri = OAuthServer.REDIRECT + "/"),
        "invalid_request",
        "not registered");
    assertShown(
        authorize(r -> r.redirectUri = OAuthServer.REDIRECT + "?extra=1"),
        "invalid_request",
        "not registered");
  }

  @Test
  void aRepeatedClientIdOrRedirectUriIsShownAnErrorNeverRedirected() {
    assertShown(authorize(r -> r.repeated = List.of("client_id")), "invalid_request", "client_id");
    assertShown(
        authorize(r -> r.repeated = List.of("state", "redirect_uri")),
        "invalid_request",
        "redirect_uri");
  }

  @Test
  void theClientAndRedirectUriAreCheckedBeforeAnythingElse() {
    assertShown(
        authorize(
            r -> {
              r.redirectUri = "https://evil.example.net/cb";
              r.responseType = "token";
              r.codeChallenge = null;
            }),
        "invalid_request",
        "redirect_uri");
    assertShown(
        authorize(
            r -> {
              r.clientId = "dcr_AAAAAAAAAAAAAAAAAAAAAA";
              r.codeChallengeMethod = "plain";
            }),
        "invalid_client",
        "register again");
  }

  @Test
  void onceTheRedirectUriIsKnownGoodErrorsGoBackToTheClient() {
    assertReturned(
        authorize(r -> r.responseType = null), "invalid_request", "response_type is required");
    assertReturned(
        authorize(r -> r.responseType = "token"), "unsupported_response_type", "code flow");
    assertReturned(
        authorize(r -> r.codeChallenge = null), "invalid_request", "code_challenge is required");
    assertReturned(
        authorize(r -> r.codeChallengeMethod = "plain"), "invalid_request", "must be S256");
    assertReturned(authorize(r -> r.codeChallengeMethod = null), "invalid_request", "must be S256");
    assertReturned(
        authorize(r -> r.codeChallenge = "too-short"), "invalid_request", "not an S256 challenge");
    assertReturned(
        authorize(r -> r.codeChallenge = OAuthServer.CHALLENGE.substring(1) + "="),
        "invalid_request",
        "not an S256 challenge");
    assertReturned(
        authorize(r -> r.resource = "https://other.example.com/mcp"),
        "invalid_target",
        OAuthServer.RESOURCE.toString());
    assertReturned(
        authorize(r -> r.repeated = List.of("code_challenge")),
        "invalid_request",
        "code_challenge appears more than once");
    assertReturned(
        authorize(r -> r.repeated = List.of("state")), "invalid_request", "state appears");
  }

  @Test
  void anOverlongStateIsRefusedAndNotCarriedBackToTheClient() {
    Authorize.Outcome outcome = authorize(r -> r.state = "s".repeat(1025));

    assertThat(outcome).isInstanceOf(ReturnToClient.class);
    Map<String, String> parameters = query(((ReturnToClient) outcome).location());
    assertThat(parameters)
        .containsEntry("error", "invalid_request")
        .containsEntry("iss", ISSUER.toString())
        .doesNotContainKey("state");
    assertThat(parameters.get("error_description")).contains("state is longer than 1024");
    assertThat(server.loginStates.states).as("nothing pending").isEmpty();
  }

  @Test
  void theSecondRegisteredRedirectUriIsAnsweredThereAndAClientWithoutStateGetsNone() {
    Authorize.Outcome outcome =
        authorize(
            r -> {
              r.redirectUri = "https://inspector.example.com/cb";
              r.state = null;
              r.responseType = "token";
            });

    assertThat(outcome).isInstanceOf(ReturnToClient.class);
    java.net.URI location = ((ReturnToClient) outcome).location();
    assertThat(location.toString()).startsWith("https://inspector.example.com/cb?");
    assertThat(query(location))
        .containsEntry("error", "unsupported_response_type")
        .containsEntry("iss", ISSUER.toString())
        .doesNotContainKey("state");
  }

  @Test
  void theResourceMayBeLeftOutOrWrittenWithATrailingSlash() {
    assertThat(authorize(r -> r.resource = null)).isInstanceOf(AskConsent.class);
    assertThat(authorize(r -> r.resource = OAuthServer.RESOURCE + "/"))
        .isInstanceOf(AskConsent.class);
  }

  @Test
  void aValidRequestFromANewBrowserAsksForConsentAndKeepsTheRequestPending() {
    Authorize.Outcome outcome = server.authorize(request());

    assertThat(outcome).isInstanceOf(AskConsent.class);
    AskConsent asked = (AskConsent) outcome;
    assertThat(asked.clientName()).isEqualTo("MCP Inspector");
    assertThat(asked.redirectHost()).isEqualTo("localhost:6274");
    assertThat(asked.expiresAt()).isEqualTo(OAuthServer.T0.plus(LoginState.LIFETIME));
    assertThat(server.loginStates.states).hasSize(1);
    LoginState pending = server.loginStates.states.get(asked.browserBinding());
    assertThat(pending).isNotNull();
    assertThat(pending.stateHash()).isEqualTo(LoginState.hash(asked.pending()));
    assertThat(pending.authorization().clientId()).isEqualTo(client.clientId());
    assertThat(pending.authorization().redirectUri()).isEqualTo(OAuthServer.REDIRECT);
    assertThat(pending.authorization().codeChallenge()).isEqualTo(OAuthServer.CHALLENGE);
    assertThat(pending.authorization().state()).isEqualTo("client-state-1");
    assertThat(pending.authorization().resource()).isEqualTo(OAuthServer.RESOURCE.toString());
    assertThat(server.consents.given).isEmpty();
    assertThat(server.idp.exchanges).hasValue(0);
  }

  @Test
  void aClientThatGaveNoNameIsShownByItsClientId() {
    OAuthClient unnamed = server.register(null, null, OAuthServer.REDIRECT);

    Authorize.Outcome outcome = server.authorize(new Request(unnamed, browser));

    assertThat(outcome)
        .isInstanceOfSatisfying(
            AskConsent.class,
            asked -> assertThat(asked.clientName()).isEqualTo(unnamed.clientId()));
  }

  @Test
  void aBrowserWithoutAConsentCookieIsAskedEveryTime() {
    assertThat(authorize(r -> r.browser = null)).isInstanceOf(AskConsent.class);
    assertThat(authorize(r -> r.browser = "not-a-browser-cookie")).isInstanceOf(AskConsent.class);
  }

  @Test
  void approvingSignsInUpstreamAndRemembersTheConsentForThisBrowserOnly() {
    AskConsent asked = (AskConsent) server.authorize(request());

    Authorize.Outcome approved = server.decide(asked, true, browser);

    assertThat(approved).isInstanceOf(SignIn.class);
    SignIn signIn = (SignIn) approved;
    LoginState pending = server.loginStates.states.get(asked.browserBinding());
    assertThat(signIn.authorizationUrl().toString()).startsWith("https://idp.test/authorize?");
    assertThat(query(signIn.authorizationUrl()))
        .containsEntry("state", asked.pending())
        .containsEntry("code_challenge", pending.codeChallenge());
    assertThat(signIn.browserBinding()).isEqualTo(asked.browserBinding());
    assertThat(signIn.expiresAt()).isEqualTo(asked.expiresAt());
    assertThat(server.consents.given).hasSize(1);

    Authorize.Outcome again = server.authorize(request());
    assertThat(again).as("same browser, same client").isInstanceOf(SignIn.class);
    SignIn direct = (SignIn) again;
    assertThat(server.loginStates.states).hasSize(2).containsKey(direct.browserBinding());
    assertThat(server.loginStates.states.get(direct.browserBinding()).authorization().clientId())
        .isEqualTo(client.clientId());

    assertThat(server.authorize(new Request(client, newBrowser())))
        .as("another browser")
        .isInstanceOf(AskConsent.class);
    OAuthClient other = server.register("Other", null, OAuthServer.REDIRECT);
    assertThat(server.authorize(new Request(other, browser)))
        .as("same browser, another client")
        .isInstanceOf(AskConsent.class);
  }

  @Test
  void aRememberedConsentLapsesAfterItsLifetime() {
    AskConsent asked = (AskConsent) server.authorize(request());
    server.decide(asked, true, browser);

    server.clock.advance(OAuthServer.CONSENT_LIFETIME.minusSeconds(1));
    assertThat(server.authorize(request())).isInstanceOf(SignIn.class);
    server.clock.advance(Duration.ofSeconds(1));
    assertThat(server.authorize(request())).isInstanceOf(AskConsent.class);
  }

  @Test
  void denyingSendsTheBrowserBackToTheClientWithAccessDeniedAndEndsTheRequest() {
    AskConsent asked = (AskConsent) server.authorize(request());

    Authorize.Outcome denied = server.decide(asked, false, browser);

    assertThat(denied).isInstanceOf(ReturnToClient.class);
    java.net.URI location = ((ReturnToClient) denied).location();
    assertThat(location.toString()).startsWith(OAuthServer.REDIRECT + "?");
    assertThat(query(location))
        .containsEntry("error", "access_denied")
        .containsEntry("state", "client-state-1")
        .containsEntry("iss", ISSUER.toString());
    assertThat(server.loginStates.states).isEmpty();
    assertThat(server.consents.given).isEmpty();
    assertThat(server.authorize(request())).isInstanceOf(AskConsent.class);

    Authorize.Outcome replayed = server.decide(asked, true, browser);
    assertThat(replayed).isInstanceOf(ShowError.class);
  }

  @Test
  void aDecisionFromAnotherBrowserChangesNothing() {
    AskConsent asked = (AskConsent) server.authorize(request());
    Map<String, LoginState> before = new HashMap<>(server.loginStates.states);

    Authorize.Outcome forged =
        server
            .authorize
            .decide(
                new Authorize.Decision(
                    asked.pending(), true, LoginState.hash("another"), browser, CALLBACK))
            .block();
    Authorize.Outcome noCookie =
        server
            .authorize
            .decide(new Authorize.Decision(asked.pending(), false, null, browser, CALLBACK))
            .block();

    assertThat(forged)
        .isInstanceOfSatisfying(
            ShowError.class, shown -> assertThat(shown.error()).isEqualTo("access_denied"));
    assertThat(noCookie).isInstanceOf(ShowError.class);
    assertThat(server.loginStates.states).isEqualTo(before);
    assertThat(server.consents.given).isEmpty();
  }

  @Test
  void aDecisionOnAnUnknownOrMissingRequestChangesNothing() {
    server.authorize(request());
    Map<String, LoginState> before = new HashMap<>(server.loginStates.states);
    String unknown = "made-up-pending-value";

    Authorize.Outcome made =
        server
            .authorize
            .decide(
                new Authorize.Decision(unknown, true, LoginState.hash(unknown), browser, CALLBACK))
            .block();
    Authorize.Outcome empty =
        server
            .authorize
            .decide(new Authorize.Decision(null, true, null, browser, CALLBACK))
            .block();

    assertThat(made)
        .isInstanceOfSatisfying(
            ShowError.class,
            shown -> assertThat(shown.description()).contains("unknown or already answered"));
    assertThat(empty).isInstanceOf(ShowError.class);
    assertThat(server.loginStates.states).isEqualTo(before);
    assertThat(server.consents.given).isEmpty();
  }

  @Test
  void aDecisionAfterTheRequestExpiredChangesNothing() {
    AskConsent asked = (AskConsent) server.authorize(request());
    Map<String, LoginState> before = new HashMap<>(server.loginStates.states);
    server.clock.set(asked.expiresAt());

    Authorize.Outcome late = server.decide(asked, true, browser);
    Authorize.Outcome lateDenial = server.decide(asked, false, browser);

    for (Authorize.Outcome outcome : List.of(late, lateDenial)) {
      assertThat(outcome)
          .isInstanceOfSatisfying(
              ShowError.class, shown -> assertThat(shown.description()).contains("expired"));
    }
    assertThat(server.loginStates.states).isEqualTo(before);
    assertThat(server.consents.given).isEmpty();
  }

  @Test
  void aLoginStartedAtAuthLoginCannotBeApprovedAsAClient() {
    LoginState.Started plain = LoginState.start(null, null, OAuthServer.T0);
    server.loginStates.save(plain.stored()).block();

    Authorize.Outcome outcome =
        server
            .authorize
            .decide(
                new Authorize.Decision(
                    plain.state(), true, plain.stored().stateHash(), browser, CALLBACK))
            .block();

    assertThat(outcome).isInstanceOf(ShowError.class);
    assertThat(server.loginStates.states).containsKey(plain.stored().stateHash());
    assertThat(server.consents.given).isEmpty();
  }

  @Test
  void whatTheServiceAnswersNeverShowsThePendingStateInLogs() {
    AskConsent asked = (AskConsent) server.authorize(request());
    SignIn signIn = (SignIn) server.decide(asked, true, browser);
    Authorize.Decision decision =
        new Authorize.Decision(asked.pending(), true, asked.browserBinding(), browser, CALLBACK);
    Authorize.Command command = request().command();

    for (Object logged : List.of(asked, signIn, decision, command)) {
      assertThat(logged.toString())
          .doesNotContain(asked.pending())
          .doesNotContain(asked.browserBinding())
          .doesNotContain(browser);
    }
  }
}
