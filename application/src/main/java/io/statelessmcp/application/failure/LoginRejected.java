package io.statelessmcp.application.failure;

/** A login step was refused: bad or replayed state, or the provider said no. */
public final class LoginRejected extends ReasonedFailure {

  public LoginRejected(Reason reason, String message) {
    super(Kind.LOGIN_REJECTED, reason, message);
  }

  public Reason reason() {
    return reason(Reason.class);
  }

  public enum Reason {
    MISSING_CODE,
    UNKNOWN_STATE,
    EXPIRED_STATE,
    STATE_MISMATCH,
    /** The provider refused the code or refresh token (used, expired, revoked). */
    INVALID_GRANT,
    /** The provider refused our own client credentials: an operator must act. */
    CLIENT_REJECTED
  }
}
