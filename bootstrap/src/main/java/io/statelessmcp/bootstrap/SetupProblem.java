package io.statelessmcp.bootstrap;

/**
 * A start that cannot go on for a reason the person starting it can fix: its message is one line
 * that says what is wrong and what to do, and it is printed as that one line, without a stack trace
 * ({@link io.statelessmcp.bootstrap.cli.OneLineFailureReporter}).
 */
public class SetupProblem extends RuntimeException {

  public SetupProblem(String oneLine) {
    super(oneLine);
  }
}
