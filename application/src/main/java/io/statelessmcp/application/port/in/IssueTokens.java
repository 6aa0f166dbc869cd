package io.statelessmcp.application.port.in;

import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * The token endpoint: an authorization code or a refresh token for an access token bound to this
 * server's MCP resource. Refusals are {@link io.statelessmcp.application.failure.GrantRefused}.
 */
public interface IssueTokens {

  Mono<Tokens> exchange(CodeExchange request);

  Mono<Tokens> refresh(Refresh request);

  /**
   * @param resource RFC 8707 resource; null when not sent
   */
  record CodeExchange(
      String clientId, String code, String redirectUri, String codeVerifier, String resource) {
    @Override
    public String toString() {
      return "CodeExchange[clientId=" + clientId + ", code=<redacted>, verifier=<redacted>]";
    }
  }

  /**
   * @param scope a narrower scope, or null for the grant's
   */
  record Refresh(String clientId, String refreshToken, String scope, String resource) {
    @Override
    public String toString() {
      return "Refresh[clientId=" + clientId + ", refreshToken=<redacted>]";
    }
  }

  /**
   * An RFC 6749 section 5.1 answer; always a bearer token.
   *
   * @param refreshToken null when the client may not refresh
   */
  record Tokens(String accessToken, Duration expiresIn, String refreshToken, String scope) {
    @Override
    public String toString() {
      return "Tokens[expiresIn=" + expiresIn + ", scope=" + scope + ", tokens=<redacted>]";
    }
  }
}
