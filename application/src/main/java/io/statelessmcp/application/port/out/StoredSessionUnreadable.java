package io.statelessmcp.application.port.out;

import io.statelessmcp.domain.SessionId;

/** A stored session that cannot be decrypted or decoded. Carries only the public id. */
public final class StoredSessionUnreadable extends RuntimeException {

  private final transient SessionId sessionId;

  public StoredSessionUnreadable(SessionId sessionId, String reason) {
    super("session " + sessionId + " is unreadable: " + reason, null, false, false);
    this.sessionId = sessionId;
  }

  public SessionId sessionId() {
    return sessionId;
  }
}
