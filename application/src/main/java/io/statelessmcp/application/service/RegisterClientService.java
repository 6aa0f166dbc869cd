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
            metadata =
                new OAuthClientMetadata(
                    command.redirectUris(),
                    command.clientName(),
                    command.clientUri(),
                    command.logoUri(),
                    command.scope(),
                    command.grantTypes(),
                    command.responseTypes(),
                    command.tokenEndpointAuthMethod());
          } catch (InvalidClientMetadata e) {
            return Mono.error(rejection(e));
          }
          return registry.register(OAuthClient.registered(metadata, clock.instant()));
        });
  }

  static ClientRejected rejection(InvalidClientMetadata e) {
    return new ClientRejected(
        e.concernsRedirectUris()
            ? ClientRejected.Reason.INVALID_REDIRECT_URI
            : ClientRejected.Reason.INVALID_CLIENT_METADATA,
        e.getMessage());
  }
}
