package io.statelessmcp.bootstrap.database;

import io.statelessmcp.adapter.out.supabase.SupabaseDbUrl;
import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code migrate} and {@code check-schema} share: named as the first argument, they run
 * instead of the server, print to the console and exit with {@link #SUCCEEDED}, {@link #FAILED} or
 * {@link #NOT_RUN}.
 */
public final class OneShotCommand {

  public static final int SUCCEEDED = 0;
  public static final int FAILED = 1;

  /** It could not run at all: no or a bad setting, no database. */
  public static final int NOT_RUN = 2;

  /** A command's work, on the process environment and console in production, on others in tests. */
  @FunctionalInterface
  public interface Body {
    int run(Map<String, String> environment, PrintStream out);
  }

  private OneShotCommand() {}

  /** For {@code main}: when {@code args} start with {@code name}, runs {@code body} and exits. */
  public static void exitIfRequested(String[] args, String name, Body body) {
    if (args != null && args.length > 0 && name.equals(args[0])) {
      System.exit(body.run(System.getenv(), System.out));
    }
  }

  /** {@code value} as a database URL, or empty after printing {@code "cannot ...: why"}. */
  public static Optional<SupabaseDbUrl> parseDbUrl(String value, String cannot, PrintStream out) {
    try {
      return Optional.of(SupabaseDbUrl.parse(value));
    } catch (IllegalArgumentException e) {
      out.println(cannot + ": " + e.getMessage());
      return Optional.empty();
    }
  }
}
