package io.statelessmcp.bootstrap.database;

import io.statelessmcp.application.port.out.SessionChanges;
import io.statelessmcp.application.port.out.SessionHousekeeping;
import io.statelessmcp.application.port.out.SessionLookup;
import io.statelessmcp.application.port.out.SessionWrites;
import io.statelessmcp.application.port.out.UserSessions;

/**
 * The session ports of the chosen store, as one bean: the use cases take the narrow port each one
 * needs, and the cache (when on) sits in front of the hot-path ports only.
 */
public record SessionStorage(
    SessionLookup lookup,
    SessionWrites writes,
    UserSessions users,
    SessionHousekeeping housekeeping,
    SessionChanges changes) {

  static <S extends SessionLookup & SessionWrites & UserSessions & SessionHousekeeping>
      SessionStorage of(S store, SessionChanges changes) {
    return new SessionStorage(store, store, store, store, changes);
  }
}
