package io.statelessmcp.application.port.out;

import io.statelessmcp.domain.OAuthClient;
import java.time.Instant;
import reactor.core.publisher.Mono;

/** The OAuth clients this authorization server knows, shared by all replicas. */
public interface OAuthClientRegistry {

  /** Stores a new registration and emits it as stored. */
  Mono<OAuthClient> register(OAuthClient client);

  /**
   * Stores a client read from its metadata document. An earlier copy of the same document gets the
   * new metadata and cache time and keeps when it was first seen and last used; the later expiry
   * wins. Another replica may store the same document at the same time: the last write wins, and
   * both are the document's own words. Emits the client as stored.
   */
  Mono<OAuthClient> saveDocument(OAuthClient client);

  /** The client with this id, whatever its state; empty when unknown. */
  Mono<OAuthClient> find(String clientId);

  /**
   * Records a use at {@code now} as {@link OAuthClient#usedAt} does, and only when {@link
   * OAuthClient#useIsWorthRecordingAt} says so; nothing for an unknown client.
   */
  Mono<Void> touch(String clientId, Instant now);

  /**
   * Deletes clients whose {@code expiresAt} is at or before {@code now} and that no session names;
   * emits how many.
   */
  Mono<Integer> deleteExpired(Instant now);
}
