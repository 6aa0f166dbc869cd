package io.statelessmcp.domain;

/** Whether a request should refresh the upstream token; see {@link SessionPolicy#refreshPlan}. */
public enum RefreshPlan {
  NOT_DUE,
  CLAIM,
  HELD_ELSEWHERE
}
