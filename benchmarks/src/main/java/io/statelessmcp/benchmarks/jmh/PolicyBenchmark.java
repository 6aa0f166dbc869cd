package io.statelessmcp.benchmarks.jmh;

import io.statelessmcp.domain.OAuthTokens;
import io.statelessmcp.domain.Session;
import io.statelessmcp.domain.SessionPolicy;
import io.statelessmcp.domain.SessionStatus;
import io.statelessmcp.domain.TouchDecision;
import io.statelessmcp.domain.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The domain's per-request time rules: {@code statusAt}, {@code touch} (inside the throttle window:
 * no write; past it: a new extended session) and {@code needsRefresh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PolicyBenchmark {

  private SessionPolicy policy;
  private Session session;
  private Instant withinThrottle;
  private Instant pastThrottle;

  @Setup
  public void setUp() {
    policy = SessionPolicy.defaults();
    Instant login = Instant.parse("2026-01-01T00:00:00Z");
    session =
        policy
            .open(
                new UserId("user_01HBENCHMARK000000000000000"),
                new OAuthTokens("access", "refresh", login.plus(Duration.ofHours(1))),
                null,
                null,
                login)
            .session();
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
