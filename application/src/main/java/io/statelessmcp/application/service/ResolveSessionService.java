package io.statelessmcp.application.service;

import static io.statelessmcp.application.failure.LoginRejected.Reason.INVALID_GRANT;

import io.statelessmcp.application.failure.LoginRejected;
import io.statelessmcp.application.failure.ProviderUnavailable;
import io.statelessmcp.application.failure.SessionRejected;
import io.statelessmcp.application.failure.SessionRejected.Reason;
import io.statelessmcp.application.port.in.ResolveSession;
import io.statelessmcp.application.port.in.SessionPrincipal;
import io.statelessmcp.application.port.out.IdentityProvider;
import io.statelessmcp.application.port.out.SessionEvents;
import io.statelessmcp.application.port.out.SessionStore;
import io.statelessmcp.application.port.out.StoredSessionUnreadable;
import io.statelessmcp.domain.Session;
import io.statelessmcp.domain.SessionCredential;
import io.statelessmcp.domain.SessionId;
import io.statelessmcp.domain.SessionPolicy;
import io.statelessmcp.domain.SessionStatus;
import io.statelessmcp.domain.TouchDecision;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import reactor.core.publisher.Mono;

/**
 * The hot path. In the common case (no touch, no refresh due) it costs exactly one database round
 * trip: the lookup by public id.
 *
 * <p>Refresh is single-flight across replicas: a replica first claims a short lease with a
 * compare-and-set on the version, and only the winner calls the identity provider. Everyone else
 * keeps using the current access token while it is still valid, or waits for the winner's write. A
 * failed refresh never deletes the session.
 */
public final class ResolveSessionService implements ResolveSession {

  private static final System.Logger LOG = System.getLogger(ResolveSessionService.class.getName());
  static final Duration WAIT_POLL_INTERVAL = Duration.ofMillis(100);

  private final SessionStore store;
  private final IdentityProvider identityProvider;
  private final SessionPolicy policy;
  private final Clock clock;
  private final SessionEvents events;

  public ResolveSessionService(
      SessionStore store,
      IdentityProvider identityProvider,
      SessionPolicy policy,
      Clock clock,
      SessionEvents events) {
    this.store = store;
    this.identityProvider = identityProvider;
    this.policy = policy;
    this.clock = clock;
    this.events = events;
  }

  @Override
  public Mono<SessionPrincipal> resolve(String presentedCredential) {
    return Mono.defer(
        () -> {
          long started = System.nanoTime();
          return authenticate(presentedCredential)
              .doOnSuccess(p -> report("ok", started))
              .doOnError(SessionRejected.class, e -> report(outcome(e.reason()), started));
        });
  }

  private Mono<SessionPrincipal> authenticate(String presentedCredential) {
    SessionCredential.Parsed parsed = SessionCredential.parse(presentedCredential);
    if (parsed instanceof SessionCredential.Parsed.Rejected rejected) {
      boolean missing = rejected.reason() == SessionCredential.Rejection.MISSING;
      return Mono.error(new SessionRejected(missing ? Reason.MISSING : Reason.MALFORMED));
    }
    SessionCredential credential = ((SessionCredential.Parsed.Valid) parsed).credential();
    Instant now = clock.instant();
    return load(credential.sessionId())
        .flatMap(
            session -> {
              if (!session.acceptsSecret(credential.secret())) {
                return Mono.error(new SessionRejected(Reason.INVALID));
              }
              SessionStatus status = policy.statusAt(session, now);
              return switch (status) {
                case ACTIVE -> advance(session, now);
                case REVOKED -> Mono.error(new SessionRejected(Reason.REVOKED));
                case IDLE_EXPIRED, ABSOLUTE_EXPIRED ->
                    Mono.error(new SessionRejected(Reason.EXPIRED));
              };
            })
        .map(ResolveSessionService::principal);
  }

  /** Applies the touch and the refresh rules; writes only what they call for. */
  private Mono<Session> advance(Session session, Instant now) {
    Session touched =
        policy.touch(session, now) instanceof TouchDecision.Extend extend ? extend.session() : null;
    return switch (policy.refreshPlan(session, now)) {
      case NOT_DUE -> touched == null ? Mono.just(session) : writeTouch(session, touched);
      case CLAIM -> claimAndRefresh(touched == null ? session : touched, now);
      case HELD_ELSEWHERE -> useCurrentOrWait(session, now);
    };
  }

  /** A lost touch race is harmless: someone else just wrote fresher activity. */
  private Mono<Session> writeTouch(Session original, Session touched) {
    return store
        .compareAndSet(touched)
        .defaultIfEmpty(original)
        .onErrorResume(
            e -> {
              LOG.log(Level.WARNING, "could not record activity on session {0}", original.id());
              return Mono.just(original);
            });
  }

  private Mono<Session> claimAndRefresh(Session session, Instant now) {
    return store
        .compareAndSet(policy.claimRefresh(session, now))
        .flatMap(claimed -> refreshAsLeaseHolder(claimed, now))
        .switchIfEmpty(
            Mono.defer(
                () -> {
                  events.upstreamRefresh("lost_race");
                  return load(session.id()).flatMap(current -> afterLostClaim(current, now));
                }));
  }

  private Mono<Session> afterLostClaim(Session current, Instant now) {
    return switch (policy.refreshPlan(current, now)) {
      case NOT_DUE -> Mono.just(current);
      case HELD_ELSEWHERE -> useCurrentOrWait(current, now);
      // The winner's lease already lapsed (it crashed or gave up): try once more ourselves.
      case CLAIM -> claimAndRefresh(current, now);
    };
  }

  private Mono<Session> refreshAsLeaseHolder(Session claimed, Instant now) {
    String usedRefreshToken = claimed.tokens().refreshToken();
    return identityProvider
        .refresh(usedRefreshToken)
        .flatMap(
            tokens ->
                store
                    .compareAndSet(claimed.withRefreshedTokens(tokens))
                    .doOnNext(stored -> events.upstreamRefresh("ok"))
                    // Our lease lapsed and someone else wrote meanwhile: take what is stored.
                    .switchIfEmpty(Mono.defer(() -> load(claimed.id()))))
        .onErrorResume(
            e -> e instanceof LoginRejected rejected && rejected.reason() == INVALID_GRANT,
            rejected ->
                load(claimed.id())
                    .flatMap(
                        current -> {
                          if (!current.tokens().refreshToken().equals(usedRefreshToken)) {
                            return Mono.just(current); // another replica refreshed first
                          }
                          events.upstreamRefresh("invalid_grant");
                          LOG.log(
                              Level.WARNING,
                              "identity provider refused the refresh of session {0}; the user"
                                  + " must log in again",
                              claimed.id());
                          return Mono.error(new SessionRejected(Reason.UPSTREAM_EXPIRED));
                        }))
        .onErrorResume(
            e -> e instanceof ProviderUnavailable || e instanceof LoginRejected,
            unavailable -> {
              events.upstreamRefresh("unavailable");
              if (policy.accessTokenUsable(claimed, now)) {
                // Serve now; the lease lapses and a later request retries the refresh.
                return Mono.just(claimed);
              }
              return Mono.error(
                  unavailable instanceof ProviderUnavailable
                      ? unavailable
                      : new ProviderUnavailable("the refresh was refused"));
            });
  }

  /**
   * Another replica is refreshing. While the current access token still works, use it; otherwise
   * wait for the holder's write, and refresh ourselves if its lease lapses first.
   */
  private Mono<Session> useCurrentOrWait(Session session, Instant now) {
    if (policy.accessTokenUsable(session, now)) {
      return Mono.just(session);
    }
    return Mono.delay(WAIT_POLL_INTERVAL)
        .then(Mono.defer(() -> load(session.id())))
        .flatMap(
            current -> {
              Instant later = clock.instant();
              return switch (policy.refreshPlan(current, later)) {
                case NOT_DUE -> Mono.just(current);
                case CLAIM -> claimAndRefresh(current, later);
                case HELD_ELSEWHERE -> useCurrentOrWait(current, later);
              };
            });
  }

  /** One lookup; an unreadable row is an invalid session, a missing one an unknown session. */
  private Mono<Session> load(SessionId id) {
    return store
        .findById(id)
        .onErrorMap(StoredSessionUnreadable.class, e -> new SessionRejected(Reason.INVALID))
        .switchIfEmpty(Mono.error(() -> new SessionRejected(Reason.UNKNOWN)));
  }

  private static SessionPrincipal principal(Session session) {
    return new SessionPrincipal(
        session.userId(),
        session.id(),
        session.profile(),
        session.tokens().accessToken(),
        session.expiresAt());
  }

  private void report(String outcome, long startedNanos) {
    events.sessionResolved(outcome, Duration.ofNanos(System.nanoTime() - startedNanos));
  }

  private static String outcome(Reason reason) {
    return switch (reason) {
      case EXPIRED -> "expired";
      case REVOKED -> "revoked";
      case UNKNOWN -> "unknown";
      case MISSING, MALFORMED, INVALID, UPSTREAM_EXPIRED -> "invalid";
    };
  }
}
