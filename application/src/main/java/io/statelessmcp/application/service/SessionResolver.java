package io.statelessmcp.application.service;

import static io.statelessmcp.application.failure.LoginRejected.Reason.INVALID_GRANT;

import io.statelessmcp.application.failure.LoginRejected;
import io.statelessmcp.application.failure.ProviderUnavailable;
import io.statelessmcp.application.failure.ServiceFailure;
import io.statelessmcp.application.failure.SessionRejected;
import io.statelessmcp.application.failure.SessionRejected.Reason;
import io.statelessmcp.application.failure.StorageUnavailable;
import io.statelessmcp.application.port.in.SessionPrincipal;
import io.statelessmcp.application.port.out.IdentityProvider;
import io.statelessmcp.application.port.out.SessionChanges;
import io.statelessmcp.application.port.out.SessionEvents;
import io.statelessmcp.application.port.out.SessionLookup;
import io.statelessmcp.application.port.out.SessionWrites;
import io.statelessmcp.application.port.out.StoredSessionUnreadable;
import io.statelessmcp.application.port.out.WriteResult;
import io.statelessmcp.domain.Session;
import io.statelessmcp.domain.SessionCredential;
import io.statelessmcp.domain.SessionId;
import io.statelessmcp.domain.SessionPolicy;
import io.statelessmcp.domain.SessionStep;
import java.lang.System.Logger.Level;
import java.time.Clock;
import reactor.core.publisher.Mono;

/**
 * Turns a session credential into a principal: the session half of {@link AuthenticateService}. In
 * the common case (no touch, no refresh due) it costs exactly one database round trip: the lookup
 * by public id.
 *
 * <p>Everything else is {@link SessionPolicy#next} applied until it settles. A compare-and-set that
 * loses hands back the stored session, and the decision is simply taken again on it: that is how
 * refresh stays single-flight across replicas (the winner of the lease write calls the identity
 * provider; everyone else sees its lease) without any re-read. A failed refresh never deletes the
 * session.
 */
public record SessionResolver(
    SessionLookup lookup,
    SessionWrites writes,
    SessionChanges changes,
    IdentityProvider identityProvider,
    SessionPolicy policy,
    Clock clock,
    SessionEvents events) {

  private static final System.Logger LOG = System.getLogger(SessionResolver.class.getName());

  /**
   * Lost writes in a row before giving up. Each loss means the session changed in a way the next
   * decision settles (a fresher touch, another replica's lease), so more than two are not expected.
   */
  static final int MAX_LOST_WRITES = 8;

  public Mono<SessionPrincipal> resolve(String presentedCredential) {
    SessionCredential.Parsed parsed = SessionCredential.parse(presentedCredential);
    if (parsed instanceof SessionCredential.Parsed.Rejected rejected) {
      boolean missing = rejected.reason() == SessionCredential.Rejection.MISSING;
      return Mono.error(new SessionRejected(missing ? Reason.MISSING : Reason.MALFORMED));
    }
    SessionCredential credential = ((SessionCredential.Parsed.Valid) parsed).credential();
    return load(credential.sessionId())
        .flatMap(
            session ->
                session.acceptsSecret(credential.secret())
                    ? settle(session, MAX_LOST_WRITES, false)
                    : Mono.error(new SessionRejected(Reason.INVALID)))
        .map(SessionResolver::principal);
  }

  /**
   * The session a grant of this server names, its token having been checked by the caller: served
   * exactly as for a session credential (touched, upstream token refreshed when due).
   */
  public Mono<SessionPrincipal> resolveGrant(SessionId grant) {
    return resolveSession(grant).map(SessionResolver::principal);
  }

  /** {@link #resolveGrant}, as the session itself. */
  public Mono<Session> resolveSession(SessionId grant) {
    return load(grant).flatMap(session -> settle(session, MAX_LOST_WRITES, false));
  }

  /**
   * Performs the policy's next step on {@code stored}; ends with the session to serve.
   *
   * @param afterAwait true when this request just waited for another replica's refresh: if that
   *     replica gave its lease back without new tokens, the refresh failed, and this request says
   *     so at once instead of trying again itself
   */
  private Mono<Session> settle(Session stored, int lostWritesLeft, boolean afterAwait) {
    SessionStep step = policy.next(stored, clock.instant());
    return switch (step.action()) {
      case SERVE -> Mono.just(step.session());
      case REFUSE_REVOKED -> Mono.error(new SessionRejected(Reason.REVOKED));
      case REFUSE_EXPIRED -> Mono.error(new SessionRejected(Reason.EXPIRED));
      case TOUCH -> touch(stored, step.session(), lostWritesLeft);
      case CLAIM_REFRESH ->
          afterAwait && stored.refreshLeaseUntil() == null
              ? Mono.error(new ProviderUnavailable("the refresh of the upstream token failed"))
              : claimRefresh(step.session(), lostWritesLeft);
      case AWAIT_REFRESH -> awaitRefresh(step.session(), lostWritesLeft);
    };
  }

  /** After a lost write: decide again on what is stored now. */
  private Mono<Session> settleAfterLoss(Session current, int lostWritesLeft) {
    if (lostWritesLeft <= 0) {
      return Mono.error(new ProviderUnavailable("the session is changing too fast; retry"));
    }
    return settle(current, lostWritesLeft - 1, false);
  }

  /**
   * A touch that cannot be written is not worth failing the request for, a storage outage included:
   * the session was just read and is valid.
   */
  private Mono<Session> touch(Session original, Session touched, int lostWritesLeft) {
    return write(touched)
        .onErrorResume(
            e -> !(e instanceof ServiceFailure) || e instanceof StorageUnavailable,
            e -> {
              LOG.log(Level.WARNING, "could not record activity on session {0}", original.id());
              return Mono.empty();
            })
        .flatMap(
            result ->
                result.fold(
                    Mono::just,
                    current -> settleAfterLoss(current, lostWritesLeft),
                    SessionResolver::gone))
        .defaultIfEmpty(original);
  }

  private Mono<Session> claimRefresh(Session withLease, int lostWritesLeft) {
    return write(withLease)
        .flatMap(
            result ->
                result.fold(
                    claimed -> refreshAsLeaseHolder(claimed, lostWritesLeft),
                    current -> {
                      events.upstreamRefresh("lost_race");
                      return settleAfterLoss(current, lostWritesLeft);
                    },
                    SessionResolver::gone));
  }

  /** Asks the identity provider, then acts on its answer; errors of that action are not caught. */
  private Mono<Session> refreshAsLeaseHolder(Session claimed, int lostWritesLeft) {
    String usedRefreshToken = claimed.tokens().refreshToken();
    return identityProvider
        .refresh(usedRefreshToken)
        .map(tokens -> storeRefreshed(claimed.withRefreshedTokens(tokens), lostWritesLeft))
        .onErrorResume(
            failure -> Mono.just(refreshFailed(claimed, usedRefreshToken, failure, lostWritesLeft)))
        .flatMap(next -> next);
  }

  private Mono<Session> storeRefreshed(Session refreshed, int lostWritesLeft) {
    return write(refreshed)
        .flatMap(
            result ->
                result.fold(
                    stored -> {
                      events.upstreamRefresh("ok");
                      return Mono.just(stored);
                    },
                    // Our lease lapsed and another replica wrote meanwhile.
                    current -> settleAfterLoss(current, lostWritesLeft),
                    SessionResolver::gone));
  }

  private Mono<Session> refreshFailed(
      Session claimed, String usedRefreshToken, Throwable failure, int lostWritesLeft) {
    if (failure instanceof LoginRejected rejected && rejected.reason() == INVALID_GRANT) {
      return endSession(claimed, usedRefreshToken, lostWritesLeft);
    }
    if (!(failure instanceof ProviderUnavailable || failure instanceof LoginRejected)) {
      return Mono.error(failure);
    }
    events.upstreamRefresh("unavailable");
    if (policy.accessTokenUsable(claimed, clock.instant())) {
      // Serve now. The lease stays, so other requests keep using this token without asking the
      // provider again; it lapses and a later request retries.
      return Mono.just(claimed);
    }
    ServiceFailure answer =
        failure instanceof ProviderUnavailable unavailable
            ? unavailable
            : new ProviderUnavailable("the refresh was refused");
    // Give the lease back so that waiting requests learn of the failure now, not when it lapses.
    return releaseLease(claimed, lostWritesLeft).then(Mono.error(answer));
  }

  /**
   * The provider will never refresh this session again: revoke it, so every later request is told
   * to log in again at once and the provider is not asked again. If another replica refreshed
   * first, its tokens are used instead.
   */
  private Mono<Session> endSession(Session claimed, String usedRefreshToken, int lostWritesLeft) {
    return write(claimed.revoke(clock.instant()).withoutRefreshLease())
        .flatMap(
            result ->
                result.fold(
                    revoked -> {
                      events.upstreamRefresh("invalid_grant");
                      LOG.log(
                          Level.WARNING,
                          "identity provider refused the refresh of session {0}; the session is"
                              + " revoked and the user must log in again",
                          claimed.id());
                      return Mono.error(new SessionRejected(Reason.UPSTREAM_EXPIRED));
                    },
                    current ->
                        current.tokens().refreshToken().equals(usedRefreshToken)
                                && !current.isRevoked()
                                && lostWritesLeft > 0
                            ? endSession(current, usedRefreshToken, lostWritesLeft - 1)
                            : settleAfterLoss(current, lostWritesLeft),
                    SessionResolver::gone));
  }

  /** Best effort: a lease that cannot be given back simply lapses. */
  private Mono<Void> releaseLease(Session claimed, int lostWritesLeft) {
    return write(claimed.withoutRefreshLease())
        .flatMap(
            result ->
                result.fold(
                    released -> Mono.<Void>empty(),
                    current ->
                        claimed.refreshLeaseUntil().equals(current.refreshLeaseUntil())
                                && lostWritesLeft > 0
                            ? releaseLease(current, lostWritesLeft - 1)
                            : Mono.<Void>empty(),
                    Mono::<Void>empty))
        .onErrorResume(
            e -> {
              LOG.log(Level.WARNING, "could not give back the refresh lease of {0}", claimed.id());
              return Mono.empty();
            });
  }

  /**
   * Another replica holds the lease and the access token has expired: wait until that replica
   * writes (announced through {@link SessionChanges}), then decide again.
   */
  private Mono<Session> awaitRefresh(Session held, int lostWritesLeft) {
    return changes
        .awaitChange(held.id(), held.version())
        .then(Mono.defer(() -> load(held.id())))
        .flatMap(current -> settle(current, lostWritesLeft, true));
  }

  /** One lookup; an unreadable row is an invalid session, a missing one an unknown session. */
  private Mono<Session> load(SessionId id) {
    return lookup
        .findById(id)
        .onErrorMap(StoredSessionUnreadable.class, e -> new SessionRejected(Reason.INVALID))
        .switchIfEmpty(Mono.error(() -> new SessionRejected(Reason.UNKNOWN)));
  }

  /** A conflict may hand back a row that cannot be read: that session is invalid. */
  private Mono<WriteResult> write(Session updated) {
    return writes
        .compareAndSet(updated)
        .onErrorMap(StoredSessionUnreadable.class, e -> new SessionRejected(Reason.INVALID));
  }

  private static Mono<Session> gone() {
    return Mono.error(new SessionRejected(Reason.UNKNOWN));
  }

  private static SessionPrincipal principal(Session session) {
    return new SessionPrincipal(
        session.userId(),
        session.id(),
        session.profile(),
        session.tokens().accessToken(),
        session.expiresAt());
  }
}
