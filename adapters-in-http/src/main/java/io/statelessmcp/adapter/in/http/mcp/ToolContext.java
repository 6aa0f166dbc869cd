package io.statelessmcp.adapter.in.http.mcp;

import io.statelessmcp.application.port.in.Principal;
import io.statelessmcp.domain.LogLevel;
import io.statelessmcp.domain.UserId;
import java.util.Objects;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * Who is calling a tool, a resource, a prompt or a completion, and the way back to the client while
 * the request runs: progress, log messages, and word that the client cancelled.
 */
public final class ToolContext {

  private final Principal principal;
  private final Object progressToken;
  private final String logger;
  private final Notifications notifications;
  private final Cancellation cancellation;

  /** A caller with no way back: progress and log messages go nowhere; never cancelled. */
  public ToolContext(Principal principal) {
    this(principal, null, null, Notifications.NONE, Cancellation.never());
  }

  ToolContext(
      Principal principal,
      Object progressToken,
      String logger,
      Notifications notifications,
      Cancellation cancellation) {
    this.principal = Objects.requireNonNull(principal, "principal");
    this.progressToken = progressToken;
    this.logger = logger;
    this.notifications = notifications;
    this.cancellation = cancellation;
  }

  public Principal principal() {
    return principal;
  }

  public UserId userId() {
    return principal.userId();
  }

  /**
   * The user's upstream (WorkOS) access token, already refreshed if it was about to expire. Empty
   * in resource-server mode, where the caller's own token must not be passed on.
   */
  public Optional<String> upstreamAccessToken() {
    return principal.fold(
        session -> Optional.of(session.upstreamAccessToken()), token -> Optional.empty());
  }

  /** Whether the client asked for progress (sent a progress token); else progress goes nowhere. */
  public boolean wantsProgress() {
    return progressToken != null;
  }

  /**
   * Tells the client how far the work is: {@code progress} must grow with each call; {@code total}
   * and {@code message} may be null. Sent only when the client asked for progress.
   */
  public void progress(double progress, Double total, String message) {
    if (progressToken != null) {
      notifications.progress(progressToken, progress, total, message);
    }
  }

  /**
   * Sends a log message to the client ({@code notifications/message}), if it is at or above the
   * level the client set (info until it sets one). For the user's eyes: never a secret.
   */
  public void log(LogLevel level, String message) {
    notifications.log(level, logger, message);
  }

  /** Whether the client cancelled the request (or went away): stop and answer anything. */
  public boolean isCancelled() {
    return cancellation.isCancelled();
  }

  /**
   * Completes when the client cancels the request or goes away. A tool's {@code Mono} is cancelled
   * then anyway; this is for work that does not stop with it (a loop, a blocking call elsewhere).
   */
  public Mono<Void> cancelled() {
    return cancellation.signal();
  }

  @Override
  public String toString() {
    return "ToolContext[" + principal + "]";
  }
}
