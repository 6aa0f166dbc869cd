package io.statelessmcp.bootstrap.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.statelessmcp.bootstrap.faults.UserAgent.Answer;
import io.statelessmcp.bootstrap.postgres.DebianPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What the fault suite's classes share: the packages they need (skipped without them, unless
 * {@value #REQUIRED_ENV}{@code =true}, as in {@code .ci/run}), bounded waiting and closing what a
 * class started.
 */
final class FaultSuite {

  static final String REQUIRED_ENV = "MCP_REQUIRE_FAULT_SUITE";
  static final Path PGBOUNCER = Path.of("/usr/sbin/pgbouncer");

  private static final Set<Process> CHILDREN = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> CHILDREN.forEach(Process::destroyForcibly)));
  }

  private FaultSuite() {}

  /** Kills {@code child} when the test JVM exits, should a test not get to it first. */
  static Process killOnExit(Process child) {
    CHILDREN.add(child);
    return child;
  }

  /** The child is gone; nothing to kill on exit. */
  static void forget(Process child) {
    CHILDREN.remove(child);
  }

  static void assumePostgres() {
    DebianPostgres.skipOrFail("PostgreSQL 15", DebianPostgres.missingBinary(), REQUIRED_ENV);
  }

  static void assumePgBouncer() {
    assumePostgres();
    DebianPostgres.skipOrFail(
        "PgBouncer",
        Files.isExecutable(PGBOUNCER) ? null : PGBOUNCER + " (apt-get install pgbouncer)",
        REQUIRED_ENV);
  }

  /**
   * Polls every 100 ms until {@code condition} holds; returns how long that took, or fails after
   * {@code bound} saying {@code what}.
   */
  static Duration within(Duration bound, String what, BooleanSupplier condition) {
    return within(bound, () -> what, condition);
  }

  /** As above; {@code what} is asked only on failure, so it can tell the last thing seen. */
  static Duration within(Duration bound, Supplier<String> what, BooleanSupplier condition) {
    Instant started = Instant.now();
    Instant deadline = started.plus(bound);
    while (true) {
      if (condition.getAsBoolean()) {
        return Duration.between(started, Instant.now());
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(what.get() + ": not within " + bound);
      }
      ServerProcess.sleep(Duration.ofMillis(100));
    }
  }

  /**
   * What a user is told when a dependency is out: 503 with {@code error} and a Retry-After, within
   * {@code bound}; {@code call} says which call it was.
   */
  static void assertRetryLater(String call, Answer answer, String error, Duration bound) {
    assertThat(answer.status()).as("%s: %s", call, answer).isEqualTo(503);
    assertThat(answer.error()).as("%s: %s", call, answer).isEqualTo(error);
    assertThat(answer.retryAfter()).as("%s: %s", call, answer).isPresent();
    assertThat(answer.took()).as("%s: %s", call, answer).isLessThan(bound);
  }

  /**
   * Repeats {@code call} until it succeeds, then prints how long that took after {@code what};
   * fails after {@code bound} saying {@code what} and the last answer.
   */
  static void awaitRecovery(Duration bound, String what, Supplier<Answer> call) {
    AtomicReference<Answer> last = new AtomicReference<>();
    Duration took =
        within(
            bound,
            () -> what + "; last: " + last.get(),
            () -> {
              last.set(call.get());
              return last.get().ok();
            });
    System.out.println(what + " after " + took.toMillis() + " ms");
  }

  /**
   * Closes each of {@code resources} in this order, skipping nulls (what never started); one that
   * fails to close does not keep the others open, and fails the caller at the end.
   */
  static void closeAll(AutoCloseable... resources) {
    AssertionError failed = null;
    for (AutoCloseable resource : resources) {
      try {
        if (resource != null) {
          resource.close();
        }
      } catch (Exception e) {
        if (failed == null) {
          failed = new AssertionError("could not close " + resource, e);
        } else {
          failed.addSuppressed(e);
        }
      }
    }
    if (failed != null) {
      throw failed;
    }
  }
}
