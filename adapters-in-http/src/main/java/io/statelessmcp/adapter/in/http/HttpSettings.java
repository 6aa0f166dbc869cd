package io.statelessmcp.adapter.in.http;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the HTTP side needs to know about its deployment.
 *
 * @param publicBaseUrl how clients reach this server, e.g. {@code https://mcp.example.com}; used
 *     for the OAuth callback and the resource metadata URL
 * @param resourceUrl this server's MCP resource URL (RFC 8707/9728), usually {@code
 *     <publicBaseUrl>/mcp}; AuthKit tokens must carry it as audience
 * @param authorizationServer what the protected-resource metadata names: the AuthKit domain in
 *     resource-server mode, this server's {@link #issuer()} in proxy mode, or null
 * @param allowedOrigins browser origins allowed to call this server; requests without an Origin
 *     header always pass
 * @param sessionTtl Max-Age of the session cookie
 * @param maxRequestBytes the largest JSON-RPC body accepted
 * @param authRequestsPerMinute per client address, on logins ({@code /auth/*}, {@code /authorize}),
 *     on {@code /register} and on {@code /token} with {@code /revoke}, each apart
 */
public record HttpSettings(
    URI publicBaseUrl,
    URI resourceUrl,
    URI authorizationServer,
    List<String> allowedOrigins,
    Duration sessionTtl,
    int maxRequestBytes,
    int authRequestsPerMinute) {

  public HttpSettings {
    Objects.requireNonNull(publicBaseUrl, "publicBaseUrl");
    Objects.requireNonNull(resourceUrl, "resourceUrl");
    allowedOrigins = List.copyOf(allowedOrigins);
    Objects.requireNonNull(sessionTtl, "sessionTtl");
    if (maxRequestBytes < 1024) {
      throw new IllegalArgumentException("maxRequestBytes must be at least 1024");
    }
    if (authRequestsPerMinute < 1) {
      throw new IllegalArgumentException("authRequestsPerMinute must be positive");
    }
  }

  /**
   * Cookies are {@code Secure} everywhere except on plain-http localhost, where browsers would drop
   * them; {@code __Host-} names need {@code Secure}, so they are used only then.
   */
  public boolean secureCookies() {
    return !("http".equals(publicBaseUrl.getScheme()) && isLoopback(publicBaseUrl.getHost()));
  }

  /**
   * This server as an OAuth authorization server (RFC 8414 {@code issuer}): its origin, so that the
   * metadata, the endpoints and the protected-resource metadata all name the same URL.
   */
  public URI issuer() {
    return URI.create(ownOrigin());
  }

  /** These settings, with this server named as the authorization server of its resource. */
  public HttpSettings withThisServerAsAuthorizationServer() {
    return new HttpSettings(
        publicBaseUrl,
        resourceUrl,
        issuer(),
        allowedOrigins,
        sessionTtl,
        maxRequestBytes,
        authRequestsPerMinute);
  }

  URI callbackUrl() {
    return publicBaseUrl.resolve("/auth/complete");
  }

  String resourceMetadataUrl() {
    return publicBaseUrl.resolve("/.well-known/oauth-protected-resource").toString();
  }

  /** The server's own origin, which is always allowed. */
  String ownOrigin() {
    int port = publicBaseUrl.getPort();
    return publicBaseUrl.getScheme()
        + "://"
        + publicBaseUrl.getHost()
        + (port < 0 ? "" : ":" + port);
  }

  private static boolean isLoopback(String host) {
    return "localhost".equals(host) || "127.0.0.1".equals(host) || "[::1]".equals(host);
  }
}
