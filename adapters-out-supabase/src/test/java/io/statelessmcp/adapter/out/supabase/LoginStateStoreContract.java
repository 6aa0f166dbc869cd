package io.statelessmcp.adapter.out.supabase;

import static io.statelessmcp.domain.testing.TestSessions.ALICE;
import static io.statelessmcp.domain.testing.TestSessions.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statelessmcp.application.port.out.LoginStateStore;
import io.statelessmcp.domain.AuthorizationRequest;
import io.statelessmcp.domain.LoginState;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** The {@link LoginStateStore} contract, run against every implementation. */
abstract class LoginStateStoreContract {

  LoginStateStore store;

  abstract LoginStateStore emptyStore();

  /** Registers {@code clientId}, as a client must be before it asks for an authorization. */
  abstract void aClientExists(String clientId);

  static final String CLIENT = "dcr_loginLoginLoginLogin01";

  @BeforeEach
  void freshStore() {
    store = emptyStore();
  }

  static LoginState started() {
    return LoginState.start("https://app.example.com/after-login", ALICE, T0).stored();
  }

  @Test
  void aSavedLoginIsConsumedExactlyOnce() {
    LoginState state = started();
    store.save(state).block();

    assertThat(store.consume(state.stateHash()).blockOptional()).contains(state);
    assertThat(store.consume(state.stateHash()).blockOptional()).isEmpty();
  }

  @Test
  void aLoginWithoutReturnAddressOrLinkedUserRoundTrips() {
    LoginState state = LoginState.start(null, null, T0).stored();
    store.save(state).block();

    assertThat(store.consume(state.stateHash()).blockOptional()).contains(state);
  }

  @Test
  void anUnknownStateIsEmpty() {
    store.save(started()).block();

    assertThat(store.consume(LoginState.hash("never-issued")).blockOptional()).isEmpty();
  }

  @Test
  void anExpiredStateIsStillHandedOutOnceSoTheCallerCanSayExpired() {
    LoginState state = started();
    store.save(state).block();

    LoginState consumed = store.consume(state.stateHash()).block();

    assertThat(consumed).isEqualTo(state);
    assertThat(consumed.isExpiredAt(T0.plus(LoginState.LIFETIME))).isTrue();
    assertThat(store.consume(state.stateHash()).blockOptional()).isEmpty();
  }

  @Test
  void savingTheSameStateTwiceFails() {
    LoginState state = started();
    store.save(state).block();

    assertThatThrownBy(() -> store.save(state).block()).isNotNull();
    assertThat(store.consume(state.stateHash()).blockOptional()).contains(state);
  }

  @RepeatedTest(5)
  void ofTwoConcurrentConsumersExactlyOneGetsTheState() {
    LoginState state = started();
    store.save(state).block();

    var results = Mono.zip(consumeConcurrently(state), consumeConcurrently(state)).block();

    List<LoginState> winners =
        List.of(results.getT1(), results.getT2()).stream().flatMap(Optional::stream).toList();
    assertThat(winners).containsExactly(state);
  }

  @Test
  void deleteExpiredRemovesOnlyExpiredStates() {
    LoginState old = LoginState.start("/a", null, T0.minus(Duration.ofMinutes(30))).stored();
    LoginState expiringNow = LoginState.start("/b", null, T0.minus(LoginState.LIFETIME)).stored();
    LoginState fresh = LoginState.start("/c", null, T0.minusSeconds(1)).stored();
    for (LoginState state : List.of(old, expiringNow, fresh)) {
      store.save(state).block();
    }

    assertThat(store.deleteExpired(T0).block()).isEqualTo(2);

    assertThat(store.consume(old.stateHash()).blockOptional()).isEmpty();
    assertThat(store.consume(expiringNow.stateHash()).blockOptional()).isEmpty();
    assertThat(store.consume(fresh.stateHash()).blockOptional()).contains(fresh);
  }

  @Test
  void aLoginAnsweringAClientsAuthorizationKeepsEveryFieldOfTheRequest() {
    aClientExists(CLIENT);
    AuthorizationRequest full =
        new AuthorizationRequest(
            CLIENT,
            "http://127.0.0.1:33418/callback",
            LoginState.hash("the-clients-verifier"),
            "the-clients-own-state",
            "https://mcp.example.com/mcp",
            "mcp offline_access");
    AuthorizationRequest minimal =
        new AuthorizationRequest(
            CLIENT, "https://app.example.com/cb", LoginState.hash("another"), null, null, null);
    LoginState answeringFull = LoginState.answering(full, T0).stored();
    LoginState answeringMinimal = LoginState.answering(minimal, T0).stored();
    store.save(answeringFull).block();
    store.save(answeringMinimal).block();

    LoginState found = store.find(answeringFull.stateHash()).block();
    assertThat(found).isEqualTo(answeringFull);
    assertThat(found.authorization().clientId()).isEqualTo(CLIENT);
    assertThat(found.authorization().redirectUri()).isEqualTo("http://127.0.0.1:33418/callback");
    assertThat(found.authorization().codeChallenge())
        .isEqualTo(LoginState.hash("the-clients-verifier"));
    assertThat(found.authorization().state()).isEqualTo("the-clients-own-state");
    assertThat(found.authorization().resource()).isEqualTo("https://mcp.example.com/mcp");
    assertThat(found.authorization().scope()).isEqualTo("mcp offline_access");
    assertThat(store.consume(answeringFull.stateHash()).block()).isEqualTo(answeringFull);
    assertThat(store.consume(answeringMinimal.stateHash()).block()).isEqualTo(answeringMinimal);
  }

  @Test
  void aLoginAtTheLoginPageAnswersNoAuthorization() {
    LoginState state = started();
    store.save(state).block();

    assertThat(store.find(state.stateHash()).block().authorization()).isNull();
  }

  @Test
  void findLeavesTheLoginForItsConsumer() {
    LoginState state = started();
    store.save(state).block();

    assertThat(store.find(state.stateHash()).blockOptional()).contains(state);
    assertThat(store.find(state.stateHash()).blockOptional()).contains(state);
    assertThat(store.consume(state.stateHash()).blockOptional()).contains(state);
    assertThat(store.find(state.stateHash()).blockOptional()).isEmpty();
  }

  @Test
  void findOfAnUnknownStateIsEmptyAndOfAnExpiredOneIsTheStateAsIs() {
    LoginState expired = LoginState.start("/a", null, T0.minus(Duration.ofHours(1))).stored();
    store.save(expired).block();

    assertThat(store.find(LoginState.hash("never-issued")).blockOptional()).isEmpty();
    assertThat(store.find(expired.stateHash()).block()).isEqualTo(expired);
    assertThat(store.find(expired.stateHash()).block().isExpiredAt(T0)).isTrue();
  }

  private Mono<Optional<LoginState>> consumeConcurrently(LoginState state) {
    return store
        .consume(state.stateHash())
        .map(Optional::of)
        .defaultIfEmpty(Optional.empty())
        .subscribeOn(Schedulers.boundedElastic());
  }
}
