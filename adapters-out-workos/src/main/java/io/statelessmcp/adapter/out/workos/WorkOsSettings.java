package io.statelessmcp.adapter.out.workos;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach WorkOS User Management. {@link #toString()} never shows the API key.
 *
 * @param apiBaseUrl {@code https://api.workos.com}, or a fake's loopback URL in tests
 * @param clientId the WorkOS client id ({@code client_...})
 * @param apiKey the WorkOS API key ({@code sk_...}), sent as {@code client_secret}
 * @param connectTimeout TCP connect timeout of one attempt
 * @param responseTimeout how long one attempt waits for WorkOS to answer once the request was sent
 * @param callDeadline the most one call (a code exchange or a refresh) may take, connect retries
 *     and their backoff included; when it is shorter than the timeouts it wins
 */
public record WorkOsSettings(
    URI apiBaseUrl,
    String clientId,
    String apiKey,
    Duration connectTimeout,
    Duration responseTimeout,
    Duration callDeadline) {

  public static final URI DEFAULT_API_BASE_URL = URI.create("https://api.workos.com");
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
  public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(5);

  /**
   * Room for one slow attempt (2 s + 5 s) or three refused connects with their backoff, while a
   * user waiting on the login callback gets an answer within 10 s.
   */
  public static final Duration DEFAULT_CALL_DEADLINE = Duration.ofSeconds(10);

  public WorkOsSettings {
    Objects.requireNonNull(apiBaseUrl, "WorkOS API base URL");
    if (!apiBaseUrl.isAbsolute()
        || !("https".equals(apiBaseUrl.getScheme()) || "http".equals(apiBaseUrl.getScheme()))
        || apiBaseUrl.getHost() == null) {
      throw new IllegalArgumentException(
          "WorkOS API base URL must be an absolute http(s) URL, got " + apiBaseUrl);
    }
    if (clientId == null || clientId.isBlank()) {
      throw new IllegalArgumentException("WORKOS_CLIENT_ID must be set");
    }
    if (apiKey == null || apiKey.isBlank()) {
      throw new IllegalArgumentException("WORKOS_API_KEY must be set");
    }
    requirePositive(connectTimeout, "connect timeout");
    requirePositive(responseTimeout, "response timeout");
    requirePositive(callDeadline, "call deadline");
    clientId = clientId.strip();
    apiKey = apiKey.strip();
  }

  /**
   * Production timeouts (connect 2 s, response 5 s, whole call 10 s). A null base URL means
   * api.workos.com.
   */
  public static WorkOsSettings of(URI apiBaseUrl, String clientId, String apiKey) {
    return new WorkOsSettings(
        apiBaseUrl == null ? DEFAULT_API_BASE_URL : apiBaseUrl,
        clientId,
        apiKey,
        DEFAULT_CONNECT_TIMEOUT,
        DEFAULT_RESPONSE_TIMEOUT,
        DEFAULT_CALL_DEADLINE);
  }

  public WorkOsSettings withTimeouts(Duration connect, Duration response, Duration deadline) {
    return new WorkOsSettings(apiBaseUrl, clientId, apiKey, connect, response, deadline);
  }

  /** The base URL without a trailing slash, so paths can be appended. */
  String baseUrl() {
    String url = apiBaseUrl.toString();
    while (url.endsWith("/")) {
      url = url.substring(0, url.length() - 1);
    }
    return url;
  }

  @Override
  public String toString() {
    return "WorkOsSettings[apiBaseUrl="
        + apiBaseUrl
        + ", clientId="
        + clientId
        + ", apiKey=<redacted>, connectTimeout="
        + connectTimeout
        + ", responseTimeout="
        + responseTimeout
        + ", callDeadline="
        + callDeadline
        + "]";
  }

  static void requirePositive(Duration duration, String what) {
    if (duration == null || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(what + " must be positive");
    }
  }
}
