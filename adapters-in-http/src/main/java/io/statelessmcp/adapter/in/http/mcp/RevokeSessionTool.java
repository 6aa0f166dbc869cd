package io.statelessmcp.adapter.in.http.mcp;

import io.statelessmcp.application.port.in.RevokeMySession;
import io.statelessmcp.domain.SessionId;
import java.util.Map;
import reactor.core.publisher.Mono;

/** Ends one of the caller's sessions. Another user's session is invisible to the caller. */
public final class RevokeSessionTool implements McpTool {

  private final RevokeMySession revokeMySession;

  public RevokeSessionTool(RevokeMySession revokeMySession) {
    this.revokeMySession = revokeMySession;
  }

  @Override
  public String name() {
    return "revoke_session";
  }

  @Override
  public String description() {
    return "Revokes one of your sessions by its public id (from list_my_sessions). Revoking the"
        + " session you are using logs this client out.";
  }

  @Override
  public String title() {
    return "Revoke a session";
  }

  /** Ends a session for good; revoking it again changes nothing more. */
  @Override
  public ToolHints hints() {
    return new ToolHints(false, true, true, false);
  }

  @Override
  public String inputSchema() {
    return """
        {"type":"object","properties":{"session_id":{"type":"string",\
        "description":"public id of the session, as list_my_sessions shows it"}},\
        "required":["session_id"],"additionalProperties":false}""";
  }

  @Override
  public Mono<ToolResult> call(ToolContext context, Map<String, Object> arguments) {
    Object raw = arguments == null ? null : arguments.get("session_id");
    if (!(raw instanceof String value) || !SessionId.isWellFormed(value)) {
      return Mono.just(ToolResult.error("session_id must be a session's public id"));
    }
    SessionId id = new SessionId(value);
    return revokeMySession
        .revoke(context.principal(), id)
        .map(
            revoked ->
                revoked
                    ? ToolResult.ok("revoked session " + id.value())
                    : ToolResult.error("no active session of yours has the id " + id.value()));
  }
}
