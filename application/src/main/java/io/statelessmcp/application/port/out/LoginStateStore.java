package io.statelessmcp.application.port.out;

import io.statelessmcp.domain.LoginState;
import java.time.Instant;
import reactor.core.publisher.Mono;

/** Pending logins, shared by all replicas. */
public interface LoginStateStore {

  Mono<Void> save(LoginState state);

  /**
   * The login state with this hash, left in the store (a pending authorization waiting for the
   * user's consent); empty when unknown or consumed. An expired state is returned as is.
   */
  Mono<LoginState> find(String stateHash);

  /**
   * Takes the login state with this hash out of the store, atomically: of two concurrent callers at
   * most one receives it. Empty when unknown or already consumed. An expired state is removed and
   * returned, so the caller can say "expired" rather than "unknown".
   */
  Mono<LoginState> consume(String stateHash);

  /** Deletes login states expired at {@code now}; emits how many. */
  Mono<Integer> deleteExpired(Instant now);
}
