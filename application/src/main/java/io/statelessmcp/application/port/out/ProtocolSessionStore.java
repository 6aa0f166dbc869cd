package io.statelessmcp.application.port.out;

import io.statelessmcp.domain.LogLevel;
import io.statelessmcp.domain.SessionId;
import io.statelessmcp.domain.UserId;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where MCP protocol sessions keep what outlives a request, shared by every replica: the log level,
 * stored with the session of ours the protocol session runs under (it goes when that session goes),
 * and a channel on which cancellations are announced.
 */
public interface ProtocolSessionStore {

  /** Inserts or replaces the protocol session's log level. */
  Mono<Void> saveLogLevel(SessionId session, UserId user, String protocolSessionId, LogLevel level);

  /** The stored level of this user's protocol session; empty when none was set. */
  Mono<LogLevel> findLogLevel(UserId user, String protocolSessionId);

  /** Announces a cancelled request to every replica; best effort. */
  Mono<Void> announceCancellation(String requestKey);

  /** Every announced key, as heard; never completes while the store is open. */
  Flux<String> cancellations();
}
