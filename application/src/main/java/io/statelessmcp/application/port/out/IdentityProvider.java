package io.statelessmcp.application.port.out;

import io.statelessmcp.domain.ClientMetadata;
import io.statelessmcp.domain.OAuthTokens;
import io.statelessmcp.domain.UserProfile;
import java.net.URI;
import reactor.core.publisher.Mono;

/**
 * The upstream identity provider (WorkOS AuthKit). Failures arrive as {@link
 * io.statelessmcp.application.failure.LoginRejected} (the provider said no) or {@link
 * io.statelessmcp.application.failure.ProviderUnavailable} (it could not be asked).
 */
public interface IdentityProvider {

  /** Where to send the browser: the provider's authorization URL with state and PKCE. */
  URI authorizationUrl(String state, String codeChallenge, URI redirectUri);

  /** Exchanges a single-use authorization code. Never retried once it may have been sent. */
  Mono<Authenticated> exchangeCode(String code, String codeVerifier, ClientMetadata client);

  /** Refreshes the upstream tokens. The refresh token may rotate: use the one returned. */
  Mono<OAuthTokens> refresh(String refreshToken);

  /** A completed code exchange. */
  record Authenticated(String providerUserId, UserProfile profile, OAuthTokens tokens) {}
}
