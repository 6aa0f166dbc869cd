package io.statelessmcp.adapter.out.supabase;

import static io.statelessmcp.domain.testing.TestSessions.T0;
import static io.statelessmcp.domain.testing.TestSessions.aSession;
import static io.statelessmcp.domain.testing.TestSessions.uniqueTokens;
import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.statelessmcp.domain.Session;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Two replicas on one PostgreSQL: what one writes, the other hears through LISTEN/NOTIFY, both the
 * requests waiting for it and the cache in front of the store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresSessionChangesTest {

  private static final KeyRing KEYS = KeyRing.parse("k1:" + KeyRing.generateKey());

  /** Far beyond the announcement's milliseconds, far below the listener's 1 s fallback poll. */
  private static final Duration WELL_BEFORE_THE_FALLBACK = Duration.ofMillis(700);

  private final TestDatabase database = TestDatabases.plainSuperuser();
  private ConnectionFactory pool;
  private PostgresSessionChanges changes;
  private R2dbcSessionStore otherReplica;
  private R2dbcSessionStore thisReplica;

  @BeforeAll
  void connect() {
    pool = database.connectionFactory(4);
    otherReplica = new R2dbcSessionStore(DatabaseClient.create(pool), KEYS);
    thisReplica = new R2dbcSessionStore(DatabaseClient.create(pool), KEYS);
    changes =
        new PostgresSessionChanges(
            ConnectionFactories.get(database.url().r2dbcOptions(true)), true);
  }

  @AfterAll
  void disconnect() {
    changes.close();
    ((ConnectionPool) pool).dispose();
  }

  @BeforeEach
  void listening() throws InterruptedException {
    database.deleteAllRows();
    for (int i = 0; i < 100 && !changes.isListening(); i++) {
      Thread.sleep(50);
    }
    assertThat(changes.isListening()).as("listening within 5 s").isTrue();
  }

  @Test
  void aWaiterWakesWhenAnotherReplicaWritesTheSession() {
    Session session = otherReplica.create(aSession().session()).block();
    CompletableFuture<Void> woken = changes.awaitChange(session.id(), session.version()).toFuture();

    assertThat(woken).isNotDone();
    otherReplica.compareAndSet(session.withRefreshedTokens(uniqueTokens(T0))).block();

    assertThat(woken).succeedsWithin(WELL_BEFORE_THE_FALLBACK);
  }

  @Test
  void aWriteAnnouncedBeforeTheWaitBeganIsNotMissed() throws InterruptedException {
    Session session = otherReplica.create(aSession().session()).block();
    otherReplica.compareAndSet(session.withRefreshLease(T0.plusSeconds(15))).block();
    Thread.sleep(200); // the announcement has arrived before anyone waits

    assertThat(changes.awaitChange(session.id(), session.version()).toFuture())
        .succeedsWithin(Duration.ofMillis(100));
  }

  @Test
  void aWriteToAnotherSessionDoesNotWakeTheWaiter() {
    Session waitedFor = otherReplica.create(aSession().session()).block();
    Session other = otherReplica.create(aSession().session()).block();
    CompletableFuture<Void> woken =
        changes.awaitChange(waitedFor.id(), waitedFor.version()).toFuture();

    otherReplica.compareAndSet(other.withRefreshedTokens(uniqueTokens(T0))).block();

    assertThat(woken).failsWithin(Duration.ofMillis(300));
  }

  @Test
  void theCacheServesAnotherReplicasRevocationAsSoonAsItIsHeard() throws InterruptedException {
    CachingSessionStore cache =
        new CachingSessionStore(
            thisReplica, thisReplica, thisReplica, Duration.ofHours(1), 100, Clock.systemUTC());
    changes.keepFresh(cache);
    Session session = otherReplica.create(aSession().session()).block();
    assertThat(cache.findById(session.id()).block().isRevoked()).isFalse();

    otherReplica.revoke(session.id(), T0).block();

    Session seen = null;
    for (int i = 0; i < 14; i++) {
      seen = cache.findById(session.id()).block();
      if (seen.isRevoked()) {
        break;
      }
      Thread.sleep(50);
    }
    assertThat(seen.isRevoked())
        .as("seen within 0.7 s although the cache may keep copies for an hour")
        .isTrue();
  }
}
