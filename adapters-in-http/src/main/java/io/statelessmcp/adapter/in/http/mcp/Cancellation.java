package io.statelessmcp.adapter.in.http.mcp;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** Whether a request was cancelled, set once by whoever stops it. */
final class Cancellation {

  private final Sinks.Empty<Void> signal = Sinks.empty();
  private volatile boolean cancelled;

  static Cancellation never() {
    return new Cancellation();
  }

  void cancel() {
    cancelled = true;
    signal.tryEmitEmpty();
  }

  boolean isCancelled() {
    return cancelled;
  }

  Mono<Void> signal() {
    return signal.asMono();
  }
}
