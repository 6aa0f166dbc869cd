package io.statelessmcp.adapter.in.http.mcp;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.statelessmcp.application.port.in.Principal;
import java.util.Map;
import reactor.core.publisher.Mono;

/** Who the server thinks the caller is, from the profile stored at login. */
public final class WhoAmITool implements McpTool {

  @Override
  public String name() {
    return "whoami";
  }

  @Override
  public String description() {
    return "Returns the signed-in user's id, email and name, and when their session expires.";
  }

  @Override
  public String title() {
    return "Who am I";
  }

  @Override
  public ToolHints hints() {
    return ToolHints.READ_ONLY;
  }

  @Override
  public Mono<ToolResult> call(ToolContext context, Map<String, Object> arguments) {
    Principal principal = context.principal();
    Identity body =
        new Identity(
            principal.userId().value(),
            principal.profile().email(),
            principal.profile().displayName(),
            principal.fold(session -> session.sessionId().value(), token -> null),
            principal.expiresAt().toString());
    return Mono.just(ToolResult.ok(ToolJson.write(body)));
  }

  record Identity(
      @JsonProperty("user_id") String userId,
      String email,
      String name,
      @JsonProperty("session_id") String sessionId,
      @JsonProperty("session_expires_at") String sessionExpiresAt) {}
}
