package io.statelessmcp.adapter.out.workos.fake;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;
import reactor.netty.resources.LoopResources;

/**
 * A Reactor Netty HTTP server on 127.0.0.1 with its own event loops: start, stop (connections are
 * refused and open ones are closed), restart on the same port. Also the shared JWKS endpoint
 * behaviour of both fakes (counter, pause, failure).
 *
 * <p>Every answer carries {@code Connection: close}, so clients never keep a pooled connection to a
 * fake: after {@link #stop()} the very next request is refused, deterministically, instead of
 * racing against the client noticing that its idle connection was closed.
 */
abstract class LoopbackServer implements AutoCloseable {

  private final LoopResources loops;
  private final ChannelGroup connections =
      new DefaultChannelGroup("fake-connections", GlobalEventExecutor.INSTANCE);
  private final Set<Connection> hung = ConcurrentHashMap.newKeySet();
  private volatile DisposableServer server;
  private volatile int port;

  private final AtomicInteger jwksRequests = new AtomicInteger();
  private volatile Sinks.Empty<Void> jwksGate;
  private volatile int jwksFailureStatus;

  LoopbackServer(String name) {
    this.loops = LoopResources.create(name, 1, 2, true);
  }

  /** The routes this fake serves. */
  abstract void routes(HttpServerRoutes routes);

  /** The keys published at the JWKS endpoint(s). */
  abstract List<JWK> publishedKeys();

  final synchronized void bind() {
    if (server != null) {
      return;
    }
    try {
      bindOnce();
    } catch (ExecutionException e) {
      throw new IllegalStateException("fake could not listen on port " + port, e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("fake could not listen on port " + port, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void bindOnce() throws ExecutionException, TimeoutException, InterruptedException {
    server =
        HttpServer.create()
            .host("127.0.0.1")
            .port(port)
            .runOn(loops)
            .option(ChannelOption.SO_REUSEADDR, true)
            .channelGroup(connections)
            .route(this::routes)
            .bind()
            .toFuture()
            // not block(): tests may restart a fake from a Reactor thread (e.g. a retry callback)
            .get(10, TimeUnit.SECONDS);
    port = server.port();
  }

  /** http://127.0.0.1:port, no trailing slash. Stays the same across stop/restart. */
  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public int port() {
    return port;
  }

  public boolean isRunning() {
    return server != null;
  }

  /**
   * Stops listening and closes every open connection (including hung requests): new requests get
   * "connection refused" until {@link #restart()}.
   */
  public synchronized void stop() {
    DisposableServer current = server;
    if (current == null) {
      return;
    }
    server = null;
    current.dispose();
    try {
      current.onDispose().toFuture().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("fake did not stop", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    connections.close().awaitUninterruptibly(10_000);
    hung.forEach(Connection::dispose);
  }

  /** Listens again on the same port; state (codes, tokens, keys, counters) is kept. */
  public synchronized void restart() {
    stop();
    bind();
  }

  @Override
  public void close() {
    stop();
    try {
      loops.disposeLater().toFuture().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("fake's event loops did not stop", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // --- JWKS -------------------------------------------------------------------------------------

  /** How many JWKS requests arrived (all JWKS paths together). */
  public int jwksRequests() {
    return jwksRequests.get();
  }

  /** JWKS requests wait (counted, unanswered) until {@link #resumeJwks()}. */
  public void pauseJwks() {
    jwksGate = Sinks.empty();
  }

  public void resumeJwks() {
    Sinks.Empty<Void> gate = jwksGate;
    jwksGate = null;
    if (gate != null) {
      gate.tryEmitEmpty();
    }
  }

  /** JWKS requests answer this status until {@link #healJwks()}. */
  public void failJwksWith(int status) {
    jwksFailureStatus = status;
  }

  public void healJwks() {
    jwksFailureStatus = 0;
    resumeJwks();
  }

  final Mono<Void> serveJwks(HttpServerResponse response) {
    jwksRequests.incrementAndGet();
    Sinks.Empty<Void> gate = jwksGate;
    Mono<Void> wait = gate == null ? Mono.empty() : gate.asMono();
    return wait.then(
        Mono.defer(
            () -> {
              int failure = jwksFailureStatus;
              if (failure != 0) {
                return sendJson(response, failure, "{\"message\":\"injected failure\"}");
              }
              return sendJson(response, 200, new JWKSet(publishedKeys()).toString(true));
            }));
  }

  // --- helpers ----------------------------------------------------------------------------------

  static Mono<Void> sendJson(HttpServerResponse response, int status, String json) {
    return response
        .status(status)
        .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
        .header(HttpHeaderNames.CONNECTION, "close")
        .sendString(Mono.just(json))
        .then();
  }

  /** Never answers; the connection stays open until the client gives up or the fake stops. */
  final Mono<Void> hang(HttpServerResponse response) {
    return Mono.create(
        sink ->
            response.withConnection(
                c -> {
                  hung.add(c);
                  c.onDispose(
                      () -> {
                        hung.remove(c);
                        sink.success();
                      });
                }));
  }
}
