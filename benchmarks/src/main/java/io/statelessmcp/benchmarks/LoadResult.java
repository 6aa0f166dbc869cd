package io.statelessmcp.benchmarks;

import java.util.Locale;

/**
 * One load phase: completed requests, throughput and latency (milliseconds), and the errors seen
 * (non-2xx answers, socket errors and timeouts, 2xx answers that were not a successful JSON-RPC
 * tool result).
 *
 * @param offeredRate the fixed arrival rate of an open-model phase; 0 for a closed-model (wrk) one
 */
record LoadResult(
    String phase,
    String tool,
    long requests,
    double seconds,
    double offeredRate,
    double p50Ms,
    double p90Ms,
    double p99Ms,
    double maxMs,
    long non2xx,
    long socketErrors,
    long rpcErrors) {

  double throughput() {
    return seconds <= 0 ? 0 : requests / seconds;
  }

  long errors() {
    return non2xx + socketErrors + rpcErrors;
  }

  String line() {
    return String.format(
        Locale.ROOT,
        "%-22s %-11s %9d req %8.1f req/s  p50 %7.3f ms  p90 %7.3f ms  p99 %7.3f ms  max %8.2f ms"
            + "  errors %d (non-2xx %d, socket %d, json-rpc %d)%s",
        phase,
        tool,
        requests,
        throughput(),
        p50Ms,
        p90Ms,
        p99Ms,
        maxMs,
        errors(),
        non2xx,
        socketErrors,
        rpcErrors,
        offeredRate > 0 ? String.format(Locale.ROOT, "  offered %.0f req/s", offeredRate) : "");
  }
}
