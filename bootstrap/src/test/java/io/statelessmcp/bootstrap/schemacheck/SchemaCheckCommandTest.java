package io.statelessmcp.bootstrap.schemacheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.statelessmcp.bootstrap.database.CommandOutput;
import io.statelessmcp.bootstrap.database.EmbeddedDatabase;
import io.statelessmcp.bootstrap.database.SchemaMigration;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which database {@code check-schema} checks, and what it says when it cannot. */
class SchemaCheckCommandTest {

  @TempDir Path temp;

  @Test
  void withoutSupabaseDbUrlItChecksTheEmbeddedDevelopmentDatabaseWithoutStartingTheServer()
      throws Exception {
    Path data = temp.resolve("postgres");
    try (EmbeddedDatabase embedded = EmbeddedDatabase.start(data)) {
      SchemaMigration.apply(embedded.url());
    }

    CommandOutput result = checkSchema(Map.of("MCP_EMBEDDED_POSTGRES_DIR", data.toString()));

    result
        .assertSucceeded()
        .startsWith("checking the embedded database in " + data.toAbsolutePath().normalize())
        .contains("OK   table mcp_sessions")
        .contains("schema check passed");
  }

  @Test
  void anEmbeddedDatabaseThatWasNeverCreatedIsNotCreatedByTheCheck() {
    Path data = temp.resolve("never-started");

    CommandOutput result = checkSchema(Map.of("MCP_EMBEDDED_POSTGRES_DIR", data.toString()));

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.output())
        .contains("SUPABASE_DB_URL is not set and there is no embedded database in " + data);
    assertThat(Files.exists(data)).isFalse();
  }

  @Test
  void aBadSupabaseDbUrlIsNamedWithoutEchoingIt() {
    CommandOutput result = checkSchema(Map.of("SUPABASE_DB_URL", "mysql://user:hunter2@db:3306/x"));

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.output())
        .contains("SUPABASE_DB_URL must start with postgresql://")
        .doesNotContain("hunter2");
  }

  @Test
  void anUnreachableDatabaseIsReportedWithoutThePassword() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }

    CommandOutput result =
        checkSchema(
            Map.of(
                "SUPABASE_DB_URL",
                "postgresql://postgres:hunter2@127.0.0.1:" + closedPort + "/postgres"));

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.output())
        .contains("checking postgresql://postgres:<redacted>@127.0.0.1:" + closedPort)
        .contains("cannot check the schema")
        .doesNotContain("hunter2");
  }

  private static CommandOutput checkSchema(Map<String, String> environment) {
    return CommandOutput.of(SchemaCheckCommand::run, environment);
  }
}
