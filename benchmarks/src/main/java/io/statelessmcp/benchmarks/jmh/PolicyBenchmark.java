package io.statelessmcp.benchmarks.jmh;

import io.statelessmcp.domain.Session;
import io.statelessmcp.domain.SessionPolicy;
import io.statelessmcp.domain.SessionStatus;
import io.statelessmcp.domain.TouchDecision;
import java.time.Duration;
import java.time.Instant;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * The domain's per-request time rules: {@code statusAt}, {@code touch} (inside the throttle window:
 * no write; past it: a new extended session) and {@code needsRefresh}.
 */
public class PolicyBenchmark extends Microbenchmark {

  private SessionPolicy policy;
  private Session session;
  private Instant withinThrottle;
  private Instant pastThrottle;

  @Setup
  public void setUp() {
    policy = SessionPolicy.defaults();
    Instant login = Instant.parse("2026-01-01T00:00:00Z");
    session = openSession(policy, login, Duration.ofHours(1)).session();
    withinThrottle = login.plusSeconds(30);
    pastThrottle = login.plus(policy.touchThrottle()).plusSeconds(1);
  }

  @Benchmark
  public SessionStatus statusAt() {
    return session.statusAt(withinThrottle);
  }

  @Benchmark
  public TouchDecision touchNoWriteDue() {
    return policy.touch(session, withinThrottle);
  }

  @Benchmark
  public TouchDecision touchWriteDue() {
    return policy.touch(session, pastThrottle);
  }

  @Benchmark
  public boolean needsRefresh() {
    return policy.needsRefresh(session, withinThrottle);
  }
}
