package io.statelessmcp.adapter.in.http.mcp;

import java.util.List;
import reactor.core.publisher.Mono;

/**
 * One resource at a fixed URI, listed by {@code resources/list} and read by {@code resources/read}.
 * Register it as a bean, like an {@link McpTool}. Reads run as the caller, with the same context as
 * tools.
 */
public interface McpResource {

  /** Its URI, e.g. {@code docs://handbook}. */
  String uri();

  /** A short name, e.g. {@code handbook}. */
  String name();

  default String title() {
    return null;
  }

  default String description() {
    return null;
  }

  /** The MIME type of its contents, when it has one. */
  default String mimeType() {
    return null;
  }

  /** Its contents (usually one item, with this resource's URI). */
  Mono<List<ResourceContents>> read(ToolContext context);
}
