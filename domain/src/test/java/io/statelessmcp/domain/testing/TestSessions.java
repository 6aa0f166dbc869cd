package io.statelessmcp.domain.testing;

import io.statelessmcp.domain.ClientMetadata;
import io.statelessmcp.domain.IssuedSession;
import io.statelessmcp.domain.OAuthTokens;
import io.statelessmcp.domain.Session;
import io.statelessmcp.domain.SessionCredential;
import io.statelessmcp.domain.UserId;
import io.statelessmcp.domain.UserProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Sessions as test data, with defaults: {@code aSession().of(ALICE).createdAt(T0).build()}. Domain
 * publishes it in its test-jar, so every module's tests build sessions the same way.
 */
public final class TestSessions {

  public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  public static final UserId ALICE = new UserId("user_01HALICE0000000000000000");
  public static final UserId BOB = new UserId("user_01HBOB00000000000000000000");

  private TestSessions() {}

  public static SessionBuilder aSession() {
    return new SessionBuilder();
  }

  /** Upstream tokens that appear nowhere else, so a dump can be searched for them. */
  public static OAuthTokens uniqueTokens(Instant accessExpiresAt) {
    return new OAuthTokens(
        "access-" + UUID.randomUUID(), "refresh-" + UUID.randomUUID(), accessExpiresAt);
  }

  public static final class SessionBuilder {
    private UserId user = ALICE;
    private Instant createdAt = T0;
    private Duration idle = Duration.ofHours(24);
    private Duration absolute = Duration.ofDays(30);
    private Instant revokedAt;
    private Instant refreshLeaseUntil;
    private UserProfile profile = new UserProfile("ada@example.com", "Ada", "Lovelace");
    private ClientMetadata client = new ClientMetadata("JUnit/6 (test)", "203.0.113.7");
    private OAuthTokens tokens;

    private SessionBuilder() {}

    public SessionBuilder of(UserId user) {
      this.user = user;
      return this;
    }

    public SessionBuilder createdAt(Instant createdAt) {
      this.createdAt = createdAt;
      return this;
    }

    /** Idle deadline {@code idle} after creation (capped at the absolute deadline). */
    public SessionBuilder idleFor(Duration idle) {
      this.idle = idle;
      return this;
    }

    public SessionBuilder absoluteLifetime(Duration absolute) {
      this.absolute = absolute;
      return this;
    }

    public SessionBuilder revokedAt(Instant revokedAt) {
      this.revokedAt = revokedAt;
      return this;
    }

    public SessionBuilder refreshLeaseUntil(Instant until) {
      this.refreshLeaseUntil = until;
      return this;
    }

    public SessionBuilder profile(UserProfile profile) {
      this.profile = profile;
      return this;
    }

    public SessionBuilder client(ClientMetadata client) {
      this.client = client;
      return this;
    }

    public SessionBuilder tokens(OAuthTokens tokens) {
      this.tokens = tokens;
      return this;
    }

    public IssuedSession build() {
      SessionCredential credential = SessionCredential.issue();
      Instant absoluteExpiresAt = createdAt.plus(absolute);
      Instant idleExpiresAt = createdAt.plus(idle);
      Instant expiresAt =
          idleExpiresAt.isAfter(absoluteExpiresAt) ? absoluteExpiresAt : idleExpiresAt;
      Session session =
          new Session(
              credential.sessionId(),
              user,
              credential.secret().hash(),
              tokens != null ? tokens : uniqueTokens(createdAt.plus(Duration.ofMinutes(5))),
              profile,
              client,
              createdAt,
              createdAt,
              expiresAt,
              absoluteExpiresAt,
              0,
              revokedAt,
              refreshLeaseUntil);
      return new IssuedSession(session, credential);
    }

    public Session session() {
      return build().session();
    }
  }
}
