package io.statelessmcp.application.port.out;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.statelessmcp.domain.AccessToken;
import io.statelessmcp.domain.GrantKey;
import io.statelessmcp.domain.OAuthSecret;
import io.statelessmcp.domain.RefreshToken;
import io.statelessmcp.domain.SecretHash;
import io.statelessmcp.domain.SessionId;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The contract of {@link GrantTokens}, run by every implementation: the PostgreSQL store on each
 * kind of database and the in-memory twin.
 */
public abstract class GrantTokensContract {

  protected static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  protected static final String CLIENT = "dcr_tokensTokensTokensTo01";
  protected static final GrantKey KEY = key((byte) 7);

  private GrantTokens tokens;
  private SessionId grant;
  private SessionId otherGrant;

  /** An implementation with no tokens in it. */
  protected abstract GrantTokens freshTokens();

  /** A stored session issued to {@code clientId} (a registered client): a grant. */
  protected abstract SessionId aGrantTo(String clientId);

  /** Deletes the session, as the purge does once it expired. */
  protected abstract void sessionDeleted(SessionId sessionId);

  @BeforeEach
  void fresh() {
    tokens = freshTokens();
    grant = aGrantTo(CLIENT);
    otherGrant = aGrantTo(CLIENT);
  }

  protected static GrantKey key(byte fill) {
    byte[] bytes = new byte[GrantKey.MIN_LENGTH];
    Arrays.fill(bytes, fill);
    return new GrantKey(bytes);
  }

  private AccessToken savedAccessToken(SessionId session, String resource, String scope) {
    AccessToken token =
        new AccessToken(
            SecretHash.of(OAuthSecret.ACCESS_TOKEN.issue()),
            session,
            CLIENT,
            resource,
            scope,
            T0,
            T0.plus(Duration.ofHours(1)));
    tokens.saveAccessToken(token).block();
    return token;
  }

  private RefreshToken.Issued savedRefreshToken(SessionId session) {
    RefreshToken.Issued first = RefreshToken.first(session, CLIENT, T0);
    tokens.saveRefreshToken(first.stored()).block();
    return first;
  }

  private RefreshToken find(RefreshToken token) {
    return tokens.findRefreshToken(token.tokenHash()).block();
  }

  @Test
  void anAccessTokenIsFoundWithEveryFieldIntactExpiredOrNot() {
    AccessToken full = savedAccessToken(grant, "https://mcp.example.com/mcp", "mcp");
    AccessToken minimal = savedAccessToken(grant, null, null);

    assertThat(tokens.findAccessToken(full.tokenHash()).block()).isEqualTo(full);
    assertThat(tokens.findAccessToken(minimal.tokenHash()).block()).isEqualTo(minimal);
    assertThat(tokens.findAccessToken(full.tokenHash()).block().isExpiredAt(full.expiresAt()))
        .as("the caller checks the expiry")
        .isTrue();
  }

  @Test
  void unknownTokensAreNotFound() {
    savedAccessToken(grant, null, null);
    savedRefreshToken(grant);
    SecretHash unknown = SecretHash.of(OAuthSecret.REFRESH_TOKEN.issue());

    assertThat(tokens.findAccessToken(unknown).blockOptional()).isEmpty();
    assertThat(tokens.findRefreshToken(unknown).blockOptional()).isEmpty();
    tokens.markUsed(unknown, T0).block();
  }

  @Test
  void aRefreshTokenIsFoundWithEveryFieldIntact() {
    RefreshToken first = savedRefreshToken(grant).stored();

    assertThat(find(first)).isEqualTo(first);
    assertThat(find(first).previousHash()).isNull();
    assertThat(find(first).hasBeenUsed()).isFalse();
    assertThat(find(first).isRevoked()).isFalse();
  }

  @Test
  void aRefreshTokenKeepsTheScopeOfItsGrantAcrossRotation() {
    RefreshToken.Issued first = RefreshToken.first(grant, CLIENT, "files:read files:write", T0);
    tokens.saveRefreshToken(first.stored()).block();
    RefreshToken successor = first.stored().successor(first.token(), KEY, T0).stored();
    tokens.saveSuccessor(successor).block();

    assertThat(find(first.stored()).scope()).isEqualTo("files:read files:write");
    assertThat(find(successor).scope()).isEqualTo("files:read files:write");
  }

  @Test
  void aSuccessorIsStoredNamingTheTokenItReplaces() {
    RefreshToken.Issued first = savedRefreshToken(grant);
    RefreshToken successor =
        first.stored().successor(first.token(), KEY, T0.plusSeconds(60)).stored();

    tokens.saveSuccessor(successor).block();

    assertThat(find(successor)).isEqualTo(successor);
    assertThat(find(successor).previousHash()).isEqualTo(first.stored().tokenHash());
    assertThat(find(first.stored())).isEqualTo(first.stored());
  }

  @Test
  void savingTheSameSuccessorAgainSucceeds() {
    RefreshToken.Issued first = savedRefreshToken(grant);
    RefreshToken successor =
        first.stored().successor(first.token(), KEY, T0.plusSeconds(60)).stored();

    tokens.saveSuccessor(successor).block();
    tokens.saveSuccessor(successor).block();

    assertThat(find(successor)).isEqualTo(successor);
  }

  @RepeatedTest(5)
  void twoReplicasRotatingTheSameTokenAtOnceBothSucceedWithOneSuccessor() {
    RefreshToken.Issued first = savedRefreshToken(grant);
    // Each replica derives the successor itself, at its own instant.
    RefreshToken onOne = first.stored().successor(first.token(), KEY, T0.plusSeconds(60)).stored();
    RefreshToken onOther =
        first.stored().successor(first.token(), KEY, T0.plusSeconds(60)).stored();

    Mono.when(
            tokens.saveSuccessor(onOne).subscribeOn(Schedulers.boundedElastic()),
            tokens.saveSuccessor(onOther).subscribeOn(Schedulers.boundedElastic()))
        .block();

    assertThat(onOther.tokenHash()).isEqualTo(onOne.tokenHash());
    assertThat(find(onOne)).isEqualTo(onOne);
  }

  @Test
  void aTokenHasAtMostOneLiveSuccessor() {
    RefreshToken.Issued first = savedRefreshToken(grant);
    RefreshToken successor =
        first.stored().successor(first.token(), KEY, T0.plusSeconds(60)).stored();
    tokens.saveSuccessor(successor).block();
    // What a replica holding another key would derive.
    RefreshToken stray =
        first.stored().successor(first.token(), key((byte) 9), T0.plusSeconds(61)).stored();

    assertThat(catchThrowable(() -> tokens.saveSuccessor(stray).block())).isNotNull();

    assertThat(tokens.findRefreshToken(stray.tokenHash()).blockOptional()).isEmpty();
    assertThat(find(successor)).isEqualTo(successor);
  }

  @Test
  void theFirstUseOfARefreshTokenIsKept() {
    RefreshToken first = savedRefreshToken(grant).stored();

    tokens.markUsed(first.tokenHash(), T0.plusSeconds(10)).block();
    tokens.markUsed(first.tokenHash(), T0.plusSeconds(20)).block();

    assertThat(find(first).firstUsedAt()).isEqualTo(T0.plusSeconds(10));
    assertThat(find(first).hasBeenUsed()).isTrue();
  }

  @Test
  void revokingAGrantRevokesItsRefreshTokensAndDeletesItsAccessTokensOnly() {
    RefreshToken.Issued first = savedRefreshToken(grant);
    RefreshToken successor =
        first.stored().successor(first.token(), KEY, T0.plusSeconds(60)).stored();
    tokens.saveSuccessor(successor).block();
    AccessToken access = savedAccessToken(grant, null, "mcp");
    RefreshToken othersRefresh = savedRefreshToken(otherGrant).stored();
    AccessToken othersAccess = savedAccessToken(otherGrant, null, "mcp");
    Instant revokedAt = T0.plusSeconds(120);

    tokens.revokeGrant(grant, revokedAt).block();

    assertThat(find(first.stored()).revokedAt()).isEqualTo(revokedAt);
    assertThat(find(successor).revokedAt()).isEqualTo(revokedAt);
    assertThat(tokens.findAccessToken(access.tokenHash()).blockOptional()).isEmpty();
    assertThat(find(othersRefresh)).isEqualTo(othersRefresh);
    assertThat(tokens.findAccessToken(othersAccess.tokenHash()).block()).isEqualTo(othersAccess);
  }

  @Test
  void revokingAGrantAgainKeepsTheFirstRevocation() {
    RefreshToken first = savedRefreshToken(grant).stored();
    tokens.revokeGrant(grant, T0.plusSeconds(1)).block();

    tokens.revokeGrant(grant, T0.plusSeconds(2)).block();

    assertThat(find(first).revokedAt()).isEqualTo(T0.plusSeconds(1));
  }

  @Test
  void aGrantsTokensGoWithItsSession() {
    RefreshToken refresh = savedRefreshToken(grant).stored();
    AccessToken access = savedAccessToken(grant, null, null);
    RefreshToken othersRefresh = savedRefreshToken(otherGrant).stored();

    sessionDeleted(grant);

    assertThat(tokens.findRefreshToken(refresh.tokenHash()).blockOptional()).isEmpty();
    assertThat(tokens.findAccessToken(access.tokenHash()).blockOptional()).isEmpty();
    assertThat(find(othersRefresh)).isEqualTo(othersRefresh);
  }

  @Test
  void deletingExpiredAccessTokensTakesThoseExpiredAtOrBeforeNowOnly() {
    AccessToken expiring = savedAccessToken(grant, null, "mcp");
    AccessToken othersExpiring = savedAccessToken(otherGrant, null, null);
    AccessToken live =
        new AccessToken(
            SecretHash.of(OAuthSecret.ACCESS_TOKEN.issue()),
            grant,
            CLIENT,
            null,
            "mcp",
            T0.plusSeconds(1),
            expiring.expiresAt().plusSeconds(1));
    tokens.saveAccessToken(live).block();
    RefreshToken refresh = savedRefreshToken(grant).stored();
    Instant now = expiring.expiresAt();

    assertThat(tokens.deleteExpiredAccessTokens(now).block()).isEqualTo(2);

    assertThat(tokens.findAccessToken(expiring.tokenHash()).blockOptional()).isEmpty();
    assertThat(tokens.findAccessToken(othersExpiring.tokenHash()).blockOptional()).isEmpty();
    assertThat(tokens.findAccessToken(live.tokenHash()).block()).isEqualTo(live);
    assertThat(find(refresh)).as("a refresh token goes with its grant only").isEqualTo(refresh);
    assertThat(tokens.deleteExpiredAccessTokens(now).block()).isZero();
  }
}
