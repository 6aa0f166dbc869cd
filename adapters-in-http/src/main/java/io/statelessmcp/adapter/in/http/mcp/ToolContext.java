package io.statelessmcp.adapter.in.http.mcp;

import io.statelessmcp.application.port.in.Principal;
import io.statelessmcp.domain.UserId;
import java.util.Optional;

/** Who is calling a tool. */
public record ToolContext(Principal principal) {

  public UserId userId() {
    return principal.userId();
  }

  /**
   * The user's upstream (WorkOS) access token, already refreshed if it was about to expire. Empty
   * in resource-server mode, where the caller's own token must not be passed on.
   */
  public Optional<String> upstreamAccessToken() {
    return principal.fold(
        session -> Optional.of(session.upstreamAccessToken()), token -> Optional.empty());
  }

  @Override
  public String toString() {
    return "ToolContext[" + principal + "]";
  }
}
