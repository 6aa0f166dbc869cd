package io.statelessmcp.adapter.out.supabase;

import static io.statelessmcp.domain.testing.TestSessions.BOB;
import static io.statelessmcp.domain.testing.TestSessions.aSession;
import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.statelessmcp.domain.LogLevel;
import io.statelessmcp.domain.Session;
import io.statelessmcp.domain.SessionId;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Two replicas on one PostgreSQL: a log level one stores, the other reads; a cancellation one
 * announces, the other hears. A level lives only as long as its session.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresProtocolSessionsTest {

  private static final KeyRing KEYS = KeyRing.parse("k1:" + KeyRing.generateKey());

  private final TestDatabase database = TestDatabases.plainSuperuser();
  private ConnectionFactory pool;
  private R2dbcSessionStore sessions;
  private PostgresProtocolSessions replicaA;
  private PostgresProtocolSessions replicaB;

  @BeforeAll
  void connect() {
    pool = database.connectionFactory(4);
    DatabaseClient client = DatabaseClient.create(pool);
    DatabaseCalls calls = DatabaseCalls.withDeadline(Duration.ofSeconds(5));
    sessions = new R2dbcSessionStore(client, KEYS);
    replicaA = replica(client, calls);
    replicaB = replica(client, calls);
  }

  private PostgresProtocolSessions replica(DatabaseClient client, DatabaseCalls calls) {
    return new PostgresProtocolSessions(
        client, calls, ConnectionFactories.get(database.url().r2dbcOptions(true)), true);
  }

  @AfterAll
  void disconnect() {
    replicaA.close();
    replicaB.close();
    ((ConnectionPool) pool).dispose();
  }

  @BeforeEach
  void listening() throws InterruptedException {
    database.deleteAllRows();
    for (int i = 0; i < 100 && !(replicaA.isListening() && replicaB.isListening()); i++) {
      Thread.sleep(50);
    }
    assertThat(replicaB.isListening()).as("listening within 5 s").isTrue();
  }

  @Test
  void aLevelStoredByOneReplicaIsReadByTheOther() {
    Session session = sessions.create(aSession().session()).block();

    replicaA.saveLogLevel(session.id(), session.userId(), "p-1", LogLevel.WARNING).block();
    LogLevel first = replicaB.findLogLevel(session.userId(), "p-1").block();
    replicaB.saveLogLevel(session.id(), session.userId(), "p-1", LogLevel.DEBUG).block();

    assertThat(first).isEqualTo(LogLevel.WARNING);
    assertThat(replicaA.findLogLevel(session.userId(), "p-1").block()).isEqualTo(LogLevel.DEBUG);
    assertThat(replicaA.findLogLevel(session.userId(), "p-2").blockOptional()).isEmpty();
    assertThat(replicaA.findLogLevel(BOB, "p-1").blockOptional())
        .as("another user's protocol session")
        .isEmpty();
  }

  @Test
  void aLevelGoesWithItsSession() {
    Session session = sessions.create(aSession().session()).block();
    replicaA.saveLogLevel(session.id(), session.userId(), "p-1", LogLevel.ERROR).block();

    database.deleteAllRows();

    assertThat(replicaA.findLogLevel(session.userId(), "p-1").blockOptional()).isEmpty();
  }

  @Test
  void noLevelIsStoredForASessionThatIsNotThere() {
    Session session = aSession().session();

    replicaA.saveLogLevel(SessionId.random(), session.userId(), "p-1", LogLevel.ERROR).block();

    assertThat(replicaA.findLogLevel(session.userId(), "p-1").blockOptional()).isEmpty();
  }

  @Test
  void aCancellationAnnouncedByOneReplicaIsHeardByBoth() {
    CompletableFuture<String> heardByB =
        replicaB.cancellations().filter("key-1"::equals).next().toFuture();
    CompletableFuture<String> heardByA =
        replicaA.cancellations().filter("key-1"::equals).next().toFuture();

    replicaA.announceCancellation("key-1").block();

    assertThat(heardByB).succeedsWithin(Duration.ofSeconds(2)).isEqualTo("key-1");
    assertThat(heardByA).succeedsWithin(Duration.ofSeconds(2)).isEqualTo("key-1");
  }

  @Test
  void inMemoryLevelsAndCancellationsStayInTheProcess() {
    InMemoryProtocolSessions memory = new InMemoryProtocolSessions();
    Session session = aSession().session();
    CompletableFuture<String> heard = memory.cancellations().next().toFuture();

    memory.saveLogLevel(session.id(), session.userId(), "p-1", LogLevel.NOTICE).block();
    memory.announceCancellation("key-2").block();

    assertThat(memory.findLogLevel(session.userId(), "p-1").block()).isEqualTo(LogLevel.NOTICE);
    assertThat(memory.findLogLevel(BOB, "p-1").blockOptional()).isEmpty();
    assertThat(heard).succeedsWithin(Duration.ofSeconds(1)).isEqualTo("key-2");
  }
}
