package io.statelessmcp.application.port.in;

import io.statelessmcp.domain.UserId;
import io.statelessmcp.domain.UserProfile;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;

/**
 * A caller with a verified access token that this server did not issue (an AuthKit token in
 * resource-server mode). There is no session of ours and no upstream token: the caller's own token
 * is never passed downstream.
 */
public record TokenPrincipal(UserId userId, UserProfile profile, Instant expiresAt)
    implements Principal {

  public TokenPrincipal {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(expiresAt, "expiresAt");
    profile = profile == null ? UserProfile.empty() : profile;
  }

  @Override
  public <T> T fold(Function<SessionPrincipal, T> session, Function<TokenPrincipal, T> token) {
    return token.apply(this);
  }
}
