package io.statelessmcp.bootstrap.wiring;

import io.statelessmcp.application.failure.ProviderUnavailable;
import io.statelessmcp.application.port.out.IdentityProvider;
import io.statelessmcp.domain.ClientMetadata;
import io.statelessmcp.domain.OAuthTokens;
import java.net.URI;
import reactor.core.publisher.Mono;

/**
 * Stands in for WorkOS until {@code WORKOS_CLIENT_ID} and {@code WORKOS_API_KEY} are set, so the
 * server starts from a clean clone and answers logins with a clear 503 rather than failing to
 * start.
 */
final class UnconfiguredIdentityProvider implements IdentityProvider {

  static final String WHY = "WorkOS is not configured: set WORKOS_CLIENT_ID and WORKOS_API_KEY";

  @Override
  public URI authorizationUrl(String state, String codeChallenge, URI redirectUri) {
    throw new ProviderUnavailable(WHY);
  }

  @Override
  public Mono<Authenticated> exchangeCode(String code, String codeVerifier, ClientMetadata client) {
    return Mono.error(new ProviderUnavailable(WHY));
  }

  @Override
  public Mono<OAuthTokens> refresh(String refreshToken) {
    return Mono.error(new ProviderUnavailable(WHY));
  }
}
