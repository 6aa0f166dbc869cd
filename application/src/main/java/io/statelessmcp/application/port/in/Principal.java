package io.statelessmcp.application.port.in;

import io.statelessmcp.domain.UserId;
import io.statelessmcp.domain.UserProfile;
import java.time.Instant;
import java.util.function.Function;

/**
 * Who is calling, as {@link Authenticate} established it: a session of this server, or a verified
 * token issued by someone else. Never the presented credential itself.
 */
public sealed interface Principal permits SessionPrincipal, TokenPrincipal {

  UserId userId();

  UserProfile profile();

  /** When this principal stops being accepted unless it is used again (a session slides). */
  Instant expiresAt();

  /** Handles each kind; adding a kind breaks every caller at compile time, as it should. */
  <T> T fold(Function<SessionPrincipal, T> session, Function<TokenPrincipal, T> token);
}
