package io.statelessmcp.bootstrap.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The in-app cleanup of expired sessions, bound from {@code mcp.purge.*} (filled from {@code
 * MCP_PURGE_ENABLED}, {@code MCP_PURGE_INTERVAL_SECONDS}, {@code MCP_PURGE_BATCH_SIZE}).
 */
@ConfigurationProperties("mcp.purge")
public record PurgeProperties(String enabled, String intervalSeconds, String batchSize) {

  public static final String ENABLED = "MCP_PURGE_ENABLED";
  public static final String INTERVAL_SECONDS = "MCP_PURGE_INTERVAL_SECONDS";
  public static final String BATCH_SIZE = "MCP_PURGE_BATCH_SIZE";

  public PurgeProperties {
    Settings.flag(ENABLED, enabled);
    Settings.wholeNumber(INTERVAL_SECONDS, intervalSeconds, 1, 86_400);
    Settings.wholeNumber(BATCH_SIZE, batchSize, 1, 100_000);
  }

  public boolean isEnabled() {
    return Settings.flag(ENABLED, enabled);
  }

  public Duration interval() {
    return Duration.ofSeconds(Settings.wholeNumber(INTERVAL_SECONDS, intervalSeconds, 1, 86_400));
  }

  public int batch() {
    return (int) Settings.wholeNumber(BATCH_SIZE, batchSize, 1, 100_000);
  }
}
