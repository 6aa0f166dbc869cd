package io.statelessmcp.domain;

import static io.statelessmcp.domain.SessionFixtures.T0;
import static io.statelessmcp.domain.SessionFixtures.sessionOpenedAt;
import static io.statelessmcp.domain.SessionFixtures.tokensExpiringAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SessionTest {

  private final IssuedSession issued = sessionOpenedAt(T0, SessionPolicy.defaults());
  private final Session session = issued.session();

  @Test
  void opensWithTheCredentialsPublicIdAndOnlyAHashOfItsSecret() {
    assertThat(session.id()).isEqualTo(issued.credential().sessionId());
    assertThat(session.acceptsSecret(issued.credential().secret())).isTrue();
    assertThat(session.acceptsSecret(SessionSecret.random())).isFalse();
    assertThat(session.version()).isZero();
    assertThat(session.isRevoked()).isFalse();
  }

  @Test
  void revokingTwiceKeepsTheFirstInstant() {
    Session once = session.revoke(T0.plusSeconds(5));
    Session twice = once.revoke(T0.plusSeconds(50));

    assertThat(twice.revokedAt()).isEqualTo(T0.plusSeconds(5));
  }

  @Test
  void refreshedTokensReplaceOnlyTheTokens() {
    OAuthTokens refreshed = tokensExpiringAt(T0.plus(Duration.ofHours(1)));

    Session after = session.withRefreshedTokens(refreshed);

    assertThat(after.tokens()).isEqualTo(refreshed);
    assertThat(after).usingRecursiveComparison().ignoringFields("tokens").isEqualTo(session);
  }

  @Test
  void rejectsAnIdleDeadlineBeyondTheAbsoluteOne() {
    assertThatThrownBy(
            () ->
                new Session(
                    session.id(),
                    session.userId(),
                    session.secretHash(),
                    session.tokens(),
                    null,
                    null,
                    T0,
                    T0,
                    T0.plusSeconds(11),
                    T0.plusSeconds(10),
                    0,
                    null,
                    null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void printsNoSecretOrToken() {
    String printed = session + " " + issued + " " + session.tokens() + " " + session.secretHash();

    assertThat(printed)
        .doesNotContain(issued.credential().secret().value())
        .doesNotContain(issued.credential().encoded())
        .doesNotContain("access-token-value")
        .doesNotContain("refresh-token-value")
        .contains(session.id().value());
  }

  @Test
  void clientMetadataIsTruncatedAndBlankMeansUnknown() {
    ClientMetadata client = new ClientMetadata("x".repeat(2000), "  ");

    assertThat(client.userAgent()).hasSize(ClientMetadata.MAX_USER_AGENT);
    assertThat(client.ip()).isNull();
  }

  @Test
  void userIdsAreValidated() {
    assertThatThrownBy(() -> new UserId(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new UserId("a\nb")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new UserId("u".repeat(256)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new UserId("user_01H").value()).isEqualTo("user_01H");
  }
}
