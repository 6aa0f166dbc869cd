package io.statelessmcp.application.port.out;

import io.statelessmcp.domain.SecretHash;
import java.time.Instant;
import reactor.core.publisher.Mono;

/** The consent a browser gave a client, remembered for a while, shared by all replicas. */
public interface Consents {

  /** True when this browser consented to this client and the consent has not expired at now. */
  Mono<Boolean> isGiven(SecretHash browser, String clientId, Instant now);

  /** Remembers (or renews) the consent until {@code expiresAt}. */
  Mono<Void> remember(SecretHash browser, String clientId, Instant now, Instant expiresAt);

  /**
   * Deletes the consents whose {@code expiresAt} is at or before {@code now}, as the database's
   * purge function does; emits how many.
   */
  Mono<Integer> deleteExpired(Instant now);
}
