package io.statelessmcp.adapter.out.supabase;

class InMemorySessionStoreTest extends SessionStoreContract {

  @Override
  StorePorts emptyStore() {
    return StorePorts.of(new InMemorySessionStore());
  }
}
