package io.statelessmcp.application.port.out;

import io.statelessmcp.domain.SessionId;
import reactor.core.publisher.Mono;

/**
 * Word that a session was written, by whichever replica wrote it, so that a request waiting for
 * another replica's refresh wakes when that write lands instead of polling for it.
 */
public interface SessionChanges {

  /**
   * Completes once the session has been written at a version above {@code seenVersion}, or after
   * this implementation's fallback interval, whichever comes first; the caller then reads the
   * session again. Never signals an error.
   */
  Mono<Void> awaitChange(SessionId id, long seenVersion);
}
