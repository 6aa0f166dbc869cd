package io.statelessmcp.application.failure;

/** The identity provider could not be reached, timed out, failed, or its circuit is open. */
public final class ProviderUnavailable extends ServiceFailure {

  public ProviderUnavailable(String detail) {
    super(
        Kind.PROVIDER_UNAVAILABLE, "identity provider unavailable, retry shortly (" + detail + ")");
  }
}
