package io.statelessmcp.adapter.in.http.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statelessmcp.domain.UserId;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProtocolSessionIdsTest {

  private static final UserId ADA = new UserId("user_ada");
  private static final UserId GRACE = new UserId("user_grace");

  private final byte[] key = filled(7);
  private final ProtocolSessionIds ids = new ProtocolSessionIds(key);

  @Test
  void anIssuedIdIsVisibleAsciiAndGoodOnEveryReplicaWithTheKey() {
    String id = ids.issue(ADA);

    assertThat(id).matches("[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{22}");
    assertThat(new ProtocolSessionIds(filled(7)).isValid(id, ADA)).isTrue();
    assertThat(ids.issue(ADA)).as("random").isNotEqualTo(id);
  }

  @Test
  void anIdIsGoodOnlyForItsUserAndItsKey() {
    String id = ids.issue(ADA);

    assertThat(ids.isValid(id, GRACE)).isFalse();
    assertThat(new ProtocolSessionIds(filled(8)).isValid(id, ADA)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", ".", "abc", "abc.", ".abc", "a.b.c", "AAAAAAAAAAAAAAAAAAAAAA.!!!", "x.y"})
  void anythingElseIsRefused(String id) {
    assertThat(ids.isValid(id, ADA)).isFalse();
    assertThat(ids.isValid(null, ADA)).isFalse();
  }

  @Test
  void aTamperedIdIsRefused() {
    String id = ids.issue(ADA);
    String otherNonce = ids.issue(ADA).substring(0, 22) + id.substring(22);

    assertThat(ids.isValid(otherNonce, ADA)).isFalse();
    assertThat(ids.isValid(id + "A", ADA)).isFalse();
  }

  @Test
  void aShortKeyIsRefusedAndNeverShown() {
    assertThatThrownBy(() -> new ProtocolSessionIds(new byte[16]))
        .hasMessageContaining("at least 32 bytes");
    assertThat(ids.toString()).doesNotContain(Arrays.toString(key)).contains("redacted");
  }

  private static byte[] filled(int value) {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) value);
    return key;
  }
}
