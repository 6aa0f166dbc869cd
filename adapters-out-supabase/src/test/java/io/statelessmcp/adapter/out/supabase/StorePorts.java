package io.statelessmcp.adapter.out.supabase;

import io.statelessmcp.application.port.out.SessionHousekeeping;
import io.statelessmcp.application.port.out.SessionLookup;
import io.statelessmcp.application.port.out.SessionWrites;
import io.statelessmcp.application.port.out.UserSessions;

/** The session ports one store setup serves, as the contract exercises them. */
record StorePorts(
    SessionLookup lookup,
    SessionWrites writes,
    UserSessions users,
    SessionHousekeeping housekeeping) {

  static <S extends SessionLookup & SessionWrites & UserSessions & SessionHousekeeping>
      StorePorts of(S store) {
    return new StorePorts(store, store, store, store);
  }
}
