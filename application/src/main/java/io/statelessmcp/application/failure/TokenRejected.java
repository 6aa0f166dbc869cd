package io.statelessmcp.application.failure;

/** A signed bearer token failed verification; the message says which check failed. */
public final class TokenRejected extends ServiceFailure {

  public TokenRejected(String reason) {
    super(Kind.TOKEN_REJECTED, reason);
  }
}
