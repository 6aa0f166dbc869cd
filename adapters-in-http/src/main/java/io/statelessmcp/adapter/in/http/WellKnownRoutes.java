package io.statelessmcp.adapter.in.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** RFC 9728 protected-resource metadata, at the root and path-suffixed for {@code /mcp}. */
public final class WellKnownRoutes implements InboundRoutes {

  private final HttpSettings settings;

  public WellKnownRoutes(HttpSettings settings) {
    this.settings = settings;
  }

  @Override
  public RouterFunction<ServerResponse> routes() {
    return RouterFunctions.route()
        .GET("/.well-known/oauth-protected-resource", this::metadata)
        .GET("/.well-known/oauth-protected-resource/mcp", this::metadata)
        .build();
  }

  @Override
  public List<String> protectedPaths() {
    return List.of();
  }

  private Mono<ServerResponse> metadata(ServerRequest request) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("resource", settings.resourceUrl().toString());
    body.put(
        "authorization_servers",
        settings.authorizationServer() == null
            ? List.of()
            : List.of(settings.authorizationServer().toString()));
    body.put("bearer_methods_supported", List.of("header"));
    body.put("resource_name", "MCP server with persistent sessions");
    return ServerResponse.ok()
        .contentType(MediaType.APPLICATION_JSON)
        .cacheControl(CacheControl.maxAge(java.time.Duration.ofHours(1)))
        .bodyValue(body);
  }
}
