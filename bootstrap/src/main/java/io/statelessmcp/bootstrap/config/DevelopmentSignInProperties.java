package io.statelessmcp.bootstrap.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The development sign-in's one setting, bound from {@code mcp.dev-sign-in.*} (filled from {@code
 * MCP_DEV_SIGN_IN_ALLOW_LOOPBACK_DB}). When the sign-in is on is {@link LoginProvider}'s rule.
 */
@ConfigurationProperties("mcp.dev-sign-in")
public record DevelopmentSignInProperties(String allowLoopbackDatabase) {

  /**
   * A test aid: the development sign-in also with a {@code SUPABASE_DB_URL} on this machine, such
   * as the test suite's PostgreSQL. Refused with any other database.
   */
  public static final String ALLOW_LOOPBACK_DB = "MCP_DEV_SIGN_IN_ALLOW_LOOPBACK_DB";

  /** The Spring property that application.yaml fills from {@link #ALLOW_LOOPBACK_DB}. */
  static final String ALLOW_LOOPBACK_DB_PROPERTY = "mcp.dev-sign-in.allow-loopback-database";

  public DevelopmentSignInProperties {
    Settings.flag(ALLOW_LOOPBACK_DB, allowLoopbackDatabase);
  }

  public boolean loopbackDatabaseAllowed() {
    return Settings.flag(ALLOW_LOOPBACK_DB, allowLoopbackDatabase);
  }
}
