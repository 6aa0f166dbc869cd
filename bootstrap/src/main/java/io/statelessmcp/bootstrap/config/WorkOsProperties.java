package io.statelessmcp.bootstrap.config;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * WorkOS settings, bound from {@code workos.*}. application.yaml fills them from {@code
 * WORKOS_CLIENT_ID}, {@code WORKOS_API_KEY}, {@code WORKOS_API_BASE_URL} and {@code
 * WORKOS_AUTHKIT_DOMAIN} (alias {@code FASTMCP_SERVER_AUTH_AUTHKITPROVIDER_AUTHKIT_DOMAIN}).
 */
@ConfigurationProperties("workos")
public record WorkOsProperties(
    String clientId, String apiKey, String apiBaseUrl, String authkitDomain) {

  public static final String API_BASE_URL = "WORKOS_API_BASE_URL";
  public static final String AUTHKIT_DOMAIN = "WORKOS_AUTHKIT_DOMAIN";

  public WorkOsProperties {
    Settings.httpUrl(API_BASE_URL, apiBaseUrl);
    Settings.httpUrl(AUTHKIT_DOMAIN, authkitDomain);
  }

  /** True when a login through WorkOS can be started. */
  public boolean loginConfigured() {
    return clientId != null && !clientId.isBlank() && apiKey != null && !apiKey.isBlank();
  }

  public URI apiBase() {
    return Settings.httpUrl(API_BASE_URL, apiBaseUrl);
  }

  /** The AuthKit domain, or null when resource-server mode is off. */
  public URI authkit() {
    return Settings.httpUrl(AUTHKIT_DOMAIN, authkitDomain);
  }

  @Override
  public String toString() {
    return "WorkOsProperties[clientId="
        + clientId
        + ", apiBaseUrl="
        + apiBaseUrl
        + ", authkitDomain="
        + authkitDomain
        + ", apiKey=<redacted>]";
  }
}
