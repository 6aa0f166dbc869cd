package io.statelessmcp.domain;

/** Where a login came from, for the user's own list of sessions. Truncated, never trusted. */
public record ClientMetadata(String userAgent, String ip) {

  public static final int MAX_USER_AGENT = 512;
  public static final int MAX_IP = 64;

  public ClientMetadata {
    userAgent = truncate(userAgent, MAX_USER_AGENT);
    ip = truncate(ip, MAX_IP);
  }

  public static ClientMetadata unknown() {
    return new ClientMetadata(null, null);
  }

  private static String truncate(String value, int max) {
    if (value == null || value.isBlank()) {
      return null;
    }
    return value.length() <= max ? value : value.substring(0, max);
  }
}
