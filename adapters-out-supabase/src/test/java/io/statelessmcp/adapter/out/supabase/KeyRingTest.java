package io.statelessmcp.adapter.out.supabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KeyRingTest {

  static final String KEY_A = KeyRing.generateKey();
  static final String KEY_B = KeyRing.generateKey();

  @Test
  void theFirstKeyEncryptsAndEveryKeyDecrypts() {
    KeyRing ring = KeyRing.parse(" new:" + KEY_A + " , old:" + KEY_B + " ");

    assertThat(ring.currentKeyId()).isEqualTo("new");
    assertThat(ring.keyIds()).containsExactly("new", "old");
    assertThat(ring.find("old")).isPresent();
    assertThat(ring.find("new").orElseThrow().getEncoded())
        .isEqualTo(Base64.getDecoder().decode(KEY_A));
    assertThat(ring.find("gone")).isEmpty();
  }

  @Test
  void acceptsWhatOpensslAndUrlSafeEncodersProduce() {
    byte[] raw = Base64.getDecoder().decode(KEY_A);
    String urlSafe = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);

    assertThat(KeyRing.parse("k:" + urlSafe).currentKey().getEncoded()).isEqualTo(raw);
  }

  @Test
  void generatedKeysAre32RandomBytes() {
    assertThat(Base64.getDecoder().decode(KeyRing.generateKey())).hasSize(32);
    assertThat(KeyRing.generateKey()).isNotEqualTo(KeyRing.generateKey());
  }

  @Test
  void toStringShowsKeyIdsButNoKeyMaterial() {
    KeyRing ring = KeyRing.parse("k1:" + KEY_A + ",k2:" + KEY_B);

    assertThat(ring.toString())
        .contains("k1", "k2")
        .doesNotContain(KEY_A)
        .doesNotContain(KEY_B)
        .doesNotContain(KEY_A.substring(0, 8));
  }

  static Stream<Arguments> malformed() {
    String short16 = Base64.getEncoder().encodeToString(new byte[16]);
    String long64 = Base64.getEncoder().encodeToString(new byte[64]);
    return Stream.of(
        Arguments.of("", "is empty", ""),
        Arguments.of("   ", "is empty", ""),
        Arguments.of(null, "is empty", ""),
        Arguments.of(KEY_A, "entry 1 has no ':'", KEY_A),
        Arguments.of("k1:" + KEY_A + "," + KEY_B, "entry 2 has no ':'", KEY_B),
        Arguments.of("k1:%%not-base64%%", "entry 1 (key id 'k1') is not valid base64", "%%not"),
        Arguments.of("k1:" + short16, "decodes to 16 bytes; AES-256 needs exactly 32", short16),
        Arguments.of("k1:" + long64, "decodes to 64 bytes", long64),
        Arguments.of("k1:", "decodes to 0 bytes", "k1:"),
        Arguments.of("k1:" + KEY_A + ",k1:" + KEY_B, "entries 1 and 2 both use key id 'k1'", KEY_B),
        Arguments.of(":" + KEY_A, "entry 1 has an invalid key id", KEY_A),
        Arguments.of("bad id:" + KEY_A, "entry 1 has an invalid key id", KEY_A),
        Arguments.of("k1:" + KEY_A + ",", "entry 2 is empty", KEY_A));
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("malformed")
  void aMalformedSettingIsRejectedNamingTheSettingAndRuleWithoutEchoingKeys(
      String setting, String rule, String material) {
    Throwable failure = catchThrowable(() -> KeyRing.parse(setting));

    assertThat(failure)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("MCP_SESSION_ENCRYPTION_KEYS ")
        .hasMessageContaining(rule)
        .hasNoCause();
    if (!material.isEmpty()) {
      assertThat(failure.getMessage()).doesNotContain(material);
    }
  }

  @Test
  void aKeyWithTheWrongLengthIsNotEchoedEvenPartly() {
    String almost = KEY_A.substring(0, 40);

    assertThatThrownBy(() -> KeyRing.parse("k1:" + almost))
        .hasMessageNotContaining(almost.substring(0, 12));
  }

  @Test
  void theCipherBindsTheRowAndRejectsAnotherKey() throws Exception {
    AesGcm cipher = new AesGcm(KeyRing.parse("k1:" + KEY_A));
    byte[] plaintext = "{\"at\":\"secret\"}".getBytes(StandardCharsets.UTF_8);
    byte[] rowA = AesGcm.associatedData("mcp_sessions", "rowA");
    AesGcm.Sealed sealed = cipher.seal(plaintext, rowA);

    assertThat(sealed.keyId()).isEqualTo("k1");
    assertThat(sealed.bytes()).hasSize(plaintext.length + AesGcm.OVERHEAD);
    assertThat(cipher.open("k1", sealed.bytes(), rowA)).isEqualTo(plaintext);
    assertThat(
            catchThrowable(
                () ->
                    cipher.open(
                        "k1", sealed.bytes(), AesGcm.associatedData("mcp_sessions", "rowB"))))
        .isInstanceOf(AesGcm.Unreadable.class);
    AesGcm other = new AesGcm(KeyRing.parse("k1:" + KEY_B));
    assertThat(catchThrowable(() -> other.open("k1", sealed.bytes(), rowA)))
        .isInstanceOf(AesGcm.Unreadable.class);
    assertThat(catchThrowable(() -> cipher.open("k1", new byte[AesGcm.OVERHEAD], rowA)))
        .isInstanceOf(AesGcm.Unreadable.class);
  }
}
