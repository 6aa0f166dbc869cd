package io.statelessmcp.domain;

import static io.statelessmcp.domain.testing.TestSessions.aSession;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The access and refresh tokens of a grant, as issued and stored. */
class GrantTokensTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration HOUR = Duration.ofHours(1);
  private static final String CLIENT = "dcr_client";
  private static final String RESOURCE = "https://mcp.example.com/mcp";

  private static GrantKey key() {
    byte[] bytes = new byte[GrantKey.MIN_LENGTH];
    Arrays.fill(bytes, (byte) 42);
    return new GrantKey(bytes);
  }

  @Test
  void anAccessTokenLivesItsLifetimeAndIsStoredByHash() {
    Session grant = aSession().createdAt(T0).session();

    AccessToken.Issued issued = AccessToken.issue(grant, CLIENT, RESOURCE, "mcp", HOUR, T0);
    AccessToken stored = issued.stored();

    assertThat(OAuthSecret.ACCESS_TOKEN.isWellFormed(issued.token())).isTrue();
    assertThat(stored.tokenHash()).isEqualTo(SecretHash.of(issued.token()));
    assertThat(stored.sessionId()).isEqualTo(grant.id());
    assertThat(stored.clientId()).isEqualTo(CLIENT);
    assertThat(stored.resource()).isEqualTo(RESOURCE);
    assertThat(stored.scope()).isEqualTo("mcp");
    assertThat(stored.createdAt()).isEqualTo(T0);
    assertThat(stored.expiresAt()).isEqualTo(T0.plus(HOUR));
  }

  @Test
  void anAccessTokenNeverOutlivesItsSessionsAbsoluteDeadline() {
    Session grant =
        aSession()
            .createdAt(T0)
            .idleFor(Duration.ofHours(2))
            .absoluteLifetime(Duration.ofHours(2))
            .session();
    Instant late = T0.plus(Duration.ofMinutes(100));

    AccessToken capped = AccessToken.issue(grant, CLIENT, RESOURCE, null, HOUR, late).stored();
    AccessToken exact =
        AccessToken.issue(grant, CLIENT, RESOURCE, null, Duration.ofMinutes(20), late).stored();
    AccessToken inside =
        AccessToken.issue(grant, CLIENT, RESOURCE, null, Duration.ofMinutes(19), late).stored();

    assertThat(capped.expiresAt()).isEqualTo(grant.absoluteExpiresAt());
    assertThat(exact.expiresAt()).isEqualTo(grant.absoluteExpiresAt());
    assertThat(inside.expiresAt()).isEqualTo(late.plus(Duration.ofMinutes(19)));
  }

  @Test
  void anAccessTokenIsExpiredExactlyAtItsEnd() {
    AccessToken token =
        AccessToken.issue(aSession().createdAt(T0).session(), CLIENT, RESOURCE, null, HOUR, T0)
            .stored();

    assertThat(token.isExpiredAt(T0)).isFalse();
    assertThat(token.isExpiredAt(token.expiresAt().minusNanos(1))).isFalse();
    assertThat(token.isExpiredAt(token.expiresAt())).isTrue();
  }

  @Test
  void anAccessTokenMustExpireAfterItWasIssued() {
    SecretHash hash = SecretHash.of(OAuthSecret.ACCESS_TOKEN.issue());
    SessionId id = SessionId.random();

    assertThatThrownBy(() -> new AccessToken(hash, id, CLIENT, RESOURCE, null, T0, T0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void everyAccessTokenIsNew() {
    Session grant = aSession().createdAt(T0).session();

    assertThat(AccessToken.issue(grant, CLIENT, RESOURCE, null, HOUR, T0).token())
        .isNotEqualTo(AccessToken.issue(grant, CLIENT, RESOURCE, null, HOUR, T0).token());
  }

  @Test
  void theFirstRefreshTokenOfAGrantStartsItsChain() {
    SessionId grant = SessionId.random();

    RefreshToken.Issued first = RefreshToken.first(grant, CLIENT, T0);

    assertThat(OAuthSecret.REFRESH_TOKEN.isWellFormed(first.token())).isTrue();
    assertThat(first.stored().tokenHash()).isEqualTo(SecretHash.of(first.token()));
    assertThat(first.stored().previousHash()).isNull();
    assertThat(first.stored().sessionId()).isEqualTo(grant);
    assertThat(first.stored().clientId()).isEqualTo(CLIENT);
    assertThat(first.stored().hasBeenUsed()).isFalse();
    assertThat(first.stored().isRevoked()).isFalse();
  }

  @Test
  void aSuccessorNamesTheTokenItReplacesAndIsTheSameOnEveryReplica() {
    RefreshToken.Issued first = RefreshToken.first(SessionId.random(), CLIENT, T0);
    Instant later = T0.plus(HOUR);

    RefreshToken.Issued successor = first.stored().successor(first.token(), key(), later);
    RefreshToken.Issued again = first.stored().successor(first.token(), key(), later);

    assertThat(successor.token()).isEqualTo(OAuthSecret.successorOf(first.token(), key()));
    assertThat(successor.token()).isNotEqualTo(first.token());
    assertThat(again.stored()).isEqualTo(successor.stored());
    assertThat(successor.stored().previousHash()).isEqualTo(first.stored().tokenHash());
    assertThat(successor.stored().tokenHash()).isEqualTo(SecretHash.of(successor.token()));
    assertThat(successor.stored().sessionId()).isEqualTo(first.stored().sessionId());
    assertThat(successor.stored().clientId()).isEqualTo(CLIENT);
    assertThat(successor.stored().createdAt()).isEqualTo(later);
    assertThat(successor.stored().hasBeenUsed()).isFalse();
    assertThat(successor.stored().isRevoked()).isFalse();
  }
}
