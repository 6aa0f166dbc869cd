package io.statelessmcp.bootstrap.config;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * WorkOS settings, bound from {@code workos.*}. application.yaml fills them from {@code
 * WORKOS_CLIENT_ID}, {@code WORKOS_API_KEY}, {@code WORKOS_API_BASE_URL} and {@code
 * WORKOS_AUTHKIT_DOMAIN} (alias {@code FASTMCP_SERVER_AUTH_AUTHKITPROVIDER_AUTHKIT_DOMAIN}), and
 * the deadlines and circuit breaker timing from the {@code MCP_WORKOS_*} variables below.
 */
@ConfigurationProperties("workos")
public record WorkOsProperties(
    String clientId,
    String apiKey,
    String apiBaseUrl,
    String authkitDomain,
    String connectTimeoutMs,
    String timeoutMs,
    String callDeadlineMs,
    String breakerWindowSeconds,
    String breakerOpenSeconds) {

  public static final String API_BASE_URL = "WORKOS_API_BASE_URL";
  public static final String AUTHKIT_DOMAIN = "WORKOS_AUTHKIT_DOMAIN";
  public static final String CONNECT_TIMEOUT_MS = "MCP_WORKOS_CONNECT_TIMEOUT_MS";
  public static final String TIMEOUT_MS = "MCP_WORKOS_TIMEOUT_MS";
  public static final String CALL_DEADLINE_MS = "MCP_WORKOS_CALL_DEADLINE_MS";
  public static final String BREAKER_WINDOW_SECONDS = "MCP_WORKOS_BREAKER_WINDOW_SECONDS";
  public static final String BREAKER_OPEN_SECONDS = "MCP_WORKOS_BREAKER_OPEN_SECONDS";

  // At least 100 ms: a smaller value is almost surely seconds written into a milliseconds setting.
  private static final long MIN_MS = 100;

  public WorkOsProperties {
    Settings.httpUrl(API_BASE_URL, apiBaseUrl);
    Settings.httpUrl(AUTHKIT_DOMAIN, authkitDomain);
    connectTimeout(connectTimeoutMs);
    responseTimeout(timeoutMs);
    callDeadline(callDeadlineMs);
    breakerWindow(breakerWindowSeconds);
    breakerOpenWait(breakerOpenSeconds);
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

  /** TCP connect timeout of one attempt. */
  public Duration connectTimeout() {
    return connectTimeout(connectTimeoutMs);
  }

  /** How long one attempt waits for WorkOS's answer once the request is sent. */
  public Duration responseTimeout() {
    return responseTimeout(timeoutMs);
  }

  /** The most a whole call may take, connect retries included. */
  public Duration callDeadline() {
    return callDeadline(callDeadlineMs);
  }

  /** How far back the circuit breaker counts failures. */
  public Duration breakerWindow() {
    return breakerWindow(breakerWindowSeconds);
  }

  /** How long an open circuit fails fast before trial calls. */
  public Duration breakerOpenWait() {
    return breakerOpenWait(breakerOpenSeconds);
  }

  private static Duration connectTimeout(String raw) {
    return Duration.ofMillis(Settings.wholeNumber(CONNECT_TIMEOUT_MS, raw, MIN_MS, 60_000));
  }

  private static Duration responseTimeout(String raw) {
    return Duration.ofMillis(Settings.wholeNumber(TIMEOUT_MS, raw, MIN_MS, 300_000));
  }

  private static Duration callDeadline(String raw) {
    return Duration.ofMillis(Settings.wholeNumber(CALL_DEADLINE_MS, raw, MIN_MS, 600_000));
  }

  private static Duration breakerWindow(String raw) {
    return Duration.ofSeconds(Settings.wholeNumber(BREAKER_WINDOW_SECONDS, raw, 1, 3_600));
  }

  private static Duration breakerOpenWait(String raw) {
    return Duration.ofSeconds(Settings.wholeNumber(BREAKER_OPEN_SECONDS, raw, 1, 3_600));
  }

  @Override
  public String toString() {
    return "WorkOsProperties[clientId="
        + clientId
        + ", apiBaseUrl="
        + apiBaseUrl
        + ", authkitDomain="
        + authkitDomain
        + ", apiKey=<redacted>, connectTimeoutMs="
        + connectTimeoutMs
        + ", timeoutMs="
        + timeoutMs
        + ", callDeadlineMs="
        + callDeadlineMs
        + ", breakerWindowSeconds="
        + breakerWindowSeconds
        + ", breakerOpenSeconds="
        + breakerOpenSeconds
        + "]";
  }
}
