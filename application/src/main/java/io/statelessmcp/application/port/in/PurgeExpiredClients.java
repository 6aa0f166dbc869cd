package io.statelessmcp.application.port.in;

import reactor.core.publisher.Mono;

/**
 * Deletes what the authorization server keeps past its expiry, by the rules of the database's purge
 * function: OAuth clients that expired unused (no session names them), and expired authorization
 * codes, access tokens and consents. Without it (or {@code pg_cron}) these would stay until their
 * session goes.
 */
public interface PurgeExpiredClients {

  /** Emits how many of each were deleted. */
  Mono<PurgeReport> purge();

  record PurgeReport(
      int authorizationCodesDeleted,
      int accessTokensDeleted,
      int consentsDeleted,
      int clientsDeleted) {

    public int total() {
      return authorizationCodesDeleted + accessTokensDeleted + consentsDeleted + clientsDeleted;
    }
  }
}
