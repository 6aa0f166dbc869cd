package io.statelessmcp.bootstrap.cli;

import io.statelessmcp.bootstrap.SetupProblem;
import io.statelessmcp.bootstrap.config.SettingsCheck;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * What {@code main} checks before anything starts: every setting ({@link SettingsCheck}) and that
 * the HTTP port is free, the usual way a second instance in the same folder fails. Each problem
 * ends the process within a second or two with one line, exit code {@value CommandLine#REFUSED}.
 */
public final class StartChecks {

  private StartChecks() {}

  /** For {@code main}: prints the one line and exits when a check fails. */
  public static void exitIfRefused(String[] args) {
    try {
      run(args);
    } catch (SetupProblem e) {
      System.err.println(CommandLine.NAME + ": " + e.getMessage());
      System.exit(CommandLine.REFUSED);
    }
  }

  /**
   * @throws SetupProblem saying what is wrong and what to do
   */
  public static void run(String[] args) {
    SettingsCheck.Listening listening = QuietLogging.during(() -> SettingsCheck.check(args));
    if (listening.port() != 0 && !isFree(listening)) {
      throw new SetupProblem(OneLineFailureReporter.portInUse(listening.port()));
    }
  }

  /** Best effort: the server binds the port a few seconds later, and says so if it lost it. */
  private static boolean isFree(SettingsCheck.Listening listening) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      InetAddress address =
          listening.address() == null || listening.address().isBlank()
              ? null
              : InetAddress.getByName(listening.address());
      socket.bind(new InetSocketAddress(address, listening.port()));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
