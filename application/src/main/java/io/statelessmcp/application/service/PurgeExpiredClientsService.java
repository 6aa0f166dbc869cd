package io.statelessmcp.application.service;

import io.statelessmcp.application.port.in.PurgeExpiredClients;
import io.statelessmcp.application.port.out.AuthorizationCodes;
import io.statelessmcp.application.port.out.Consents;
import io.statelessmcp.application.port.out.GrantTokens;
import io.statelessmcp.application.port.out.OAuthClientRegistry;
import java.time.Clock;
import java.time.Instant;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Each store's own rule at one instant, one statement after the other in the order of the
 * database's purge function: codes, access tokens and consents before the clients they cascade
 * from, so each expired row is counted as what it is.
 */
public record PurgeExpiredClientsService(
    OAuthClientRegistry registry,
    AuthorizationCodes codes,
    GrantTokens tokens,
    Consents consents,
    Clock clock)
    implements PurgeExpiredClients {

  @Override
  public Mono<PurgeReport> purge() {
    return Mono.defer(
        () -> {
          Instant now = clock.instant();
          return Flux.concat(
                  codes.deleteExpired(now),
                  tokens.deleteExpiredAccessTokens(now),
                  consents.deleteExpired(now),
                  registry.deleteExpired(now))
              .collectList()
              .map(
                  deleted ->
                      new PurgeReport(
                          deleted.get(0), deleted.get(1), deleted.get(2), deleted.get(3)));
        });
  }
}
