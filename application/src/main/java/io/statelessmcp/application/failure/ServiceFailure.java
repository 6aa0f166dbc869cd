package io.statelessmcp.application.failure;

/**
 * The business failures a caller can cause or meet. Mapped to HTTP statuses and JSON-RPC errors in
 * exactly one place (adapters-in-http). Messages are safe to show: they never carry a secret or the
 * caller's input.
 */
public abstract sealed class ServiceFailure extends RuntimeException
    permits SessionRejected, LoginRejected, ProviderUnavailable, TokenRejected, InvalidRequest {

  protected ServiceFailure(String message) {
    super(message, null, false, false);
  }
}
