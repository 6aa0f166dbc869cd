package io.statelessmcp.adapter.out.supabase;

import io.statelessmcp.application.port.out.LoginStateStore;
import io.statelessmcp.domain.LoginState;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/**
 * Pending logins in process memory, for {@code MCP_SESSION_STORE=memory}. A login that starts on
 * one replica cannot complete on another.
 */
public final class InMemoryLoginStateStore implements LoginStateStore {

  private final Map<String, LoginState> states = new ConcurrentHashMap<>();

  @Override
  public Mono<Void> save(LoginState state) {
    return InMemoryMaps.insertNew(
            states, state.stateHash(), state, "a login with this state already exists")
        .then();
  }

  @Override
  public Mono<LoginState> find(String stateHash) {
    return Mono.fromSupplier(() -> stateHash == null ? null : states.get(stateHash));
  }

  @Override
  public Mono<LoginState> consume(String stateHash) {
    return Mono.fromSupplier(() -> stateHash == null ? null : states.remove(stateHash));
  }

  @Override
  public Mono<Integer> deleteExpired(Instant now) {
    return Mono.fromSupplier(
        () ->
            InMemoryMaps.removeExpired(
                states, Integer.MAX_VALUE, (hash, state) -> state.isExpiredAt(now)));
  }

  @Override
  public String toString() {
    return "InMemoryLoginStateStore[states=" + states.size() + "]";
  }
}
