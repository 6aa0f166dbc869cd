package io.statelessmcp.application.port.in;

import io.statelessmcp.domain.SessionId;
import io.statelessmcp.domain.UserId;
import io.statelessmcp.domain.UserProfile;
import java.time.Instant;

/**
 * Who is calling, as tools see it: the user, the public session id and the user's current upstream
 * access token. Never the session credential itself.
 *
 * @param sessionId null in resource-server mode, where a verified AuthKit token stands in for a
 *     session
 */
public record SessionPrincipal(
    UserId userId,
    SessionId sessionId,
    UserProfile profile,
    String upstreamAccessToken,
    Instant sessionExpiresAt) {

  @Override
  public String toString() {
    return "SessionPrincipal[userId="
        + userId
        + ", sessionId="
        + sessionId
        + ", sessionExpiresAt="
        + sessionExpiresAt
        + ", upstreamAccessToken=<redacted>]";
  }
}
