package io.statelessmcp.adapter.out.workos;

import java.time.Duration;

/**
 * How Client ID Metadata Documents are fetched.
 *
 * @param loopbackAllowed a test aid ({@code MCP_OAUTH_CIMD_ALLOW_LOOPBACK}): documents may then be
 *     served over plain http from a loopback address; private and other addresses stay refused
 * @param connectTimeout TCP connect timeout
 * @param deadline the most a whole fetch may take, name resolution included
 * @param maxBytes the largest document accepted
 */
public record ClientMetadataDocumentSettings(
    boolean loopbackAllowed, Duration connectTimeout, Duration deadline, int maxBytes) {

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(5);
  public static final int DEFAULT_MAX_BYTES = 5 * 1024;

  public ClientMetadataDocumentSettings {
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("connectTimeout must be positive");
    }
    if (deadline.isNegative() || deadline.isZero()) {
      throw new IllegalArgumentException("deadline must be positive");
    }
    if (maxBytes < 256) {
      throw new IllegalArgumentException("maxBytes must be at least 256");
    }
  }

  public static ClientMetadataDocumentSettings defaults() {
    return new ClientMetadataDocumentSettings(
        false, DEFAULT_CONNECT_TIMEOUT, DEFAULT_DEADLINE, DEFAULT_MAX_BYTES);
  }

  public ClientMetadataDocumentSettings withLoopbackAllowed(boolean allowed) {
    return new ClientMetadataDocumentSettings(allowed, connectTimeout, deadline, maxBytes);
  }

  public ClientMetadataDocumentSettings withDeadline(Duration value) {
    return new ClientMetadataDocumentSettings(loopbackAllowed, connectTimeout, value, maxBytes);
  }
}
