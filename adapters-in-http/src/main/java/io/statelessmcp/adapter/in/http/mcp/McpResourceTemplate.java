package io.statelessmcp.adapter.in.http.mcp;

import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * A family of resources named by a URI template (RFC 6570 level 1: {@code notes://{owner}/{id}}),
 * listed by {@code resources/templates/list}; {@code resources/read} of a URI that matches reaches
 * {@link #read} with the template's variables. Register it as a bean, like an {@link McpTool}.
 */
public interface McpResourceTemplate {

  /** E.g. {@code notes://{owner}/{id}}; a variable matches one path segment. */
  String uriTemplate();

  String name();

  default String title() {
    return null;
  }

  default String description() {
    return null;
  }

  default String mimeType() {
    return null;
  }

  /**
   * Reads the resource at {@code uri}. An empty {@code Mono} means there is no such resource: the
   * client gets the specification's "resource not found" error.
   */
  Mono<List<ResourceContents>> read(ToolContext context, String uri, Map<String, String> variables);

  /**
   * Suggestions for a variable's value as the user types it ({@code completion/complete}), best
   * first; at most 100 are sent. {@code resolved} holds the variables the client already filled.
   */
  default Mono<List<String>> complete(
      ToolContext context, String variable, String prefix, Map<String, String> resolved) {
    return Mono.just(List.of());
  }
}
