package io.statelessmcp.adapter.in.http.mcp;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.statelessmcp.application.port.in.ListMySessions;
import io.statelessmcp.domain.SessionSummary;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/** The caller's active sessions, read as the caller so the database enforces ownership. */
public final class ListMySessionsTool implements McpTool {

  private final ListMySessions listMySessions;

  public ListMySessionsTool(ListMySessions listMySessions) {
    this.listMySessions = listMySessions;
  }

  @Override
  public String name() {
    return "list_my_sessions";
  }

  @Override
  public String description() {
    return "Lists your active sessions on this server: public id, created, last seen, expiry and"
        + " client. Use revoke_session to end one.";
  }

  @Override
  public String title() {
    return "List my sessions";
  }

  @Override
  public ToolHints hints() {
    return ToolHints.READ_ONLY;
  }

  @Override
  public Mono<ToolResult> call(ToolContext context, Map<String, Object> arguments) {
    return listMySessions
        .list(context.principal())
        .map(ListMySessionsTool::describe)
        .collectList()
        .map(sessions -> ToolResult.ok(ToolJson.write(new Sessions(sessions))));
  }

  private static Listed describe(SessionSummary summary) {
    return new Listed(
        summary.id().value(),
        summary.createdAt().toString(),
        summary.lastSeenAt().toString(),
        summary.expiresAt().toString(),
        summary.userAgent(),
        summary.clientName());
  }

  record Sessions(List<Listed> sessions) {}

  record Listed(
      @JsonProperty("session_id") String sessionId,
      @JsonProperty("created_at") String createdAt,
      @JsonProperty("last_seen_at") String lastSeenAt,
      @JsonProperty("expires_at") String expiresAt,
      @JsonProperty("user_agent") String userAgent,
      /** The OAuth client the session was granted to; absent for a browser login. */
      @JsonProperty("client") String client) {}
}
