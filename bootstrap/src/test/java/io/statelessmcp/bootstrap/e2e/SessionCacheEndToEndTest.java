package io.statelessmcp.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.statelessmcp.adapter.out.workos.fake.FakeUser;
import io.statelessmcp.adapter.out.workos.fake.FakeWorkOs;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The per-replica session cache ({@code MCP_SESSION_CACHE_SECONDS}) and its documented bound: a
 * revocation on another replica is seen within the bound, one on the same replica at once.
 */
class SessionCacheEndToEndTest {

  private static final Duration BOUND = Duration.ofSeconds(5);
  private static FakeWorkOs workOs;
  private static App replicaA;
  private static App replicaB;
  private final Browser browser = new Browser();

  @BeforeAll
  static void startReplicas() {
    workOs =
        FakeWorkOs.start(
            FakeWorkOs.DEFAULT_CLIENT_ID, FakeWorkOs.DEFAULT_API_KEY, SharedClock.CLOCK);
    workOs.signInAs(FakeUser.ada());
    workOs.setAccessTokenLifetime(Duration.ofHours(1));
    Map<String, String> cached =
        Map.of("MCP_SESSION_CACHE_SECONDS", Long.toString(BOUND.toSeconds()));
    replicaA = App.replica(workOs, cached, SharedClock.class);
    replicaB = App.replica(workOs, cached, SharedClock.class);
  }

  @AfterAll
  static void stopReplicas() {
    replicaA.close();
    replicaB.close();
    workOs.close();
  }

  @Test
  void aLogoutOnAnotherReplicaIsHonouredWithinTheBound() {
    SharedPostgres.reset();
    String credential = browser.login(replicaA, replicaA, workOs);
    assertThat(McpRawHttp.callWhoami(browser, replicaA, credential).statusCode()).isEqualTo(200);

    logout(replicaB, credential);

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
    SharedPostgres.reset();
    String credential = browser.login(replicaA, replicaA, workOs);
    assertThat(McpRawHttp.callWhoami(browser, replicaA, credential).statusCode()).isEqualTo(200);

    SharedClock.CLOCK.advance(Duration.ofHours(24).plusSeconds(1));

    assertThat(McpRawHttp.callWhoami(browser, replicaA, credential).statusCode()).isEqualTo(401);
  }

  private void logout(App app, String credential) {
    assertThat(
            browser
                .send(
                    HttpRequest.newBuilder(URI.create(app.baseUrl() + "/auth/logout"))
                        .header("X-MCP-Session-ID", credential)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build())
                .statusCode())
        .isEqualTo(200);
  }
}
