package io.statelessmcp.application.failure;

/** The identity provider could not be reached, timed out, failed, or its circuit is open. */
public final class ProviderUnavailable extends ServiceFailure {

  public ProviderUnavailable(String detail) {
    super("identity provider unavailable, retry shortly (" + detail + ")");
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.providerUnavailable(this);
  }
}
