package io.statelessmcp.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statelessmcp.adapter.out.workos.fake.FakeUser;
import io.statelessmcp.adapter.out.workos.fake.FakeWorkOs;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded default keeps sessions across restarts; memory mode does not; keys are required. */
class StorageModesEndToEndTest {

  private static FakeWorkOs workOs;
  private final Browser browser = new Browser();

  @BeforeAll
  static void startWorkOs() {
    workOs = FakeWorkOs.start();
    workOs.signInAs(FakeUser.ada());
  }

  @AfterAll
  static void stopWorkOs() {
    workOs.close();
  }

  private static Map<String, String> withFakeWorkOs(Map<String, String> settings) {
    Map<String, String> all = new HashMap<>(settings);
    all.put("WORKOS_CLIENT_ID", workOs.clientId());
    all.put("WORKOS_API_KEY", workOs.apiKey());
    all.put("WORKOS_API_BASE_URL", workOs.baseUrl().toString());
    all.put("MCP_PURGE_ENABLED", "false");
    return all;
  }

  @Test
  void theEmbeddedDatabaseKeepsSessionsAcrossARestart(@TempDir Path data) {
    Map<String, String> settings =
        withFakeWorkOs(Map.of("MCP_EMBEDDED_POSTGRES_DIR", data.resolve("postgres").toString()));
    String credential;
    try (App first = App.start(settings)) {
      credential = browser.login(first, first, workOs);
    }
    assertThat(data.resolve("encryption-keys")).exists();

    try (App second = App.start(settings)) {
      assertThat(
              browser.get(second.baseUrl() + "/auth/session", credential, null, null).statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void memoryModeServesLoginsButForgetsThemOnRestart() {
    Map<String, String> settings = withFakeWorkOs(Map.of("MCP_SESSION_STORE", "memory"));
    String credential;
    try (App first = App.start(settings)) {
      credential = browser.login(first, first, workOs);
      assertThat(McpRawHttp.callWhoami(browser, first, credential).statusCode()).isEqualTo(200);
    }

    try (App second = App.start(settings)) {
      assertThat(McpRawHttp.callWhoami(browser, second, credential).statusCode()).isEqualTo(401);
      assertThat(second.beansOf(io.r2dbc.spi.ConnectionFactory.class))
          .as("memory mode opens no database")
          .isEmpty();
    }
  }

  @Test
  void supabaseWithoutAnEncryptionKeyRefusesToStartAndSaysWhy() {
    Map<String, String> settings =
        withFakeWorkOs(Map.of("SUPABASE_DB_URL", SharedPostgres.supabaseDbUrl()));

    assertThatThrownBy(() -> App.start(settings).close())
        .rootCause()
        .hasMessageContaining(
            "MCP_SESSION_ENCRYPTION_KEYS must be set when SUPABASE_DB_URL is set");
  }

  @Test
  void aMalformedKeyRefusesToStartWithoutEchoingIt() {
    Map<String, String> settings =
        withFakeWorkOs(
            Map.of(
                "SUPABASE_DB_URL",
                SharedPostgres.supabaseDbUrl(),
                "MCP_SESSION_ENCRYPTION_KEYS",
                "k1:c2VjcmV0LWJ1dC1zaG9ydA=="));

    assertThatThrownBy(() -> App.start(settings).close())
        .rootCause()
        .hasMessageContaining("MCP_SESSION_ENCRYPTION_KEYS")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("c2VjcmV0LWJ1dC1zaG9ydA"));
  }
}
