package io.statelessmcp.bootstrap.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar mcp-session-server.jar} with arguments and settings that must not start a
 * server: they print, and exit at once, before any database exists.
 */
class PackagedCommandLineTest {

  @TempDir Path folder;

  @BeforeEach
  void requireTheJar() {
    PackagedJar.assumeBuilt();
  }

  @Test
  void helpPrintsTheCommandsOptionsAndWhereTheSettingsAreThenExits() {
    PackagedJar.Finished help = PackagedJar.run(folder, Map.of(), "--help");

    assertThat(help.exitCode()).as(help.output()).isZero();
    assertThat(help.output())
        .contains("migrate", "check-schema", "--help", "--version")
        .contains("README.md", ".env.example");
    assertThat(folder.resolve(".data")).as("nothing started").doesNotExist();
  }

  @Test
  void versionPrintsTheJarsVersionThenExits() {
    PackagedJar.Finished version = PackagedJar.run(folder, Map.of(), "--version");

    assertThat(version.exitCode()).as(version.output()).isZero();
    assertThat(version.lines())
        .containsExactly("mcp-session-server " + PackagedJar.manifestVersion());
  }

  @Test
  void aBadSettingEndsTheStartInOneLineNamingItBeforeAnyDatabaseExists() {
    PackagedJar.Finished refused = PackagedJar.run(folder, Map.of("MCP_SESSION_TTL_HOURS", "0"));

    assertThat(refused.exitCode()).as(refused.output()).isEqualTo(2);
    assertThat(refused.lines())
        .as("took %s", refused.took())
        .singleElement()
        .asString()
        .contains("MCP_SESSION_TTL_HOURS must be a whole number from 1 to 8760; got 0");
    assertThat(folder.resolve(".data")).as("no embedded database was started").doesNotExist();
  }

  @Test
  void anUnknownArgumentEndsInOneLineInsteadOfStartingTheServer() {
    PackagedJar.Finished refused = PackagedJar.run(folder, Map.of(), "serve");

    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.lines()).singleElement().asString().contains("unknown command 'serve'");
    assertThat(folder.resolve(".data")).doesNotExist();
  }
}
