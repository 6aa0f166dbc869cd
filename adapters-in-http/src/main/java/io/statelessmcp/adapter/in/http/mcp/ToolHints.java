package io.statelessmcp.adapter.in.http.mcp;

/**
 * What a client may assume about a tool (MCP's tool annotations). Hints, not guarantees: clients
 * must not trust them from an untrusted server. Null leaves a hint unsaid.
 *
 * @param readOnly the tool changes nothing
 * @param destructive a change may destroy or overwrite (meaningful when not read-only)
 * @param idempotent calling again with the same arguments changes nothing more
 * @param openWorld the tool reaches beyond this server (the web, another service)
 */
public record ToolHints(
    Boolean readOnly, Boolean destructive, Boolean idempotent, Boolean openWorld) {

  public static final ToolHints NONE = new ToolHints(null, null, null, null);

  /** Reads this server's own data only: changes nothing, reaches nothing beyond it. */
  public static final ToolHints READ_ONLY = new ToolHints(true, null, true, false);

  boolean isEmpty() {
    return readOnly == null && destructive == null && idempotent == null && openWorld == null;
  }
}
