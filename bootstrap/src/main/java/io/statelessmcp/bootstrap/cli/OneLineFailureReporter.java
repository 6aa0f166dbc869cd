package io.statelessmcp.bootstrap.cli;

import io.statelessmcp.bootstrap.SetupProblem;
import io.statelessmcp.bootstrap.config.SettingsCheck;
import java.util.Optional;
import org.springframework.boot.SpringBootExceptionReporter;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.core.Ordered;

/**
 * A start that fails for a reason its user can fix (a {@link SetupProblem}, a bad setting, a port
 * in use) is reported as one line on the console, in place of Spring Boot's report and stack trace.
 * Registered in META-INF/spring.factories; asked before Spring Boot's own reporter.
 */
public final class OneLineFailureReporter implements SpringBootExceptionReporter, Ordered {

  @Override
  public boolean reportException(Throwable failure) {
    Optional<String> line = oneLine(failure);
    line.ifPresent(text -> System.err.println(CommandLine.NAME + ": " + text));
    return line.isPresent();
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }

  /** The one line for this failure, when it is one a user can fix. */
  public static Optional<String> oneLine(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = next(cause)) {
      if (cause instanceof SetupProblem) {
        return Optional.of(cause.getMessage());
      }
      if (cause instanceof PortInUseException inUse) {
        return Optional.of(portInUse(inUse.getPort()));
      }
      Optional<String> invalid = SettingsCheck.invalidSetting(cause);
      if (invalid.isPresent()) {
        return invalid;
      }
    }
    return Optional.empty();
  }

  /** What to say when the HTTP port is taken, most likely by another instance. */
  public static String portInUse(int port) {
    return "port "
        + port
        + " is already in use (by another instance?): start this one on another port, e.g."
        + " PORT="
        + (port == 8080 ? 8081 : port + 1)
        + " java -jar "
        + CommandLine.NAME
        + ".jar";
  }

  private static Throwable next(Throwable cause) {
    return cause.getCause() == cause ? null : cause.getCause();
  }
}
