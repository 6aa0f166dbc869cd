package io.statelessmcp.application.failure;

/**
 * An OAuth client was refused: its registration metadata breaks a rule (RFC 7591 errors), or its
 * {@code client_id} names no client this server can use.
 */
public final class ClientRejected extends ServiceFailure {

  private final Reason reason;

  public ClientRejected(Reason reason, String message) {
    super(Kind.CLIENT_REJECTED, message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  public enum Reason {
    /** RFC 7591 {@code invalid_redirect_uri}. */
    INVALID_REDIRECT_URI,
    /** RFC 7591 {@code invalid_client_metadata}. */
    INVALID_CLIENT_METADATA,
    /**
     * Not registered, an expired registration, or a metadata document that could not be fetched or
     * used.
     */
    UNKNOWN_CLIENT
  }
}
