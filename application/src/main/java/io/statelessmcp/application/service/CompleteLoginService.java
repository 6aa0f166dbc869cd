package io.statelessmcp.application.service;

import io.statelessmcp.application.failure.LoginRejected;
import io.statelessmcp.application.failure.LoginRejected.Reason;
import io.statelessmcp.application.port.in.CompleteLogin;
import io.statelessmcp.application.port.out.AuthorizationCodes;
import io.statelessmcp.application.port.out.IdentityProvider;
import io.statelessmcp.application.port.out.LoginStateStore;
import io.statelessmcp.application.port.out.SessionEvents;
import io.statelessmcp.application.port.out.SessionWrites;
import io.statelessmcp.domain.AuthorizationCode;
import io.statelessmcp.domain.AuthorizationRequest;
import io.statelessmcp.domain.IssuedSession;
import io.statelessmcp.domain.LoginState;
import io.statelessmcp.domain.SessionPolicy;
import io.statelessmcp.domain.UserId;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import reactor.core.publisher.Mono;

/**
 * The single OAuth callback. The login state is consumed before the code exchange, so it is single
 * use even when two callbacks race; the session row is written only after the exchange succeeded,
 * so a failing identity provider leaves nothing half-written.
 *
 * <p>A login that answers an OAuth client's authorization ends differently: its session becomes the
 * client's grant, and the browser goes back to the client with an authorization code bound to the
 * client's request.
 *
 * @param issuer this server as authorization server, named ({@code iss}) in every code response
 */
public record CompleteLoginService(
    LoginStateStore loginStates,
    IdentityProvider identityProvider,
    SessionWrites sessions,
    AuthorizationCodes codes,
    URI issuer,
    SessionPolicy policy,
    Clock clock,
    SessionEvents events)
    implements CompleteLogin {

  private static final System.Logger LOG = System.getLogger(CompleteLoginService.class.getName());
  static final String START_AGAIN = "; start again at /auth/login";

  @Override
  public Mono<CompletedLogin> complete(Command command) {
    return Mono.defer(
        () -> {
          if (isBlank(command.code())) {
            return rejected(Reason.MISSING_CODE, "the callback carries no authorization code");
          }
          if (isBlank(command.state())) {
            return rejected(Reason.UNKNOWN_STATE, "the callback carries no state");
          }
          String stateHash = LoginState.hash(command.state());
          if (!LoginState.isBoundTo(stateHash, command.browserBinding())) {
            return rejected(Reason.STATE_MISMATCH, "this login was started in another browser");
          }
          return loginStates
              .consume(stateHash)
              .switchIfEmpty(
                  rejected(Reason.UNKNOWN_STATE, "the login state is unknown or already used"))
              .flatMap(state -> exchange(state, command));
        });
  }

  private Mono<CompletedLogin> exchange(LoginState state, Command command) {
    Instant now = clock.instant();
    if (state.isExpiredAt(now)) {
      return state.answersAuthorization()
          ? Mono.error(
              new LoginRejected(
                  Reason.EXPIRED_STATE,
                  "the sign-in took longer than 10 minutes; start again from your MCP client"))
          : rejected(Reason.EXPIRED_STATE, "the login took longer than 10 minutes");
    }
    return identityProvider
        .exchangeCode(command.code(), state.codeVerifier(), command.client())
        .flatMap(
            authenticated -> {
              UserId owner =
                  state.linkedUserId() != null
                      ? state.linkedUserId()
                      : new UserId(authenticated.providerUserId());
              AuthorizationRequest authorization = state.authorization();
              IssuedSession issued =
                  policy.open(
                      owner,
                      authenticated.tokens(),
                      authenticated.profile(),
                      authorization == null
                          ? command.client()
                          : command.client().grantedTo(authorization.clientId()),
                      clock.instant());
              return sessions
                  .create(issued.session())
                  .flatMap(
                      stored -> {
                        IssuedSession opened = new IssuedSession(stored, issued.credential());
                        return authorization == null
                            ? Mono.just(new CompletedLogin(opened, state.returnTo()))
                            : answerClient(opened, authorization);
                      });
            })
        .doOnNext(
            completed -> {
              events.sessionCreated();
              LOG.log(
                  Level.INFO,
                  "login completed: session {0} for user {1}",
                  completed.issued().session().id(),
                  completed.issued().session().userId());
            });
  }

  /** The session is the client's grant; the client gets a code for it, the user no credential. */
  private Mono<CompletedLogin> answerClient(
      IssuedSession opened, AuthorizationRequest authorization) {
    AuthorizationCode.Issued code =
        AuthorizationCode.issue(authorization, opened.session().id(), clock.instant());
    return codes
        .save(code.stored())
        .thenReturn(
            new CompletedLogin(
                opened,
                null,
                ClientRedirects.code(
                    authorization.redirectUri(), code.code(), authorization.state(), issuer)));
  }

  private static <T> Mono<T> rejected(Reason reason, String what) {
    return Mono.error(() -> new LoginRejected(reason, what + START_AGAIN));
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
