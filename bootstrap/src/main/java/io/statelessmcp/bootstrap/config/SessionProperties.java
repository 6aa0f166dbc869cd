package io.statelessmcp.bootstrap.config;

import io.statelessmcp.domain.SessionPolicy;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Session settings, bound from {@code mcp.session.*}, which application.yaml fills from the
 * environment ({@code MCP_SESSION_TTL_HOURS} and friends). Raw strings, so that a bad value fails
 * with a message naming the environment variable.
 */
@ConfigurationProperties("mcp.session")
public record SessionProperties(
    String ttlHours,
    String absoluteLifetimeHours,
    String refreshSkewSeconds,
    String store,
    String encryptionKeys,
    String cacheSeconds) {

  public static final String TTL_HOURS = "MCP_SESSION_TTL_HOURS";
  public static final String ABSOLUTE_LIFETIME_HOURS = "MCP_SESSION_ABSOLUTE_LIFETIME_HOURS";
  public static final String REFRESH_SKEW_SECONDS = "MCP_SESSION_REFRESH_SKEW_SECONDS";
  public static final String STORE = "MCP_SESSION_STORE";
  public static final String CACHE_SECONDS = "MCP_SESSION_CACHE_SECONDS";

  public SessionProperties {
    policy(ttlHours, absoluteLifetimeHours, refreshSkewSeconds);
    storeKind(store);
    Settings.wholeNumber(CACHE_SECONDS, cacheSeconds, 0, 60);
  }

  /**
   * How long a replica may serve a session from memory; the bound on how late it sees a revocation
   * made on another replica. Zero turns the cache off.
   */
  public Duration cacheMaxAge() {
    return Duration.ofSeconds(Settings.wholeNumber(CACHE_SECONDS, cacheSeconds, 0, 60));
  }

  public SessionPolicy policy() {
    return policy(ttlHours, absoluteLifetimeHours, refreshSkewSeconds);
  }

  public StoreKind storeKind() {
    return storeKind(store);
  }

  private static SessionPolicy policy(String ttl, String absolute, String skew) {
    long ttlHours = Settings.wholeNumber(TTL_HOURS, ttl, 1, 8_760);
    long absoluteHours = Settings.wholeNumber(ABSOLUTE_LIFETIME_HOURS, absolute, 1, 87_600);
    long skewSeconds = Settings.wholeNumber(REFRESH_SKEW_SECONDS, skew, 0, 3_600);
    if (absoluteHours < ttlHours) {
      throw new Settings.InvalidSetting(
          ABSOLUTE_LIFETIME_HOURS,
          "must be at least " + TTL_HOURS + " (" + ttlHours + "); got " + absoluteHours);
    }
    return new SessionPolicy(
        Duration.ofHours(ttlHours),
        Duration.ofHours(absoluteHours),
        Duration.ofSeconds(skewSeconds));
  }

  /** Parses {@code MCP_SESSION_STORE}; also used by the conditions that pick the store beans. */
  public static StoreKind storeKind(String raw) {
    String value =
        raw == null || raw.isBlank() ? "postgres" : raw.trim().toLowerCase(java.util.Locale.ROOT);
    return switch (value) {
      case "postgres", "supabase" -> StoreKind.POSTGRES;
      case "memory" -> StoreKind.MEMORY;
      default ->
          throw new Settings.InvalidSetting(
              STORE, "must be 'postgres' or 'memory'; got '" + raw.trim() + "'");
    };
  }

  /** Where sessions live. */
  public enum StoreKind {
    POSTGRES,
    MEMORY
  }

  @Override
  public String toString() {
    return "SessionProperties[ttlHours="
        + ttlHours
        + ", store="
        + store
        + ", encryptionKeys=<redacted>]";
  }
}
