package io.statelessmcp.bootstrap.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.statelessmcp.adapter.out.workos.fake.FakeUser;
import io.statelessmcp.adapter.out.workos.fake.FakeWorkOs;
import io.statelessmcp.bootstrap.faults.Traffic.Sent;
import io.statelessmcp.bootstrap.faults.UserAgent.Answer;
import io.statelessmcp.bootstrap.postgres.DebianPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The database goes away under a running replica (a child JVM on Debian's PostgreSQL 15): stopped
 * with {@code pg_ctl stop}, or frozen with SIGSTOP so that connections stay open and nothing
 * answers. Users with a valid credential get 503 {@code storage_unavailable} with Retry-After,
 * never 401, each within the call deadline; readiness says 503 quickly; when the database is back,
 * the same credentials work again.
 */
class DatabaseStopAndFreezeTest {

  static final Duration CALL_DEADLINE = Duration.ofMillis(1500);

  /**
   * The deadline plus room for a loaded 2-core machine; before the deadlines, a frozen wait never
   * ended.
   */
  static final Duration CALL_BOUND = CALL_DEADLINE.plusSeconds(2);

  /** The database check's default timeout is 800 ms. */
  static final Duration READINESS_BOUND = Duration.ofSeconds(2);

  /** The session cache serves a busy session from memory for at most this long. */
  static final Duration CACHE = Duration.ofSeconds(1);

  static final Duration RECOVERY_BOUND = Duration.ofSeconds(20);

  @RegisterExtension static final FaultFixture FIXTURE = FaultFixture.cluster("mcp-faults-db-");

  private static ServerProcess server;

  private final DebianPostgres database = FIXTURE.database();
  private final FakeWorkOs workOs = FIXTURE.workOs();
  private final UserAgent user = new UserAgent();

  @BeforeAll
  static void start() {
    Map<String, String> settings = FIXTURE.settings();
    settings.put("MCP_DB_CALL_TIMEOUT_MS", Long.toString(CALL_DEADLINE.toMillis()));
    settings.put("MCP_DB_CONNECT_TIMEOUT_MS", "1000");
    settings.put("MCP_DB_ACQUIRE_TIMEOUT_MS", "1000");
    settings.put("MCP_DB_STATEMENT_TIMEOUT_MS", "1000");
    settings.put("MCP_SESSION_CACHE_SECONDS", Long.toString(CACHE.toSeconds()));
    server = FIXTURE.start("db-faults", settings);
  }

  /** Whatever a test did to the database, the next one starts with it up and the replica ready. */
  @AfterEach
  void databaseBack() {
    database.thaw();
    if (!isAccepting()) {
      database.restart();
    }
    FaultSuite.within(RECOVERY_BOUND, "readiness 200 again", () -> server.readinessStatus() == 200);
  }

  @Test
  void aStoppedDatabaseAnswers503NeverA401AndEverySessionWorksAgainAfterTheRestart() {
    workOs.signInAs(FakeUser.random("outage@example.com", "Out", "Age"));
    List<String> credentials = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      credentials.add(user.login(server, workOs));
    }
    credentials.forEach(c -> assertThat(user.whoami(server, c).ok()).isTrue());

    List<Sent> duringStop;
    try (Traffic traffic =
        Traffic.start(
            2,
            500,
            Duration.ofSeconds(30),
            (client, n) -> {
              String credential = credentials.get(n % credentials.size());
              return new Sent(
                  client, n, server.name(), Instant.now(), user.whoami(server, credential));
            })) {
      ServerProcess.sleep(Duration.ofMillis(500));
      database.stop();
      ServerProcess.sleep(CACHE.plusMillis(500));
      duringStop = traffic.stop();
    }

    Predicate<Sent> servedOrRetry = s -> s.answer().ok() || s.answer().status() == 503;
    assertThat(duringStop.stream().allMatch(servedOrRetry))
        .as(
            "mid-traffic, a valid credential is served or told to retry, never refused: %s",
            Traffic.summary(duringStop, servedOrRetry))
        .isTrue();
    System.out.println(
        "database stopped mid-traffic: " + Traffic.summary(duringStop, servedOrRetry));
    assertThat(duringStop)
        .as("the traffic saw the outage")
        .anyMatch(s -> s.answer().status() == 503);
    for (String credential : credentials) {
      assertStorageUnavailable("whoami", user.whoami(server, credential));
    }
    assertStorageUnavailable("/auth/login", user.startLogin(server));
    Answer readiness = user.readiness(server);
    assertThat(readiness.status()).as("%s", readiness).isEqualTo(503);
    assertThat(readiness.took()).isLessThan(READINESS_BOUND);

    database.restart();

    FaultSuite.awaitRecovery(
        RECOVERY_BOUND,
        "database restarted: calls succeed again",
        () -> user.whoami(server, credentials.get(0)));
    for (String credential : credentials) {
      Answer me = user.whoami(server, credential);
      assertThat(me.ok()).as("the same credential after the restart: %s", me).isTrue();
      assertThat(me.toolJson().get("user_id").asString()).isEqualTo(workOs.currentUser().id());
    }
    Answer sessions = user.callTool(server, credentials.get(0), "list_my_sessions", "{}");
    assertThat(sessions.ok()).as("%s", sessions).isTrue();
    assertThat(sessions.toolJson().get("sessions")).as("every session is intact").hasSize(3);
    FaultSuite.within(
        READINESS_BOUND.plus(RECOVERY_BOUND),
        "readiness 200",
        () -> server.readinessStatus() == 200);
  }

  @Test
  void aFrozenDatabaseAnswers503WithinTheDeadlineAndServiceResumesAfterSigcont() {
    String credential = user.login(server, workOs);
    assertThat(user.whoami(server, credential).ok()).isTrue();

    database.freeze();
    ServerProcess.sleep(CACHE.plusMillis(200));

    for (int i = 0; i < 3; i++) {
      Answer answer = user.whoami(server, credential);
      System.out.println("database frozen: " + answer);
      assertStorageUnavailable("whoami while frozen", answer);
    }
    Answer readiness = user.readiness(server);
    assertThat(readiness.status()).as("%s", readiness).isEqualTo(503);
    assertThat(readiness.took()).as("readiness while frozen").isLessThan(READINESS_BOUND);

    database.thaw();

    FaultSuite.awaitRecovery(
        RECOVERY_BOUND,
        "database thawed (SIGCONT): calls succeed again",
        () -> user.whoami(server, credential));
    FaultSuite.within(RECOVERY_BOUND, "readiness 200", () -> server.readinessStatus() == 200);
  }

  private static void assertStorageUnavailable(String call, Answer answer) {
    FaultSuite.assertRetryLater(call, answer, "storage_unavailable", CALL_BOUND);
  }

  private boolean isAccepting() {
    try (Connection c = database.connect()) {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }
}
