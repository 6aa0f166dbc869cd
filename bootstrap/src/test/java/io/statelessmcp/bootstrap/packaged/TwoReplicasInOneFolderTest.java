package io.statelessmcp.bootstrap.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpSyncClient;
import io.statelessmcp.bootstrap.packaged.PackagedJar.Server;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The newcomer's first hour, as the README tells it: the packaged jar started twice from one empty
 * folder with no settings but {@code PORT}. The second attaches to the embedded PostgreSQL the
 * first started. A development sign-in on the first; every tool on the second with that credential;
 * the first stopped (the database outlives it while the second runs) and restarted (it attaches
 * again), and the credential still works there; the last one out stops the database.
 */
class TwoReplicasInOneFolderTest {

  /** "About 20 lines" at INFO: room for a warning or two more than a first start prints. */
  static final int MOST_START_LINES = 25;

  @TempDir Path folder;

  @BeforeEach
  void requireTheJar() {
    PackagedJar.assumeBuilt();
  }

  @Test
  @Timeout(value = 12, unit = TimeUnit.MINUTES)
  void twoInstancesShareTheEmbeddedDatabaseAndTheLastOneOutStopsIt() throws Exception {
    int firstPort = PackagedJar.freePort();
    int secondPort = PackagedJar.freePort();
    Path data = folder.toRealPath().resolve(".data").resolve("postgres");

    try (Server first = PackagedJar.start("first", folder, firstPort, Map.of()).awaitHealthy()) {
      assertAFewLinesEndingWithTheSummary(first, "(started on port ");

      PackagedJar.Finished sameFolderSamePort =
          PackagedJar.run(folder, Map.of("PORT", Integer.toString(firstPort)));
      assertThat(sameFolderSamePort.exitCode()).as(sameFolderSamePort.output()).isEqualTo(2);
      assertThat(sameFolderSamePort.lines())
          .singleElement()
          .asString()
          .contains("port " + firstPort + " is already in use", "PORT=");

      long postgres;
      try (Server second =
          PackagedJar.start("second", folder, secondPort, Map.of()).awaitHealthy()) {
        assertThat(second.output())
            .contains("embedded PostgreSQL in " + data + " is already running", "attached to it");
        assertAFewLinesEndingWithTheSummary(second, "(attached to port ");
        postgres = postmasterPid(data);

        Newcomer newcomer = new Newcomer();
        String credential = newcomer.signIn(firstPort, "newcomer@example.com");
        String other = newcomer.signIn(firstPort, "newcomer@example.com");
        String sessionId;
        try (McpSyncClient onSecond = Newcomer.mcp(secondPort, credential)) {
          JsonNode me = Newcomer.json(Newcomer.call(onSecond, "whoami", Map.of()));
          assertThat(me.get("email").asString()).isEqualTo("newcomer@example.com");
          sessionId = me.get("session_id").asString();
          assertThat(Newcomer.call(onSecond, "list_my_sessions", Map.of())).contains(sessionId);
          String otherId = other.substring(0, other.indexOf('.'));
          assertThat(Newcomer.call(onSecond, "revoke_session", Map.of("session_id", otherId)))
              .isEqualTo("revoked session " + otherId);
        }

        first.stop();
        assertThat(first.output())
            .contains("left the embedded PostgreSQL in " + data + " running for 1 other instance");
        assertThat(second.isHealthy()).as("the second, once the first is gone").isTrue();
        assertThat(isAlive(postgres)).isTrue();

        try (Server restarted =
            PackagedJar.start("restarted", folder, firstPort, Map.of()).awaitHealthy()) {
          assertThat(restarted.output()).contains("attached to it");
          assertThat(postmasterPid(data)).as("the same PostgreSQL").isEqualTo(postgres);
          try (McpSyncClient onRestarted = Newcomer.mcp(firstPort, credential)) {
            assertThat(
                    Newcomer.json(Newcomer.call(onRestarted, "whoami", Map.of()))
                        .get("session_id")
                        .asString())
                .as("the login survives its replica's restart")
                .isEqualTo(sessionId);
          }

          second.stop();
          assertThat(restarted.isHealthy()).isTrue();
          restarted.stop();
          assertThat(restarted.output())
              .contains("stopped the embedded PostgreSQL in " + data + ": no other instance");
        }
      }

      assertThat(ProcessHandle.of(postgres).filter(ProcessHandle::isAlive))
          .as("PostgreSQL stopped with the last instance")
          .isEmpty();
      assertThat(data.resolve("postmaster.pid")).doesNotExist();
      assertThat(postgresProcessesOn(data)).isEmpty();
    }
  }

  /** At most {@value #MOST_START_LINES} lines, the last saying where to go and what runs. */
  private static void assertAFewLinesEndingWithTheSummary(Server server, String database) {
    List<String> lines = server.lines();
    String summary = lines.get(lines.size() - 1);
    assertThat(lines).as(server.output()).hasSizeLessThanOrEqualTo(MOST_START_LINES);
    assertThat(summary)
        .contains("ready: listening on port " + server.port())
        .contains("sessions in embedded PostgreSQL at ", database)
        .contains("identity provider: development")
        .contains("log in at http://localhost:" + server.port() + "/auth/login");
  }

  private static long postmasterPid(Path data) {
    try {
      return Long.parseLong(
          Files.readAllLines(data.resolve("postmaster.pid"), StandardCharsets.UTF_8).get(0).trim());
    } catch (java.io.IOException e) {
      throw new AssertionError("no postmaster.pid in " + data, e);
    }
  }

  private static boolean isAlive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private static List<ProcessHandle> postgresProcessesOn(Path data) {
    PackagedJar.sleep(Duration.ofMillis(500)); // the postmaster's children end just after it
    return ProcessHandle.allProcesses()
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().commandLine().orElse("").contains(data.toString()))
        .toList();
  }
}
