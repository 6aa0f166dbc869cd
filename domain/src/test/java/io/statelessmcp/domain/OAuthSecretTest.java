package io.statelessmcp.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OAuthSecretTest {

  private static final GrantKey KEY = keyOf((byte) 7);
  private static final GrantKey OTHER_KEY = keyOf((byte) 8);

  private static GrantKey keyOf(byte fill) {
    byte[] bytes = new byte[GrantKey.MIN_LENGTH];
    Arrays.fill(bytes, fill);
    return new GrantKey(bytes);
  }

  @ParameterizedTest
  @EnumSource(OAuthSecret.class)
  void everyKindIsItsPrefixAnd256RandomBitsInBase64url(OAuthSecret kind) {
    String secret = kind.issue();
    String prefix = secret.substring(0, secret.length() - 43);

    assertThat(prefix).matches("mcp_[a-z]+_");
    assertThat(secret.substring(prefix.length())).matches("[A-Za-z0-9_-]{43}");
    assertThat(kind.isWellFormed(secret)).isTrue();
    assertThat(kind.issue()).isNotEqualTo(secret);
  }

  @Test
  void thePrefixesNameTheKind() {
    assertThat(OAuthSecret.AUTHORIZATION_CODE.issue()).startsWith("mcp_code_");
    assertThat(OAuthSecret.ACCESS_TOKEN.issue()).startsWith("mcp_at_");
    assertThat(OAuthSecret.REFRESH_TOKEN.issue()).startsWith("mcp_rt_");
    assertThat(OAuthSecret.BROWSER.issue()).startsWith("mcp_br_");
  }

  @Test
  void aSecretOfOneKindIsNotWellFormedAsAnother() {
    for (OAuthSecret issued : OAuthSecret.values()) {
      String secret = issued.issue();
      for (OAuthSecret other : OAuthSecret.values()) {
        assertThat(other.isWellFormed(secret))
            .as("%s issued, checked as %s", issued, other)
            .isEqualTo(issued == other);
      }
    }
  }

  @Test
  void theShapeIsCheckedStrictly() {
    String token = OAuthSecret.ACCESS_TOKEN.issue();
    String body = token.substring("mcp_at_".length());
    OAuthSecret access = OAuthSecret.ACCESS_TOKEN;

    assertThat(access.isWellFormed(null)).isFalse();
    assertThat(access.isWellFormed("")).isFalse();
    assertThat(access.isWellFormed("mcp_at_")).as("prefix only").isFalse();
    assertThat(access.isWellFormed(body)).as("no prefix").isFalse();
    assertThat(access.isWellFormed("MCP_AT_" + body)).as("prefix in other case").isFalse();
    assertThat(access.isWellFormed("mcp_xx_" + body)).as("wrong prefix").isFalse();
    assertThat(access.isWellFormed(token.substring(0, token.length() - 1))).as("short").isFalse();
    assertThat(access.isWellFormed(token + "A")).as("long").isFalse();
    assertThat(access.isWellFormed(" " + token.substring(1))).isFalse();
    for (char bad : new char[] {'+', '/', '=', '.', ' ', '%', 'é'}) {
      String tampered = token.substring(0, token.length() - 1) + bad;
      assertThat(access.isWellFormed(tampered)).as("ends with '%s'", bad).isFalse();
    }
    assertThat(access.isWellFormed("mcp_at_" + "A".repeat(43))).isTrue();
  }

  @Test
  void aSuccessorIsDerivedTheSameWayEveryTimeUnderOneKey() {
    String token = OAuthSecret.REFRESH_TOKEN.issue();

    String successor = OAuthSecret.successorOf(token, KEY);

    assertThat(OAuthSecret.successorOf(token, keyOf((byte) 7))).isEqualTo(successor);
    assertThat(OAuthSecret.REFRESH_TOKEN.isWellFormed(successor)).isTrue();
  }

  @Test
  void anotherKeyDerivesAnotherSuccessor() {
    String token = OAuthSecret.REFRESH_TOKEN.issue();

    assertThat(OAuthSecret.successorOf(token, OTHER_KEY))
        .isNotEqualTo(OAuthSecret.successorOf(token, KEY));
  }

  @Test
  void aChainOfSuccessorsNeverRepeatsAToken() {
    Set<String> seen = new HashSet<>();
    String token = OAuthSecret.REFRESH_TOKEN.issue();
    seen.add(token);
    for (int i = 0; i < 100; i++) {
      String successor = OAuthSecret.successorOf(token, KEY);
      assertThat(successor).isNotEqualTo(token);
      assertThat(seen.add(successor)).as("generation %d is new", i + 1).isTrue();
      token = successor;
    }
  }

  @Test
  void differentTokensHaveDifferentSuccessors() {
    String one = OAuthSecret.REFRESH_TOKEN.issue();
    String two = OAuthSecret.REFRESH_TOKEN.issue();

    assertThat(OAuthSecret.successorOf(one, KEY)).isNotEqualTo(OAuthSecret.successorOf(two, KEY));
  }

  @Test
  void onlyRefreshTokensOfThisServerHaveSuccessors() {
    for (String notARefreshToken :
        new String[] {
          OAuthSecret.ACCESS_TOKEN.issue(),
          OAuthSecret.AUTHORIZATION_CODE.issue(),
          "mcp_rt_short",
          "refresh-token-of-another-server"
        }) {
      assertThatThrownBy(() -> OAuthSecret.successorOf(notARefreshToken, KEY))
          .isInstanceOf(IllegalArgumentException.class)
          .message()
          .doesNotContain(notARefreshToken);
    }
  }

  @Test
  void aGrantKeyNeedsAtLeast32BytesAndIsItsOwnCopy() {
    assertThatThrownBy(() -> new GrantKey(new byte[GrantKey.MIN_LENGTH - 1]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new GrantKey(null)).isInstanceOf(IllegalArgumentException.class);

    byte[] bytes = new byte[GrantKey.MIN_LENGTH];
    GrantKey key = new GrantKey(bytes);
    String token = OAuthSecret.REFRESH_TOKEN.issue();
    String successor = OAuthSecret.successorOf(token, key);
    bytes[0] = 1;
    key.bytes()[1] = 1;

    assertThat(OAuthSecret.successorOf(token, key)).isEqualTo(successor);
    assertThat(key).isEqualTo(new GrantKey(new byte[GrantKey.MIN_LENGTH]));
  }
}
