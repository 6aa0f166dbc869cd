package io.statelessmcp.application.port.out;

import io.statelessmcp.domain.AuthorizationCode;
import io.statelessmcp.domain.SecretHash;
import java.time.Instant;
import reactor.core.publisher.Mono;

/** Issued authorization codes, shared by all replicas; stored by hash only. */
public interface AuthorizationCodes {

  Mono<Void> save(AuthorizationCode code);

  /** The code with this hash, used or not; empty when unknown (or purged after expiry). */
  Mono<AuthorizationCode> find(SecretHash codeHash);

  /**
   * Marks the code used at {@code now}, atomically: of two concurrent callers exactly one gets
   * {@code true}. {@code false} when it was used already or is unknown.
   */
  Mono<Boolean> markUsed(SecretHash codeHash, Instant now);

  /**
   * Deletes the codes whose {@code expiresAt} is at or before {@code now}, used or not, as the
   * database's purge function does; emits how many.
   */
  Mono<Integer> deleteExpired(Instant now);
}
