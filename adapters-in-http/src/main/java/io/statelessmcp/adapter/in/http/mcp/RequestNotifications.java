package io.statelessmcp.adapter.in.http.mcp;

import io.modelcontextprotocol.spec.McpSchema;
import io.statelessmcp.domain.LogLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * A request's notifications on its {@link ResponseChannel}. The level the client set is read once,
 * when the request first logs (most requests never do), and messages wait for it in order; the
 * result waits for them ({@link #settled()}).
 */
final class RequestNotifications implements Notifications {

  private record Message(LogLevel level, String logger, String data) {}

  private final ResponseChannel channel;
  private final Supplier<Mono<LogLevel>> levelLookup;
  private final List<Message> waiting = new ArrayList<>();
  private Mono<LogLevel> level;
  private LogLevel minimum;

  RequestNotifications(ResponseChannel channel, Supplier<Mono<LogLevel>> levelLookup) {
    this.channel = channel;
    this.levelLookup = levelLookup;
  }

  @Override
  public void progress(Object token, double progress, Double total, String message) {
    channel.send(
        new McpSchema.JSONRPCNotification(
            McpSchema.JSONRPC_VERSION,
            McpSchema.METHOD_NOTIFICATION_PROGRESS,
            new McpSchema.ProgressNotification(token, progress, total, message, null)));
  }

  @Override
  public void log(LogLevel messageLevel, String logger, String data) {
    if (!channel.mayStream() || messageLevel == null || data == null) {
      return;
    }
    Mono<LogLevel> lookup = null;
    synchronized (this) {
      if (minimum != null) {
        if (minimum.admits(messageLevel)) {
          send(new Message(messageLevel, logger, data));
        }
        return;
      }
      waiting.add(new Message(messageLevel, logger, data));
      if (level == null) {
        level =
            Mono.defer(levelLookup)
                .onErrorReturn(LogLevel.DEFAULT)
                .defaultIfEmpty(LogLevel.DEFAULT)
                .doOnNext(this::release)
                .cache();
        lookup = level;
      }
    }
    if (lookup != null) {
      lookup.subscribe();
    }
  }

  /** Completes once every message logged so far has been sent or dropped. */
  synchronized Mono<Void> settled() {
    return level == null ? Mono.empty() : level.then();
  }

  private synchronized void release(LogLevel set) {
    minimum = set;
    for (Message message : waiting) {
      if (set.admits(message.level())) {
        send(message);
      }
    }
    waiting.clear();
  }

  private void send(Message message) {
    channel.send(
        new McpSchema.JSONRPCNotification(
            McpSchema.JSONRPC_VERSION,
            McpSchema.METHOD_NOTIFICATION_MESSAGE,
            new McpSchema.LoggingMessageNotification(
                McpSchema.LoggingLevel.valueOf(message.level().name()),
                message.logger(),
                message.data(),
                null)));
  }
}
