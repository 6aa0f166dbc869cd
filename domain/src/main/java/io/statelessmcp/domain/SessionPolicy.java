package io.statelessmcp.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The time rules of sessions. Every rule is a pure function of the session, this policy and the
 * instant passed in; nothing here reads a clock.
 *
 * @param idleTtl how long a session lives without activity ({@code MCP_SESSION_TTL_HOURS})
 * @param absoluteLifetime how long a session lives at most, however active
 * @param refreshSkew refresh the upstream access token when it expires within this window
 */
public record SessionPolicy(Duration idleTtl, Duration absoluteLifetime, Duration refreshSkew) {

  public static final Duration DEFAULT_IDLE_TTL = Duration.ofHours(24);
  public static final Duration DEFAULT_ABSOLUTE_LIFETIME = Duration.ofDays(30);
  public static final Duration DEFAULT_REFRESH_SKEW = Duration.ofSeconds(60);
  static final Duration MIN_TOUCH_THROTTLE = Duration.ofSeconds(60);

  /**
   * How long one replica holds the right to refresh a session's upstream token. Longer than a
   * WorkOS call may take (2 s connect + 5 s response), short enough that a crashed holder delays
   * the next refresh only briefly.
   */
  public static final Duration REFRESH_LEASE = Duration.ofSeconds(15);

  public SessionPolicy {
    Objects.requireNonNull(idleTtl, "idleTtl");
    Objects.requireNonNull(absoluteLifetime, "absoluteLifetime");
    Objects.requireNonNull(refreshSkew, "refreshSkew");
    if (idleTtl.isZero() || idleTtl.isNegative()) {
      throw new IllegalArgumentException("idle TTL must be positive");
    }
    if (absoluteLifetime.compareTo(idleTtl) < 0) {
      throw new IllegalArgumentException("absolute lifetime must be at least the idle TTL");
    }
    if (refreshSkew.isNegative()) {
      throw new IllegalArgumentException("refresh skew must not be negative");
    }
  }

  public static SessionPolicy defaults() {
    return new SessionPolicy(DEFAULT_IDLE_TTL, DEFAULT_ABSOLUTE_LIFETIME, DEFAULT_REFRESH_SKEW);
  }

  /**
   * The least time between two writes of activity: max(60 s, 1% of the idle TTL). An active session
   * therefore costs about one write a minute at most.
   */
  public Duration touchThrottle() {
    Duration onePercent = idleTtl.dividedBy(100);
    return onePercent.compareTo(MIN_TOUCH_THROTTLE) > 0 ? onePercent : MIN_TOUCH_THROTTLE;
  }

  /** Opens a session for a verified login, with a fresh credential. */
  public IssuedSession open(
      UserId userId, OAuthTokens tokens, UserProfile profile, ClientMetadata client, Instant now) {
    SessionCredential credential = SessionCredential.issue();
    Instant absoluteExpiresAt = now.plus(absoluteLifetime);
    Session session =
        new Session(
            credential.sessionId(),
            userId,
            credential.secret().hash(),
            tokens,
            profile,
            client,
            now,
            now,
            earliest(now.plus(idleTtl), absoluteExpiresAt),
            absoluteExpiresAt,
            0,
            null,
            null);
    return new IssuedSession(session, credential);
  }

  /**
   * Records activity. The idle deadline slides only once the throttle window since the last written
   * activity has passed, and never beyond the absolute deadline. An inactive session is never
   * extended.
   */
  public TouchDecision touch(Session session, Instant now) {
    if (!session.isActiveAt(now)) {
      return new TouchDecision.NoWriteNeeded();
    }
    Instant throttleEnds = session.lastSeenAt().plus(touchThrottle());
    if (now.isBefore(throttleEnds)) {
      return new TouchDecision.NoWriteNeeded();
    }
    Instant extended = earliest(now.plus(idleTtl), session.absoluteExpiresAt());
    return new TouchDecision.Extend(session.withActivity(now, extended));
  }

  /** True when the upstream access token has expired or expires within the refresh skew. */
  public boolean needsRefresh(Session session, Instant now) {
    return !now.isBefore(session.tokens().accessExpiresAt().minus(refreshSkew));
  }

  /**
   * Who refreshes the upstream token: nobody when it is not due; the caller when it is due and no
   * other replica holds an unexpired lease; otherwise the lease holder.
   */
  public RefreshPlan refreshPlan(Session session, Instant now) {
    if (!needsRefresh(session, now)) {
      return RefreshPlan.NOT_DUE;
    }
    Instant lease = session.refreshLeaseUntil();
    if (lease != null && now.isBefore(lease)) {
      return RefreshPlan.HELD_ELSEWHERE;
    }
    return RefreshPlan.CLAIM;
  }

  /**
   * The one decision of the hot path: given the stored session, what must happen before a request
   * is served. Refresh wins over touch (the lease write carries the touch along); a replica that
   * sees another's lease keeps using a still valid access token and waits only once it has expired.
   */
  public SessionStep next(Session stored, Instant now) {
    SessionStatus status = stored.statusAt(now);
    if (!status.isActive()) {
      SessionStep.Action refusal =
          status == SessionStatus.REVOKED
              ? SessionStep.Action.REFUSE_REVOKED
              : SessionStep.Action.REFUSE_EXPIRED;
      return new SessionStep(refusal, stored);
    }
    Session touched =
        touch(stored, now) instanceof TouchDecision.Extend extend ? extend.session() : stored;
    return switch (refreshPlan(stored, now)) {
      case NOT_DUE ->
          touched == stored
              ? new SessionStep(SessionStep.Action.SERVE, stored)
              : new SessionStep(SessionStep.Action.TOUCH, touched);
      case CLAIM -> new SessionStep(SessionStep.Action.CLAIM_REFRESH, claimRefresh(touched, now));
      case HELD_ELSEWHERE ->
          accessTokenUsable(stored, now)
              ? new SessionStep(SessionStep.Action.SERVE, stored)
              : new SessionStep(SessionStep.Action.AWAIT_REFRESH, stored);
    };
  }

  /** The lease a replica writes, compare-and-set, before it calls the identity provider. */
  public Session claimRefresh(Session session, Instant now) {
    return session.withRefreshLease(now.plus(REFRESH_LEASE));
  }

  /** True while the upstream access token itself can still be used, refresh due or not. */
  public boolean accessTokenUsable(Session session, Instant now) {
    return now.isBefore(session.tokens().accessExpiresAt());
  }

  private static Instant earliest(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
