package io.statelessmcp.adapter.in.http.mcp;

import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import io.statelessmcp.domain.LogLevel;

/**
 * Notifications on the legacy SSE transport, through the SDK's session: it keeps the level the
 * client set (in this replica, where the SSE stream lives) and filters by it.
 */
final class ExchangeNotifications implements Notifications {

  private final McpAsyncServerExchange exchange;

  ExchangeNotifications(McpAsyncServerExchange exchange) {
    this.exchange = exchange;
  }

  @Override
  public void progress(Object token, double progress, Double total, String message) {
    exchange
        .progressNotification(
            new McpSchema.ProgressNotification(token, progress, total, message, null))
        .subscribe(ignored -> {}, error -> {});
  }

  @Override
  public void log(LogLevel level, String logger, String data) {
    if (level == null || data == null) {
      return;
    }
    exchange
        .loggingNotification(
            new McpSchema.LoggingMessageNotification(
                McpSchema.LoggingLevel.valueOf(level.name()), logger, data, null))
        .subscribe(ignored -> {}, error -> {});
  }
}
