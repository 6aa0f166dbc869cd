package io.statelessmcp.application.port.out;

import io.statelessmcp.domain.OAuthClientMetadata;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * Client ID Metadata Documents, fetched from the URL that is the client's {@code client_id}.
 * Implementations refuse to reach private networks.
 */
public interface ClientMetadataDocuments {

  /**
   * Fetches the document at {@code url} and checks it: JSON, its {@code client_id} equal to {@code
   * url}, metadata this server accepts. Errors with {@link
   * io.statelessmcp.application.failure.ClientRejected} ({@code UNKNOWN_CLIENT}) saying which rule
   * failed.
   */
  Mono<Document> fetch(URI url);

  /**
   * @param maxAge what the answer's {@code Cache-Control} allows: empty when it says nothing, zero
   *     for {@code no-store} or {@code no-cache}
   */
  record Document(OAuthClientMetadata metadata, Optional<Duration> maxAge) {
    public Document {
      Objects.requireNonNull(metadata, "metadata");
      Objects.requireNonNull(maxAge, "maxAge");
    }
  }
}
