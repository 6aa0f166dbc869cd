package io.statelessmcp.application.service;

import io.statelessmcp.domain.GrantKey;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How this server acts as an OAuth authorization server.
 *
 * @param issuer its RFC 8414 issuer, also sent as {@code iss} with every authorization response
 * @param resource the MCP endpoint (RFC 8707): the one resource its tokens are for
 * @param accessTokenLifetime how long an access token lives (never past its session's absolute end)
 * @param consentLifetime how long a browser's consent to a client is remembered
 * @param grantKey the deployment's key for refresh-token successors
 */
public record AuthorizationServerSettings(
    URI issuer,
    URI resource,
    Duration accessTokenLifetime,
    Duration consentLifetime,
    GrantKey grantKey) {

  public AuthorizationServerSettings {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(grantKey, "grantKey");
    if (accessTokenLifetime == null || accessTokenLifetime.compareTo(Duration.ofMinutes(1)) < 0) {
      throw new IllegalArgumentException("access tokens must live at least a minute");
    }
    if (consentLifetime == null || consentLifetime.isNegative()) {
      throw new IllegalArgumentException("the consent lifetime must not be negative");
    }
  }

  /**
   * True when {@code requested} names this server's MCP resource: exactly, or with a trailing slash
   * added or removed (clients differ in how they write it).
   */
  public boolean isThisResource(String requested) {
    return strip(requested).equals(strip(resource.toString()));
  }

  private static String strip(String uri) {
    return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
  }
}
