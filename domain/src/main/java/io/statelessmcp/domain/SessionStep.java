package io.statelessmcp.domain;

import java.util.Objects;

/**
 * What serving one request on a session takes, decided by {@link SessionPolicy#next}. The caller
 * performs the action; when a compare-and-set it makes loses, it asks again with the session that
 * is stored now, so the whole refresh protocol is this one decision applied until it settles.
 *
 * @param session the session to serve, or the one to write compare-and-set first (touched or with a
 *     refresh lease), or the one whose refresh is awaited
 */
public record SessionStep(Action action, Session session) {

  public enum Action {
    /** Serve {@code session} as it is; nothing to write. */
    SERVE,
    /** Write {@code session} (activity recorded), then serve what was stored. */
    TOUCH,
    /** Write {@code session} (it holds this caller's refresh lease); if written, refresh. */
    CLAIM_REFRESH,
    /** Another replica holds the refresh lease and the access token has expired: wait for it. */
    AWAIT_REFRESH,
    /** The session has been revoked. */
    REFUSE_REVOKED,
    /** The session has passed its idle or absolute deadline. */
    REFUSE_EXPIRED
  }

  public SessionStep {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(session, "session");
  }
}
