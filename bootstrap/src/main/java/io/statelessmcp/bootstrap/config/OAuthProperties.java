package io.statelessmcp.bootstrap.config;

import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who authorizes MCP clients, bound from {@code mcp.oauth.*} (filled from {@code MCP_AUTH_MODE} and
 * {@code MCP_OAUTH_CIMD_ALLOW_LOOPBACK}).
 */
@ConfigurationProperties("mcp.oauth")
public record OAuthProperties(String authMode, String cimdAllowLoopback) {

  public static final String AUTH_MODE = "MCP_AUTH_MODE";
  public static final String CIMD_ALLOW_LOOPBACK = "MCP_OAUTH_CIMD_ALLOW_LOOPBACK";

  /** The Spring property that application.yaml fills from {@link #AUTH_MODE}. */
  static final String AUTH_MODE_PROPERTY = "mcp.oauth.auth-mode";

  public OAuthProperties {
    authMode(authMode);
    Settings.flag(CIMD_ALLOW_LOOPBACK, cimdAllowLoopback);
  }

  public AuthMode mode() {
    return authMode(authMode);
  }

  /** The test aid: Client ID Metadata Documents may be served over http from loopback. */
  public boolean cimdLoopbackAllowed() {
    return Settings.flag(CIMD_ALLOW_LOOPBACK, cimdAllowLoopback);
  }

  /** Parses {@code MCP_AUTH_MODE}; also used by the condition that registers the OAuth beans. */
  public static AuthMode authMode(String raw) {
    String value = raw == null || raw.isBlank() ? "authkit" : raw.trim().toLowerCase(Locale.ROOT);
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
     * This server is the OAuth authorization server in front of AuthKit. So far registration and
     * discovery only; authorization and tokens come next.
     */
    PROXY
  }
}
