package io.statelessmcp.adapter.in.http.mcp;

import io.statelessmcp.application.port.in.Principal;
import java.util.LinkedHashMap;
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
  public Mono<ToolResult> call(ToolContext context, Map<String, Object> arguments) {
    Principal principal = context.principal();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("user_id", principal.userId().value());
    body.put("email", principal.profile().email());
    body.put("name", principal.profile().displayName());
    body.put("session_id", principal.fold(session -> session.sessionId().value(), token -> null));
    body.put("session_expires_at", principal.expiresAt().toString());
    return Mono.just(ToolResult.ok(ToolJson.write(body)));
  }
}
