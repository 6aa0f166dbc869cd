package io.statelessmcp.benchmarks;

import io.netty.handler.codec.http.HttpHeaderNames;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufMono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * Load from this JVM over Reactor Netty (keep-alive HTTP/1.1, pooled connections).
 *
 * <p>{@link #openModel}: requests <em>arrive</em> at a fixed rate whatever the server does (the
 * open model, as wrk2 or Gatling's constant rate), and each latency is measured from the request's
 * <em>scheduled</em> start, so a stall is charged to every request it delays (no coordinated
 * omission). {@link #closedModel} is the fallback when wrk is not installed.
 */
final class JavaLoad implements AutoCloseable {

  private final LoopResources loops = LoopResources.create("bench-client", 2, true);
  private final ConnectionProvider connections =
      ConnectionProvider.builder("bench")
          .maxConnections(512)
          .pendingAcquireMaxCount(-1)
          .pendingAcquireTimeout(Duration.ofSeconds(30))
          .build();
  private final HttpClient[] clients;

  JavaLoad(String baseUrl, List<String> credentials) {
    HttpClient base =
        HttpClient.create(connections)
            .runOn(loops)
            .baseUrl(baseUrl)
            .headers(
                h ->
                    h.set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                        .set(HttpHeaderNames.ACCEPT, "application/json, text/event-stream"))
            .responseTimeout(Duration.ofSeconds(10));
    clients =
        credentials.stream()
            .map(c -> base.headers(h -> h.set("X-MCP-Session-ID", c)))
            .toArray(HttpClient[]::new);
  }

  /** Outcome of one call: 0 ok, 1 non-2xx, 2 socket error or timeout, 3 JSON-RPC error. */
  private Mono<Integer> call(int user) {
    return clients[user % clients.length]
        .post()
        .uri("/mcp")
        .send(ByteBufMono.fromString(Mono.just(Logins.MCP_CALL)))
        .responseSingle(
            (response, body) ->
                body.asString()
                    .defaultIfEmpty("")
                    .map(
                        text -> {
                          int status = response.status().code();
                          if (status < 200 || status >= 300) {
                            return 1;
                          }
                          return Logins.isSuccess(status, text) ? 0 : 3;
                        }))
        .onErrorReturn(2);
  }

  /**
   * Fixed arrival rate for {@code seconds}; waits up to 15 s for the last answers. The schedule is
   * kept by issuing, at each wake-up, every request whose time has come (a late wake-up therefore
   * fires a small batch rather than shifting the schedule); the lag between a request's scheduled
   * and actual send is reported, so a driver that cannot keep up is visible.
   */
  LoadResult openModel(String phase, double ratePerSecond, double seconds) {
    int total = (int) Math.round(ratePerSecond * seconds);
    double intervalNanos = 1e9 / ratePerSecond;
    long[] latencies = new long[total];
    long[] sendLag = new long[total];
    int[] outcomes = new int[4];
    AtomicInteger done = new AtomicInteger();
    CountDownLatch finished = new CountDownLatch(total);
    long start = System.nanoTime() + 20_000_000L;
    AtomicLong lastEnd = new AtomicLong(start);
    int issued = 0;
    while (issued < total) {
      long now = System.nanoTime();
      int due = (int) Math.min(total, Math.floor((now - start) / intervalNanos) + 1);
      if (now < start) {
        due = 0;
      }
      while (issued < due) {
        int index = issued++;
        long intended = start + (long) (index * intervalNanos);
        sendLag[index] = System.nanoTime() - intended;
        call(index)
            .subscribe(
                outcome -> {
                  long end = System.nanoTime();
                  latencies[index] = end - intended;
                  synchronized (outcomes) {
                    outcomes[outcome]++;
                  }
                  lastEnd.accumulateAndGet(end, Math::max);
                  done.incrementAndGet();
                  finished.countDown();
                });
      }
      long next = start + (long) (issued * intervalNanos);
      long wait = next - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
    }
    await(finished, 15);
    int completed = done.get();
    lastTimeline = timeline(latencies, start, intervalNanos);
    long[] lags = sendLag.clone();
    Arrays.sort(lags);
    lastSendLagP99Ms =
        lags[(int) Math.min(lags.length - 1, Math.ceil(0.99 * lags.length) - 1)] / 1e6;
    long[] measured = Arrays.copyOf(latencies, total);
    Arrays.sort(measured);
    long lost = total - completed;
    synchronized (outcomes) {
      return new LoadResult(
          phase,
          "java-open",
          completed,
          (lastEnd.get() - start) / 1e9,
          ratePerSecond,
          percentile(measured, lost, 50),
          percentile(measured, lost, 90),
          percentile(measured, lost, 99),
          measured[measured.length - 1] / 1e6,
          outcomes[1],
          outcomes[2] + lost,
          outcomes[3]);
    }
  }

  private List<String> lastTimeline = List.of();
  private double lastSendLagP99Ms;

  /** p99 of the delay between a request's scheduled and actual send in the last open-model run. */
  double lastSendLagP99Ms() {
    return lastSendLagP99Ms;
  }

  /** The slowest seconds of the last open-model run: when stalls happened. */
  List<String> lastTimeline() {
    return lastTimeline;
  }

  private static List<String> timeline(long[] latencies, long start, double intervalNanos) {
    int seconds = (int) Math.ceil(latencies.length * intervalNanos / 1e9);
    long[] max = new long[seconds + 1];
    int[] slow = new int[seconds + 1];
    for (int i = 0; i < latencies.length; i++) {
      int second = (int) (i * intervalNanos / 1e9);
      max[second] = Math.max(max[second], latencies[i]);
      if (latencies[i] > 10_000_000L) {
        slow[second]++;
      }
    }
    List<Integer> order = new java.util.ArrayList<>();
    for (int i = 0; i < max.length; i++) {
      order.add(i);
    }
    order.sort((a, b) -> Long.compare(max[b], max[a]));
    List<String> lines = new java.util.ArrayList<>();
    for (int i = 0; i < Math.min(3, order.size()); i++) {
      int second = order.get(i);
      lines.add(
          String.format(
              java.util.Locale.ROOT,
              "second %d of the phase: max %.1f ms, %d requests over 10 ms",
              second,
              max[second] / 1e6,
              slow[second]));
    }
    return lines;
  }

  /** {@code users} concurrent loops, each sending its next request when its answer arrives. */
  LoadResult closedModel(String phase, int users, double seconds) {
    long end = System.nanoTime() + (long) (seconds * 1e9);
    long start = System.nanoTime();
    int capacity = 4_000_000;
    long[] latencies = new long[capacity];
    AtomicInteger count = new AtomicInteger();
    int[] outcomes = new int[4];
    CountDownLatch finished = new CountDownLatch(users);
    for (int u = 0; u < users; u++) {
      loop(u, end, latencies, count, outcomes, finished);
    }
    await(finished, (long) seconds + 20);
    double elapsed = (System.nanoTime() - start) / 1e9;
    int n = Math.min(count.get(), capacity);
    long[] measured = Arrays.copyOf(latencies, n);
    Arrays.sort(measured);
    synchronized (outcomes) {
      return new LoadResult(
          phase,
          "java-closed",
          n,
          elapsed,
          0,
          percentile(measured, 0, 50),
          percentile(measured, 0, 90),
          percentile(measured, 0, 99),
          n == 0 ? 0 : measured[n - 1] / 1e6,
          outcomes[1],
          outcomes[2],
          outcomes[3]);
    }
  }

  private void loop(
      int user,
      long end,
      long[] latencies,
      AtomicInteger count,
      int[] outcomes,
      CountDownLatch finished) {
    if (System.nanoTime() >= end) {
      finished.countDown();
      return;
    }
    long sent = System.nanoTime();
    call(user)
        .subscribe(
            outcome -> {
              int slot = count.getAndIncrement();
              if (slot < latencies.length) {
                latencies[slot] = System.nanoTime() - sent;
              }
              synchronized (outcomes) {
                outcomes[outcome]++;
              }
              loop(user, end, latencies, count, outcomes, finished);
            });
  }

  /** Percentile in ms; requests that never completed count as slower than all others. */
  private static double percentile(long[] sorted, long lost, double p) {
    int n = sorted.length;
    if (n == 0) {
      return 0;
    }
    // sorted holds `lost` zeros for the lost requests at the front: treat them as +infinity
    int rank = (int) Math.ceil(p / 100.0 * n) - 1;
    int index = (int) Math.min(n - 1, Math.max(0, rank) + lost);
    if (index >= n) {
      return Double.POSITIVE_INFINITY;
    }
    return sorted[index] / 1e6;
  }

  private static void await(CountDownLatch latch, long seconds) {
    try {
      latch.await(seconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    connections.disposeLater().block(Duration.ofSeconds(10));
    loops.disposeLater().block(Duration.ofSeconds(10));
  }
}
