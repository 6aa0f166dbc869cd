package io.statelessmcp.application.port.out;

import io.statelessmcp.domain.AccessToken;
import io.statelessmcp.domain.RefreshToken;
import io.statelessmcp.domain.SecretHash;
import io.statelessmcp.domain.SessionId;
import java.time.Instant;
import reactor.core.publisher.Mono;

/**
 * Access and refresh tokens of the grants this server issued, shared by all replicas; stored by
 * hash only. A grant is a session: when its row goes, its tokens go with it.
 */
public interface GrantTokens {

  Mono<Void> saveAccessToken(AccessToken token);

  /** The access token with this hash, expired or not; empty when unknown or revoked. */
  Mono<AccessToken> findAccessToken(SecretHash tokenHash);

  /** Stores the first refresh token of a grant. */
  Mono<Void> saveRefreshToken(RefreshToken token);

  /** The refresh token with this hash, whatever its state; empty when unknown. */
  Mono<RefreshToken> findRefreshToken(SecretHash tokenHash);

  /**
   * Stores the successor of a refresh token. A successor is derived from the token it replaces, so
   * a replica racing this one stores the very same row: finding it already stored is success.
   */
  Mono<Void> saveSuccessor(RefreshToken successor);

  /** Records the first use of a refresh token; a later use keeps the first time. */
  Mono<Void> markUsed(SecretHash tokenHash, Instant now);

  /**
   * Ends the grant's tokens: its refresh tokens are revoked (and kept, so a later presentation is
   * recognised) and its access tokens deleted.
   */
  Mono<Void> revokeGrant(SessionId sessionId, Instant now);

  /**
   * Deletes the access tokens whose {@code expiresAt} is at or before {@code now}, as the
   * database's purge function does; emits how many. Refresh tokens stay: they go with their grant.
   */
  Mono<Integer> deleteExpiredAccessTokens(Instant now);
}
