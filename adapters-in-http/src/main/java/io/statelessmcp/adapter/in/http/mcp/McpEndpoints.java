package io.statelessmcp.adapter.in.http.mcp;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpStatelessAsyncServer;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.server.McpTransportContextExtractor;
import io.modelcontextprotocol.spec.McpSchema;
import io.statelessmcp.adapter.in.http.InboundRoutes;
import io.statelessmcp.adapter.in.http.Principals;
import io.statelessmcp.adapter.in.http.SessionWebFilter;
import io.statelessmcp.application.port.in.Principal;
import io.statelessmcp.domain.UserId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ai.mcp.server.webflux.transport.WebFluxSseServerTransportProvider;
import org.springframework.ai.mcp.server.webflux.transport.WebFluxStatelessServerTransport;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Serves the same tools over Streamable HTTP at {@code /mcp} (stateless: any replica answers any
 * POST) and over the legacy HTTP+SSE transport at {@code /sse} with messages to {@code
 * /mcp/message}. The principal resolved by {@link SessionWebFilter} reaches tools through the SDK's
 * transport context.
 */
public final class McpEndpoints implements InboundRoutes {

  public static final String STREAMABLE_ENDPOINT = "/mcp";
  public static final String SSE_ENDPOINT = "/sse";
  public static final String SSE_MESSAGE_ENDPOINT = "/mcp/message";
  static final String PRINCIPAL_KEY = Principal.class.getName();
  private static final Logger LOG = LoggerFactory.getLogger(McpEndpoints.class);
  private static final int MAX_SSE_BINDINGS = 10_000;

  // The errors the transport answers itself, instead of a tool.
  private static final ToolResult NOT_AUTHENTICATED = ToolResult.error("not authenticated");
  private static final ToolResult FOREIGN_SSE_SESSION =
      ToolResult.error("this MCP session belongs to another user");
  private static final ToolResult TOOL_FAILED =
      ToolResult.error("the tool failed; try again shortly");

  private final List<McpTool> tools;
  private final McpJsonMapper jsonMapper;
  private final WebFluxStatelessServerTransport streamable;
  private final McpStatelessAsyncServer streamableServer;

  @SuppressWarnings("removal")
  private final WebFluxSseServerTransportProvider sse;

  private final McpAsyncServer sseServer;

  /** Which user opened each SSE protocol session; another user's messages to it are refused. */
  private final Map<String, UserId> sseOwners =
      Collections.synchronizedMap(
          new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, UserId> eldest) {
              return size() > MAX_SSE_BINDINGS;
            }
          });

  @SuppressWarnings("removal")
  public McpEndpoints(
      List<McpTool> tools, McpJsonMapper jsonMapper, String serverName, String serverVersion) {
    this.tools = List.copyOf(tools);
    this.jsonMapper = jsonMapper;
    McpTransportContextExtractor<ServerRequest> principalExtractor = McpEndpoints::principalContext;
    McpSchema.ServerCapabilities capabilities =
        McpSchema.ServerCapabilities.builder().tools(false).build();
    String instructions =
        "Tools run as the signed-in user. Use whoami to see who that is and list_my_sessions to"
            + " manage sessions.";

    this.streamable =
        WebFluxStatelessServerTransport.builder()
            .jsonMapper(jsonMapper)
            .messageEndpoint(STREAMABLE_ENDPOINT)
            .contextExtractor(principalExtractor)
            .build();
    this.streamableServer =
        McpServer.async(streamable)
            .serverInfo(serverName, serverVersion)
            .instructions(instructions)
            .capabilities(capabilities)
            .jsonMapper(jsonMapper)
            .tools(this.tools.stream().map(this::statelessSpecification).toList())
            .build();

    this.sse =
        WebFluxSseServerTransportProvider.builder()
            .jsonMapper(jsonMapper)
            .sseEndpoint(SSE_ENDPOINT)
            .messageEndpoint(SSE_MESSAGE_ENDPOINT)
            .contextExtractor(principalExtractor)
            .build();
    this.sseServer =
        McpServer.async(sse)
            .serverInfo(serverName, serverVersion)
            .instructions(instructions)
            .capabilities(capabilities)
            .jsonMapper(jsonMapper)
            .tools(this.tools.stream().map(this::sseSpecification).toList())
            .build();
  }

  /** Every MCP path; the SSE message endpoint sits below {@code /mcp}. */
  @Override
  public List<String> protectedPaths() {
    return List.of(STREAMABLE_ENDPOINT, STREAMABLE_ENDPOINT + "/**", SSE_ENDPOINT);
  }

  /** All MCP routes; DELETE on the stateless endpoint gets 405, as there is no session to end. */
  @Override
  public RouterFunction<ServerResponse> routes() {
    @SuppressWarnings("unchecked")
    RouterFunction<ServerResponse> streamableRoutes =
        (RouterFunction<ServerResponse>) streamable.getRouterFunction();
    @SuppressWarnings({"unchecked", "removal"})
    RouterFunction<ServerResponse> sseRoutes =
        (RouterFunction<ServerResponse>) sse.getRouterFunction();
    return RouterFunctions.route()
        .route(
            request ->
                request.method() == HttpMethod.DELETE && STREAMABLE_ENDPOINT.equals(request.path()),
            request ->
                ServerResponse.status(HttpStatus.METHOD_NOT_ALLOWED)
                    .header("Allow", "POST")
                    .build())
        .build()
        .and(streamableRoutes)
        .and(sseRoutes);
  }

  public Mono<Void> closeGracefully() {
    return Mono.when(streamableServer.closeGracefully(), sseServer.closeGracefully());
  }

  private McpStatelessServerFeatures.AsyncToolSpecification statelessSpecification(McpTool tool) {
    return McpStatelessServerFeatures.AsyncToolSpecification.builder()
        .tool(describe(tool))
        .callHandler((context, request) -> invoke(tool, principal(context), request))
        .build();
  }

  private McpServerFeatures.AsyncToolSpecification sseSpecification(McpTool tool) {
    return McpServerFeatures.AsyncToolSpecification.builder()
        .tool(describe(tool))
        .callHandler(
            (exchange, request) -> {
              Principal principal = principal(exchange.transportContext());
              if (principal != null && !ownsSseSession(exchange.sessionId(), principal.userId())) {
                return Mono.just(toCallToolResult(FOREIGN_SSE_SESSION));
              }
              return invoke(tool, principal, request);
            })
        .build();
  }

  private boolean ownsSseSession(String protocolSessionId, UserId caller) {
    UserId owner = sseOwners.putIfAbsent(protocolSessionId, caller);
    return owner == null || owner.equals(caller);
  }

  private Mono<McpSchema.CallToolResult> invoke(
      McpTool tool, Principal principal, McpSchema.CallToolRequest request) {
    if (principal == null) {
      // Only reachable if the filter chain is misconfigured: fail closed.
      return Mono.just(toCallToolResult(NOT_AUTHENTICATED));
    }
    Map<String, Object> arguments = request.arguments() == null ? Map.of() : request.arguments();
    return Mono.defer(() -> tool.call(new ToolContext(principal), arguments))
        .map(McpEndpoints::toCallToolResult)
        .onErrorResume(
            e -> {
              LOG.warn(
                  "tool {} failed for user {}: {}",
                  tool.name(),
                  principal.userId(),
                  e.getClass().getSimpleName());
              return Mono.just(toCallToolResult(TOOL_FAILED));
            });
  }

  private McpSchema.Tool describe(McpTool tool) {
    return McpSchema.Tool.builder()
        .name(tool.name())
        .description(tool.description())
        .inputSchema(jsonMapper, tool.inputSchema())
        .build();
  }

  /** The only place a {@link McpSchema.CallToolResult} is built, for results and errors alike. */
  private static McpSchema.CallToolResult toCallToolResult(ToolResult result) {
    return McpSchema.CallToolResult.builder()
        .addTextContent(result.text())
        .isError(result.isError())
        .build();
  }

  private static McpTransportContext principalContext(ServerRequest request) {
    return Principals.find(request)
        .map(principal -> McpTransportContext.create(Map.of(PRINCIPAL_KEY, principal)))
        .orElse(McpTransportContext.EMPTY);
  }

  private static Principal principal(McpTransportContext context) {
    return context == null ? null : (Principal) context.get(PRINCIPAL_KEY);
  }
}
