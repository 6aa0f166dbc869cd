package io.statelessmcp.bootstrap.schemacheck;

import java.util.ArrayList;
import java.util.List;

/** The readable result of a {@link SchemaCheck}: one line per thing checked. */
public final class SchemaReport {

  /** How a line reads; the first three make the check fail. */
  public enum Status {
    OK("OK", false),
    MISSING("MISSING", true),
    DIFFERENT("DIFFERENT", true),
    EXTRA("EXTRA", true),
    /** Could not be checked (for example no privilege to read it). */
    UNKNOWN("??", true),
    /** Informational: absent by design or harmless. */
    NOTE("--", false);

    private final String label;
    private final boolean problem;

    Status(String label, boolean problem) {
      this.label = label;
      this.problem = problem;
    }

    public boolean problem() {
      return problem;
    }
  }

  public record Line(Status status, String text) {
    @Override
    public String toString() {
      return String.format("%-4s %s", status.label, text);
    }
  }

  private final List<Line> lines = new ArrayList<>();

  void add(Status status, String text) {
    lines.add(new Line(status, text));
  }

  void ok(String text) {
    add(Status.OK, text);
  }

  public List<Line> lines() {
    return List.copyOf(lines);
  }

  public List<Line> problems() {
    return lines.stream().filter(line -> line.status().problem()).toList();
  }

  public boolean passed() {
    return problems().isEmpty();
  }

  /** Every line, then a verdict. */
  public String render() {
    StringBuilder out = new StringBuilder();
    for (Line line : lines) {
      out.append(line).append('\n');
    }
    long ok = lines.stream().filter(line -> line.status() == Status.OK).count();
    int problems = problems().size();
    if (problems == 0) {
      out.append("schema check passed: ").append(ok).append(" checks OK\n");
    } else {
      out.append("schema check FAILED: ")
          .append(problems)
          .append(problems == 1 ? " problem" : " problems")
          .append(" (")
          .append(ok)
          .append(" checks OK)\n");
    }
    return out.toString();
  }
}
