package io.statelessmcp.application.port.in;

import reactor.core.publisher.Mono;

/**
 * RFC 7009 token revocation: an access or refresh token of this server ends its whole grant (the
 * session). An unknown token, or one issued to another client, changes nothing and is not an error.
 */
public interface RevokeToken {

  Mono<Void> revoke(String token, String clientId);
}
