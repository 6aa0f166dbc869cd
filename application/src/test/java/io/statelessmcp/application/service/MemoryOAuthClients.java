package io.statelessmcp.application.service;

import io.statelessmcp.application.port.out.OAuthClientRegistry;
import io.statelessmcp.domain.OAuthClient;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;

/** The services' registry fake; counts writes, so tests see what a resolve costs. */
final class MemoryOAuthClients implements OAuthClientRegistry {

  final Map<String, OAuthClient> rows = new ConcurrentHashMap<>();
  final Set<String> namedBySessions = ConcurrentHashMap.newKeySet();
  final AtomicInteger writes = new AtomicInteger();

  @Override
  public Mono<OAuthClient> register(OAuthClient client) {
    return Mono.fromCallable(
        () -> {
          if (rows.putIfAbsent(client.clientId(), client) != null) {
            throw new IllegalStateException("client " + client.clientId() + " already exists");
          }
          writes.incrementAndGet();
          return client;
        });
  }

  @Override
  public Mono<OAuthClient> saveDocument(OAuthClient client) {
    return Mono.fromCallable(
        () -> {
          writes.incrementAndGet();
          return rows.merge(
              client.clientId(),
              client,
              (old, fresh) ->
                  new OAuthClient(
                      fresh.clientId(),
                      fresh.registration(),
                      fresh.metadata(),
                      old.createdAt(),
                      old.lastUsedAt(),
                      old.expiresAt().isAfter(fresh.expiresAt())
                          ? old.expiresAt()
                          : fresh.expiresAt(),
                      fresh.cacheUntil()));
        });
  }

  @Override
  public Mono<OAuthClient> find(String clientId) {
    return Mono.fromCallable(() -> rows.get(clientId));
  }

  @Override
  public Mono<Void> touch(String clientId, Instant now) {
    return Mono.fromRunnable(
        () ->
            rows.computeIfPresent(
                clientId,
                (id, client) -> {
                  if (!client.useIsWorthRecordingAt(now)) {
                    return client;
                  }
                  writes.incrementAndGet();
                  return client.usedAt(now);
                }));
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
}
