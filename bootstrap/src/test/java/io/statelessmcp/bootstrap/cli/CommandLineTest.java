package io.statelessmcp.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.statelessmcp.bootstrap.SetupProblem;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.web.server.PortInUseException;

/** The arguments that never start the server, and the one-line reports of a failed start. */
class CommandLineTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void helpListsTheCommandsAndOptionsAndWhereEverySettingIsDescribed() {
    assertThat(handle("--help")).contains(0);
    assertThat(handle("-h")).contains(0);

    assertThat(out())
        .contains("migrate", "check-schema", "--help", "--version", "PORT", "MCP_LOG_LEVEL")
        .contains("README.md", ".env.example");
    assertThat(err()).isEmpty();
  }

  @Test
  void versionPrintsOneLine() {
    assertThat(handle("--version")).contains(0);

    assertThat(out()).startsWith("mcp-session-server ").endsWith("\n");
    assertThat(out().lines()).hasSize(1);
  }

  @Test
  void anUnknownArgumentIsRefusedInOneLineInsteadOfStartingTheServer() {
    assertThat(handle("serve")).contains(CommandLine.REFUSED);
    assertThat(handle("--verbose")).contains(CommandLine.REFUSED);

    assertThat(err().lines())
        .hasSize(2)
        .allSatisfy(line -> assertThat(line).contains("--help"))
        .anySatisfy(line -> assertThat(line).contains("unknown command 'serve'"))
        .anySatisfy(line -> assertThat(line).contains("unknown option '--verbose'"));
  }

  @Test
  void theServerStartsWithNoArgumentsWithSpringPropertiesAndForTheCommands() {
    assertThat(handle()).isEmpty();
    assertThat(handle("--server.port=9090")).isEmpty();
    assertThat(handle("migrate")).isEmpty();
    assertThat(handle("check-schema")).isEmpty();
    assertThat(out() + err()).isEmpty();
  }

  @Test
  void aFailureTheUserCanFixIsOneLineWhereverSpringWrappedIt() {
    Throwable wrapped =
        new BeanCreationException("database", "failed", new SetupProblem("do this, then that"));

    assertThat(OneLineFailureReporter.oneLine(wrapped)).contains("do this, then that");
    assertThat(OneLineFailureReporter.oneLine(new PortInUseException(8080)))
        .hasValueSatisfying(
            line -> assertThat(line).contains("port 8080 is already in use", "PORT=8081"));
    assertThat(OneLineFailureReporter.oneLine(new IllegalStateException("a bug")))
        .as("anything else keeps Spring Boot's report")
        .isEmpty();
  }

  private Optional<Integer> handle(String... args) {
    return CommandLine.handle(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
