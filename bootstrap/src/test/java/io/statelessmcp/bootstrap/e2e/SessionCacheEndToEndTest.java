package io.statelessmcp.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.statelessmcp.adapter.out.workos.fake.FakeWorkOs;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The per-replica session cache ({@code MCP_SESSION_CACHE_SECONDS}) and its documented bound: a
 * revocation on another replica is seen within the bound, one on the same replica at once.
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
  void aLogoutOnAnotherReplicaIsHonouredWithinTheBound() {
    String credential = browser.login(replicaA, replicaA, workOs);
    assertThat(McpRawHttp.callWhoami(browser, replicaA, credential).statusCode()).isEqualTo(200);

    assertThat(browser.logout(replicaB, credential).statusCode()).isEqualTo(200);

    assertThat(McpRawHttp.callWhoami(browser, replicaB, credential).statusCode())
        .as("the replica that revoked knows at once")
        .isEqualTo(401);
    assertThat(McpRawHttp.callWhoami(browser, replicaA, credential).statusCode())
        .as("the other replica may serve its copy within the bound")
        .isEqualTo(200);
    SharedClock.CLOCK.advance(BOUND);
    assertThat(McpRawHttp.callWhoami(browser, replicaA, credential).statusCode())
        .as("and not a moment past it")
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
