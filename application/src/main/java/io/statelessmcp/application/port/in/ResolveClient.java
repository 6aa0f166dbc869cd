package io.statelessmcp.application.port.in;

import io.statelessmcp.domain.OAuthClient;
import reactor.core.publisher.Mono;

/** Finds the client a {@code client_id} names, for an authorization about to be made. */
public interface ResolveClient {

  /**
   * A registered client, or the client described by the metadata document at the URL that is its
   * {@code client_id} (fetched, or a copy still fresh by its caching rules). Records the use.
   * Errors with {@link io.statelessmcp.application.failure.ClientRejected} ({@code UNKNOWN_CLIENT})
   * saying why when there is no usable client.
   */
  Mono<OAuthClient> resolve(String clientId);
}
