package io.statelessmcp.application.failure;

/** The request itself is unacceptable, for example a {@code return_to} not on the allow-list. */
public final class InvalidRequest extends ServiceFailure {

  public InvalidRequest(String message) {
    super(Kind.INVALID_REQUEST, message);
  }
}
