package io.statelessmcp.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statelessmcp.adapter.out.workos.fake.FakeWorkOs;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The embedded default keeps sessions across restarts; memory mode does not; keys are required. */
class StorageModesEndToEndTest {

  private final Browser browser = new Browser();

  @RegisterExtension static final Deployment deployment = Deployment.withoutReplicas();

  private final FakeWorkOs workOs = deployment.workOs();

  private Map<String, String> withFakeWorkOs(Map<String, String> settings) {
    return App.loggingInThrough(workOs, settings);
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
