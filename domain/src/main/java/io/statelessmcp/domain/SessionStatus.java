package io.statelessmcp.domain;

/** Whether a session may serve a request at a given instant, and if not, why. */
public enum SessionStatus {
  ACTIVE,
  IDLE_EXPIRED,
  ABSOLUTE_EXPIRED,
  REVOKED;

  public boolean isActive() {
    return this == ACTIVE;
  }
}
