package io.statelessmcp.bootstrap;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The README's run command, as a test: no database and no WorkOS configured. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ApplicationStartsTest {

  @TempDir static Path data;

  @DynamicPropertySource
  static void embeddedDatabaseInATemporaryDirectory(DynamicPropertyRegistry registry) {
    registry.add("MCP_EMBEDDED_POSTGRES_DIR", () -> data.resolve("postgres").toString());
  }

  @LocalServerPort int port;

  @Test
  void reportsHealthUp() {
    WebTestClient.bindToServer()
        .baseUrl("http://localhost:" + port)
        .build()
        .get()
        .uri("/actuator/health")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("UP");
  }
}
