package io.statelessmcp.adapter.out.supabase;

import io.statelessmcp.application.port.out.ProtocolSessionStore;
import io.statelessmcp.domain.LogLevel;
import io.statelessmcp.domain.SessionId;
import io.statelessmcp.domain.UserId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Protocol sessions in process memory, for {@code MCP_SESSION_STORE=memory} (one replica): levels
 * in a bounded map (the least recently used go first), cancellations heard by this process only.
 */
public final class InMemoryProtocolSessions implements ProtocolSessionStore {

  static final int MAX_LEVELS = 100_000;

  private record Key(UserId user, String protocolSessionId) {}

  private final Map<Key, LogLevel> levels =
      Collections.synchronizedMap(
          new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, LogLevel> eldest) {
              return size() > MAX_LEVELS;
            }
          });

  private final Sinks.Many<String> cancellations = Sinks.many().multicast().directBestEffort();

  @Override
  public Mono<Void> saveLogLevel(
      SessionId session, UserId user, String protocolSessionId, LogLevel level) {
    return Mono.fromRunnable(() -> levels.put(new Key(user, protocolSessionId), level));
  }

  @Override
  public Mono<LogLevel> findLogLevel(UserId user, String protocolSessionId) {
    return Mono.fromSupplier(() -> levels.get(new Key(user, protocolSessionId)));
  }

  @Override
  public Mono<Void> announceCancellation(String requestKey) {
    return Mono.fromRunnable(() -> CancellationSink.emit(cancellations, requestKey));
  }

  @Override
  public Flux<String> cancellations() {
    return cancellations.asFlux();
  }

  @Override
  public String toString() {
    return "InMemoryProtocolSessions[levels=" + levels.size() + "]";
  }
}
