package io.statelessmcp.application.port.out;

import static io.statelessmcp.domain.testing.TestSessions.BOB;
import static io.statelessmcp.domain.testing.TestSessions.T0;
import static io.statelessmcp.domain.testing.TestSessions.aSession;
import static io.statelessmcp.domain.testing.TestSessions.uniqueTokens;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statelessmcp.domain.ClientMetadata;
import io.statelessmcp.domain.Session;
import io.statelessmcp.domain.SessionId;
import io.statelessmcp.domain.SessionPolicy;
import io.statelessmcp.domain.TouchDecision;
import io.statelessmcp.domain.UserProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The contract of {@link SessionLookup} and {@link SessionWrites}. Every implementation runs it:
 * the PostgreSQL store (on each kind of database, with and without its cache), the in-memory twin,
 * and the application's own test fake, so the services are tested against a store that behaves like
 * the real ones.
 */
public abstract class SessionWritesContract {

  protected static final SessionPolicy POLICY =
      new SessionPolicy(Duration.ofHours(24), Duration.ofDays(30), Duration.ofSeconds(60));

  /** The two ports of one store setup, as the contract exercises them. */
  public record Ports(SessionLookup lookup, SessionWrites writes) {}

  private Ports ports;

  /** An implementation with no sessions in it. */
  protected abstract Ports freshPorts();

  @BeforeEach
  void freshStore() {
    ports = freshPorts();
  }

  protected SessionWrites writes() {
    return ports.writes();
  }

  protected Session create(Session session) {
    return writes().create(session).block();
  }

  /** Writes compare-and-set and expects the write to happen. */
  protected Session written(Session updated) {
    WriteResult result = writes().compareAndSet(updated).block();
    assertThat(result.outcome()).isEqualTo(WriteResult.Outcome.WRITTEN);
    return result.storedNow().orElseThrow();
  }

  protected Optional<Session> find(SessionId id) {
    return ports.lookup().findById(id).blockOptional();
  }

  protected static Session extendedAt(Session session, Instant now) {
    TouchDecision decision = POLICY.touch(session, now);
    assertThat(decision).isInstanceOf(TouchDecision.Extend.class);
    return ((TouchDecision.Extend) decision).session();
  }

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

  @Test
  void aWriteOfTheCurrentVersionIsStoredWithTheNextVersion() {
    Session session = create(aSession().session());
    Session touched = extendedAt(session, T0.plus(Duration.ofHours(1)));
    Session refreshed = touched.withRefreshedTokens(uniqueTokens(T0.plus(Duration.ofHours(2))));

    WriteResult result = writes().compareAndSet(refreshed).block();

    Session expected = refreshed.withVersion(1);
    assertThat(result).isEqualTo(WriteResult.written(expected));
    assertThat(find(session.id())).contains(expected);
  }

  @Test
  void aWriteOfAStaleVersionIsAConflictCarryingTheStoredSessionAndChangesNothing() {
    Session session = create(aSession().session());
    Session first = written(session.withRefreshLease(T0.plusSeconds(15)));

    WriteResult stale =
        writes().compareAndSet(session.withRefreshedTokens(uniqueTokens(T0))).block();

    assertThat(stale).isEqualTo(WriteResult.conflict(first));
    assertThat(find(session.id())).contains(first);
  }

  @Test
  void aWriteToAMissingSessionSaysItIsGone() {
    assertThat(writes().compareAndSet(aSession().session()).block()).isEqualTo(WriteResult.gone());
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
            .filter(r -> r.outcome() == WriteResult.Outcome.WRITTEN)
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
    writes().revoke(session.id(), T0.plusSeconds(30)).block();

    WriteResult late =
        writes().compareAndSet(session.withRefreshedTokens(uniqueTokens(T0))).block();

    assertThat(late.outcome()).isEqualTo(WriteResult.Outcome.CONFLICT);
    assertThat(late.storedNow().orElseThrow().revokedAt()).isEqualTo(T0.plusSeconds(30));
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
    return writes().compareAndSet(write).subscribeOn(Schedulers.boundedElastic());
  }

  @Test
  void revokingMarksTheSessionRevokedAtThatInstantOnce() {
    Session session = create(aSession().session());
    Instant now = T0.plusSeconds(90);

    assertThat(writes().revoke(session.id(), now).block()).isTrue();
    assertThat(writes().revoke(session.id(), now.plusSeconds(5)).block()).isFalse();

    Session revoked = find(session.id()).orElseThrow();
    assertThat(revoked.revokedAt()).isEqualTo(now);
    assertThat(revoked.isActiveAt(now)).isFalse();
  }

  @Test
  void revokingAnUnknownSessionIsFalse() {
    assertThat(writes().revoke(SessionId.random(), T0).block()).isFalse();
  }
}
