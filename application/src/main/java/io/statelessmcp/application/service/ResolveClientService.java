package io.statelessmcp.application.service;

import io.statelessmcp.application.failure.ClientRejected;
import io.statelessmcp.application.port.in.ResolveClient;
import io.statelessmcp.application.port.out.ClientMetadataDocuments;
import io.statelessmcp.application.port.out.OAuthClientRegistry;
import io.statelessmcp.domain.InvalidClientMetadata;
import io.statelessmcp.domain.OAuthClient;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import reactor.core.publisher.Mono;

/**
 * A {@code client_id} that is a URL names a Client ID Metadata Document: the copy in the registry
 * is used while its cache time lasts, then the document is fetched again (a failed fetch refuses
 * the client rather than trusting the stale copy, whose redirect URIs the owner may have
 * withdrawn). Any other {@code client_id} must be a registration that has not expired.
 */
public record ResolveClientService(
    OAuthClientRegistry registry, ClientMetadataDocuments documents, Clock clock)
    implements ResolveClient {

  @Override
  public Mono<OAuthClient> resolve(String clientId) {
    if (clientId == null || clientId.isBlank()) {
      return Mono.error(ClientRejected.unknownClient("client_id is missing"));
    }
    return Mono.fromSupplier(clock::instant)
        .flatMap(
            now ->
                (OAuthClient.namesMetadataDocument(clientId)
                        ? fromDocument(clientId, now)
                        : registered(clientId, now))
                    .flatMap(found -> recordUse(found, now)));
  }

  private Mono<OAuthClient> recordUse(OAuthClient found, Instant now) {
    return found.useIsWorthRecordingAt(now)
        ? registry.touch(found.clientId(), now).thenReturn(found.usedAt(now))
        : Mono.just(found);
  }

  private Mono<OAuthClient> registered(String clientId, Instant now) {
    return registry
        .find(clientId)
        .filter(client -> client.registration() == OAuthClient.Registration.DCR)
        .filter(client -> client.isUsableAt(now))
        .switchIfEmpty(
            Mono.error(
                () ->
                    ClientRejected.unknownClient(
                        "client_id is not registered here, or its registration expired unused;"
                            + " register again")));
  }

  private Mono<OAuthClient> fromDocument(String clientId, Instant now) {
    URI url;
    try {
      url = OAuthClient.metadataDocumentUrl(clientId);
    } catch (InvalidClientMetadata e) {
      return Mono.error(ClientRejected.unknownClient(e.getMessage()));
    }
    return registry
        .find(clientId)
        .filter(cached -> !cached.needsFetchAt(now))
        .switchIfEmpty(
            Mono.defer(
                () ->
                    documents
                        .fetch(url)
                        .map(
                            document ->
                                OAuthClient.fromDocument(
                                    url, document.metadata(), document.maxAge(), now))
                        .flatMap(registry::saveDocument)));
  }
}
