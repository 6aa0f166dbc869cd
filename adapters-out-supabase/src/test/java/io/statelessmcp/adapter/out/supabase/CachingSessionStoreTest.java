package io.statelessmcp.adapter.out.supabase;

import static org.assertj.core.api.Assertions.assertThat;

import io.statelessmcp.application.port.out.WriteResult;
import io.statelessmcp.domain.OAuthTokens;
import io.statelessmcp.domain.Session;
import io.statelessmcp.domain.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** The cache keeps the store's contract, and its staleness stays inside the documented bound. */
class CachingSessionStoreTest extends SessionStoreContract {

  @Override
  StorePorts emptyStore() {
    InMemorySessionStore database = new InMemorySessionStore();
    CachingSessionStore cache =
        new CachingSessionStore(
            database, database, database, Duration.ofHours(1), 10_000, Clock.systemUTC());
    return new StorePorts(cache, cache, cache, database);
  }

  /** Two replicas' views of one database: a caching one and a direct one. */
  @Nested
  class Bound {

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    final InMemorySessionStore database = new InMemorySessionStore();
    final CachingSessionStore thisReplica =
        new CachingSessionStore(database, database, database, Duration.ofSeconds(1), 10_000, clock);

    @Test
    void aRevocationElsewhereIsSeenOnceTheBoundHasPassed() {
      Session session = database.create(SessionFixtures.aSession().session()).block();
      thisReplica.findById(session.id()).block();

      database.revoke(session.id(), clock.instant()).block(); // another replica revokes

      assertThat(thisReplica.findById(session.id()).block().isRevoked())
          .as("within the bound the copy may be stale")
          .isFalse();
      clock.advance(Duration.ofSeconds(1));
      assertThat(thisReplica.findById(session.id()).block().isRevoked()).isTrue();
    }

    @Test
    void thisReplicasOwnRevocationIsImmediate() {
      Session session = database.create(SessionFixtures.aSession().session()).block();
      thisReplica.findById(session.id()).block();

      thisReplica.revoke(session.id(), clock.instant()).block();

      assertThat(thisReplica.findById(session.id()).block().isRevoked()).isTrue();
    }

    @Test
    void aLostCompareAndSetKeepsTheWinnerItWasAnsweredWith() {
      Session session = database.create(SessionFixtures.aSession().session()).block();
      Session cached = thisReplica.findById(session.id()).block();
      Session winner =
          database
              .compareAndSet(
                  session.withRefreshedTokens(
                      new OAuthTokens(
                          "winner-access", "winner-refresh", clock.instant().plusSeconds(600))))
              .block()
              .storedNow()
              .orElseThrow();

      assertThat(
              thisReplica
                  .compareAndSet(cached.withRefreshLease(clock.instant().plusSeconds(15)))
                  .block())
          .isEqualTo(WriteResult.conflict(winner));

      assertThat(thisReplica.findById(session.id()).block()).isEqualTo(winner);
    }
  }

  /**
   * Reads that are still on their way: the background re-read of a busy session, and the reads that
   * race with this replica's own writes. The database answers only when the test opens its gate.
   */
  @Nested
  class ReadsInFlight {

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    final InMemorySessionStore rows = new InMemorySessionStore();
    final GatedStore database = new GatedStore(rows);
    final CachingSessionStore thisReplica =
        new CachingSessionStore(database, rows, rows, Duration.ofSeconds(1), 10_000, clock);
    final Session session = rows.create(SessionFixtures.aSession().session()).block();

    void advance(long millis) {
      clock.advance(Duration.ofMillis(millis));
    }

    @Test
    void aBusySessionIsRereadInTheBackgroundAndTheRequestDoesNotWaitForIt() {
      database.open();
      thisReplica.findById(session.id()).block();
      database.close();
      rows.revoke(session.id(), clock.instant()).block(); // another replica revokes

      advance(500);
      Session answered = thisReplica.findById(session.id()).block(Duration.ofSeconds(1));

      assertThat(answered.isRevoked())
          .as("answered from the copy, not from the database")
          .isFalse();
      assertThat(database.reads()).as("one re-read sent in the background").isEqualTo(2);
      thisReplica.findById(session.id()).block(Duration.ofSeconds(1));
      assertThat(database.reads()).as("only one re-read at a time").isEqualTo(2);

      database.open();
      assertThat(thisReplica.findById(session.id()).block().isRevoked())
          .as("the re-read replaced the copy")
          .isTrue();
      assertThat(database.reads()).isEqualTo(2);
    }

    @Test
    void beforeHalfItsAgeACopyIsNotReread() {
      database.open();
      thisReplica.findById(session.id()).block();

      advance(499);
      thisReplica.findById(session.id()).block();

      assertThat(database.reads()).isEqualTo(1);
    }

    @Test
    void aCopyIsNeverServedPastTheBoundEvenWhenItsRereadHangs() {
      database.open();
      thisReplica.findById(session.id()).block();
      database.close();
      advance(600);
      thisReplica.findById(session.id()).block(Duration.ofSeconds(1)); // re-read hangs

      rows.revoke(session.id(), clock.instant()).block();
      advance(400); // 1 s after the first read was sent
      var atTheBound = thisReplica.findById(session.id()).toFuture();

      assertThat(atTheBound).as("waits for the database").isNotDone();
      database.open();
      assertThat(atTheBound.join().isRevoked()).isTrue();
    }

    @Test
    void theBoundCountsFromWhenTheReadWasSentNotWhenItsAnswerArrived() {
      var firstRead = thisReplica.findById(session.id()).toFuture();
      advance(800); // a slow database
      database.open();
      firstRead.join();

      rows.revoke(session.id(), clock.instant()).block();
      advance(200);

      assertThat(thisReplica.findById(session.id()).block().isRevoked()).isTrue();
    }

    @Test
    void aRereadThatRacesWithThisReplicasRevocationDoesNotBringTheSessionBack() {
      database.open();
      thisReplica.findById(session.id()).block();
      database.close();
      advance(500);
      thisReplica.findById(session.id()).block(Duration.ofSeconds(1)); // sends the re-read
      Session old = database.releaseOneRead(); // it read the row before the revocation

      thisReplica.revoke(session.id(), clock.instant()).block();
      database.deliver(old);

      database.open();
      assertThat(thisReplica.findById(session.id()).block().isRevoked()).isTrue();
    }

    @Test
    void aRevocationHasDroppedTheCopyBeforeItsCallerHearsOfIt() {
      Session nextLookup =
          cachedThenLookedUpRightAfter(() -> thisReplica.revoke(session.id(), clock.instant()));

      assertThat(nextLookup.isRevoked()).isTrue();
    }

    @Test
    void aRevocationAsTheUserHasDroppedTheCopyBeforeItsCallerHearsOfIt() {
      Session nextLookup =
          cachedThenLookedUpRightAfter(
              () -> thisReplica.revoke(session.userId(), session.id(), clock.instant()));

      assertThat(nextLookup.isRevoked()).isTrue();
    }

    /** The session cached on this replica, then looked up as soon as {@code change} answered. */
    private Session cachedThenLookedUpRightAfter(Supplier<Mono<?>> change) {
      database.open();
      thisReplica.findById(session.id()).block();

      return change.get().flatMap(answered -> thisReplica.findById(session.id())).block();
    }

    @Test
    void aMissThatRacesWithThisReplicasRevocationDoesNotCacheTheOldState() {
      var readBeforeRevocation = thisReplica.findById(session.id()).toFuture();
      Session old = database.releaseOneRead(); // the database answered, the answer is in flight
      thisReplica.revoke(session.id(), clock.instant()).block();
      database.deliver(old);
      database.open();

      assertThat(readBeforeRevocation.join().isRevoked()).isFalse();
      assertThat(thisReplica.findById(session.id()).block().isRevoked())
          .as("the old answer was not cached")
          .isTrue();
    }

    @Test
    void anOlderReadDoesNotReplaceThisReplicasNewerWrite() {
      var slowRead = thisReplica.findById(session.id()).toFuture();
      Session old = database.releaseOneRead();
      Session written =
          thisReplica
              .compareAndSet(session.withRefreshLease(clock.instant().plusSeconds(15)))
              .block()
              .storedNow()
              .orElseThrow();
      database.deliver(old);
      slowRead.join();

      assertThat(thisReplica.findById(session.id()).block()).isEqualTo(written);
    }

    @Test
    void aFailedRereadKeepsTheCopyWithinTheBoundAndIsTriedAgain() {
      database.open();
      thisReplica.findById(session.id()).block();
      database.failReads();
      advance(500);

      assertThat(thisReplica.findById(session.id()).block()).isEqualTo(session);
      assertThat(thisReplica.findById(session.id()).block()).isEqualTo(session);
      assertThat(database.reads()).as("a failed re-read is tried again").isEqualTo(3);
    }

    @Test
    void aRereadThatFindsTheRowGoneDropsTheCopy() {
      database.open();
      thisReplica.findById(session.id()).block();
      rows.revoke(session.id(), clock.instant()).block();
      rows.deleteExpired(clock.instant().plusSeconds(1), 10).block();
      advance(500);

      thisReplica
          .findById(session.id())
          .block(); // answered from the copy; the re-read finds nothing

      assertThat(thisReplica.findById(session.id()).blockOptional()).isEmpty();
    }
  }
}
