package io.statelessmcp.application.port.in;

import io.statelessmcp.domain.OAuthClient;
import java.util.List;
import reactor.core.publisher.Mono;

/** RFC 7591 Dynamic Client Registration of a public client. */
public interface RegisterClient {

  /**
   * Registers the client and emits it as registered (with this server's defaults filled in). Errors
   * with {@link io.statelessmcp.application.failure.ClientRejected} ({@code INVALID_REDIRECT_URI}
   * or {@code INVALID_CLIENT_METADATA}) when the metadata breaks a rule; nothing is stored then.
   */
  Mono<OAuthClient> register(Command command);

  /** The members of the request, as sent; null where absent. */
  record Command(
      List<String> redirectUris,
      String clientName,
      String clientUri,
      String logoUri,
      String scope,
      List<String> grantTypes,
      List<String> responseTypes,
      String tokenEndpointAuthMethod) {}
}
