package io.statelessmcp.bootstrap.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.statelessmcp.adapter.out.workos.fake.FakeWorkOs;
import io.statelessmcp.adapter.out.workos.fake.FakeWorkOs.Failure;
import io.statelessmcp.bootstrap.faults.UserAgent.Answer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/**
 * WorkOS fails while users work: down (connections refused), slow (never answers), 500, or {@code
 * invalid_grant} on refresh; each once while the user's upstream access token is still valid (but
 * due for refresh) and once after it expired. One replica (a child JVM) on Debian's PostgreSQL 15,
 * with a WorkOS deadline of {@value #WORKOS_DEADLINE_MS} ms, so every bound below is clearly under
 * the 15 s refresh lease that used to be the wait.
 *
 * <p>The tests share the replica and so its WorkOS circuit breaker; each starts once the circuit is
 * no longer open. A failing refresh may find the circuit already open from the test before (that is
 * the breaker's job); what users get is the same either way, and that is what is asserted.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkOsFaultsTest {

  static final long WORKOS_DEADLINE_MS = 1500;

  /** The WorkOS deadline plus room for a loaded 2-core machine; well under the 15 s lease. */
  static final Duration CALL_BOUND = Duration.ofMillis(WORKOS_DEADLINE_MS).plusSeconds(3);

  static final int BREAKER_OPEN_SECONDS = 2;

  /** The circuit turns half-open after its open time; then the first call refreshes. */
  static final Duration RECOVERY_BOUND = Duration.ofSeconds(BREAKER_OPEN_SECONDS + 8);

  /** Enough calls to open the circuit (5 failures within its window). */
  static final int CALLS = 6;

  /** Within the default 60 s refresh skew: due for refresh, and still usable. */
  static final Duration VALID_BUT_DUE = Duration.ofSeconds(30);

  static final Duration EXPIRED = Duration.ofMinutes(-5);

  enum Outage {
    DOWN,
    SLOW,
    SERVER_ERROR;

    void begin(FakeWorkOs workOs) {
      switch (this) {
        case DOWN -> workOs.stop();
        case SLOW -> workOs.hangAlways();
        case SERVER_ERROR -> workOs.failAlways(Failure.serverError());
      }
    }
  }

  enum Token {
    VALID,
    EXPIRED;

    Duration lifetimeAtLogin() {
      return this == VALID ? VALID_BUT_DUE : WorkOsFaultsTest.EXPIRED;
    }
  }

  @RegisterExtension static final FaultFixture FIXTURE = FaultFixture.cluster("mcp-faults-workos-");

  private static ServerProcess server;

  private final FakeWorkOs workOs = FIXTURE.workOs();
  private final UserAgent user = new UserAgent();

  @BeforeAll
  static void start() {
    Map<String, String> settings = FIXTURE.settings();
    settings.put("MCP_WORKOS_CALL_DEADLINE_MS", Long.toString(WORKOS_DEADLINE_MS));
    settings.put("MCP_WORKOS_BREAKER_OPEN_SECONDS", Integer.toString(BREAKER_OPEN_SECONDS));
    server = FIXTURE.start("workos-faults", settings);
  }

  /** WorkOS healthy, and the replica's circuit no longer open from the previous test. */
  @BeforeEach
  void healthyWorkOs() {
    workOs.restart();
    workOs.heal();
    workOs.setAccessTokenLifetime(FaultFixture.FRESH);
    workOs.resetCounters();
    AtomicReference<String> seen = new AtomicReference<>();
    FaultSuite.within(
        Duration.ofSeconds(BREAKER_OPEN_SECONDS + 10),
        () -> "the WorkOS circuit is not open any more; readiness: " + seen.get(),
        () -> {
          Answer readiness = user.readiness(server);
          seen.set(readiness.toString());
          JsonNode workos =
              UserAgent.JSON.readTree(readiness.body()).path("components").path("workos");
          return "UP".equals(workos.path("status").asString());
        });
  }

  @Order(1)
  @ParameterizedTest(name = "WorkOS {0}")
  @EnumSource(Outage.class)
  void whileTheUpstreamTokenIsValidCallsKeepSucceeding(Outage outage) {
    callsDuring(
        outage,
        Token.VALID,
        (call, answer) -> {
          assertThat(answer.ok()).as("%s: %s", call, answer).isTrue();
          assertThat(answer.took()).as("%s: %s", call, answer).isLessThan(CALL_BOUND);
        });
    assertThat(user.readiness(server).status()).as("still in rotation").isEqualTo(200);
  }

  @Order(2)
  @ParameterizedTest(name = "WorkOS {0}")
  @EnumSource(Outage.class)
  void onceTheUpstreamTokenExpiredEveryCallGets503QuicklyAndRecoversWithWorkOs(Outage outage) {
    String credential =
        callsDuring(
            outage,
            Token.EXPIRED,
            (call, answer) ->
                FaultSuite.assertRetryLater(
                    call, answer, "identity_provider_unavailable", CALL_BOUND));
    assertThat(user.readiness(server).status())
        .as("a WorkOS outage keeps the replica in rotation")
        .isEqualTo(200);

    workOs.restart();
    workOs.heal();
    workOs.resetCounters();
    FaultSuite.awaitRecovery(
        RECOVERY_BOUND,
        "WorkOS " + outage + " then back, token expired: calls succeed again",
        () -> user.whoami(server, credential));
    assertThat(workOs.refreshes()).as("the call that succeeded refreshed").isEqualTo(1);
    Answer next = user.whoami(server, credential);
    assertThat(next.ok()).as("%s", next).isTrue();
    assertThat(workOs.refreshes()).as("the fresh token is used, not refreshed again").isEqualTo(1);
  }

  @Order(3)
  @ParameterizedTest(name = "token {0}")
  @EnumSource(Token.class)
  void invalidGrantIs401AtOnceAndWorkOsIsNotAskedAgain(Token token) {
    String credential = loginWithToken(token);

    workOs.endAllSessions(); // WorkOS forgets the refresh token: invalid_grant
    workOs.resetCounters();

    Answer first = user.whoami(server, credential);
    assertThat(first.status()).as("%s", first).isEqualTo(401);
    assertThat(first.error()).as("%s", first).isEqualTo("invalid_session");
    assertThat(first.took()).as("%s", first).isLessThan(CALL_BOUND);
    assertThat(workOs.refreshes()).isEqualTo(1);
    for (int i = 0; i < 3; i++) {
      Answer later = user.whoami(server, credential);
      assertThat(later.status()).as("later call %d: %s", i, later).isEqualTo(401);
      assertThat(later.error())
          .as("later call %d: %s", i, later)
          .isIn("session_revoked", "invalid_session");
      assertThat(later.took()).as("later call %d: %s", i, later).isLessThan(CALL_BOUND);
    }
    assertThat(workOs.refreshes()).as("WorkOS is not asked again").isEqualTo(1);
  }

  /**
   * A login with {@code token}, then {@code outage}, then {@link #CALLS} calls, each checked by
   * {@code check} (given which call it was); returns the credential.
   */
  private String callsDuring(Outage outage, Token token, BiConsumer<String, Answer> check) {
    String credential = loginWithToken(token);

    outage.begin(workOs);

    for (int i = 0; i < CALLS; i++) {
      check.accept("call " + i, user.whoami(server, credential));
    }
    return credential;
  }

  /** A login whose upstream access token has this lifetime; later tokens are fresh again. */
  private String loginWithToken(Token token) {
    return FIXTURE.loginWithTokenLifetime(user, server, token.lifetimeAtLogin());
  }
}
