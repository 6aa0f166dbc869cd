package io.statelessmcp.adapter.in.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Duration;
import java.util.List;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** RFC 9728 protected-resource metadata, at the root and path-suffixed for {@code /mcp}. */
public final class WellKnownRoutes implements InboundRoutes {

  static final String PROTECTED_RESOURCE = "/.well-known/oauth-protected-resource";

  private final HttpSettings settings;

  public WellKnownRoutes(HttpSettings settings) {
    this.settings = settings;
  }

  @Override
  public RouterFunction<ServerResponse> routes() {
    return RouterFunctions.route()
        .GET(PROTECTED_RESOURCE, this::metadata)
        .GET(PROTECTED_RESOURCE + "/mcp", this::metadata)
        .build();
  }

  @Override
  public List<String> protectedPaths() {
    return List.of();
  }

  /** The members RFC 9728 names, in the order this server has always sent them. */
  @JsonPropertyOrder({
    "resource",
    "authorization_servers",
    "bearer_methods_supported",
    "resource_name"
  })
  record ResourceMetadata(
      String resource,
      @JsonProperty("authorization_servers") List<String> authorizationServers,
      @JsonProperty("bearer_methods_supported") List<String> bearerMethodsSupported,
      @JsonProperty("resource_name") String resourceName) {}

  private Mono<ServerResponse> metadata(ServerRequest request) {
    ResourceMetadata body =
        new ResourceMetadata(
            settings.resourceUrl().toString(),
            settings.authorizationServer() == null
                ? List.of()
                : List.of(settings.authorizationServer().toString()),
            List.of("header"),
            "MCP server with persistent sessions");
    return ServerResponse.ok()
        .contentType(MediaType.APPLICATION_JSON)
        .cacheControl(CacheControl.maxAge(Duration.ofHours(1)))
        .bodyValue(body);
  }
}
