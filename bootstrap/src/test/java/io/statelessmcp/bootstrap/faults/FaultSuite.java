package io.statelessmcp.bootstrap.faults;

import io.statelessmcp.bootstrap.postgres.DebianPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What the fault suite's classes share: the packages they need (skipped without them, unless
 * {@value #REQUIRED_ENV}{@code =true}, as in {@code .ci/run}) and bounded waiting.
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
}
