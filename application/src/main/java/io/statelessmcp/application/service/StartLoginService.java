package io.statelessmcp.application.service;

import io.statelessmcp.application.failure.InvalidRequest;
import io.statelessmcp.application.failure.TokenRejected;
import io.statelessmcp.application.port.in.StartLogin;
import io.statelessmcp.application.port.out.IdentityProvider;
import io.statelessmcp.application.port.out.LoginStateStore;
import io.statelessmcp.application.port.out.TokenVerifier;
import io.statelessmcp.domain.LoginState;
import io.statelessmcp.domain.ReturnToAllowList;
import io.statelessmcp.domain.UserId;
import java.time.Clock;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * Starts a login. The pending state goes to PostgreSQL so that the callback may land on any
 * replica; a Supabase access token, when presented, is verified and links the login to that user.
 *
 * @param supabaseTokens empty when Supabase Auth is not configured; a presented Supabase token is
 *     then refused rather than ignored
 */
public record StartLoginService(
    LoginStateStore loginStates,
    IdentityProvider identityProvider,
    Optional<TokenVerifier> supabaseTokens,
    ReturnToAllowList returnToAllowList,
    Clock clock)
    implements StartLogin {

  @Override
  public Mono<LoginRedirect> start(Command command) {
    return Mono.defer(
        () -> {
          String returnTo = blankToNull(command.returnTo());
          if (returnTo != null && !returnToAllowList.allows(returnTo)) {
            return Mono.error(new InvalidRequest("return_to is not on this server's allow-list"));
          }
          return linkedUser(blankToNull(command.supabaseAccessToken()))
              .map(Optional::of)
              .defaultIfEmpty(Optional.empty())
              .flatMap(linked -> begin(returnTo, linked.orElse(null), command));
        });
  }

  private Mono<UserId> linkedUser(String supabaseAccessToken) {
    if (supabaseAccessToken == null) {
      return Mono.empty();
    }
    return supabaseTokens
        .map(
            verifier ->
                verifier.verify(supabaseAccessToken).map(TokenVerifier.VerifiedToken::subject))
        .orElseGet(
            () ->
                Mono.error(
                    new TokenRejected(
                        "a Supabase token was presented but SUPABASE_URL is not configured")));
  }

  private Mono<LoginRedirect> begin(String returnTo, UserId linkedUser, Command command) {
    return SignInRedirects.saveThenRedirect(
        loginStates,
        identityProvider,
        LoginState.start(returnTo, linkedUser, clock.instant()),
        command.redirectUri(),
        LoginRedirect::new);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
