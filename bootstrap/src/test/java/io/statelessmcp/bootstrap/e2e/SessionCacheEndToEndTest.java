package io.statelessmcp.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.statelessmcp.adapter.out.workos.fake.FakeWorkOs;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The per-replica session cache ({@code MCP_SESSION_CACHE_SECONDS}): a revocation on the same
 * replica is seen at once, one on another replica as soon as the database announces it (the bound
 * itself, for when announcements are not heard, is pinned by CachingSessionStoreTest).
 */
class SessionCacheEndToEndTest {

  private static final Duration BOUND = Duration.ofSeconds(5);

  private final Browser browser = new Browser();

  @RegisterExtension
  static final Deployment deployment =
      Deployment.withReplicas(2)
          .sharedClock()
          .accessTokenLifetime(Duration.ofHours(1))
          .settings(Map.of("MCP_SESSION_CACHE_SECONDS", Long.toString(BOUND.toSeconds())));

  private final FakeWorkOs workOs = deployment.workOs();
  private final App replicaA = deployment.replica(0);
  private final App replicaB = deployment.replica(1);

  @Test
  void aLogoutOnAnotherReplicaIsHonouredAsSoonAsTheDatabaseAnnouncesIt()
      throws InterruptedException {
    String credential = browser.login(replicaA, replicaA, workOs);
    assertThat(McpRawHttp.callWhoami(browser, replicaA, credential).statusCode()).isEqualTo(200);

    assertThat(browser.logout(replicaB, credential).statusCode()).isEqualTo(200);

    assertThat(McpRawHttp.callWhoami(browser, replicaB, credential).statusCode())
        .as("the replica that revoked knows at once")
        .isEqualTo(401);
    // The shared clock stands still, so only the announcement can end replica A's copy early.
    int status = 200;
    for (int i = 0; i < 40 && status == 200; i++) {
      status = McpRawHttp.callWhoami(browser, replicaA, credential).statusCode();
      if (status == 200) {
        Thread.sleep(50);
      }
    }
    assertThat(status)
        .as("the other replica refuses it within 2 s of wall time, not after its %s bound", BOUND)
        .isEqualTo(401);
  }

  @Test
  void expiryIsNeverDelayedByTheCache() {
    String credential = browser.login(replicaA, replicaA, workOs);
    assertThat(McpRawHttp.callWhoami(browser, replicaA, credential).statusCode()).isEqualTo(200);

    SharedClock.CLOCK.advance(Duration.ofHours(24).plusSeconds(1));

    assertThat(McpRawHttp.callWhoami(browser, replicaA, credential).statusCode()).isEqualTo(401);
  }
}
