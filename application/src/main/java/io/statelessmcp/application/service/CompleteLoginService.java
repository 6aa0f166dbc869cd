package io.statelessmcp.application.service;

import io.statelessmcp.application.failure.LoginRejected;
import io.statelessmcp.application.failure.LoginRejected.Reason;
import io.statelessmcp.application.port.in.CompleteLogin;
import io.statelessmcp.application.port.out.IdentityProvider;
import io.statelessmcp.application.port.out.LoginStateStore;
import io.statelessmcp.application.port.out.SessionEvents;
import io.statelessmcp.application.port.out.SessionWrites;
import io.statelessmcp.domain.IssuedSession;
import io.statelessmcp.domain.LoginState;
import io.statelessmcp.domain.SessionPolicy;
import io.statelessmcp.domain.UserId;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import reactor.core.publisher.Mono;

/**
 * The single OAuth callback. The login state is consumed before the code exchange, so it is single
 * use even when two callbacks race; the session row is written only after the exchange succeeded,
 * so a failing identity provider leaves nothing half-written.
 */
public record CompleteLoginService(
    LoginStateStore loginStates,
    IdentityProvider identityProvider,
    SessionWrites sessions,
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
          if (!sameBrowser(stateHash, command.browserBinding())) {
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
      return rejected(Reason.EXPIRED_STATE, "the login took longer than 10 minutes");
    }
    return identityProvider
        .exchangeCode(command.code(), state.codeVerifier(), command.client())
        .flatMap(
            authenticated -> {
              UserId owner =
                  state.linkedUserId() != null
                      ? state.linkedUserId()
                      : new UserId(authenticated.providerUserId());
              IssuedSession issued =
                  policy.open(
                      owner,
                      authenticated.tokens(),
                      authenticated.profile(),
                      command.client(),
                      clock.instant());
              return sessions
                  .create(issued.session())
                  .map(
                      stored ->
                          new CompletedLogin(
                              new IssuedSession(stored, issued.credential()), state.returnTo()));
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

  private static boolean sameBrowser(String stateHash, String browserBinding) {
    return browserBinding != null
        && MessageDigest.isEqual(
            stateHash.getBytes(StandardCharsets.US_ASCII),
            browserBinding.getBytes(StandardCharsets.US_ASCII));
  }

  private static <T> Mono<T> rejected(Reason reason, String what) {
    return Mono.error(() -> new LoginRejected(reason, what + START_AGAIN));
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
