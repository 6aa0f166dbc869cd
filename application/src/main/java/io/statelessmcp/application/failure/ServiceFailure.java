package io.statelessmcp.application.failure;

/**
 * The business failures a caller can cause or meet. Mapped to HTTP statuses and JSON-RPC errors in
 * exactly one place (adapters-in-http). Messages are safe to show: they never carry a secret or the
 * caller's input.
 */
public abstract sealed class ServiceFailure extends RuntimeException
    permits ReasonedFailure,
        ProviderUnavailable,
        ProviderNotConfigured,
        StorageUnavailable,
        TokenRejected,
        InvalidRequest {

  /** One per subclass, so that callers can switch over failures and the compiler checks it. */
  public enum Kind {
    SESSION_REJECTED,
    TOKEN_REJECTED,
    LOGIN_REJECTED,
    PROVIDER_UNAVAILABLE,
    PROVIDER_NOT_CONFIGURED,
    STORAGE_UNAVAILABLE,
    INVALID_REQUEST,
    CLIENT_REJECTED,
    GRANT_REFUSED
  }

  private final Kind kind;

  protected ServiceFailure(Kind kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  /** Calls the visitor's method for this failure's type. */
  public final <R> R accept(Visitor<R> visitor) {
    return switch (kind) {
      case SESSION_REJECTED -> visitor.sessionRejected((SessionRejected) this);
      case TOKEN_REJECTED -> visitor.tokenRejected((TokenRejected) this);
      case LOGIN_REJECTED -> visitor.loginRejected((LoginRejected) this);
      case PROVIDER_UNAVAILABLE -> visitor.providerUnavailable((ProviderUnavailable) this);
      case PROVIDER_NOT_CONFIGURED -> visitor.providerNotConfigured((ProviderNotConfigured) this);
      case STORAGE_UNAVAILABLE -> visitor.storageUnavailable((StorageUnavailable) this);
      case INVALID_REQUEST -> visitor.invalidRequest((InvalidRequest) this);
      case CLIENT_REJECTED -> visitor.clientRejected((ClientRejected) this);
      case GRANT_REFUSED -> visitor.grantRefused((GrantRefused) this);
    };
  }

  /**
   * One method per failure type: a mapping that implements this stops compiling when a type is
   * added, instead of falling into a default branch.
   */
  public interface Visitor<R> {

    R sessionRejected(SessionRejected failure);

    R tokenRejected(TokenRejected failure);

    R loginRejected(LoginRejected failure);

    R providerUnavailable(ProviderUnavailable failure);

    R providerNotConfigured(ProviderNotConfigured failure);

    R storageUnavailable(StorageUnavailable failure);

    R invalidRequest(InvalidRequest failure);

    R clientRejected(ClientRejected failure);

    R grantRefused(GrantRefused failure);
  }
}
