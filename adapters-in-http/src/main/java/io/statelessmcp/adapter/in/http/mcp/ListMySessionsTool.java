package io.statelessmcp.adapter.in.http.mcp;

import io.statelessmcp.application.port.in.ListMySessions;
import io.statelessmcp.domain.SessionSummary;
import java.util.LinkedHashMap;
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
  public Mono<ToolResult> call(ToolContext context, Map<String, Object> arguments) {
    return listMySessions
        .list(context.principal())
        .map(ListMySessionsTool::describe)
        .collectList()
        .map(
            sessions -> {
              Map<String, Object> body = new LinkedHashMap<>();
              body.put("sessions", sessions);
              return ToolResult.ok(ToolJson.write(body));
            });
  }

  private static Map<String, Object> describe(SessionSummary summary) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("session_id", summary.id().value());
    row.put("created_at", summary.createdAt().toString());
    row.put("last_seen_at", summary.lastSeenAt().toString());
    row.put("expires_at", summary.expiresAt().toString());
    row.put("user_agent", summary.userAgent());
    return row;
  }
}
