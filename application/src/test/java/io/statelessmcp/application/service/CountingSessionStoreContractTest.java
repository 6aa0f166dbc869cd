package io.statelessmcp.application.service;

import io.statelessmcp.application.port.out.SessionWritesContract;
import io.statelessmcp.application.service.Fakes.CountingSessionStore;

/** The services' fake store keeps the same contract as the real stores. */
class CountingSessionStoreContractTest extends SessionWritesContract {

  @Override
  protected Ports freshPorts() {
    CountingSessionStore store = new CountingSessionStore();
    return new Ports(store, store);
  }
}
