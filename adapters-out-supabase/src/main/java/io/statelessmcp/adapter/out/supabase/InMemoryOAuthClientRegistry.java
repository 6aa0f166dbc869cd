package io.statelessmcp.adapter.out.supabase;

import io.statelessmcp.application.port.out.OAuthClientRegistry;
import io.statelessmcp.domain.OAuthClient;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import reactor.core.publisher.Mono;

/**
 * OAuth clients in process memory, for {@code MCP_SESSION_STORE=memory}: a client registered on one
 * replica is unknown to the others, and a restart forgets every registration.
 */
public final class InMemoryOAuthClientRegistry implements OAuthClientRegistry {

  private final Map<String, OAuthClient> clients = new ConcurrentHashMap<>();
  private final Predicate<String> namedBySession;

  /**
   * @param namedBySession whether some session names the client, which then outlives its expiry
   */
  public InMemoryOAuthClientRegistry(Predicate<String> namedBySession) {
    this.namedBySession = namedBySession;
  }

  @Override
  public Mono<OAuthClient> register(OAuthClient client) {
    return InMemoryMaps.insertNew(
        clients, client.clientId(), client, "a client with this id already exists");
  }

  @Override
  public Mono<OAuthClient> saveDocument(OAuthClient client) {
    return Mono.fromCallable(
        () -> clients.merge(client.clientId(), client, OAuthClient::refetched));
  }

  @Override
  public Mono<OAuthClient> find(String clientId) {
    return Mono.fromSupplier(() -> clientId == null ? null : clients.get(clientId));
  }

  @Override
  public Mono<Void> touch(String clientId, Instant now) {
    return Mono.fromRunnable(
        () ->
            clients.computeIfPresent(
                clientId,
                (id, client) -> client.useIsWorthRecordingAt(now) ? client.usedAt(now) : client));
  }

  @Override
  public Mono<Integer> deleteExpired(Instant now) {
    return Mono.fromSupplier(
        () ->
            InMemoryMaps.removeExpired(
                clients,
                Integer.MAX_VALUE,
                (id, client) -> !now.isBefore(client.expiresAt()) && !namedBySession.test(id)));
  }

  @Override
  public String toString() {
    return "InMemoryOAuthClientRegistry[clients=" + clients.size() + "]";
  }
}
