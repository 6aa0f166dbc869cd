package io.statelessmcp.application.failure;

/**
 * The business failures a caller can cause or meet. Mapped to HTTP statuses and JSON-RPC errors in
 * exactly one place (adapters-in-http). Messages are safe to show: they never carry a secret or the
 * caller's input.
 */
public abstract sealed class ServiceFailure extends RuntimeException
    permits SessionRejected,
        LoginRejected,
        ProviderUnavailable,
        StorageUnavailable,
        TokenRejected,
        InvalidRequest {

  protected ServiceFailure(String message) {
    super(message, null, false, false);
  }

  /** Calls the visitor's method for this failure's type. */
  public abstract <R> R accept(Visitor<R> visitor);

  /**
   * One method per failure type: a mapping that implements this stops compiling when a type is
   * added, instead of falling into a default branch.
   */
  public interface Visitor<R> {

    R sessionRejected(SessionRejected failure);

    R tokenRejected(TokenRejected failure);

    R loginRejected(LoginRejected failure);

    R providerUnavailable(ProviderUnavailable failure);

    R storageUnavailable(StorageUnavailable failure);

    R invalidRequest(InvalidRequest failure);
  }
}
