package io.statelessmcp.adapter.in.http.mcp;

import java.util.Map;
import java.util.Optional;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;

/** Searches the caller's notes in another API, with the caller's own WorkOS access token. */
public final class SearchNotesTool implements McpTool {

  private final WebClient notesApi;

  public SearchNotesTool(WebClient notesApi) {
    this.notesApi = notesApi;
  }

  @Override
  public String name() {
    return "search_notes";
  }

  @Override
  public String description() {
    return "Searches your notes for a text; answers the matching notes as JSON.";
  }

  @Override
  public String inputSchema() {
    return """
        {"type":"object",
         "properties":{
           "query":{"type":"string","minLength":1,"description":"the text to look for"},
           "limit":{"type":"integer","minimum":1,"maximum":50,"default":10,
                    "description":"at most this many notes"}},
         "required":["query"],
         "additionalProperties":false}""";
  }

  @Override
  public Mono<ToolResult> call(ToolContext context, Map<String, Object> arguments) {
    // Arguments arrive as parsed JSON: String, Integer, Long, Double, Boolean, List, Map.
    if (!(arguments.get("query") instanceof String query) || query.isBlank()) {
      return Mono.just(ToolResult.error("query must be a non-empty string"));
    }
    Object rawLimit = arguments.getOrDefault("limit", 10);
    if (!(rawLimit instanceof Integer limit) || limit < 1 || limit > 50) {
      return Mono.just(ToolResult.error("limit must be a whole number from 1 to 50"));
    }
    // Empty in resource-server mode, where the caller's own token must not be passed on.
    Optional<String> token = context.upstreamAccessToken();
    if (token.isEmpty()) {
      return Mono.just(ToolResult.error("this tool needs a login at /auth/login"));
    }
    return notesApi
        .get()
        .uri(
            uri ->
                uri.path("/notes")
                    .queryParam("q", "{q}")
                    .queryParam("limit", "{limit}")
                    .build(query, limit))
        .headers(headers -> headers.setBearerAuth(token.get()))
        .retrieve()
        .bodyToMono(String.class)
        .map(ToolResult::ok)
        .onErrorResume(
            WebClientResponseException.class,
            failure ->
                Mono.just(ToolResult.error("the notes API answered " + failure.getStatusCode())));
  }
}
