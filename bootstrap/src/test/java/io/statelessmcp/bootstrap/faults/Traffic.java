package io.statelessmcp.bootstrap.faults;

import io.statelessmcp.bootstrap.faults.UserAgent.Answer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A few clients calling in a loop on their own threads until {@link #stop()}, each loop bounded in
 * count and in time, every call recorded with where it went.
 */
final class Traffic implements AutoCloseable {

  /** One call: which client, its how-manieth call, which replica it went to, what came back. */
  record Sent(int client, int call, String target, Instant at, Answer answer) {

    @Override
    public String toString() {
      return "client " + client + " call " + call + " to " + target + " at " + at + ": " + answer;
    }
  }

  /** What one client does for its n-th call. */
  interface Call {
    Sent send(int client, int call);
  }

  private final ExecutorService clients;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final ConcurrentLinkedQueue<Sent> sent = new ConcurrentLinkedQueue<>();
  private final Duration maxDuration;

  private Traffic(int clientCount, Duration maxDuration) {
    this.clients = Executors.newFixedThreadPool(clientCount);
    this.maxDuration = maxDuration;
  }

  static Traffic start(int clientCount, int maxCallsPerClient, Duration maxDuration, Call call) {
    Traffic traffic = new Traffic(clientCount, maxDuration);
    Instant deadline = Instant.now().plus(maxDuration);
    for (int c = 0; c < clientCount; c++) {
      int client = c;
      traffic.clients.submit(
          () -> {
            for (int n = 0;
                n < maxCallsPerClient && traffic.running.get() && Instant.now().isBefore(deadline);
                n++) {
              traffic.sent.add(call.send(client, n));
            }
          });
    }
    traffic.clients.shutdown();
    return traffic;
  }

  /** Every call made so far. */
  List<Sent> sent() {
    return new ArrayList<>(sent);
  }

  /** Stops the loops and waits (bounded) for the calls in flight; returns every call made. */
  List<Sent> stop() {
    running.set(false);
    return awaitEnd();
  }

  /** Waits (bounded by the traffic's own limits) until every client finished its loop. */
  List<Sent> awaitEnd() {
    try {
      Duration bound = maxDuration.plus(UserAgent.REQUEST_TIMEOUT);
      if (!clients.awaitTermination(bound.toMillis(), TimeUnit.MILLISECONDS)) {
        clients.shutdownNow();
        throw new AssertionError("traffic did not end within " + bound);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return sent();
  }

  /**
   * How many calls got each status, and the first few that {@code expected} refuses: a readable
   * failure message for hundreds of calls.
   */
  static String summary(List<Sent> calls, Predicate<Sent> expected) {
    Map<Integer, Long> byStatus =
        calls.stream()
            .collect(
                Collectors.groupingBy(
                    s -> s.answer().status(), TreeMap::new, Collectors.counting()));
    List<Sent> unexpected = calls.stream().filter(expected.negate()).limit(5).toList();
    return calls.size()
        + " calls, by status "
        + byStatus
        + (unexpected.isEmpty() ? "" : "; first unexpected:\n  " + join(unexpected));
  }

  private static String join(List<Sent> calls) {
    return String.join("\n  ", calls.stream().map(Sent::toString).toList());
  }

  @Override
  public void close() {
    running.set(false);
    clients.shutdownNow();
  }
}
