package io.statelessmcp.application.service;

import io.statelessmcp.application.failure.ClientRejected;
import io.statelessmcp.application.port.in.RegisterClient;
import io.statelessmcp.application.port.out.OAuthClientRegistry;
import io.statelessmcp.domain.InvalidClientMetadata;
import io.statelessmcp.domain.OAuthClient;
import io.statelessmcp.domain.OAuthClientMetadata;
import java.time.Clock;
import reactor.core.publisher.Mono;

/** Registers public clients; the rules are {@link OAuthClientMetadata}'s. */
public record RegisterClientService(OAuthClientRegistry registry, Clock clock)
    implements RegisterClient {

  @Override
  public Mono<OAuthClient> register(Command command) {
    return Mono.defer(
        () -> {
          OAuthClientMetadata metadata;
          try {
            metadata = command.metadata();
          } catch (InvalidClientMetadata e) {
            return Mono.error(
                ClientRejected.invalidMetadata(e.concernsRedirectUris(), e.getMessage()));
          }
          return registry.register(OAuthClient.registered(metadata, clock.instant()));
        });
  }
}
