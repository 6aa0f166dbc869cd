package io.statelessmcp.application.service;

import io.statelessmcp.application.failure.ClientRejected;
import io.statelessmcp.application.port.in.Authorize;
import io.statelessmcp.application.port.in.ResolveClient;
import io.statelessmcp.application.port.out.Consents;
import io.statelessmcp.application.port.out.IdentityProvider;
import io.statelessmcp.application.port.out.LoginStateStore;
import io.statelessmcp.domain.AuthorizationRequest;
import io.statelessmcp.domain.LoginState;
import io.statelessmcp.domain.OAuthClient;
import io.statelessmcp.domain.OAuthSecret;
import io.statelessmcp.domain.SecretHash;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * {@code /authorize}. The request is checked in RFC 6749's order: until the client and its redirect
 * URI are known good, errors are shown to the user (never sent to an unverified address); after
 * that they go back to the client. Because this server signs every user in upstream with one client
 * of its own, it asks the user before doing so for a client this browser has not approved yet (the
 * MCP specification's confused-deputy rule).
 */
public record AuthorizeService(
    ResolveClient clients,
    LoginStateStore loginStates,
    Consents consents,
    IdentityProvider identityProvider,
    AuthorizationServerSettings settings,
    Clock clock)
    implements Authorize {

  private static final String START_AGAIN = "; start again from your MCP client";

  @Override
  public Mono<Outcome> authorize(Command command) {
    return Mono.defer(
        () -> {
          for (String name : List.of("client_id", "redirect_uri")) {
            if (command.repeated().contains(name)) {
              return show("invalid_request", name + " appears more than once");
            }
          }
          if (isBlank(command.clientId())) {
            return show("invalid_request", "client_id is required");
          }
          return clients
              .resolve(command.clientId())
              .flatMap(client -> withClient(client, command))
              .onErrorResume(
                  ClientRejected.class, rejected -> show("invalid_client", rejected.getMessage()));
        });
  }

  private Mono<Outcome> withClient(OAuthClient client, Command command) {
    String redirectUri = command.redirectUri();
    if (isBlank(redirectUri)) {
      return show("invalid_request", "redirect_uri is required");
    }
    if (!client.metadata().redirectUris().contains(redirectUri)) {
      return show("invalid_request", "redirect_uri is not registered for this client");
    }
    String refusal = refusal(command);
    if (refusal != null) {
      String error = refusal.substring(0, refusal.indexOf(' '));
      String description = refusal.substring(refusal.indexOf(' ') + 1);
      return Mono.just(
          new ReturnToClient(
              ClientRedirects.error(
                  redirectUri, error, description, echoable(command.state()), settings.issuer())));
    }
    AuthorizationRequest request =
        new AuthorizationRequest(
            client.clientId(),
            redirectUri,
            command.codeChallenge(),
            command.state(),
            command.resource(),
            command.scope());
    return consented(command.browser(), client.clientId())
        .flatMap(
            consented ->
                consented ? signIn(request, command.callbackUrl()) : askConsent(client, request));
  }

  /** The client's state, unless it is too long to carry back (then the refusal says so). */
  private static String echoable(String state) {
    return state != null && state.length() <= AuthorizationRequest.MAX_STATE_LENGTH ? state : null;
  }

  /** The first rule the request breaks, as "error description", or null. */
  private String refusal(Command command) {
    if (!command.repeated().isEmpty()) {
      return "invalid_request " + command.repeated().get(0) + " appears more than once";
    }
    if (isBlank(command.responseType())) {
      return "invalid_request response_type is required";
    }
    if (!"code".equals(command.responseType())) {
      return "unsupported_response_type only the code flow is supported (response_type=code)";
    }
    if (isBlank(command.codeChallenge())) {
      return "invalid_request code_challenge is required: PKCE with S256";
    }
    if (!"S256".equals(command.codeChallengeMethod())) {
      return "invalid_request code_challenge_method must be S256";
    }
    if (!AuthorizationRequest.isS256Challenge(command.codeChallenge())) {
      return "invalid_request code_challenge is not an S256 challenge (43 base64url characters)";
    }
    if (command.resource() != null && !settings.isThisResource(command.resource())) {
      return "invalid_target resource must be this server's MCP endpoint, " + settings.resource();
    }
    if (command.state() != null
        && command.state().length() > AuthorizationRequest.MAX_STATE_LENGTH) {
      return "invalid_request state is longer than "
          + AuthorizationRequest.MAX_STATE_LENGTH
          + " characters";
    }
    if (command.scope() != null
        && command.scope().length() > AuthorizationRequest.MAX_SCOPE_LENGTH) {
      return "invalid_scope scope is longer than "
          + AuthorizationRequest.MAX_SCOPE_LENGTH
          + " characters";
    }
    if (command.resource() != null
        && command.resource().length() > AuthorizationRequest.MAX_URI_LENGTH) {
      return "invalid_target resource is too long";
    }
    return null;
  }

  @Override
  public Mono<Outcome> decide(Decision decision) {
    return Mono.defer(
        () -> {
          if (isBlank(decision.pending())) {
            return show("invalid_request", "the consent form is incomplete" + START_AGAIN);
          }
          String stateHash = LoginState.hash(decision.pending());
          if (!LoginState.isBoundTo(stateHash, decision.browserBinding())) {
            return show("access_denied", "this consent was asked in another browser" + START_AGAIN);
          }
          return loginStates
              .find(stateHash)
              .filter(LoginState::answersAuthorization)
              .flatMap(pending -> decided(pending, decision))
              .switchIfEmpty(
                  show(
                      "invalid_request",
                      "this authorization request is unknown or already answered" + START_AGAIN));
        });
  }

  private Mono<Outcome> decided(LoginState pending, Decision decision) {
    Instant now = clock.instant();
    AuthorizationRequest request = pending.authorization();
    if (pending.isExpiredAt(now)) {
      return show("invalid_request", "this authorization request has expired" + START_AGAIN);
    }
    if (!decision.approved()) {
      return loginStates
          .consume(pending.stateHash())
          .thenReturn(
              new ReturnToClient(
                  ClientRedirects.error(
                      request.redirectUri(),
                      "access_denied",
                      "the user did not allow this client",
                      request.state(),
                      settings.issuer())));
    }
    Mono<Void> remembered =
        OAuthSecret.BROWSER.isWellFormed(decision.browser())
            ? consents.remember(
                SecretHash.of(decision.browser()),
                request.clientId(),
                now,
                now.plus(settings.consentLifetime()))
            : Mono.empty();
    return remembered.thenReturn(
        SignInRedirects.redirect(
            identityProvider, decision.pending(), pending, decision.callbackUrl(), SignIn::new));
  }

  private Mono<Boolean> consented(String browser, String clientId) {
    if (!OAuthSecret.BROWSER.isWellFormed(browser) || settings.consentLifetime().isZero()) {
      return Mono.just(false);
    }
    return consents.isGiven(SecretHash.of(browser), clientId, clock.instant());
  }

  private Mono<Outcome> signIn(AuthorizationRequest request, URI callbackUrl) {
    return SignInRedirects.saveThenRedirect(
        loginStates,
        identityProvider,
        LoginState.answering(request, clock.instant()),
        callbackUrl,
        SignIn::new);
  }

  private Mono<Outcome> askConsent(OAuthClient client, AuthorizationRequest request) {
    LoginState.Started started = LoginState.answering(request, clock.instant());
    LoginState stored = started.stored();
    return loginStates
        .save(stored)
        .thenReturn(
            new AskConsent(
                client.displayName(),
                client.metadata().clientUri(),
                redirectHost(request.redirectUri()),
                started.state(),
                stored.stateHash(),
                stored.expiresAt()));
  }

  /** Host and, when given, port: where the user's browser will be sent with the code. */
  private static String redirectHost(String redirectUri) {
    URI uri = URI.create(redirectUri);
    if (uri.getHost() == null) {
      return uri.getScheme() + ":";
    }
    return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
  }

  private static Mono<Outcome> show(String error, String description) {
    return Mono.just(new ShowError(error, description));
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
