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

  /** Revoking twice keeps the first revocation time. */
  public Session revoke(Instant now) {
    if (isRevoked()) {
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
