package io.statelessmcp.bootstrap.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.assertj.core.api.AbstractStringAssert;

/**
 * A one-shot command ({@code migrate}, {@code check-schema}) run in the test: its exit code and
 * what it printed.
 */
public record CommandOutput(int exitCode, String output) {

  public static CommandOutput of(OneShotCommand.Body command, Map<String, String> environment) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int exitCode = command.run(environment, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return new CommandOutput(exitCode, bytes.toString(StandardCharsets.UTF_8));
  }

  /** Fails, showing the output, unless the command exited 0; then asserts on what it printed. */
  public AbstractStringAssert<?> assertSucceeded() {
    assertThat(exitCode).as(output).isZero();
    return assertThat(output);
  }
}
