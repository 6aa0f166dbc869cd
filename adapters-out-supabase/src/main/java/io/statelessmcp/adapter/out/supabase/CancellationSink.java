package io.statelessmcp.adapter.out.supabase;

import reactor.core.publisher.Sinks;

/**
 * Emits into a multicast sink from any thread: concurrent emitters retry, nobody listening is fine.
 */
final class CancellationSink {

  private CancellationSink() {}

  static void emit(Sinks.Many<String> sink, String key) {
    sink.emitNext(key, (signal, result) -> result == Sinks.EmitResult.FAIL_NON_SERIALIZED);
  }
}
