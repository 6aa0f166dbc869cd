package io.statelessmcp.application.service;

import io.statelessmcp.application.port.out.OAuthClientRegistry;
import io.statelessmcp.application.port.out.OAuthClientRegistryContract;

/** The services' fake registry keeps the same contract as the real ones. */
class MemoryOAuthClientsContractTest extends OAuthClientRegistryContract {

  private MemoryOAuthClients registry;

  @Override
  protected OAuthClientRegistry freshRegistry() {
    registry = new MemoryOAuthClients();
    return registry;
  }

  @Override
  protected void aSessionNames(String clientId) {
    registry.namedBySessions.add(clientId);
  }
}
