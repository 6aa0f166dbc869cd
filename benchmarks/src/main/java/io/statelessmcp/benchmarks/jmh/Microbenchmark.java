package io.statelessmcp.benchmarks.jmh;

import io.statelessmcp.domain.IssuedSession;
import io.statelessmcp.domain.OAuthTokens;
import io.statelessmcp.domain.SessionPolicy;
import io.statelessmcp.domain.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What every microbenchmark here shares (JMH reads these annotations from the superclass): the
 * average time of one call in nanoseconds, 3 s of warm-up and 5 s measured, in one fork.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public abstract class Microbenchmark {

  /** A session as a login at {@code at} opens it, with an access token good for {@code tokens}. */
  protected static IssuedSession openSession(SessionPolicy policy, Instant at, Duration tokens) {
    return policy.open(
        new UserId("user_01HBENCHMARK000000000000000"),
        new OAuthTokens("access", "refresh", at.plus(tokens)),
        null,
        null,
        at);
  }
}
