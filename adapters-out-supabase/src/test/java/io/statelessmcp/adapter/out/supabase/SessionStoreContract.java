package io.statelessmcp.adapter.out.supabase;

import static io.statelessmcp.adapter.out.supabase.SessionFixtures.ALICE;
import static io.statelessmcp.adapter.out.supabase.SessionFixtures.BOB;
import static io.statelessmcp.adapter.out.supabase.SessionFixtures.T0;
import static io.statelessmcp.adapter.out.supabase.SessionFixtures.aSession;
import static io.statelessmcp.adapter.out.supabase.SessionFixtures.uniqueTokens;
import static org.assertj.core.api.Assertions.assertThat;

import io.statelessmcp.application.port.out.SessionWritesContract;
import io.statelessmcp.domain.ClientMetadata;
import io.statelessmcp.domain.Session;
import io.statelessmcp.domain.SessionId;
import io.statelessmcp.domain.SessionSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The contract of a whole session store: the lookup and writes of {@link SessionWritesContract},
 * plus the user's own sessions under row-level security and the housekeeping. Every implementation
 * runs it: the in-memory twin, the cache, and the R2DBC store on each kind of database.
 */
abstract class SessionStoreContract extends SessionWritesContract {

  StorePorts store;

  /** An implementation with no sessions in it. */
  abstract StorePorts emptyStore();

  /** Registers {@code clientId}, where sessions name their client by a foreign key. */
  void aClientExists(String clientId) {}

  @Override
  protected Ports freshPorts() {
    store = emptyStore();
    return new Ports(store.lookup(), store.writes());
  }

  @Nested
  class UserRevocation {

    @Test
    void aRevocationByTheUserSurvivesAConcurrentRefresh() {
      Session session = create(aSession().session());
      store.users().revoke(ALICE, session.id(), T0.plusSeconds(30)).block();

      Session afterRefresh =
          store
              .writes()
              .compareAndSet(session.withRefreshedTokens(uniqueTokens(T0.plusSeconds(600))))
              .block()
              .storedNow()
              .orElseThrow();

      assertThat(afterRefresh.revokedAt()).isEqualTo(T0.plusSeconds(30));
      assertThat(find(session.id()).orElseThrow().revokedAt()).isEqualTo(T0.plusSeconds(30));
    }
  }

  @Nested
  class DeleteExpired {

    final Instant now = T0;

    @Test
    void deletesIdleExpiredAbsoluteExpiredAndRevokedButNotActiveSessions() {
      Session active = create(aSession().createdAt(now.minusSeconds(60)).session());
      Session idleExpired =
          create(
              aSession()
                  .createdAt(now.minus(Duration.ofHours(2)))
                  .idleFor(Duration.ofHours(1))
                  .session());
      Session expiringExactlyNow =
          create(
              aSession()
                  .createdAt(now.minus(Duration.ofHours(1)))
                  .idleFor(Duration.ofHours(1))
                  .session());
      Session absoluteExpired =
          create(
              aSession()
                  .createdAt(now.minus(Duration.ofDays(31)))
                  .absoluteLifetime(Duration.ofDays(30))
                  .session());
      Session revoked =
          create(
              aSession().createdAt(now.minusSeconds(60)).revokedAt(now.minusSeconds(1)).session());

      assertThat(store.housekeeping().countActive(now).block())
          .as("only the active one counts")
          .isEqualTo(1);

      int deleted = store.housekeeping().deleteExpired(now, 100).block();

      assertThat(deleted).isEqualTo(4);
      assertThat(find(active.id())).isPresent();
      for (Session gone : List.of(idleExpired, expiringExactlyNow, absoluteExpired, revoked)) {
        assertThat(find(gone.id())).as(gone.toString()).isEmpty();
      }
    }

    @Test
    void deletesAtMostOneBatchPerCall() {
      createExpired(5);

      assertThat(store.housekeeping().deleteExpired(now, 2).block()).isEqualTo(2);
      assertThat(store.housekeeping().deleteExpired(now, 2).block()).isEqualTo(2);
      assertThat(store.housekeeping().deleteExpired(now, 2).block()).isEqualTo(1);
      assertThat(store.housekeeping().deleteExpired(now, 2).block()).isZero();
    }

    @RepeatedTest(3)
    void concurrentPurgesDeleteDisjointRowsAndNeverMoreThanTheirBatch() {
      List<Session> expired = createExpired(10);
      Session active = create(aSession().createdAt(now).session());

      var counts =
          Mono.zip(
                  store
                      .housekeeping()
                      .deleteExpired(now, 5)
                      .subscribeOn(Schedulers.boundedElastic()),
                  store
                      .housekeeping()
                      .deleteExpired(now, 5)
                      .subscribeOn(Schedulers.boundedElastic()))
              .block();

      assertThat(counts.getT1()).isBetween(0, 5);
      assertThat(counts.getT2()).isBetween(0, 5);
      assertThat(counts.getT1() + counts.getT2()).isEqualTo(10);
      assertThat(
              Flux.fromIterable(expired)
                  .flatMap(s -> store.lookup().findById(s.id()))
                  .collectList()
                  .block())
          .isEmpty();
      assertThat(find(active.id())).isPresent();
    }

    private List<Session> createExpired(int count) {
      return IntStream.range(0, count)
          .mapToObj(
              i ->
                  create(
                      aSession()
                          .createdAt(now.minus(Duration.ofHours(3)).plusSeconds(i))
                          .idleFor(Duration.ofHours(1))
                          .session()))
          .toList();
    }
  }

  @Nested
  class AsUser {

    final Instant now = T0.plus(Duration.ofHours(1));

    @Test
    void aUserListsOnlyTheirOwnActiveSessionsNewestFirst() {
      Session older = create(aSession().createdAt(T0).session());
      Session newer =
          create(
              aSession()
                  .createdAt(T0.plusSeconds(60))
                  .client(new ClientMetadata("Cursor/1.2", "198.51.100.4"))
                  .session());
      create(
          aSession()
              .createdAt(T0.minus(Duration.ofHours(5)))
              .idleFor(Duration.ofHours(2))
              .session());
      create(aSession().createdAt(T0).revokedAt(T0.plusSeconds(1)).session());
      create(aSession().of(BOB).createdAt(T0.plusSeconds(120)).session());

      List<SessionSummary> mine = store.users().listActive(ALICE, now).collectList().block();

      assertThat(mine).containsExactly(summaryOf(newer), summaryOf(older));
    }

    @Test
    void aSessionGrantedToAClientNamesItWhereverItIsReadAndInTheUsersList() {
      String clientId = "dcr_grantGrantGrantGrant01";
      aClientExists(clientId);
      Session granted =
          create(
              aSession()
                  .createdAt(T0.plusSeconds(60))
                  .client(new ClientMetadata("Claude/1.0", "198.51.100.9").grantedTo(clientId))
                  .session());
      Session browserLogin = create(aSession().createdAt(T0).session());

      assertThat(find(granted.id()).orElseThrow().client().oauthClientId()).isEqualTo(clientId);
      Session refreshed = written(granted.withRefreshedTokens(uniqueTokens(T0.plusSeconds(600))));
      assertThat(refreshed.client().oauthClientId()).isEqualTo(clientId);
      assertThat(find(granted.id())).contains(refreshed);

      List<SessionSummary> mine = store.users().listActive(ALICE, now).collectList().block();

      assertThat(mine).containsExactly(summaryOf(refreshed), summaryOf(browserLogin));
      assertThat(mine.get(0).oauthClientId()).isEqualTo(clientId);
      assertThat(mine.get(1).oauthClientId()).isNull();
    }

    @Test
    void aUserWithNoSessionsSeesNone() {
      create(aSession().of(BOB).session());

      assertThat(
              store
                  .users()
                  .listActive(new io.statelessmcp.domain.UserId("user_nobody"), now)
                  .collectList()
                  .block())
          .isEmpty();
    }

    @Test
    void aUserRevokesTheirOwnSessionOnce() {
      Session mine = create(aSession().session());

      assertThat(store.users().revoke(ALICE, mine.id(), now).block()).isTrue();
      assertThat(store.users().revoke(ALICE, mine.id(), now.plusSeconds(1)).block()).isFalse();

      assertThat(find(mine.id()).orElseThrow().revokedAt()).isEqualTo(now);
      assertThat(store.users().listActive(ALICE, now).collectList().block()).isEmpty();
    }

    @Test
    void aUserCannotRevokeAnotherUsersSessionAndItStaysUntouched() {
      Session bobs = create(aSession().of(BOB).session());

      assertThat(store.users().revoke(ALICE, bobs.id(), now).block()).isFalse();

      assertThat(find(bobs.id())).contains(bobs);
      assertThat(store.users().listActive(BOB, now).collectList().block())
          .containsExactly(summaryOf(bobs));
    }

    @Test
    void revokingAnUnknownSessionAsAUserIsFalse() {
      assertThat(store.users().revoke(ALICE, SessionId.random(), now).block()).isFalse();
    }
  }

  static SessionSummary summaryOf(Session session) {
    return new SessionSummary(
        session.id(),
        session.createdAt(),
        session.lastSeenAt(),
        session.expiresAt(),
        session.revokedAt(),
        session.client().userAgent(),
        session.client().oauthClientId());
  }
}
