package io.statelessmcp.application.service;

import io.statelessmcp.application.port.in.RevokeToken;
import io.statelessmcp.application.port.out.GrantTokens;
import io.statelessmcp.domain.OAuthSecret;
import io.statelessmcp.domain.SecretHash;
import io.statelessmcp.domain.SessionId;
import java.time.Clock;
import reactor.core.publisher.Mono;

/** RFC 7009: revoking either token of a grant ends the grant. */
public record RevokeTokenService(GrantTokens tokens, GrantEnding grants, Clock clock)
    implements RevokeToken {

  @Override
  public Mono<Void> revoke(String token, String clientId) {
    return Mono.defer(() -> grantOf(token, clientId))
        .flatMap(grant -> grants.end(grant, clock.instant()));
  }

  /** The session the token names, when it is ours and was issued to this client. */
  private Mono<SessionId> grantOf(String token, String clientId) {
    if (OAuthSecret.ACCESS_TOKEN.isWellFormed(token)) {
      return tokens
          .findAccessToken(SecretHash.of(token))
          .filter(access -> issuedTo(access.clientId(), clientId))
          .map(access -> access.sessionId());
    }
    if (OAuthSecret.REFRESH_TOKEN.isWellFormed(token)) {
      return tokens
          .findRefreshToken(SecretHash.of(token))
          .filter(refresh -> issuedTo(refresh.clientId(), clientId))
          .map(refresh -> refresh.sessionId());
    }
    return Mono.empty();
  }

  /** A public client names itself; one that does not name itself may still give its token up. */
  private static boolean issuedTo(String owner, String clientId) {
    return clientId == null || clientId.isBlank() || owner.equals(clientId);
  }
}
