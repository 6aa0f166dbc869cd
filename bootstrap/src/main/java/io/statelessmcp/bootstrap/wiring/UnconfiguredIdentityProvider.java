package io.statelessmcp.bootstrap.wiring;

import io.statelessmcp.application.failure.ProviderNotConfigured;
import io.statelessmcp.application.failure.ProviderUnavailable;
import io.statelessmcp.application.port.out.IdentityProvider;
import io.statelessmcp.bootstrap.config.WorkOsProperties;
import io.statelessmcp.domain.ClientMetadata;
import io.statelessmcp.domain.OAuthTokens;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Stands in for WorkOS until {@code WORKOS_CLIENT_ID} and {@code WORKOS_API_KEY} are set, where the
 * development sign-in may not be used (a real {@code SUPABASE_DB_URL}), so the server starts and
 * answers logins with a setup problem that names the fix rather than failing to start.
 */
final class UnconfiguredIdentityProvider implements IdentityProvider {

  static final String ADVICE =
      "For development without a WorkOS account, start the server without SUPABASE_DB_URL: with"
          + " its embedded database it offers a built-in development sign-in (never for"
          + " production).";

  private final List<String> missing;

  UnconfiguredIdentityProvider(WorkOsProperties workOs) {
    List<String> settings = new ArrayList<>();
    if (workOs.clientId() == null || workOs.clientId().isBlank()) {
      settings.add("WORKOS_CLIENT_ID");
    }
    if (workOs.apiKey() == null || workOs.apiKey().isBlank()) {
      settings.add("WORKOS_API_KEY");
    }
    this.missing = List.copyOf(settings);
  }

  /** One line for the start log. */
  String why() {
    return "WorkOS is not configured: set " + String.join(" and ", missing);
  }

  @Override
  public URI authorizationUrl(String state, String codeChallenge, URI redirectUri) {
    throw new ProviderNotConfigured(missing, ADVICE);
  }

  @Override
  public Mono<Authenticated> exchangeCode(String code, String codeVerifier, ClientMetadata client) {
    return Mono.error(new ProviderNotConfigured(missing, ADVICE));
  }

  /** A session from when WorkOS was configured: served while its token lasts, as in an outage. */
  @Override
  public Mono<OAuthTokens> refresh(String refreshToken) {
    return Mono.error(new ProviderUnavailable(why()));
  }
}
