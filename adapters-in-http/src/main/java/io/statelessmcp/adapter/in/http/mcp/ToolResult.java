package io.statelessmcp.adapter.in.http.mcp;

/** What a tool answers: text for the model, and whether it is an error the model should see. */
public record ToolResult(String text, boolean isError) {

  public static ToolResult ok(String text) {
    return new ToolResult(text, false);
  }

  public static ToolResult error(String text) {
    return new ToolResult(text, true);
  }
}
