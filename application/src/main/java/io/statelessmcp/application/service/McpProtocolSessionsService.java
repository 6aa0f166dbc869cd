package io.statelessmcp.application.service;

import io.statelessmcp.application.port.in.McpProtocolSessions;
import io.statelessmcp.application.port.in.Principal;
import io.statelessmcp.application.port.out.ProtocolSessionStore;
import io.statelessmcp.domain.LogLevel;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Log levels live in the store beside the caller's session, so any replica honours a level set on
 * another. A caller with a foreign token (resource-server mode) has no session row to hang the
 * level on: its level is kept in this replica's memory, bounded, and other replicas use the
 * default.
 */
public final class McpProtocolSessionsService implements McpProtocolSessions {

  static final int MAX_TOKEN_LEVELS = 10_000;

  private final ProtocolSessionStore store;

  private final Map<String, LogLevel> tokenCallerLevels =
      Collections.synchronizedMap(
          new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, LogLevel> eldest) {
              return size() > MAX_TOKEN_LEVELS;
            }
          });

  public McpProtocolSessionsService(ProtocolSessionStore store) {
    this.store = store;
  }

  @Override
  public Mono<Void> setLogLevel(Principal caller, String protocolSessionId, LogLevel level) {
    return caller.fold(
        session ->
            store.saveLogLevel(session.sessionId(), caller.userId(), protocolSessionId, level),
        token ->
            Mono.fromRunnable(
                () -> tokenCallerLevels.put(memoryKey(caller, protocolSessionId), level)));
  }

  @Override
  public Mono<LogLevel> logLevel(Principal caller, String protocolSessionId) {
    Mono<LogLevel> stored =
        caller.fold(
            session -> store.findLogLevel(caller.userId(), protocolSessionId),
            token ->
                Mono.fromSupplier(
                    () -> tokenCallerLevels.get(memoryKey(caller, protocolSessionId))));
    return stored.defaultIfEmpty(LogLevel.DEFAULT);
  }

  @Override
  public Mono<Void> announceCancellation(String requestKey) {
    return store.announceCancellation(requestKey);
  }

  @Override
  public Flux<String> cancellations() {
    return store.cancellations();
  }

  private static String memoryKey(Principal caller, String protocolSessionId) {
    return caller.userId().value() + '\n' + protocolSessionId;
  }
}
