package io.statelessmcp.benchmarks.jmh;

import io.statelessmcp.domain.Session;
import io.statelessmcp.domain.SessionCredential;
import io.statelessmcp.domain.SessionPolicy;
import java.time.Duration;
import java.time.Instant;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * The first per-request step: parse the presented {@code <session_id>.<secret>} and check the
 * secret against the stored SHA-256 hash in constant time ({@code Session.acceptsSecret}, which
 * hashes the presented secret and compares with {@code MessageDigest.isEqual}).
 */
public class CredentialBenchmark extends Microbenchmark {

  private String presented;
  private String wrongSecret;
  private Session session;
  private SessionCredential credential;

  @Setup
  public void setUp() {
    var issued = openSession(SessionPolicy.defaults(), Instant.now(), Duration.ofMinutes(5));
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
