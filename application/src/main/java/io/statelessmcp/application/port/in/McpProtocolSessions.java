package io.statelessmcp.application.port.in;

import io.statelessmcp.domain.LogLevel;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What an MCP protocol session (one client's {@code Mcp-Session-Id}) keeps beyond a single request,
 * for every replica: the log level its client set, and word of the requests it cancelled. The
 * caller owns the protocol session; the HTTP adapter issues and checks the ids.
 */
public interface McpProtocolSessions {

  /** Remembers the least severe level the client wants to receive. */
  Mono<Void> setLogLevel(Principal caller, String protocolSessionId, LogLevel level);

  /** The level the client set for this protocol session, or {@link LogLevel#DEFAULT}. */
  Mono<LogLevel> logLevel(Principal caller, String protocolSessionId);

  /**
   * Tells every replica that the request with this key was cancelled. The key is opaque and holds
   * nothing secret; the adapter derives it from the caller, the protocol session and the request.
   */
  Mono<Void> announceCancellation(String requestKey);

  /** The keys of cancelled requests, as any replica (this one included) announces them. */
  Flux<String> cancellations();
}
