package io.statelessmcp.domain;

import static io.statelessmcp.domain.SessionFixtures.T0;
import static io.statelessmcp.domain.SessionFixtures.sessionOpenedAt;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The session's own lifecycle: its status at an instant, and sticky revocation. */
class SessionLifecycleTest {

  private final Session open = sessionOpenedAt(T0, SessionPolicy.defaults()).session();

  /** Deadlines and revocation in seconds after T0; blank: no revocation. Checked at T0+100 s. */
  @ParameterizedTest(name = "idle {0}, absolute {1}, revoked {2}: {3}")
  @CsvSource({
    "101, 200,    , ACTIVE",
    "100, 200,    , IDLE_EXPIRED",
    " 99, 200,    , IDLE_EXPIRED",
    "101, 101,    , ACTIVE",
    "100, 100,    , ABSOLUTE_EXPIRED",
    " 99,  99,    , ABSOLUTE_EXPIRED",
    "101, 200, 101, ACTIVE",
    "101, 200, 100, REVOKED",
    "101, 200,  99, REVOKED",
    " 99,  99,  99, REVOKED",
    "100, 200, 101, IDLE_EXPIRED"
  })
  void aSessionEndsExactlyAtItsFirstDeadlineOrRevocation(
      long idle, long absolute, Long revoked, SessionStatus expected) {
    Session session =
        new Session(
            open.id(),
            open.userId(),
            open.secretHash(),
            open.tokens(),
            open.profile(),
            open.client(),
            T0,
            T0,
            T0.plusSeconds(idle),
            T0.plusSeconds(absolute),
            0,
            revoked == null ? null : T0.plusSeconds(revoked),
            null);
    Instant at = T0.plusSeconds(100);

    assertThat(session.statusAt(at)).isEqualTo(expected);
    assertThat(session.isActiveAt(at)).isEqualTo(expected == SessionStatus.ACTIVE);
  }

  /** Stored and written revocation in seconds after T0; blank: none. */
  @ParameterizedTest(name = "stored {0}, written {1}: {2}")
  @CsvSource({"  ,   ,   ", "  , 30, 30", "30,   , 30", "30, 50, 30", "30, 30, 30", "30, 10, 10"})
  void aStoredRevocationIsNeverUndoneOrMovedLater(Long stored, Long written, Long expected) {
    Session session = stored == null ? open : open.revoke(T0.plusSeconds(stored));

    assertThat(session.stickyRevocation(written == null ? null : T0.plusSeconds(written)))
        .isEqualTo(expected == null ? null : T0.plusSeconds(expected));
  }

  @Test
  void revokingEarlierThanTheStoredRevocationMovesItEarlier() {
    Session revokedLate = open.revoke(T0.plusSeconds(50));

    assertThat(revokedLate.revoke(T0.plusSeconds(5)).revokedAt()).isEqualTo(T0.plusSeconds(5));
    assertThat(revokedLate.revoke(T0.plusSeconds(50))).isSameAs(revokedLate);
  }
}
