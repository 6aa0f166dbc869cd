package io.statelessmcp.application.port.in;

import io.statelessmcp.domain.Required;
import io.statelessmcp.domain.SessionId;
import io.statelessmcp.domain.UserId;
import io.statelessmcp.domain.UserProfile;
import java.time.Instant;
import java.util.function.Function;

/**
 * A caller with a session of this server: the user, the public session id and the user's current
 * upstream access token.
 */
public record SessionPrincipal(
    UserId userId,
    SessionId sessionId,
    UserProfile profile,
    String upstreamAccessToken,
    Instant expiresAt)
    implements Principal {

  public SessionPrincipal {
    Required.nonNull(userId, sessionId, profile, upstreamAccessToken, expiresAt);
  }

  @Override
  public <T> T fold(Function<SessionPrincipal, T> session, Function<TokenPrincipal, T> token) {
    return session.apply(this);
  }

  @Override
  public String toString() {
    return "SessionPrincipal[userId="
        + userId
        + ", sessionId="
        + sessionId
        + ", expiresAt="
        + expiresAt
        + ", upstreamAccessToken=<redacted>]";
  }
}
