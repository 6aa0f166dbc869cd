package io.statelessmcp.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.statelessmcp.adapter.out.workos.fake.FakeWorkOs;
import io.statelessmcp.bootstrap.wiring.IdentityConfiguration.WorkOsCircuit;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** What operators rely on: probes, metrics, the scheduled purge, and logs without secrets. */
class OperationsEndToEndTest {

  private final Browser browser = new Browser();

  @RegisterExtension
  static final Deployment deployment =
      Deployment.withReplicas(1)
          .accessTokenLifetime(Duration.ofMinutes(10))
          .settings(
              Map.of(
                  "MCP_PURGE_ENABLED", "true",
                  "MCP_PURGE_INTERVAL_SECONDS", "1",
                  "logging.level.root", "DEBUG"));

  private final FakeWorkOs workOs = deployment.workOs();
  private final App replica = deployment.replica(0);

  @Test
  void livenessAndReadinessIncludeTheDatabaseAndTheWorkOsCircuit() {
    HttpResponse<String> liveness =
        browser.get(replica.baseUrl() + "/actuator/health/liveness", null, null, null);
    HttpResponse<String> readiness =
        browser.get(replica.baseUrl() + "/actuator/health/readiness", null, null, null);

    assertThat(liveness.statusCode()).isEqualTo(200);
    assertThat(readiness.statusCode()).isEqualTo(200);
    JsonNode ready = Browser.json(readiness);
    assertThat(ready.get("status").asText()).isEqualTo("UP");
    assertThat(ready.get("components").get("r2dbc").get("status").asText()).isEqualTo("UP");
    assertThat(ready.get("components").get("workos").get("status").asText()).isEqualTo("UP");

    replica.bean(WorkOsCircuit.class).breaker().orElseThrow().transitionToOpenState();
    HttpResponse<String> degraded =
        browser.get(replica.baseUrl() + "/actuator/health/readiness", null, null, null);

    assertThat(degraded.statusCode()).as("still ready: valid sessions are served").isEqualTo(200);
    assertThat(Browser.json(degraded).get("components").get("workos").get("status").asText())
        .isEqualTo("DEGRADED");
    assertThat(Browser.json(degraded).get("status").asText()).isEqualTo("DEGRADED");
  }

  @Test
  void prometheusShowsTheSessionMetrics() {
    workOs.setAccessTokenLifetime(Duration.ofSeconds(30)); // inside the refresh skew at once
    String credential = browser.login(replica, replica, workOs);
    assertThat(McpRawHttp.callWhoami(browser, replica, credential).statusCode()).isEqualTo(200);
    McpRawHttp.callWhoami(browser, replica, "not-a-credential");

    String metrics =
        browser.get(replica.baseUrl() + "/actuator/prometheus", null, null, null).body();

    assertThat(metrics)
        .containsPattern("mcp_sessions_opened_total\\S* [1-9]")
        .containsPattern("mcp_sessions_resolved_total\\{[^}]*outcome=\"ok\"[^}]*\\} [1-9]")
        .containsPattern("mcp_sessions_resolved_total\\{[^}]*outcome=\"invalid\"[^}]*\\} [1-9]")
        .contains("mcp_sessions_resolve_latency_seconds_bucket")
        .containsPattern("mcp_upstream_refresh_total\\{[^}]*outcome=\"ok\"[^}]*\\} [1-9]")
        .contains("mcp_sessions_purged_total")
        .contains("mcp_sessions_active");
  }

  @Test
  void theScheduledPurgeDeletesExpiredSessionsAndLogsOneLinePerRun() throws Exception {
    String expired = browser.login(replica, replica, workOs);
    String active = browser.login(replica, replica, workOs);
    SharedPostgres.execute(
        "UPDATE mcp_sessions SET created_at = now() - interval '3 hours', last_seen_at = now() -"
            + " interval '2 hours', expires_at = now() - interval '1 hour' WHERE session_id = ?",
        expired.substring(0, expired.indexOf('.')));
    CapturedLogs logs = CapturedLogs.capture();

    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (SharedPostgres.sessionRows() > 1 && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }

    assertThat(SharedPostgres.sessionRows()).isEqualTo(1);
    assertThat(browser.get(replica.baseUrl() + "/auth/session", active, null, null).statusCode())
        .isEqualTo(200);
    logs.awaitLine("purge: deleted 1 expired or revoked sessions", Duration.ofSeconds(10));
  }

  @Test
  void theWholeFlowAtDebugLogsNoSecret() throws Exception {
    CapturedLogs logs = CapturedLogs.capture();
    workOs.setAccessTokenLifetime(Duration.ofSeconds(30)); // every call refreshes

    Browser.PendingLogin pending = browser.startLogin(replica);
    String state = WebForms.query(pending.authorizationUrl()).get("state");
    URI callback = workOs.followAuthorize(pending.authorizationUrl());
    String credential =
        Browser.json(browser.complete(replica, callback, pending.stateCookie(), "application/json"))
            .get("credential")
            .asText();
    for (int i = 0; i < 3; i++) {
      assertThat(McpRawHttp.callWhoami(browser, replica, credential).statusCode()).isEqualTo(200);
    }
    HttpResponse<String> logout = browser.logout(replica, credential);
    assertThat(logout.statusCode()).isEqualTo(200);
    assertThat(workOs.refreshes()).as("the flow did refresh").isPositive();

    List<String> secrets = new ArrayList<>(workOs.issuedSecrets());
    secrets.add(credential);
    secrets.add(credential.substring(credential.indexOf('.') + 1));
    secrets.add(state);
    secrets.add(workOs.apiKey());
    secrets.add(App.ENCRYPTION_KEYS.substring(App.ENCRYPTION_KEYS.indexOf(':') + 1));
    // The JDK HttpClient here is the test's browser, not the server: its own DEBUG lines show
    // the URLs the browser follows, which carry the code and state by design of OAuth.
    List<String> lines =
        logs.lines().stream().filter(l -> !l.startsWith("jdk.internal.httpclient")).toList();

    assertThat(lines).as("DEBUG lines were captured").hasSizeGreaterThan(20);
    assertThat(lines)
        .anySatisfy(
            l -> assertThat(l).contains("Using token from session context (Supabase-backed)"));
    assertThat(lines)
        .anySatisfy(
            l -> assertThat(l).contains("login completed: session " + credential.substring(0, 22)));
    List<String> leaks =
        lines.stream().filter(line -> secrets.stream().anyMatch(line::contains)).toList();
    assertThat(leaks).as("log lines carrying a secret").isEmpty();
  }
}
