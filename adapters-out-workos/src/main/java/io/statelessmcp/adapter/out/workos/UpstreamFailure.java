package io.statelessmcp.adapter.out.workos;

/**
 * Inside the adapter only: WorkOS answered, but not usefully. Becomes {@link
 * io.statelessmcp.application.failure.ProviderUnavailable} at the edge. The detail is short and
 * never carries a secret.
 */
final class UpstreamFailure extends RuntimeException {

  enum Kind {
    /** 5xx or an unreadable answer: counts against the circuit breaker. */
    OUTAGE,
    /** 429: WorkOS is up but asks us to slow down; the circuit breaker ignores it. */
    RATE_LIMITED
  }

  private final Kind kind;

  UpstreamFailure(Kind kind, String detail) {
    super(detail, null, false, false);
    this.kind = kind;
  }

  Kind kind() {
    return kind;
  }
}
