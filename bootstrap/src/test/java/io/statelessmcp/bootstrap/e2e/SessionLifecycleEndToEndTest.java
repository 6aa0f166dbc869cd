package io.statelessmcp.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.statelessmcp.adapter.out.workos.fake.FakeWorkOs;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Time-dependent behaviour across two replicas, with one controllable clock shared by the replicas
 * and the fake WorkOS: expiry, the touch throttle and the single-flight token refresh.
 */
class SessionLifecycleEndToEndTest {

  private final Browser browser = new Browser();

  @RegisterExtension
  static final Deployment deployment =
      Deployment.withReplicas(2)
          .sharedClock()
          .accessTokenLifetime(Duration.ofMinutes(30))
          .settings(
              Map.of("MCP_SESSION_TTL_HOURS", "1", "MCP_SESSION_ABSOLUTE_LIFETIME_HOURS", "2"));

  private final FakeWorkOs workOs = deployment.workOs();
  private final App replicaA = deployment.replica(0);
  private final App replicaB = deployment.replica(1);

  @Test
  void anIdleSessionExpiresAfterTheTtl() {
    String credential = browser.login(replicaA, replicaA, workOs);
    assertThat(McpRawHttp.callWhoami(browser, replicaB, credential).statusCode()).isEqualTo(200);

    SharedClock.CLOCK.advance(Duration.ofHours(1).plusSeconds(1));

    assertUnauthorized(McpRawHttp.callWhoami(browser, replicaB, credential), "session_expired");
  }

  @Test
  void anActiveSessionStillEndsAtItsAbsoluteLifetime() {
    workOs.setAccessTokenLifetime(Duration.ofHours(3));
    String credential = browser.login(replicaA, replicaA, workOs);
    for (int i = 0; i < 4; i++) {
      SharedClock.CLOCK.advance(Duration.ofMinutes(29));
      assertThat(
              McpRawHttp.callWhoami(browser, i % 2 == 0 ? replicaA : replicaB, credential)
                  .statusCode())
          .isEqualTo(200);
    }

    SharedClock.CLOCK.advance(Duration.ofMinutes(5)); // 2 h 1 min after login, 5 min after last use

    assertUnauthorized(McpRawHttp.callWhoami(browser, replicaA, credential), "session_expired");
  }

  @Test
  void revokedAndTamperedCredentialsAre401() {
    String credential = browser.login(replicaA, replicaA, workOs);
    String sessionId = credential.substring(0, credential.indexOf('.'));
    char last = credential.charAt(credential.length() - 1);
    String tampered = credential.substring(0, credential.length() - 1) + (last == 'A' ? 'B' : 'A');

    assertUnauthorized(McpRawHttp.callWhoami(browser, replicaB, tampered), "invalid_session");
    assertUnauthorized(McpRawHttp.callWhoami(browser, replicaB, "nonsense"), "invalid_session");

    SharedPostgres.execute(
        "UPDATE mcp_sessions SET token_ciphertext = overlay(token_ciphertext placing"
            + " '\\x00'::bytea from 20 for 1) WHERE session_id = ?",
        sessionId);
    assertUnauthorized(McpRawHttp.callWhoami(browser, replicaB, credential), "invalid_session");

    String other = browser.login(replicaA, replicaA, workOs);
    SharedPostgres.execute(
        "UPDATE mcp_sessions SET revoked_at = now() WHERE session_id = ?",
        other.substring(0, other.indexOf('.')));
    assertUnauthorized(McpRawHttp.callWhoami(browser, replicaA, other), "session_revoked");
  }

  @Test
  void fiftyQuickCallsWriteTheRowAtMostOnce() {
    String credential = browser.login(replicaA, replicaA, workOs);
    String sessionId = credential.substring(0, credential.indexOf('.'));
    long versionBefore = version(sessionId);

    for (int i = 0; i < 50; i++) {
      SharedClock.CLOCK.advance(Duration.ofSeconds(2)); // 100 s in all; the throttle is 60 s
      App replica = i % 2 == 0 ? replicaA : replicaB;
      assertThat(McpRawHttp.callWhoami(browser, replica, credential).statusCode()).isEqualTo(200);
    }

    assertThat(version(sessionId) - versionBefore).isEqualTo(1);
  }

  @Test
  void twentyConcurrentCallsOnBothReplicasRefreshTheTokenExactlyOnce() {
    workOs.setAccessTokenLifetime(Duration.ofMinutes(5));
    String credential = browser.login(replicaA, replicaA, workOs);
    SharedClock.CLOCK.advance(Duration.ofMinutes(4).plusSeconds(30)); // within the 60 s skew

    List<HttpResponse<String>> responses = concurrentCalls(credential, 20);

    assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).as(r.body()).isEqualTo(200));
    assertThat(responses).noneSatisfy(r -> assertThat(r.body()).contains("\"isError\":true"));
    assertThat(workOs.refreshes()).isEqualTo(1);

    workOs.stop();
    SharedClock.CLOCK.advance(Duration.ofMinutes(4).plusSeconds(30)); // due again; WorkOS down

    assertThat(concurrentCalls(credential, 6))
        .as("while the current token is valid, requests are served and the refresh waits")
        .allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
    assertThat(SharedPostgres.sessionRows()).isEqualTo(1);
  }

  private List<HttpResponse<String>> concurrentCalls(String credential, int count) {
    List<CompletableFuture<HttpResponse<String>>> calls =
        IntStream.range(0, count)
            .mapToObj(
                i ->
                    CompletableFuture.supplyAsync(
                        () ->
                            McpRawHttp.callWhoami(
                                new Browser(), i % 2 == 0 ? replicaA : replicaB, credential)))
            .toList();
    return calls.stream().map(CompletableFuture::join).toList();
  }

  private static long version(String sessionId) {
    return SharedPostgres.count("SELECT version FROM mcp_sessions WHERE session_id = ?", sessionId);
  }

  private static void assertUnauthorized(HttpResponse<String> response, String error) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
    assertThat(Browser.json(response).get("error").asText()).isEqualTo(error);
    assertThat(response.headers().firstValue("WWW-Authenticate").orElse(""))
        .startsWith("Bearer ")
        .contains("/.well-known/oauth-protected-resource\"");
  }
}
