package io.statelessmcp.benchmarks.jmh;

import io.statelessmcp.domain.OAuthTokens;
import io.statelessmcp.domain.Session;
import io.statelessmcp.domain.SessionCredential;
import io.statelessmcp.domain.SessionPolicy;
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
 * The first per-request step: parse the presented {@code <session_id>.<secret>} and check the
 * secret against the stored SHA-256 hash in constant time ({@code Session.acceptsSecret}, which
 * hashes the presented secret and compares with {@code MessageDigest.isEqual}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CredentialBenchmark {

  private String presented;
  private String wrongSecret;
  private Session session;
  private SessionCredential credential;

  @Setup
  public void setUp() {
    Instant now = Instant.now();
    var issued =
        SessionPolicy.defaults()
            .open(
                new UserId("user_01HBENCHMARK000000000000000"),
                new OAuthTokens("access", "refresh", now.plus(Duration.ofMinutes(5))),
                null,
                null,
                now);
    session = issued.session();
    credential = issued.credential();
    presented = credential.encoded();
    SessionCredential other = SessionCredential.issue();
    wrongSecret = credential.sessionId().value() + "." + other.secret().value();
  }

  @Benchmark
  public SessionCredential.Parsed parse() {
    return SessionCredential.parse(presented);
  }

  @Benchmark
  public boolean acceptsSecret() {
    return session.acceptsSecret(credential.secret());
  }

  /** What the hot path does before and after the lookup: parse, then the constant-time check. */
  @Benchmark
  public boolean parseAndCheck() {
    SessionCredential.Parsed parsed = SessionCredential.parse(presented);
    return parsed instanceof SessionCredential.Parsed.Valid valid
        && session.acceptsSecret(valid.credential().secret());
  }

  /** A wrong secret costs the same as a right one (constant-time compare). */
  @Benchmark
  public boolean parseAndCheckWrongSecret() {
    SessionCredential.Parsed parsed = SessionCredential.parse(wrongSecret);
    return parsed instanceof SessionCredential.Parsed.Valid valid
        && session.acceptsSecret(valid.credential().secret());
  }
}
