package io.statelessmcp.adapter.in.http.mcp;

import java.util.List;
import java.util.Objects;

/**
 * What a tool answers: content for the model (any mix of {@link Content}), optionally structured
 * content matching the tool's {@link McpTool#outputSchema()}, and whether it is an error the model
 * should see.
 *
 * @param structuredContent an object (a record, a map) serialised as JSON, or null
 */
public record ToolResult(List<Content> content, Object structuredContent, boolean isError) {

  public ToolResult {
    content = List.copyOf(content);
  }

  public static ToolResult ok(String text) {
    return of(Content.text(text));
  }

  public static ToolResult error(String text) {
    return new ToolResult(List.of(Content.text(text)), null, true);
  }

  public static ToolResult of(Content... content) {
    return new ToolResult(List.of(content), null, false);
  }

  /**
   * A result whose value is {@code structured} (it must match the output schema); the server adds
   * its JSON as text for clients that read only text, unless {@code content} is given.
   */
  public static ToolResult structured(Object structured, Content... content) {
    return new ToolResult(
        List.of(content), Objects.requireNonNull(structured, "structured"), false);
  }

  /** The text of the first text item, or null: handy in tests and logs. */
  public String text() {
    return content.stream()
        .filter(Content.Text.class::isInstance)
        .map(c -> ((Content.Text) c).text())
        .findFirst()
        .orElse(null);
  }
}
