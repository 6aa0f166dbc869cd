package io.statelessmcp.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A login session as stored. Immutable: every rule returns a new value, and the store persists it
 * with a compare-and-set on {@link #version()}.
 *
 * <p>{@code expiresAt} is the idle deadline, already capped at {@code absoluteExpiresAt}; {@code
 * lastSeenAt} is the last activity that was written, which the touch throttle measures from. {@code
 * revokedAt} is null while the session has not been revoked.
 */
public record Session(
    SessionId id,
    UserId userId,
    SecretHash secretHash,
    OAuthTokens tokens,
    UserProfile profile,
    ClientMetadata client,
    Instant createdAt,
    Instant lastSeenAt,
    Instant expiresAt,
    Instant absoluteExpiresAt,
    long version,
    Instant revokedAt,
    Instant refreshLeaseUntil) {

  public Session {
    profile = profile == null ? UserProfile.empty() : profile;
    client = client == null ? ClientMetadata.unknown() : client;
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(secretHash, "secretHash");
    Objects.requireNonNull(tokens, "tokens");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(lastSeenAt, "lastSeenAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(absoluteExpiresAt, "absoluteExpiresAt");
    if (expiresAt.isAfter(absoluteExpiresAt)) {
      throw new IllegalArgumentException("idle expiry must not pass the absolute expiry");
    }
    if (version < 0) {
      throw new IllegalArgumentException("version must not be negative");
    }
  }

  public boolean isRevoked() {
    return revokedAt != null;
  }

  /**
   * The lifecycle rule, the one every store's queries and the database's view and purge follow: a
   * session is usable strictly before its deadlines and its revocation; exactly at one it has
   * ended. Revocation is reported first, then the absolute deadline, then the idle one.
   */
  public SessionStatus statusAt(Instant now) {
    if (isRevoked() && !now.isBefore(revokedAt)) {
      return SessionStatus.REVOKED;
    }
    if (!now.isBefore(absoluteExpiresAt)) {
      return SessionStatus.ABSOLUTE_EXPIRED;
    }
    if (!now.isBefore(expiresAt)) {
      return SessionStatus.IDLE_EXPIRED;
    }
    return SessionStatus.ACTIVE;
  }

  public boolean isActiveAt(Instant now) {
    return statusAt(now).isActive();
  }

  /**
   * The revocation to store when a write carrying {@code written} (null: none) lands on this stored
   * session: the earlier of the two. A revocation once stored is therefore never undone or moved
   * later, so a writer that read the session before it was revoked cannot reopen it.
   */
  public Instant stickyRevocation(Instant written) {
    if (revokedAt == null) {
      return written;
    }
    return written == null || !written.isBefore(revokedAt) ? revokedAt : written;
  }

  /** Constant-time check of a presented secret against the stored hash. */
  public boolean acceptsSecret(SessionSecret secret) {
    return secretHash.matches(secret);
  }

  public Session withRefreshedTokens(OAuthTokens refreshed) {
    Objects.requireNonNull(refreshed, "refreshed");
    return copy(
        next -> {
          next.tokens = refreshed;
          next.refreshLeaseUntil = null;
        });
  }

  /** The same session as a store hands it back after a write: with the version it assigned. */
  public Session withVersion(long newVersion) {
    return copy(next -> next.version = newVersion);
  }

  /** Marks the upstream refresh as claimed by the caller until {@code until}. */
  public Session withRefreshLease(Instant until) {
    Objects.requireNonNull(until, "until");
    return copy(next -> next.refreshLeaseUntil = until);
  }

  /** Gives the refresh lease back, so the next request may claim it at once. */
  public Session withoutRefreshLease() {
    return copy(next -> next.refreshLeaseUntil = null);
  }

  /** Revoking twice keeps the earlier revocation time (see {@link #stickyRevocation}). */
  public Session revoke(Instant now) {
    if (stickyRevocation(Objects.requireNonNull(now, "now")).equals(revokedAt)) {
      return this;
    }
    Objects.requireNonNull(now, "now");
    return copy(next -> next.revokedAt = now);
  }

  Session withActivity(Instant seenAt, Instant newExpiresAt) {
    return copy(
        next -> {
          next.lastSeenAt = seenAt;
          next.expiresAt = newExpiresAt;
        });
  }

  private Session copy(Consumer<Changes> change) {
    Changes changes = new Changes();
    change.accept(changes);
    return changes.applied();
  }

  /**
   * The fields a wither may change, starting as this session's; {@link #applied()} is the one place
   * that calls the canonical constructor for a changed copy.
   */
  private final class Changes {
    private OAuthTokens tokens = Session.this.tokens;
    private Instant lastSeenAt = Session.this.lastSeenAt;
    private Instant expiresAt = Session.this.expiresAt;
    private long version = Session.this.version;
    private Instant revokedAt = Session.this.revokedAt;
    private Instant refreshLeaseUntil = Session.this.refreshLeaseUntil;

    private Session applied() {
      return new Session(
          id,
          userId,
          secretHash,
          tokens,
          profile,
          client,
          createdAt,
          lastSeenAt,
          expiresAt,
          absoluteExpiresAt,
          version,
          revokedAt,
          refreshLeaseUntil);
    }
  }

  @Override
  public String toString() {
    return "Session[id="
        + id
        + ", userId="
        + userId
        + ", expiresAt="
        + expiresAt
        + ", absoluteExpiresAt="
        + absoluteExpiresAt
        + ", version="
        + version
        + ", revokedAt="
        + revokedAt
        + "]";
  }
}
