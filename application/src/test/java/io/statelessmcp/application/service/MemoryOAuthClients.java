package io.statelessmcp.application.service;

import io.statelessmcp.application.port.out.OAuthClientRegistry;
import io.statelessmcp.domain.OAuthClient;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import reactor.core.publisher.Mono;

/** The services' registry fake; counts writes, so tests see what a resolve costs. */
final class MemoryOAuthClients implements OAuthClientRegistry {

  final Map<String, OAuthClient> rows = new ConcurrentHashMap<>();
  final Set<String> namedBySessions = ConcurrentHashMap.newKeySet();
  final AtomicInteger writes = new AtomicInteger();

  @Override
  public Mono<OAuthClient> register(OAuthClient client) {
    return write(
        client.clientId(),
        stored -> {
          if (stored != null) {
            throw new IllegalStateException("client " + client.clientId() + " already exists");
          }
          return client;
        });
  }

  @Override
  public Mono<OAuthClient> saveDocument(OAuthClient client) {
    return write(client.clientId(), stored -> stored == null ? client : stored.refetched(client));
  }

  @Override
  public Mono<OAuthClient> find(String clientId) {
    return Mono.fromCallable(() -> rows.get(clientId));
  }

  @Override
  public Mono<Void> touch(String clientId, Instant now) {
    return write(
            clientId,
            stored ->
                stored == null || !stored.useIsWorthRecordingAt(now) ? stored : stored.usedAt(now))
        .then();
  }

  @Override
  public Mono<Integer> deleteExpired(Instant now) {
    return Mono.fromCallable(
        () -> {
          int before = rows.size();
          rows.values()
              .removeIf(
                  client ->
                      !now.isBefore(client.expiresAt())
                          && !namedBySessions.contains(client.clientId()));
          return before - rows.size();
        });
  }

  /** Applies a change to one row; a row that changed is one write. */
  private Mono<OAuthClient> write(String clientId, UnaryOperator<OAuthClient> change) {
    return Mono.fromCallable(
        () ->
            rows.compute(
                clientId,
                (id, before) -> {
                  OAuthClient after = change.apply(before);
                  if (after != before) {
                    writes.incrementAndGet();
                  }
                  return after;
                }));
  }
}
