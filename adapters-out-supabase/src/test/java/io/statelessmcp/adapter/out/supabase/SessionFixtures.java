package io.statelessmcp.adapter.out.supabase;

import io.statelessmcp.domain.OAuthTokens;
import io.statelessmcp.domain.UserId;
import io.statelessmcp.domain.testing.TestSessions;
import io.statelessmcp.domain.testing.TestSessions.SessionBuilder;
import java.time.Instant;

/**
 * The old names of {@link TestSessions}, for the tests that still import them from here; new tests
 * import {@link TestSessions} directly.
 */
final class SessionFixtures {

  static final Instant T0 = TestSessions.T0;
  static final UserId ALICE = TestSessions.ALICE;
  static final UserId BOB = TestSessions.BOB;

  private SessionFixtures() {}

  static SessionBuilder aSession() {
    return TestSessions.aSession();
  }

  static OAuthTokens uniqueTokens(Instant accessExpiresAt) {
    return TestSessions.uniqueTokens(accessExpiresAt);
  }
}
