package io.statelessmcp.application.failure;

/**
 * The token endpoint refused a request: one of RFC 6749 section 5.2's errors (and RFC 8707's {@code
 * invalid_target}). The message says which rule failed and never carries a code or token.
 */
public final class GrantRefused extends ReasonedFailure {

  public GrantRefused(Reason reason, String message) {
    super(Kind.GRANT_REFUSED, reason, message);
  }

  public Reason reason() {
    return reason(Reason.class);
  }

  public static GrantRefused invalidGrant(String why) {
    return new GrantRefused(Reason.INVALID_GRANT, why);
  }

  public static GrantRefused invalidRequest(String why) {
    return new GrantRefused(Reason.INVALID_REQUEST, why);
  }

  /** RFC 6749 section 5.2, with the error code each reason is sent as. */
  public enum Reason {
    INVALID_REQUEST("invalid_request"),
    /** Unknown client: a client that sees this registers again. */
    INVALID_CLIENT("invalid_client"),
    INVALID_GRANT("invalid_grant"),
    UNAUTHORIZED_CLIENT("unauthorized_client"),
    UNSUPPORTED_GRANT_TYPE("unsupported_grant_type"),
    INVALID_SCOPE("invalid_scope"),
    /** RFC 8707: the resource is not this server's. */
    INVALID_TARGET("invalid_target");

    private final String code;

    Reason(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }
}
