package io.statelessmcp.application.failure;

/**
 * A refusal whose reason is one of its subclass's enum constants, so that callers map it without
 * parsing text. (A generic class cannot extend Throwable, hence the typed accessor per subclass.)
 */
public abstract sealed class ReasonedFailure extends ServiceFailure
    permits SessionRejected, LoginRejected, ClientRejected, GrantRefused {

  private final Enum<?> reason;

  ReasonedFailure(Kind kind, Enum<?> reason, String message) {
    super(kind, message);
    this.reason = reason;
  }

  final <R extends Enum<R>> R reason(Class<R> type) {
    return type.cast(reason);
  }
}
