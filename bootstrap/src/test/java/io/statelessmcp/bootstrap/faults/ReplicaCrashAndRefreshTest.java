package io.statelessmcp.bootstrap.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.statelessmcp.adapter.out.workos.fake.FakeUser;
import io.statelessmcp.adapter.out.workos.fake.FakeWorkOs;
import io.statelessmcp.bootstrap.faults.Traffic.Sent;
import io.statelessmcp.bootstrap.faults.UserAgent.Answer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two replicas (child JVMs) on one Debian PostgreSQL 15, as behind a load balancer without
 * affinity. Many calls that all find the upstream token due refresh it exactly once between them;
 * and when one replica dies by {@code kill -9} mid-traffic, the other serves every request sent to
 * it, the dead one's sessions included. The crash runs last: it leaves one replica.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicaCrashAndRefreshTest {

  static final int CONCURRENT_CALLS = 20;

  @RegisterExtension
  static final FaultFixture FIXTURE = FaultFixture.cluster("mcp-faults-replicas-");

  private static ServerProcess replicaA;
  private static ServerProcess replicaB;

  private final FakeWorkOs workOs = FIXTURE.workOs();
  private final UserAgent user = new UserAgent();

  @BeforeAll
  static void start() {
    ServerProcess.migrate(FIXTURE.database().supabaseDbUrl());
    Map<String, String> settings = FIXTURE.settings();
    settings.put("MCP_MIGRATE_ON_START", "false");
    replicaA = FIXTURE.launch("replica-a", settings);
    replicaB = FIXTURE.launch("replica-b", settings);
    replicaA.awaitReady();
    replicaB.awaitReady();
  }

  @Test
  @Order(1)
  void concurrentCallsOnBothReplicasWithAnExpiredTokenRefreshItExactlyOnce() throws Exception {
    warmUp();
    workOs.signInAs(FakeUser.random("burst@example.com", "Burst", "User"));
    String credential = FIXTURE.loginWithTokenLifetime(user, replicaA, Duration.ofMinutes(-5));

    List<Answer> answers = new ArrayList<>();
    ExecutorService callers = Executors.newFixedThreadPool(CONCURRENT_CALLS);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Answer>> calls = new ArrayList<>();
      for (int i = 0; i < CONCURRENT_CALLS; i++) {
        ServerProcess replica = i % 2 == 0 ? replicaA : replicaB;
        calls.add(
            callers.submit(
                () -> {
                  go.await(30, TimeUnit.SECONDS);
                  return user.whoami(replica, credential);
                }));
      }
      go.countDown();
      for (Future<Answer> call : calls) {
        answers.add(call.get(UserAgent.REQUEST_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS));
      }
    } finally {
      callers.shutdownNow();
    }

    List<Long> millis =
        answers.stream().map(a -> a.took().toMillis()).sorted(Comparator.naturalOrder()).toList();
    System.out.printf(
        "%d concurrent calls on 2 replicas, upstream token expired: median %d ms, max %d ms,"
            + " all (ms) %s; refreshes reaching WorkOS: %d%n",
        CONCURRENT_CALLS,
        millis.get(millis.size() / 2),
        millis.get(millis.size() - 1),
        millis,
        workOs.refreshes());
    assertThat(answers).allSatisfy(a -> assertThat(a.ok()).as("%s", a).isTrue());
    assertThat(workOs.refreshes()).as("refreshes that reached WorkOS").isEqualTo(1);
  }

  @Test
  @Order(2)
  void afterKill9OfOneReplicaTheOtherServesEveryRequestAndItsSessions() {
    workOs.signInAs(FakeUser.random("crash@example.com", "Crash", "Test"));
    List<String> credentials =
        List.of(
            user.login(replicaA, workOs),
            user.login(replicaA, workOs),
            user.login(replicaB, workOs));
    List<String> throughA = credentials.subList(0, 2);

    List<Sent> calls;
    Instant killedAt;
    try (Traffic traffic =
        Traffic.start(
            3,
            5000,
            Duration.ofSeconds(30),
            (client, n) -> {
              ServerProcess replica = (client + n) % 2 == 0 ? replicaA : replicaB;
              String credential = credentials.get((client + n) % credentials.size());
              return new Sent(
                  client, n, replica.name(), Instant.now(), user.whoami(replica, credential));
            })) {
      ServerProcess.sleep(Duration.ofMillis(1500));
      replicaA.killHard();
      killedAt = Instant.now();
      ServerProcess.sleep(Duration.ofSeconds(3));
      calls = traffic.stop();
    }

    List<Sent> toSurvivor = calls.stream().filter(s -> s.target().equals(replicaB.name())).toList();
    List<Sent> afterKill = toSurvivor.stream().filter(s -> s.at().isAfter(killedAt)).toList();
    Predicate<Sent> ok = s -> s.answer().ok();
    System.out.printf(
        "kill -9 mid-traffic: to the survivor %s; to the killed replica %s%n",
        Traffic.summary(toSurvivor, ok),
        Traffic.summary(
            calls.stream().filter(s -> s.target().equals(replicaA.name())).toList(), ok));
    assertThat(toSurvivor.stream().allMatch(ok))
        .as("every request sent to the survivor succeeds: %s", Traffic.summary(toSurvivor, ok))
        .isTrue();
    assertThat(afterKill).as("requests reached the survivor after the kill").isNotEmpty();
    assertThat(replicaA.isAlive()).isFalse();

    for (String credential : throughA) {
      Answer me = user.whoami(replicaB, credential);
      assertThat(me.ok()).as("a session created through the killed replica: %s", me).isTrue();
    }
    Answer sessions = user.callTool(replicaB, throughA.get(0), "list_my_sessions", "{}");
    assertThat(sessions.ok()).as("%s", sessions).isTrue();
    assertThat(sessions.toolJson().get("sessions")).hasSize(3);
  }

  /** Both replicas have served logins, calls and a refresh before anything is measured. */
  private void warmUp() {
    workOs.signInAs(FakeUser.random("warmup@example.com", "Warm", "Up"));
    for (ServerProcess replica : List.of(replicaA, replicaB)) {
      String credential = FIXTURE.loginWithTokenLifetime(user, replica, Duration.ofMinutes(-5));
      for (int i = 0; i < 20; i++) {
        Answer answer = user.whoami(replica, credential);
        assertThat(answer.ok()).as("warm-up on %s: %s", replica.name(), answer).isTrue();
      }
    }
  }
}
