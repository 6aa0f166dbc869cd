package io.statelessmcp.adapter.in.http.mcp;

import io.statelessmcp.domain.Sha256;
import io.statelessmcp.domain.UserId;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.Disposable;

/**
 * The requests this replica is answering, by a key naming the user, the protocol session and the
 * JSON-RPC id, so that a {@code notifications/cancelled} (here, or announced by another replica)
 * stops the right one and only the caller's own. The key is a SHA-256: it travels on a database
 * channel that every database role may listen to.
 */
final class InFlightRequests {

  private final Map<String, Disposable> running = new ConcurrentHashMap<>();

  /**
   * @param protocolSessionId null for a client without a protocol session: then the request ids of
   *     all such clients of one user share a space, as they share the user's requests
   */
  static String key(UserId user, String protocolSessionId, Object requestId) {
    String id =
        requestId instanceof Number number
            ? "n:" + number.longValue()
            : "s:" + String.valueOf(requestId);
    String plain =
        user.value() + '\n' + (protocolSessionId == null ? "" : protocolSessionId) + '\n' + id;
    return HexFormat.of().formatHex(Sha256.digest(plain.getBytes(StandardCharsets.UTF_8)));
  }

  /** Registers a request; the returned action forgets it (call it when the request ends). */
  Runnable register(String key, Disposable request) {
    running.put(key, request);
    return () -> running.remove(key, request);
  }

  /** Stops the request with this key if it runs here; true if it did. */
  boolean cancel(String key) {
    Disposable request = running.remove(key);
    if (request == null) {
      return false;
    }
    request.dispose();
    return true;
  }

  int size() {
    return running.size();
  }
}
