package io.statelessmcp.bootstrap.config;

import java.time.Duration;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who authorizes MCP clients, and how this server does when it is the authorization server; bound
 * from {@code mcp.oauth.*} (filled from {@code MCP_AUTH_MODE}, {@code
 * MCP_OAUTH_ACCESS_TOKEN_TTL_SECONDS}, {@code MCP_OAUTH_CONSENT_DAYS} and {@code
 * MCP_OAUTH_CIMD_ALLOW_LOOPBACK}).
 */
@ConfigurationProperties("mcp.oauth")
public record OAuthProperties(
    String authMode, String accessTokenTtlSeconds, String consentDays, String cimdAllowLoopback) {

  public static final String AUTH_MODE = "MCP_AUTH_MODE";
  public static final String ACCESS_TOKEN_TTL_SECONDS = "MCP_OAUTH_ACCESS_TOKEN_TTL_SECONDS";
  public static final String CONSENT_DAYS = "MCP_OAUTH_CONSENT_DAYS";
  public static final String CIMD_ALLOW_LOOPBACK = "MCP_OAUTH_CIMD_ALLOW_LOOPBACK";

  /** The Spring property that application.yaml fills from {@link #AUTH_MODE}. */
  static final String AUTH_MODE_PROPERTY = "mcp.oauth.auth-mode";

  public OAuthProperties {
    authMode(authMode, false, false);
    accessTokenLifetime(accessTokenTtlSeconds);
    consentLifetime(consentDays);
    Settings.flag(CIMD_ALLOW_LOOPBACK, cimdAllowLoopback);
  }

  /**
   * The mode, the default following from who signs users in and whether AuthKit is named (see
   * {@link #authMode}).
   */
  public AuthMode mode(LoginProvider login, WorkOsProperties workOs) {
    return authMode(authMode, login.signsUsersIn(), workOs.authkit() != null);
  }

  /** How long an access token of this server lives: one hour unless set (1 minute to 1 day). */
  public Duration accessTokenLifetime() {
    return accessTokenLifetime(accessTokenTtlSeconds);
  }

  /** How long a browser's consent to a client is remembered: 30 days unless set; 0 asks always. */
  public Duration consentLifetime() {
    return consentLifetime(consentDays);
  }

  private static Duration accessTokenLifetime(String raw) {
    return Duration.ofSeconds(
        raw == null || raw.isBlank()
            ? 3600
            : Settings.wholeNumber(ACCESS_TOKEN_TTL_SECONDS, raw, 60, 86_400));
  }

  private static Duration consentLifetime(String raw) {
    return Duration.ofDays(
        raw == null || raw.isBlank() ? 30 : Settings.wholeNumber(CONSENT_DAYS, raw, 0, 365));
  }

  /** The test aid: Client ID Metadata Documents may be served over http from loopback. */
  public boolean cimdLoopbackAllowed() {
    return Settings.flag(CIMD_ALLOW_LOOPBACK, cimdAllowLoopback);
  }

  /**
   * Parses {@code MCP_AUTH_MODE}; also used by the condition that registers the OAuth beans. When
   * it is not set, this server is the authorization server ({@code proxy}) as soon as it can sign
   * users in (through WorkOS, or the development sign-in), unless {@code WORKOS_AUTHKIT_DOMAIN}
   * asks for resource-server mode.
   */
  public static AuthMode authMode(String raw, boolean signsUsersIn, boolean authKitDomain) {
    if (raw == null || raw.isBlank()) {
      return signsUsersIn && !authKitDomain ? AuthMode.PROXY : AuthMode.AUTHKIT;
    }
    String value = raw.trim().toLowerCase(Locale.ROOT);
    return switch (value) {
      case "authkit" -> AuthMode.AUTHKIT;
      case "proxy" -> AuthMode.PROXY;
      default ->
          throw new Settings.InvalidSetting(
              AUTH_MODE, "must be 'authkit' or 'proxy'; got '" + raw.trim() + "'");
    };
  }

  /** Who authorizes MCP clients. */
  public enum AuthMode {
    /**
     * Today's behaviour: logins at {@code /auth/login}, and with {@code WORKOS_AUTHKIT_DOMAIN}
     * AuthKit is the authorization server and this server a resource server.
     */
    AUTHKIT,
    /**
     * This server is the OAuth 2.1 authorization server of its MCP clients, in front of AuthKit:
     * discovery, registration, {@code /authorize} with consent, {@code /token}, {@code /revoke}.
     */
    PROXY
  }
}
