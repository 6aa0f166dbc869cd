package io.statelessmcp.adapter.in.http.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Function;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.publisher.Sinks;

/**
 * The answer to one JSON-RPC request. It is one JSON body unless a notification (progress, a log
 * message) comes before the result and the client accepts {@code text/event-stream}: then the
 * answer becomes an SSE stream carrying the notifications and, last, the result. So a request
 * without notifications looks exactly as it always did, and any replica can answer any request.
 *
 * <p>The request stops when the client goes away or cancels it; a cancelled request gets no result
 * (the stream just ends), or, for a client that accepts only JSON, error {@value #CANCELLED}.
 */
final class ResponseChannel {

  /** What LSP calls RequestCancelled; MCP wants no answer, but an HTTP request needs one. */
  static final int CANCELLED = -32800;

  private final McpJsonMapper json;
  private final Object requestId;
  private final boolean mayStream;
  private final boolean mustStream;
  private final Object lock = new Object();
  private final Disposable.Swap call = Disposables.swap();
  private MonoSink<Mono<ServerResponse>> decision;
  private Sinks.Many<ServerSentEvent<String>> events;
  private boolean finished;
  private volatile Runnable forget = () -> {};

  /**
   * @param mayStream the client accepts {@code text/event-stream}
   * @param mustStream it accepts nothing else
   */
  ResponseChannel(McpJsonMapper json, Object requestId, boolean mayStream, boolean mustStream) {
    this.json = json;
    this.requestId = requestId;
    this.mayStream = mayStream || mustStream;
    this.mustStream = mustStream;
  }

  boolean mayStream() {
    return mayStream;
  }

  /**
   * Runs {@code work} and answers with its response.
   *
   * @param register files the way to cancel the request, and returns how to forget it when done
   */
  Mono<ServerResponse> respond(
      Mono<McpSchema.JSONRPCResponse> work, Function<Disposable, Runnable> register) {
    return Mono.<Mono<ServerResponse>>create(
            sink -> {
              synchronized (lock) {
                decision = sink;
                if (mustStream) {
                  startStreaming();
                }
              }
              forget = register.apply(this::cancel);
              sink.onCancel(this::clientGone);
              call.update(
                  work.switchIfEmpty(Mono.fromSupplier(this::internalError))
                      .subscribe(this::finish, error -> finish(internalError())));
            })
        .flatMap(response -> response);
  }

  /** Sends a notification on the stream, starting it if need be; dropped for a JSON-only client. */
  void send(McpSchema.JSONRPCNotification notification) {
    if (!mayStream) {
      return;
    }
    synchronized (lock) {
      if (finished) {
        return;
      }
      if (events == null) {
        startStreaming();
      }
      events.tryEmitNext(event(notification));
    }
  }

  private void finish(McpSchema.JSONRPCResponse response) {
    synchronized (lock) {
      if (finished) {
        return;
      }
      finished = true;
      if (events != null) {
        events.tryEmitNext(event(response));
        events.tryEmitComplete();
      } else {
        decision.success(json(response));
      }
    }
    forget.run();
  }

  /** Stops the work; the client gets no result. */
  private void cancel() {
    call.dispose();
    synchronized (lock) {
      if (finished) {
        return;
      }
      finished = true;
      if (events != null) {
        events.tryEmitComplete();
      } else if (mayStream) {
        decision.success(stream(Flux.empty()));
      } else {
        decision.success(
            json(
                McpSchema.JSONRPCResponse.error(
                    requestId,
                    new McpSchema.JSONRPCResponse.JSONRPCError(
                        CANCELLED, "Request cancelled", null))));
      }
    }
    forget.run();
  }

  private void startStreaming() {
    events = Sinks.many().unicast().onBackpressureBuffer();
    decision.success(stream(events.asFlux().doOnCancel(this::clientGone)));
  }

  /** Nobody will read the result, so the work stops. */
  private void clientGone() {
    call.dispose();
    forget.run();
  }

  private static Mono<ServerResponse> stream(Flux<ServerSentEvent<String>> body) {
    return ServerResponse.ok()
        .contentType(MediaType.TEXT_EVENT_STREAM)
        .header(HttpHeaders.CACHE_CONTROL, "no-cache")
        // Proxies such as nginx would otherwise hold the notifications back until the end.
        .header("X-Accel-Buffering", "no")
        .body(BodyInserters.fromServerSentEvents(body));
  }

  private Mono<ServerResponse> json(McpSchema.JSONRPCResponse response) {
    return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(write(response));
  }

  private ServerSentEvent<String> event(Object message) {
    return ServerSentEvent.builder(write(message)).event("message").build();
  }

  private String write(Object message) {
    try {
      return json.writeValueAsString(message);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private McpSchema.JSONRPCResponse internalError() {
    return McpSchema.JSONRPCResponse.error(
        requestId, new McpSchema.JSONRPCResponse.JSONRPCError(-32603, "Internal error", null));
  }
}
