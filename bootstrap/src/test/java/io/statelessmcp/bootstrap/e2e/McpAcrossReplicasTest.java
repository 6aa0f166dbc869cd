package io.statelessmcp.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.statelessmcp.adapter.out.workos.fake.FakeUser;
import io.statelessmcp.adapter.out.workos.fake.FakeWorkOs;
import io.statelessmcp.bootstrap.e2e.McpClients.CredentialAs;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/**
 * The heart of the product: a login on one replica works on any other, and after a restart. Two
 * replicas share one PostgreSQL; the client is the official MCP Java SDK.
 */
class McpAcrossReplicasTest {

  private final Browser browser = new Browser();

  @RegisterExtension
  static final Deployment deployment =
      Deployment.withReplicas(2).accessTokenLifetime(Duration.ofMinutes(10));

  private final FakeWorkOs workOs = deployment.workOs();
  private final App replicaA = deployment.replica(0);
  private final App replicaB = deployment.replica(1);

  @ParameterizedTest(name = "credential as {0}")
  @EnumSource(CredentialAs.class)
  void aLoginOnOneReplicaServesEveryToolOnTheOther(CredentialAs as) {
    String credential = browser.login(replicaA, replicaA, workOs);
    String sessionId = credential.substring(0, credential.indexOf('.'));

    try (McpSyncClient client = McpClients.streamable(replicaB, credential, as)) {
      McpSchema.InitializeResult init = client.initialize();
      assertThat(init.serverInfo().name()).isEqualTo("mcp-session-server");
      assertThat(client.listTools().tools())
          .extracting(McpSchema.Tool::name)
          .containsExactlyInAnyOrder("whoami", "list_my_sessions", "revoke_session");

      JsonNode me = McpClients.json(McpClients.call(client, "whoami", Map.of()));
      assertThat(me.get("user_id").asText()).isEqualTo(FakeUser.ada().id());
      assertThat(me.get("email").asText()).isEqualTo(FakeUser.ada().email());
      assertThat(me.get("name").asText()).isEqualTo("Ada Lovelace");
      assertThat(me.get("session_expires_at").asText()).isNotBlank();

      JsonNode sessions = McpClients.json(McpClients.call(client, "list_my_sessions", Map.of()));
      assertThat(sessions.get("sessions")).hasSize(1);
      assertThat(sessions.get("sessions").get(0).get("session_id").asText()).isEqualTo(sessionId);

      McpSchema.CallToolResult revoked =
          McpClients.call(client, "revoke_session", Map.of("session_id", sessionId));
      assertThat(revoked.isError()).isFalse();
    }
    assertThat(
            browser.get(replicaA.baseUrl() + "/auth/session", credential, null, null).statusCode())
        .as("the revoked session is refused everywhere")
        .isEqualTo(401);
  }

  @Test
  void aFreshReplicaAfterAStopServesTheSameCredential() {
    String credential = browser.login(replicaA, replicaA, workOs);
    replicaA.close();
    try (App coldStart = App.replica(workOs, Map.of());
        McpSyncClient client = McpClients.streamable(coldStart, credential, CredentialAs.HEADER)) {
      client.initialize();

      JsonNode me = McpClients.json(McpClients.call(client, "whoami", Map.of()));

      assertThat(me.get("user_id").asText()).isEqualTo(FakeUser.ada().id());
    } finally {
      deployment.replaceReplica(0);
    }
  }

  @Test
  void theLegacySseTransportServesTheSameTools() {
    String credential = browser.login(replicaA, replicaB, workOs);

    try (McpSyncClient client = McpClients.sse(replicaB, credential)) {
      client.initialize();
      assertThat(client.listTools().tools()).hasSize(3);

      JsonNode me = McpClients.json(McpClients.call(client, "whoami", Map.of()));

      assertThat(me.get("user_id").asText()).isEqualTo(FakeUser.ada().id());
    }
  }

  @Test
  void usersSeeOnlyTheirOwnSessionsAndCannotRevokeOthers() {
    String ada = browser.login(replicaA, replicaA, workOs);
    String adaSessionId = ada.substring(0, ada.indexOf('.'));
    workOs.signInAs(FakeUser.grace());
    String grace = browser.login(replicaB, replicaB, workOs);

    try (McpSyncClient client = McpClients.streamable(replicaB, grace, CredentialAs.HEADER)) {
      client.initialize();
      JsonNode sessions = McpClients.json(McpClients.call(client, "list_my_sessions", Map.of()));
      assertThat(sessions.get("sessions")).hasSize(1);
      assertThat(sessions.get("sessions").get(0).get("session_id").asText())
          .isNotEqualTo(adaSessionId);

      McpSchema.CallToolResult attempt =
          McpClients.call(client, "revoke_session", Map.of("session_id", adaSessionId));

      assertThat(attempt.isError()).isTrue();
      assertThat(McpClients.text(attempt)).contains("no active session of yours");
    }
    assertThat(browser.get(replicaA.baseUrl() + "/auth/session", ada, null, null).statusCode())
        .as("Ada's session is untouched")
        .isEqualTo(200);
    assertThat(
            SharedPostgres.count(
                "SELECT count(*) FROM mcp_sessions WHERE session_id = ? AND revoked_at IS NULL",
                adaSessionId))
        .isEqualTo(1);
  }

  @Test
  void badArgumentsAreToolErrorsNotServerErrors() {
    String credential = browser.login(replicaA, replicaA, workOs);
    try (McpSyncClient client = McpClients.streamable(replicaB, credential, CredentialAs.HEADER)) {
      client.initialize();

      McpSchema.CallToolResult result =
          McpClients.call(client, "revoke_session", Map.of("session_id", "not an id"));

      assertThat(result.isError()).isTrue();
      assertThat(McpClients.text(result)).contains("session_id");
    }
  }
}
