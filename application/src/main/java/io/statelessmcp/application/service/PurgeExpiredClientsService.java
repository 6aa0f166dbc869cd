package io.statelessmcp.application.service;

import io.statelessmcp.application.port.in.PurgeExpiredClients;
import io.statelessmcp.application.port.out.OAuthClientRegistry;
import java.time.Clock;
import reactor.core.publisher.Mono;

/** The registry's own rule: expired and no session names the client. */
public record PurgeExpiredClientsService(OAuthClientRegistry registry, Clock clock)
    implements PurgeExpiredClients {

  @Override
  public Mono<Integer> purge() {
    return Mono.defer(() -> registry.deleteExpired(clock.instant()));
  }
}
