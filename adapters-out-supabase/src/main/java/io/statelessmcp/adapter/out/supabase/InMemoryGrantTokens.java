package io.statelessmcp.adapter.out.supabase;

import io.statelessmcp.application.port.out.GrantTokens;
import io.statelessmcp.domain.AccessToken;
import io.statelessmcp.domain.RefreshToken;
import io.statelessmcp.domain.SecretHash;
import io.statelessmcp.domain.SessionId;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import reactor.core.publisher.Mono;

/**
 * Access and refresh tokens in process memory, for {@code MCP_SESSION_STORE=memory}: a token issued
 * on one replica is unknown to the others, and a restart ends every grant. As in the database, a
 * token whose session is gone is gone too, expired access tokens are dropped, and a refresh token
 * has at most one live successor.
 */
public final class InMemoryGrantTokens implements GrantTokens {

  private final Map<SecretHash, AccessToken> accessTokens = new ConcurrentHashMap<>();
  private final Map<SecretHash, RefreshToken> refreshTokens = new ConcurrentHashMap<>();

  /** The live successor of each rotated token: the database's unique index. */
  private final Map<SecretHash, SecretHash> liveSuccessors = new ConcurrentHashMap<>();

  /** Refresh-token writes check more than one map; reads need no lock. */
  private final Object refreshWrites = new Object();

  private final Predicate<SessionId> sessionExists;
  private final InMemoryPurge purge = new InMemoryPurge();

  /**
   * @param sessionExists whether the session (the grant) is still stored; its tokens go when it
   *     goes
   */
  public InMemoryGrantTokens(Predicate<SessionId> sessionExists) {
    this.sessionExists = Objects.requireNonNull(sessionExists, "sessionExists");
  }

  @Override
  public Mono<Void> saveAccessToken(AccessToken token) {
    return InMemoryMaps.insertNew(
            accessTokens, token.tokenHash(), token, "an access token with this hash already exists")
        .doOnNext(saved -> purge.ifDue(token.createdAt(), this::purgeAt))
        .then();
  }

  @Override
  public Mono<AccessToken> findAccessToken(SecretHash tokenHash) {
    return Mono.fromSupplier(
        () -> {
          AccessToken token = tokenHash == null ? null : accessTokens.get(tokenHash);
          return token != null && sessionExists.test(token.sessionId()) ? token : null;
        });
  }

  @Override
  public Mono<Void> saveRefreshToken(RefreshToken token) {
    return Mono.fromRunnable(
        () -> {
          synchronized (refreshWrites) {
            insert(token);
          }
          purge.ifDue(token.createdAt(), this::purgeAt);
        });
  }

  @Override
  public Mono<Void> saveSuccessor(RefreshToken successor) {
    if (successor.previousHash() == null) {
      return Mono.error(new IllegalArgumentException("a successor names the token it replaces"));
    }
    return Mono.fromRunnable(
        () -> {
          synchronized (refreshWrites) {
            RefreshToken stored = refreshTokens.get(successor.tokenHash());
            if (stored != null && successor.previousHash().equals(stored.previousHash())) {
              return; // a racing rotation stored the same successor
            }
            if (stored != null || liveSuccessors.containsKey(successor.previousHash())) {
              throw new IllegalStateException(
                  "another successor of this refresh token is stored; do all replicas hold the"
                      + " same grant key?");
            }
            insert(successor);
          }
        });
  }

  private void insert(RefreshToken token) {
    if (refreshTokens.putIfAbsent(token.tokenHash(), token) != null) {
      throw new IllegalStateException("a refresh token with this hash already exists");
    }
    if (token.previousHash() != null && !token.isRevoked()) {
      liveSuccessors.put(token.previousHash(), token.tokenHash());
    }
  }

  @Override
  public Mono<RefreshToken> findRefreshToken(SecretHash tokenHash) {
    return Mono.fromSupplier(
        () -> {
          RefreshToken token = tokenHash == null ? null : refreshTokens.get(tokenHash);
          return token != null && sessionExists.test(token.sessionId()) ? token : null;
        });
  }

  @Override
  public Mono<Void> markUsed(SecretHash tokenHash, Instant now) {
    if (tokenHash == null) {
      return Mono.empty();
    }
    return Mono.fromRunnable(
        () -> refreshTokens.computeIfPresent(tokenHash, (hash, token) -> token.usedAt(now)));
  }

  @Override
  public Mono<Void> revokeGrant(SessionId sessionId, Instant now) {
    return Mono.fromRunnable(
        () -> {
          synchronized (refreshWrites) {
            refreshTokens.replaceAll(
                (hash, token) ->
                    token.sessionId().equals(sessionId) && !token.isRevoked()
                        ? token.revokedAt(now)
                        : token);
            liveSuccessors
                .values()
                .removeIf(
                    hash -> {
                      RefreshToken successor = refreshTokens.get(hash);
                      return successor == null || successor.isRevoked();
                    });
          }
          accessTokens.values().removeIf(token -> token.sessionId().equals(sessionId));
        });
  }

  @Override
  public Mono<Integer> deleteExpiredAccessTokens(Instant now) {
    return Mono.fromSupplier(
        () ->
            InMemoryMaps.removeExpired(
                accessTokens, Integer.MAX_VALUE, (hash, token) -> token.isExpiredAt(now)));
  }

  /** What the database's purge and its cascades delete. */
  private void purgeAt(Instant now) {
    accessTokens
        .values()
        .removeIf(token -> token.isExpiredAt(now) || !sessionExists.test(token.sessionId()));
    synchronized (refreshWrites) {
      refreshTokens.values().removeIf(token -> !sessionExists.test(token.sessionId()));
      liveSuccessors.values().removeIf(hash -> !refreshTokens.containsKey(hash));
    }
  }

  @Override
  public String toString() {
    return "InMemoryGrantTokens[accessTokens="
        + accessTokens.size()
        + ", refreshTokens="
        + refreshTokens.size()
        + "]";
  }
}
