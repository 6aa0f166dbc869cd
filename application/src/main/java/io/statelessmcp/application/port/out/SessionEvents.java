package io.statelessmcp.application.port.out;

import java.time.Duration;

/**
 * What the use cases report for metrics and operators' logs. Carries outcomes and counts only,
 * never a secret.
 */
public interface SessionEvents {

  SessionEvents NONE = new SessionEvents() {};

  /**
   * Every authentication, session or token: {@code outcome} ok, expired, revoked, unknown, invalid
   * or unavailable.
   */
  default void sessionResolved(String outcome, Duration latency) {}

  default void sessionCreated() {}

  /** {@code outcome}: ok, lost_race, invalid_grant or unavailable. */
  default void upstreamRefresh(String outcome) {}

  default void purged(int sessions, int loginStates) {}
}
