package io.statelessmcp.application.service;

import io.statelessmcp.application.port.out.IdentityProvider;
import io.statelessmcp.application.port.out.LoginStateStore;
import io.statelessmcp.domain.LoginState;
import java.net.URI;
import java.time.Instant;
import reactor.core.publisher.Mono;

/**
 * Sending the browser to the identity provider: its URL carries the login's state and code
 * challenge, and the browser is bound to the stored state until it expires.
 */
final class SignInRedirects {

  /** The answer a use case gives for such a redirect ({@code SignIn}, {@code LoginRedirect}). */
  interface Answer<T> {
    T of(URI authorizationUrl, String browserBinding, Instant expiresAt);
  }

  private SignInRedirects() {}

  /**
   * Asks the provider for its URL first, so a provider that cannot sign anyone in (not configured)
   * leaves nothing stored; then stores the started login, so the callback finds it.
   */
  static <T> Mono<T> saveThenRedirect(
      LoginStateStore loginStates,
      IdentityProvider identityProvider,
      LoginState.Started started,
      URI callbackUrl,
      Answer<T> answer) {
    return Mono.fromSupplier(
            () ->
                redirect(identityProvider, started.state(), started.stored(), callbackUrl, answer))
        .flatMap(redirect -> loginStates.save(started.stored()).thenReturn(redirect));
  }

  /** For a login already stored, {@code state} being its plain value. */
  static <T> T redirect(
      IdentityProvider identityProvider,
      String state,
      LoginState stored,
      URI callbackUrl,
      Answer<T> answer) {
    return answer.of(
        identityProvider.authorizationUrl(state, stored.codeChallenge(), callbackUrl),
        stored.stateHash(),
        stored.expiresAt());
  }
}
