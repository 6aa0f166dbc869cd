package io.statelessmcp.application.failure;

/** A signed bearer token failed verification; the message says which check failed. */
public final class TokenRejected extends ServiceFailure {

  public TokenRejected(String reason) {
    super(reason);
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.tokenRejected(this);
  }
}
