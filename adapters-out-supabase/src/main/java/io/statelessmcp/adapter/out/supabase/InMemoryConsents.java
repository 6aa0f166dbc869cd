package io.statelessmcp.adapter.out.supabase;

import io.statelessmcp.application.port.out.Consents;
import io.statelessmcp.domain.SecretHash;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/**
 * Consents in process memory, for {@code MCP_SESSION_STORE=memory}: a consent given through one
 * replica is asked for again on another, and after a restart. Expired consents are dropped as new
 * ones are given.
 */
public final class InMemoryConsents implements Consents {

  private record Key(SecretHash browser, String clientId) {}

  private final Map<Key, Instant> expiries = new ConcurrentHashMap<>();
  private final InMemoryPurge purge = new InMemoryPurge();

  @Override
  public Mono<Boolean> isGiven(SecretHash browser, String clientId, Instant now) {
    return Mono.fromSupplier(
        () -> {
          if (browser == null || clientId == null) {
            return false;
          }
          Instant expiresAt = expiries.get(new Key(browser, clientId));
          return expiresAt != null && now.isBefore(expiresAt);
        });
  }

  @Override
  public Mono<Void> remember(SecretHash browser, String clientId, Instant now, Instant expiresAt) {
    if (!expiresAt.isAfter(now)) {
      return Mono.error(new IllegalArgumentException("a consent must expire after it is given"));
    }
    return Mono.fromRunnable(
        () -> {
          expiries.put(new Key(browser, clientId), expiresAt);
          purge.ifDue(
              now,
              at ->
                  InMemoryMaps.removeExpired(
                      expiries, Integer.MAX_VALUE, (key, expiry) -> !at.isBefore(expiry)));
        });
  }

  @Override
  public Mono<Integer> deleteExpired(Instant now) {
    return Mono.fromSupplier(
        () ->
            InMemoryMaps.removeExpired(
                expiries, Integer.MAX_VALUE, (key, expiry) -> !now.isBefore(expiry)));
  }

  @Override
  public String toString() {
    return "InMemoryConsents[consents=" + expiries.size() + "]";
  }
}
