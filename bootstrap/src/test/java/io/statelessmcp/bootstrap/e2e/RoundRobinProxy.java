package io.statelessmcp.bootstrap.e2e;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The load balancer users put in front of their replicas: every request, whatever it belongs to,
 * goes to the next replica in turn. Bodies and answers are streamed (SSE included); redirects and
 * cookies pass through untouched, so clients see one server at this proxy's address.
 */
final class RoundRobinProxy implements AutoCloseable {

  private final List<String> targets = new CopyOnWriteArrayList<>();
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicInteger forwarded = new AtomicInteger();
  private final HttpClient client = HttpClient.create().followRedirect(false);
  private final DisposableServer server;
  private volatile String[] defaultCredential;

  private RoundRobinProxy() {
    server =
        HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            // As lenient as the replicas behind it (server.netty.max-initial-line-length).
            .httpRequestDecoder(decoder -> decoder.maxInitialLineLength(12 * 1024))
            .handle(this::forward)
            .bindNow();
  }

  static RoundRobinProxy start() {
    return new RoundRobinProxy();
  }

  /** Where clients reach the deployment: one origin for all replicas. */
  String baseUrl() {
    return "http://127.0.0.1:" + server.port();
  }

  /** The replicas, by base URL; replaced whole, so a restarted replica takes its old turn. */
  void route(List<String> replicaBaseUrls) {
    targets.clear();
    targets.addAll(replicaBaseUrls);
  }

  /**
   * Adds {@code header: value} to every request that presents no credential of its own (no {@code
   * Authorization}, {@code X-MCP-Session-ID} or session cookie): for clients that cannot be told to
   * send one, such as the MCP conformance suite. Null stops it.
   */
  void presentForCallers(String header, String value) {
    defaultCredential = header == null ? null : new String[] {header, value};
  }

  /** How many requests were forwarded, for tests that show both replicas answered. */
  int forwarded() {
    return forwarded.get();
  }

  private Mono<Void> forward(HttpServerRequest request, HttpServerResponse response) {
    if (targets.isEmpty()) {
      return response.status(503).send();
    }
    String target = targets.get(Math.floorMod(next.getAndIncrement(), targets.size()));
    forwarded.incrementAndGet();
    HttpHeaders headers = request.requestHeaders().copy();
    headers.remove(HttpHeaderNames.HOST);
    String[] credential = defaultCredential;
    if (credential != null && presentsNoCredential(headers)) {
      headers.set(credential[0], credential[1]);
    }
    return client
        .headers(h -> h.set(headers))
        .request(request.method())
        .uri(target + request.uri())
        .send((outbound, out) -> out.send(request.receive().retain()))
        .response(
            (answer, body) -> {
              response.status(answer.status());
              response.headers(answer.responseHeaders());
              return response.send(body.retain()).then();
            })
        .then();
  }

  private static boolean presentsNoCredential(HttpHeaders headers) {
    String cookies = headers.get(HttpHeaderNames.COOKIE);
    return !headers.contains(HttpHeaderNames.AUTHORIZATION)
        && !headers.contains("X-MCP-Session-ID")
        && (cookies == null || !cookies.contains("mcp_session="));
  }

  @Override
  public void close() {
    server.disposeNow();
  }
}
