package io.statelessmcp.bootstrap.config;

import io.statelessmcp.domain.ReturnToAllowList;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How this server is reached and what it accepts, bound from {@code mcp.server.*} (filled from
 * {@code MCP_PUBLIC_BASE_URL}, {@code MCP_RESOURCE_URL}, {@code MCP_ALLOWED_ORIGINS}, {@code
 * MCP_RETURN_TO_ALLOWLIST}, {@code MCP_MAX_REQUEST_BYTES}, {@code MCP_AUTH_RATE_LIMIT_PER_MINUTE}).
 */
@ConfigurationProperties("mcp.server")
public record ServerProperties(
    String publicBaseUrl,
    String resourceUrl,
    String allowedOrigins,
    String returnToAllowlist,
    String maxRequestBytes,
    String authRateLimitPerMinute) {

  public static final String PUBLIC_BASE_URL = "MCP_PUBLIC_BASE_URL";
  public static final String RESOURCE_URL = "MCP_RESOURCE_URL";
  public static final String RETURN_TO_ALLOWLIST = "MCP_RETURN_TO_ALLOWLIST";
  public static final String MAX_REQUEST_BYTES = "MCP_MAX_REQUEST_BYTES";
  public static final String AUTH_RATE_LIMIT = "MCP_AUTH_RATE_LIMIT_PER_MINUTE";

  public ServerProperties {
    if (Settings.httpUrl(PUBLIC_BASE_URL, publicBaseUrl) == null) {
      throw new Settings.InvalidSetting(PUBLIC_BASE_URL, "must be set");
    }
    Settings.httpUrl(RESOURCE_URL, resourceUrl);
    returnTo(returnToAllowlist);
    Settings.wholeNumber(MAX_REQUEST_BYTES, maxRequestBytes, 1024, 64L * 1024 * 1024);
    Settings.wholeNumber(AUTH_RATE_LIMIT, authRateLimitPerMinute, 1, 100_000);
  }

  public URI baseUrl() {
    return Settings.httpUrl(PUBLIC_BASE_URL, publicBaseUrl);
  }

  /** {@code MCP_RESOURCE_URL}, or the base URL's {@code /mcp} when unset. */
  public URI resource() {
    URI explicit = Settings.httpUrl(RESOURCE_URL, resourceUrl);
    return explicit != null ? explicit : baseUrl().resolve("/mcp");
  }

  public List<String> origins() {
    return list(allowedOrigins);
  }

  public ReturnToAllowList returnTo() {
    return returnTo(returnToAllowlist);
  }

  public int maxBytes() {
    return (int) Settings.wholeNumber(MAX_REQUEST_BYTES, maxRequestBytes, 1024, 64L * 1024 * 1024);
  }

  public int authRequestsPerMinute() {
    return (int) Settings.wholeNumber(AUTH_RATE_LIMIT, authRateLimitPerMinute, 1, 100_000);
  }

  private static ReturnToAllowList returnTo(String raw) {
    try {
      return new ReturnToAllowList(list(raw));
    } catch (IllegalArgumentException e) {
      throw new Settings.InvalidSetting(
          RETURN_TO_ALLOWLIST, "entries must be absolute http(s) URLs, optionally ending in *");
    }
  }

  private static List<String> list(String raw) {
    if (raw == null || raw.isBlank()) {
      return List.of();
    }
    return Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
