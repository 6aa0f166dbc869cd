package io.statelessmcp.application.failure;

/** The presented session credential does not authenticate anyone. */
public final class SessionRejected extends ReasonedFailure {

  public SessionRejected(Reason reason) {
    super(Kind.SESSION_REJECTED, reason, reason.message);
  }

  public Reason reason() {
    return reason(Reason.class);
  }

  /** Why; also the outcome label of the resolve metric. */
  public enum Reason {
    MISSING("no session credential was presented"),
    MALFORMED("the session credential is malformed"),
    UNKNOWN("the session is unknown"),
    INVALID("the session is invalid; log in again"),
    EXPIRED("the session has expired; log in again"),
    REVOKED("the session has been revoked; log in again"),
    UPSTREAM_EXPIRED("the identity provider no longer accepts this session; log in again");

    private final String message;

    Reason(String message) {
      this.message = message;
    }
  }
}
