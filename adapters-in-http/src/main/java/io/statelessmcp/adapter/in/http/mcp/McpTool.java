package io.statelessmcp.adapter.in.http.mcp;

import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * One MCP tool. To add a tool, implement this in one class and register it as a bean in bootstrap's
 * {@code io.statelessmcp.bootstrap.wiring.HttpConfiguration} (any {@code @Configuration} class
 * works); every {@code McpTool} bean is served on every transport. The context carries the
 * authenticated caller and, for a session, their fresh upstream access token; never the caller's
 * credential.
 */
public interface McpTool {

  /** The tool name clients call, e.g. {@code whoami}. */
  String name();

  /** What the tool does, for the model that decides when to call it. */
  String description();

  /** JSON Schema of the arguments object. */
  default String inputSchema() {
    return "{\"type\":\"object\",\"properties\":{},\"additionalProperties\":false}";
  }

  /**
   * Runs the tool. Expected failures (a bad argument, something not found) are results with {@link
   * ToolResult#error(String)}, not exceptions.
   */
  Mono<ToolResult> call(ToolContext context, Map<String, Object> arguments);
}
