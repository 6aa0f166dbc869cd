package io.statelessmcp.application.port.in;

import io.statelessmcp.domain.OAuthClient;
import io.statelessmcp.domain.OAuthClientMetadata;
import reactor.core.publisher.Mono;

/** RFC 7591 Dynamic Client Registration of a public client. */
public interface RegisterClient {

  /**
   * Registers the client and emits it as registered (with this server's defaults filled in). Errors
   * with {@link io.statelessmcp.application.failure.ClientRejected} ({@code INVALID_REDIRECT_URI}
   * or {@code INVALID_CLIENT_METADATA}) when the metadata breaks a rule; nothing is stored then.
   */
  Mono<OAuthClient> register(Command command);

  /**
   * The registration as sent. Reading it builds the metadata from the members sent (null where
   * absent), which applies this server's rules: it throws {@link
   * io.statelessmcp.domain.InvalidClientMetadata} naming the rule broken.
   */
  @FunctionalInterface
  interface Command {
    OAuthClientMetadata metadata();
  }
}
