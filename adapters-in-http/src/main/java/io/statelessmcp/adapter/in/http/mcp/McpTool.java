package io.statelessmcp.adapter.in.http.mcp;

import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * One MCP tool. To add a tool, implement this in one class and register it as a bean in bootstrap's
 * {@code io.statelessmcp.bootstrap.wiring.HttpConfiguration} (any {@code @Configuration} class
 * works); every {@code McpTool} bean is served on every transport. The context carries the
 * authenticated caller and, for a session, their fresh upstream access token (never the caller's
 * credential), and lets the tool report progress, log to the client and notice cancellation.
 *
 * <p>The arguments are checked against {@link #inputSchema()} before {@link #call} runs: a call
 * that does not match gets a tool error naming the violations, and the tool never sees it.
 */
public interface McpTool {

  /** The tool name clients call, e.g. {@code whoami}: 1 to 128 of {@code A-Za-z0-9_.-}. */
  String name();

  /** A human-readable name for clients to show; null to show {@link #name()}. */
  default String title() {
    return null;
  }

  /** What the tool does, for the model that decides when to call it. */
  String description();

  /**
   * JSON Schema (2020-12 unless {@code $schema} says otherwise) of the arguments object, served
   * verbatim: {@code $defs}, {@code $ref}, {@code additionalProperties} and the rest are kept.
   */
  default String inputSchema() {
    return "{\"type\":\"object\",\"properties\":{},\"additionalProperties\":false}";
  }

  /**
   * JSON Schema of the structured content this tool answers with ({@link
   * ToolResult#structured(Object, Content...)}), or null when it answers content only. With a
   * schema, a result whose structured content is missing or does not match becomes a tool error.
   */
  default String outputSchema() {
    return null;
  }

  /** What clients may assume about the tool: read-only, destructive, idempotent, open-world. */
  default ToolHints hints() {
    return ToolHints.NONE;
  }

  /**
   * Runs the tool. Expected failures (a bad argument, something not found) are results with {@link
   * ToolResult#error(String)}, not exceptions.
   */
  Mono<ToolResult> call(ToolContext context, Map<String, Object> arguments);
}
