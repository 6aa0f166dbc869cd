package io.statelessmcp.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statelessmcp.domain.SessionCredential.Parsed;
import io.statelessmcp.domain.SessionCredential.Rejection;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SessionCredentialTest {

  private static final String ID = "A".repeat(SessionId.LENGTH);
  private static final String SECRET = "b".repeat(SessionSecret.LENGTH);

  @Test
  void issuedCredentialsRoundTripThroughTheirEncoding() {
    SessionCredential issued = SessionCredential.issue();

    Parsed parsed = SessionCredential.parse(issued.encoded());

    assertThat(parsed).isEqualTo(new Parsed.Valid(issued));
    assertThat(issued.encoded())
        .hasSize(SessionCredential.LENGTH)
        .matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
  }

  @Test
  void issuedIdsAndSecretsDoNotRepeat() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      SessionCredential c = SessionCredential.issue();
      assertThat(seen.add(c.sessionId().value())).isTrue();
      assertThat(seen.add(c.secret().value())).isTrue();
    }
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of(null, Rejection.MISSING),
        Arguments.of("", Rejection.MISSING),
        Arguments.of(ID + SECRET, Rejection.MISSING_SEPARATOR),
        Arguments.of(ID + "." + SECRET + ".x", Rejection.EXTRA_PARTS),
        Arguments.of(ID + ".." + SECRET, Rejection.EXTRA_PARTS),
        Arguments.of(ID + "." + SECRET + "x", Rejection.WRONG_LENGTH),
        Arguments.of(ID + "." + SECRET.substring(1), Rejection.WRONG_LENGTH),
        Arguments.of(ID + "A." + SECRET.substring(1), Rejection.WRONG_LENGTH),
        Arguments.of("." + ID + SECRET, Rejection.WRONG_LENGTH),
        Arguments.of(ID.substring(1) + "+." + SECRET, Rejection.WRONG_ALPHABET),
        Arguments.of(ID + "." + SECRET.substring(1) + "=", Rejection.WRONG_ALPHABET),
        Arguments.of(ID + "." + SECRET.substring(1) + "é", Rejection.WRONG_ALPHABET),
        Arguments.of(ID.substring(1) + " ." + SECRET, Rejection.WRONG_ALPHABET));
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void rejectsMalformedInputNamingTheRuleAndNeverTheInput(String raw, Rejection expected) {
    Parsed parsed = SessionCredential.parse(raw);

    assertThat(parsed).isEqualTo(new Parsed.Rejected(expected));
    if (raw != null && !raw.isEmpty()) {
      assertThat(parsed.toString()).doesNotContain(raw).doesNotContain(SECRET.substring(0, 10));
    }
  }

  @Test
  void valueObjectsRefuseMalformedValuesWithoutEchoingThem() {
    assertThatThrownBy(() -> new SessionId("short-and-secret"))
        .isInstanceOf(IllegalArgumentException.class)
        .message()
        .doesNotContain("short-and-secret");
    assertThatThrownBy(() -> new SessionSecret("not-a-secret"))
        .isInstanceOf(IllegalArgumentException.class)
        .message()
        .doesNotContain("not-a-secret");
  }

  @Test
  void secretsAndCredentialsRedactThemselves() {
    SessionCredential credential = SessionCredential.issue();

    assertThat(credential.toString())
        .contains(credential.sessionId().value())
        .doesNotContain(credential.secret().value());
    assertThat(credential.secret().toString()).doesNotContain(credential.secret().value());
  }

  @Test
  void aSecretMatchesOnlyItsOwnHash() {
    SessionSecret secret = SessionSecret.random();
    SecretHash hash = secret.hash();

    assertThat(hash.matches(secret)).isTrue();
    assertThat(hash.matches(SessionSecret.random())).isFalse();
    assertThat(hash).isEqualTo(new SecretHash(hash.bytes()));
  }

  @Test
  void aStoredHashIsNotItselfACredential() {
    SessionSecret secret = SessionSecret.random();
    SecretHash hash = secret.hash();
    String hashAsBase64Url =
        java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(hash.bytes());

    // 32 bytes encode to the same length as a secret, so a hash *looks* usable; it must not match.
    SessionSecret forged = new SessionSecret(hashAsBase64Url);
    assertThat(hash.matches(forged)).isFalse();
  }
}
