package io.statelessmcp.domain;

/**
 * Where a login came from, for the user's own list of sessions. User agent and address are
 * truncated and never trusted.
 *
 * @param oauthClientId the OAuth client the session (then a grant) was issued to; null for a login
 *     at {@code /auth/login}
 */
public record ClientMetadata(String userAgent, String ip, String oauthClientId) {

  public static final int MAX_USER_AGENT = 512;
  public static final int MAX_IP = 64;

  public ClientMetadata {
    userAgent = truncate(userAgent, MAX_USER_AGENT);
    ip = truncate(ip, MAX_IP);
  }

  public ClientMetadata(String userAgent, String ip) {
    this(userAgent, ip, null);
  }

  public static ClientMetadata unknown() {
    return new ClientMetadata(null, null);
  }

  /** The same browser or program, now as the holder of a grant to {@code clientId}. */
  public ClientMetadata grantedTo(String clientId) {
    return new ClientMetadata(userAgent, ip, clientId);
  }

  private static String truncate(String value, int max) {
    if (value == null || value.isBlank()) {
      return null;
    }
    return value.length() <= max ? value : value.substring(0, max);
  }
}
