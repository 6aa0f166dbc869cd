package io.statelessmcp.adapter.out.supabase;

import static org.assertj.core.api.Assertions.assertThat;

import io.statelessmcp.application.port.out.SessionStore;
import io.statelessmcp.domain.OAuthTokens;
import io.statelessmcp.domain.Session;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The cache keeps the store's contract, and its staleness stays inside the documented bound. */
class CachingSessionStoreTest extends SessionStoreContract {

  @Override
  SessionStore emptyStore() {
    return new CachingSessionStore(
        new InMemorySessionStore(), Duration.ofHours(1), 10_000, Clock.systemUTC());
  }

  /** Two replicas' views of one database: a caching one and a direct one. */
  @Nested
  class Bound {

    final AtomicReference<Instant> now =
        new AtomicReference<>(Instant.parse("2026-03-01T10:00:00Z"));
    final Clock clock =
        new Clock() {
          @Override
          public Instant instant() {
            return now.get();
          }

          @Override
          public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }
        };
    final InMemorySessionStore database = new InMemorySessionStore();
    final CachingSessionStore thisReplica =
        new CachingSessionStore(database, Duration.ofSeconds(1), 10_000, clock);

    @Test
    void aRevocationElsewhereIsSeenOnceTheBoundHasPassed() {
      Session session = database.create(SessionFixtures.aSession().session()).block();
      thisReplica.findById(session.id()).block();

      database.revoke(session.id(), now.get()).block(); // another replica revokes

      assertThat(thisReplica.findById(session.id()).block().isRevoked())
          .as("within the bound the copy may be stale")
          .isFalse();
      now.set(now.get().plus(Duration.ofSeconds(1)));
      assertThat(thisReplica.findById(session.id()).block().isRevoked()).isTrue();
    }

    @Test
    void thisReplicasOwnRevocationIsImmediate() {
      Session session = database.create(SessionFixtures.aSession().session()).block();
      thisReplica.findById(session.id()).block();

      thisReplica.revoke(session.id(), now.get()).block();

      assertThat(thisReplica.findById(session.id()).block().isRevoked()).isTrue();
    }

    @Test
    void aLostCompareAndSetDropsTheCopySoTheRereadSeesTheWinner() {
      Session session = database.create(SessionFixtures.aSession().session()).block();
      Session cached = thisReplica.findById(session.id()).block();
      Session winner =
          database
              .compareAndSet(
                  session.withRefreshedTokens(
                      new OAuthTokens(
                          "winner-access", "winner-refresh", now.get().plusSeconds(600))))
              .block();

      assertThat(
              thisReplica
                  .compareAndSet(cached.withRefreshLease(now.get().plusSeconds(15)))
                  .blockOptional())
          .isEmpty();

      assertThat(thisReplica.findById(session.id()).block()).isEqualTo(winner);
    }
  }
}
