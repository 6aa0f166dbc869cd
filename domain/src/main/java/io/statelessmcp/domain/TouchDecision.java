package io.statelessmcp.domain;

/** What activity on a session costs: a write with the extended session, or nothing. */
public sealed interface TouchDecision {

  record Extend(Session session) implements TouchDecision {}

  record NoWriteNeeded() implements TouchDecision {}
}
