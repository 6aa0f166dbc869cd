package io.statelessmcp.bootstrap.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.statelessmcp.adapter.out.supabase.KeyRing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several instances on one data directory share one PostgreSQL: the first starts it, the others
 * attach, and it stops only when the last one leaves, whichever started it. (The packaged jar's
 * test does the same across processes.)
 */
class EmbeddedDatabaseSharingTest {

  @TempDir Path folder;

  @Test
  void theSecondAttachesTheFirstLeavesItRunningAndTheLastOneOutStopsIt() throws Exception {
    Path data = folder.resolve("postgres");
    EmbeddedDatabase first = EmbeddedDatabase.start(data);
    EmbeddedDatabase second = EmbeddedDatabase.start(data);

    assertThat(first.startedHere()).isTrue();
    assertThat(second.startedHere()).as("attached").isFalse();
    assertThat(second.port()).isEqualTo(first.port());
    assertThat(second.description()).contains("attached to port " + first.port());
    long postgres = Postmaster.runningOn(data.toAbsolutePath()).orElseThrow().pid();

    first.close();

    assertThat(answers(second)).as("still up for the second").isTrue();
    assertThat(ProcessHandle.of(postgres).map(ProcessHandle::isAlive)).contains(true);

    second.close();

    assertThat(ProcessHandle.of(postgres).filter(ProcessHandle::isAlive)).isEmpty();
    assertThat(data.resolve("postmaster.pid")).doesNotExist();
  }

  @Test
  void anInstanceKilledWithoutLeavingIsForgottenAndARestartAttachesToItsDatabase()
      throws Exception {
    Path data = folder.resolve("postgres");
    EmbeddedDatabase crashed = EmbeddedDatabase.start(data);
    // What kill -9 leaves behind: PostgreSQL running, and the registration of a dead process.
    Path instances = data.toAbsolutePath().resolveSibling("postgres.instances");
    Files.writeString(instances.resolve("999999999-dead"), Instant.EPOCH.toString());

    EmbeddedDatabase restarted = EmbeddedDatabase.start(data);
    crashed.close(); // this process's own entry; the dead one does not keep the database up

    assertThat(restarted.startedHere()).isFalse();
    assertThat(answers(restarted)).isTrue();
    restarted.close();
    assertThat(data.resolve("postmaster.pid")).doesNotExist();
    assertThat(Files.list(instances)).isEmpty();
  }

  @Test
  void twoInstancesCreatingTheDevelopmentKeyAtOnceGetTheSameKey() throws Exception {
    Path data = folder.resolve("postgres");
    CompletableFuture<KeyRing> one =
        CompletableFuture.supplyAsync(() -> DevelopmentKey.loadOrCreate(data));
    CompletableFuture<KeyRing> other =
        CompletableFuture.supplyAsync(() -> DevelopmentKey.loadOrCreate(data));

    assertThat(other.get().derive("any purpose")).isEqualTo(one.get().derive("any purpose"));
    try (var files = Files.list(folder)) {
      assertThat(files.map(path -> path.getFileName().toString()))
          .containsExactly("encryption-keys");
    }
  }

  private static boolean answers(EmbeddedDatabase database) {
    try (Connection connection =
        DriverManager.getConnection(
            "jdbc:postgresql://localhost:" + database.port() + "/postgres", "postgres", "")) {
      return connection.isValid(5);
    } catch (SQLException e) {
      return false;
    }
  }
}
