package io.statelessmcp.adapter.out.supabase;

import io.statelessmcp.application.port.out.LoginStateStore;

class InMemoryLoginStateStoreTest extends LoginStateStoreContract {

  @Override
  LoginStateStore emptyStore() {
    return new InMemoryLoginStateStore();
  }

  @Override
  void aClientExists(String clientId) {}
}
