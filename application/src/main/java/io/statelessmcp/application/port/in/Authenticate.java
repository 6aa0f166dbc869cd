package io.statelessmcp.application.port.in;

import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * The hot path: turns what a request presented into a principal, or a {@link
 * io.statelessmcp.application.failure.ServiceFailure} saying why not. A session credential is
 * checked against its stored session (expired, revoked and unknown sessions are rejected, the idle
 * deadline slides, the upstream token is refreshed once across all replicas when due); a signed
 * bearer token is verified where this server accepts one.
 */
public interface Authenticate {

  Mono<Principal> authenticate(PresentedCredentials presented);

  /**
   * Every credential value a request carried, by where it came from, in the order received.
   *
   * @param sessionHeaders values of the {@code X-MCP-Session-ID} header
   * @param sessionCookies values of the session cookie
   * @param bearerTokens tokens of {@code Authorization: Bearer}
   */
  record PresentedCredentials(
      List<String> sessionHeaders, List<String> sessionCookies, List<String> bearerTokens) {

    public PresentedCredentials {
      sessionHeaders = List.copyOf(Objects.requireNonNull(sessionHeaders, "sessionHeaders"));
      sessionCookies = List.copyOf(Objects.requireNonNull(sessionCookies, "sessionCookies"));
      bearerTokens = List.copyOf(Objects.requireNonNull(bearerTokens, "bearerTokens"));
    }

    @Override
    public String toString() {
      return "PresentedCredentials[headers="
          + sessionHeaders.size()
          + ", cookies="
          + sessionCookies.size()
          + ", bearers="
          + bearerTokens.size()
          + "]";
    }
  }
}
