package io.statelessmcp.adapter.out.supabase;

import io.statelessmcp.application.port.out.SessionStore;

class InMemorySessionStoreTest extends SessionStoreContract {

  @Override
  SessionStore emptyStore() {
    return new InMemorySessionStore();
  }
}
