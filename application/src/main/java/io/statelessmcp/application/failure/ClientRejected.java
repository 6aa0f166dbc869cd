package io.statelessmcp.application.failure;

/**
 * An OAuth client was refused: its registration metadata breaks a rule (RFC 7591 errors), or its
 * {@code client_id} names no client this server can use.
 */
public final class ClientRejected extends ReasonedFailure {

  public ClientRejected(Reason reason, String message) {
    super(Kind.CLIENT_REJECTED, reason, message);
  }

  public Reason reason() {
    return reason(Reason.class);
  }

  /** RFC 7591's error for metadata that breaks a rule, on the redirect URIs or another member. */
  public static ClientRejected invalidMetadata(boolean concernsRedirectUris, String why) {
    return new ClientRejected(
        concernsRedirectUris ? Reason.INVALID_REDIRECT_URI : Reason.INVALID_CLIENT_METADATA, why);
  }

  public static ClientRejected unknownClient(String why) {
    return new ClientRejected(Reason.UNKNOWN_CLIENT, why);
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
