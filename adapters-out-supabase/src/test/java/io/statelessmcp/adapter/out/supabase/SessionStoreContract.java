package io.statelessmcp.adapter.out.supabase;

import static io.statelessmcp.adapter.out.supabase.SessionFixtures.ALICE;
import static io.statelessmcp.adapter.out.supabase.SessionFixtures.BOB;
import static io.statelessmcp.adapter.out.supabase.SessionFixtures.T0;
import static io.statelessmcp.adapter.out.supabase.SessionFixtures.aSession;
import static io.statelessmcp.adapter.out.supabase.SessionFixtures.uniqueTokens;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statelessmcp.application.port.out.WriteResult;
import io.statelessmcp.domain.ClientMetadata;
import io.statelessmcp.domain.Session;
import io.statelessmcp.domain.SessionId;
import io.statelessmcp.domain.SessionPolicy;
import io.statelessmcp.domain.SessionSummary;
import io.statelessmcp.domain.TouchDecision;
import io.statelessmcp.domain.UserProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The {@link SessionStore} contract. Every implementation runs it: the in-memory twin and the R2DBC
 * store on each kind of database.
 */
abstract class SessionStoreContract {

  static final SessionPolicy POLICY =
      new SessionPolicy(Duration.ofHours(24), Duration.ofDays(30), Duration.ofSeconds(60));

  StorePorts store;

  /** An implementation with no sessions in it. */
  abstract StorePorts emptyStore();

  @BeforeEach
  void freshStore() {
    store = emptyStore();
  }

  Session create(Session session) {
    return store.writes().create(session).block();
  }

  /** Writes compare-and-set and expects the write to happen. */
  Session written(Session updated) {
    WriteResult result = store.writes().compareAndSet(updated).block();
    assertThat(result).isInstanceOf(WriteResult.Written.class);
    return result.storedNow().orElseThrow();
  }

  Optional<Session> find(SessionId id) {
    return store.lookup().findById(id).blockOptional();
  }

  @Nested
  class CreateAndFind {

    @Test
    void aCreatedSessionIsFoundWithEveryFieldIntact() {
      Session session =
          aSession()
              .profile(new UserProfile("grace@example.com", "Grace", "Hopper"))
              .client(new ClientMetadata("Claude Desktop/1.0", "2001:db8::1"))
              .refreshLeaseUntil(T0.plusSeconds(15))
              .session();

      Session created = create(session);

      assertThat(created).isEqualTo(session);
      assertThat(find(session.id())).contains(session);
    }

    @Test
    void absentProfileAndClientMetadataRoundTrip() {
      Session session =
          aSession().profile(UserProfile.empty()).client(ClientMetadata.unknown()).session();

      create(session);

      assertThat(find(session.id())).contains(session);
    }

    @Test
    void anUnknownIdIsEmptyNotAnError() {
      assertThat(find(SessionId.random())).isEmpty();
    }

    @Test
    void creatingTheSameIdTwiceFailsAndKeepsTheFirst() {
      Session first = aSession().session();
      create(first);
      Session impostor =
          new Session(
              first.id(),
              BOB,
              aSession().session().secretHash(),
              uniqueTokens(T0.plusSeconds(60)),
              first.profile(),
              first.client(),
              T0,
              T0,
              T0.plusSeconds(3600),
              T0.plusSeconds(7200),
              0,
              null,
              null);

      assertThatThrownBy(() -> create(impostor)).isNotNull();
      assertThat(find(first.id())).contains(first);
    }
  }

  @Nested
  class CompareAndSet {

    @Test
    void aWriteOfTheCurrentVersionIsStoredWithTheNextVersion() {
      Session session = create(aSession().session());
      Session touched = extendedAt(session, T0.plus(Duration.ofHours(1)));
      Session refreshed = touched.withRefreshedTokens(uniqueTokens(T0.plus(Duration.ofHours(2))));

      WriteResult result = store.writes().compareAndSet(refreshed).block();

      Session expected = refreshed.withVersion(1);
      assertThat(result).isEqualTo(WriteResult.written(expected));
      assertThat(find(session.id())).contains(expected);
    }

    @Test
    void aWriteOfAStaleVersionIsAConflictCarryingTheStoredSessionAndChangesNothing() {
      Session session = create(aSession().session());
      Session first = written(session.withRefreshLease(T0.plusSeconds(15)));

      WriteResult stale =
          store.writes().compareAndSet(session.withRefreshedTokens(uniqueTokens(T0))).block();

      assertThat(stale).isEqualTo(WriteResult.conflict(first));
      assertThat(find(session.id())).contains(first);
    }

    @Test
    void aWriteToAMissingSessionSaysItIsGone() {
      assertThat(store.writes().compareAndSet(aSession().session()).block())
          .isEqualTo(WriteResult.gone());
    }

    @RepeatedTest(5)
    void ofTwoConcurrentWritersOfOneVersionExactlyOneWins() {
      Session session = create(aSession().session());
      Session writerA = session.withRefreshedTokens(uniqueTokens(T0.plusSeconds(600)));
      Session writerB = session.withRefreshedTokens(uniqueTokens(T0.plusSeconds(900)));

      var results = Mono.zip(concurrently(writerA), concurrently(writerB)).block();

      List<WriteResult> both = List.of(results.getT1(), results.getT2());
      List<Session> winners =
          both.stream()
              .filter(WriteResult.Written.class::isInstance)
              .map(r -> r.storedNow().orElseThrow())
              .toList();
      assertThat(winners).hasSize(1);
      Session winner = winners.get(0);
      assertThat(both).containsOnly(WriteResult.written(winner), WriteResult.conflict(winner));
      assertThat(winner.version()).isEqualTo(1);
      assertThat(find(session.id())).contains(winner);
      assertThat(winner.tokens()).isIn(writerA.tokens(), writerB.tokens());
    }

    @Test
    void aWriterThatReadBeforeARevocationCannotUndoIt() {
      Session session = create(aSession().session());
      store.writes().revoke(session.id(), T0.plusSeconds(30)).block();

      WriteResult late =
          store.writes().compareAndSet(session.withRefreshedTokens(uniqueTokens(T0))).block();

      assertThat(late).isInstanceOf(WriteResult.Conflict.class);
      assertThat(late.storedNow().orElseThrow().revokedAt()).isEqualTo(T0.plusSeconds(30));
      assertThat(find(session.id()).orElseThrow().revokedAt()).isEqualTo(T0.plusSeconds(30));
    }

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

    @Test
    void aWriteMovesAStoredRevocationEarlierButNeverLater() {
      Session session = create(aSession().revokedAt(T0.plusSeconds(30)).session());

      Session later = written(revokedAt(session, T0.plusSeconds(50)));
      Session earlier = written(revokedAt(later, T0.plusSeconds(10)));

      assertThat(later.revokedAt()).isEqualTo(T0.plusSeconds(30));
      assertThat(earlier.revokedAt()).isEqualTo(T0.plusSeconds(10));
      assertThat(find(session.id()).orElseThrow().revokedAt()).isEqualTo(T0.plusSeconds(10));
    }

    private Session revokedAt(Session session, Instant revokedAt) {
      return new Session(
          session.id(),
          session.userId(),
          session.secretHash(),
          session.tokens(),
          session.profile(),
          session.client(),
          session.createdAt(),
          session.lastSeenAt(),
          session.expiresAt(),
          session.absoluteExpiresAt(),
          session.version(),
          revokedAt,
          session.refreshLeaseUntil());
    }

    private Mono<WriteResult> concurrently(Session write) {
      return store.writes().compareAndSet(write).subscribeOn(Schedulers.boundedElastic());
    }
  }

  @Nested
  class Revoke {

    @Test
    void revokingMarksTheSessionRevokedAtThatInstantOnce() {
      Session session = create(aSession().session());
      Instant now = T0.plusSeconds(90);

      assertThat(store.writes().revoke(session.id(), now).block()).isTrue();
      assertThat(store.writes().revoke(session.id(), now.plusSeconds(5)).block()).isFalse();

      Session revoked = find(session.id()).orElseThrow();
      assertThat(revoked.revokedAt()).isEqualTo(now);
      assertThat(revoked.isActiveAt(now)).isFalse();
    }

    @Test
    void revokingAnUnknownSessionIsFalse() {
      assertThat(store.writes().revoke(SessionId.random(), T0).block()).isFalse();
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
        session.client().userAgent());
  }

  static Session extendedAt(Session session, Instant now) {
    TouchDecision decision = POLICY.touch(session, now);
    assertThat(decision).isInstanceOf(TouchDecision.Extend.class);
    return ((TouchDecision.Extend) decision).session();
  }
}
