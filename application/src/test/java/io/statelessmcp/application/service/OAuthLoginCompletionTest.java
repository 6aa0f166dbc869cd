package io.statelessmcp.application.service;

import static io.statelessmcp.application.service.OAuthServer.ISSUER;
import static io.statelessmcp.application.service.OAuthServer.newBrowser;
import static org.assertj.core.api.Assertions.assertThat;

import io.statelessmcp.application.failure.LoginRejected;
import io.statelessmcp.application.port.in.Authorize;
import io.statelessmcp.application.port.in.CompleteLogin.CompletedLogin;
import io.statelessmcp.application.service.OAuthServer.Authorized;
import io.statelessmcp.application.service.OAuthServer.Request;
import io.statelessmcp.domain.AuthorizationCode;
import io.statelessmcp.domain.OAuthClient;
import io.statelessmcp.domain.OAuthSecret;
import io.statelessmcp.domain.SecretHash;
import io.statelessmcp.domain.Session;
import io.statelessmcp.domain.UserId;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** The identity provider's callback for a login that {@code /authorize} started for a client. */
class OAuthLoginCompletionTest {

  private final OAuthServer server = new OAuthServer();
  private final OAuthClient client = server.registerInspector();

  private Authorized signIn() {
    return server.authorizeAndSignIn(
        new Request(client, newBrowser())
            .with(
                r -> {
                  r.scope = "mcp:tools";
                  r.state = "state with spaces & symbols";
                }));
  }

  @Test
  void theSessionBecomesTheClientsGrant() {
    Authorized authorized = signIn();

    Session grant = authorized.completed().issued().session();
    assertThat(server.sessions.rows).containsOnlyKeys(grant.id());
    assertThat(grant.client().oauthClientId()).isEqualTo(client.clientId());
    assertThat(grant.client().userAgent()).isEqualTo("Claude/1.0");
    assertThat(grant.client().ip()).isEqualTo("198.51.100.4");
    assertThat(grant.userId()).isEqualTo(new UserId("user_workos_1"));
    assertThat(grant.tokens().accessToken()).isEqualTo("access-upstream-1");
    assertThat(server.loginStates.states).as("the login is used up").isEmpty();
  }

  @Test
  void theBrowserGoesBackToTheClientWithACodeItsStateAndTheIssuer() {
    Authorized authorized = signIn();

    CompletedLogin completed = authorized.completed();
    assertThat(completed.answersClient()).isTrue();
    assertThat(completed.returnTo()).isNull();
    assertThat(completed.clientRedirect().toString()).startsWith(OAuthServer.REDIRECT + "?code=");
    assertThat(authorized.redirect())
        .containsOnlyKeys("code", "state", "iss")
        .containsEntry("state", "state with spaces & symbols")
        .containsEntry("iss", ISSUER.toString());
    assertThat(OAuthSecret.AUTHORIZATION_CODE.isWellFormed(authorized.code())).isTrue();
  }

  @Test
  void theStoredCodeIsBoundToTheClientsRequestAndItsGrant() {
    Authorized authorized = signIn();

    assertThat(server.codes.codes).hasSize(1);
    AuthorizationCode stored = server.codes.codes.get(SecretHash.of(authorized.code()));
    assertThat(stored).as("stored under the code's hash").isNotNull();
    assertThat(stored.clientId()).isEqualTo(client.clientId());
    assertThat(stored.redirectUri()).isEqualTo(OAuthServer.REDIRECT);
    assertThat(stored.codeChallenge()).isEqualTo(OAuthServer.CHALLENGE);
    assertThat(stored.resource()).isEqualTo(OAuthServer.RESOURCE.toString());
    assertThat(stored.scope()).isEqualTo("mcp:tools");
    assertThat(stored.sessionId()).isEqualTo(authorized.completed().issued().session().id());
    assertThat(stored.isUsed()).isFalse();
    assertThat(stored.expiresAt()).isEqualTo(OAuthServer.T0.plus(AuthorizationCode.LIFETIME));
  }

  @Test
  void theSessionCredentialIsNeitherInTheRedirectNorInWhatIsLogged() {
    Authorized authorized = signIn();

    String credential = authorized.completed().issued().credential().encoded();
    assertThat(authorized.completed().clientRedirect().toString()).doesNotContain(credential);
    assertThat(authorized.completed().toString())
        .doesNotContain(credential)
        .doesNotContain(authorized.code());
  }

  @Test
  void theUpstreamVerifierIsOurOwnNotTheClients() {
    Authorize.AskConsent asked =
        (Authorize.AskConsent) server.authorize(new Request(client, newBrowser()));
    Authorize.SignIn signIn = (Authorize.SignIn) server.decide(asked, true, null);

    assertThat(OAuthServer.query(signIn.authorizationUrl()).get("code_challenge"))
        .isNotEqualTo(OAuthServer.CHALLENGE);
  }

  @Test
  void theCallbackIsSingleUseAndNeedsTheBrowserItStartedIn() {
    Authorize.AskConsent asked =
        (Authorize.AskConsent) server.authorize(new Request(client, newBrowser()));
    Authorize.SignIn signIn = (Authorize.SignIn) server.decide(asked, true, null);
    Authorize.SignIn elsewhere =
        new Authorize.SignIn(signIn.authorizationUrl(), "other-browser", signIn.expiresAt());

    StepVerifier.create(server.callback(elsewhere)).expectError(LoginRejected.class).verify();
    server.callback(signIn).block();
    StepVerifier.create(server.callback(signIn)).expectError(LoginRejected.class).verify();

    assertThat(server.sessions.rows).hasSize(1);
    assertThat(server.codes.codes).hasSize(1);
  }

  @Test
  void aRequestWithoutStateGetsItsCodeWithoutState() {
    Authorized authorized =
        server.authorizeAndSignIn(new Request(client, newBrowser()).with(r -> r.state = null));

    assertThat(authorized.redirect()).containsOnlyKeys("code", "iss");
  }
}
