package io.statelessmcp.adapter.in.http.mcp;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpStatelessAsyncServer;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.server.McpTransportContextExtractor;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.util.DefaultMcpUriTemplateManagerFactory;
import io.modelcontextprotocol.util.McpUriTemplateManagerFactory;
import io.statelessmcp.adapter.in.http.InboundRoutes;
import io.statelessmcp.adapter.in.http.Principals;
import io.statelessmcp.adapter.in.http.SessionWebFilter;
import io.statelessmcp.application.port.in.McpProtocolSessions;
import io.statelessmcp.application.port.in.Principal;
import io.statelessmcp.domain.UserId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ai.mcp.server.webflux.transport.WebFluxSseServerTransportProvider;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Serves the same tools, resources, prompts and completions over Streamable HTTP at {@code /mcp}
 * (any replica answers any POST; see {@link StreamableHttpTransport}) and over the legacy HTTP+SSE
 * transport at {@code /sse} with messages to {@code /mcp/message}. The principal resolved by {@link
 * SessionWebFilter} reaches every handler through the SDK's transport context, and becomes the
 * {@link ToolContext} each SPI call gets.
 */
public final class McpEndpoints implements InboundRoutes {

  public static final String STREAMABLE_ENDPOINT = "/mcp";
  public static final String SSE_ENDPOINT = "/sse";
  public static final String SSE_MESSAGE_ENDPOINT = "/mcp/message";
  static final String PRINCIPAL_KEY = Principal.class.getName();
  private static final Logger LOG = LoggerFactory.getLogger(McpEndpoints.class);
  private static final int MAX_SSE_BINDINGS = 10_000;
  private static final McpUriTemplateManagerFactory URI_TEMPLATES =
      new DefaultMcpUriTemplateManagerFactory();

  // The errors the transport answers itself, instead of a tool.
  private static final ToolResult NOT_AUTHENTICATED = ToolResult.error("not authenticated");
  private static final ToolResult FOREIGN_SSE_SESSION =
      ToolResult.error("this MCP session belongs to another user");
  private static final ToolResult TOOL_FAILED =
      ToolResult.error("the tool failed; try again shortly");

  private final McpFeatures features;
  private final SdkMapping mapping;
  private final StreamableHttpTransport streamable;
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

  /**
   * @param sessionIds issues and checks {@code Mcp-Session-Id}s; the same key on every replica
   * @param protocolSessions where log levels and cancellations go, shared by the replicas
   */
  @SuppressWarnings("removal")
  public McpEndpoints(
      McpFeatures features,
      McpJsonMapper jsonMapper,
      String serverName,
      String serverVersion,
      ProtocolSessionIds sessionIds,
      McpProtocolSessions protocolSessions) {
    this.features = features;
    this.mapping = new SdkMapping(jsonMapper);
    McpSchema.ServerCapabilities capabilities =
        McpSchema.ServerCapabilities.builder()
            .tools(false)
            // No subscriptions: they need a stream that survives the request.
            .resources(false, false)
            .prompts(false)
            .completions()
            .logging()
            .build();
    String instructions =
        "Tools run as the signed-in user. Use whoami to see who that is and list_my_sessions to"
            + " manage sessions.";

    this.streamable =
        new StreamableHttpTransport(STREAMABLE_ENDPOINT, jsonMapper, sessionIds, protocolSessions);
    this.streamableServer =
        McpServer.async(streamable)
            .serverInfo(serverName, serverVersion)
            .instructions(instructions)
            .capabilities(capabilities)
            .jsonMapper(jsonMapper)
            // The default, said out loud: arguments are checked against the input schema first.
            .validateToolInputs(true)
            .tools(features.tools().stream().map(this::statelessTool).toList())
            .resources(features.resources().stream().map(this::statelessResource).toList())
            .resourceTemplates(
                features.resourceTemplates().stream().map(this::statelessTemplate).toList())
            .prompts(features.prompts().stream().map(this::statelessPrompt).toList())
            .completions(statelessCompletions())
            .build();

    McpTransportContextExtractor<ServerRequest> principalExtractor = McpEndpoints::principalContext;
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
            .tools(features.tools().stream().map(this::sseTool).toList())
            .resources(features.resources().stream().map(this::sseResource).toList())
            .resourceTemplates(
                features.resourceTemplates().stream().map(this::sseTemplate).toList())
            .prompts(features.prompts().stream().map(this::ssePrompt).toList())
            .completions(sseCompletions())
            .build();
  }

  /** Every MCP path; the SSE message endpoint sits below {@code /mcp}. */
  @Override
  public List<String> protectedPaths() {
    return List.of(STREAMABLE_ENDPOINT, STREAMABLE_ENDPOINT + "/**", SSE_ENDPOINT);
  }

  @Override
  public RouterFunction<ServerResponse> routes() {
    @SuppressWarnings({"unchecked", "removal"})
    RouterFunction<ServerResponse> sseRoutes =
        (RouterFunction<ServerResponse>) sse.getRouterFunction();
    return streamable.routes().and(sseRoutes);
  }

  public Mono<Void> closeGracefully() {
    return Mono.when(streamableServer.closeGracefully(), sseServer.closeGracefully());
  }

  // --- the SPI calls, whatever the transport ---

  private Mono<McpSchema.CallToolResult> callTool(
      McpTool tool, ToolContext context, McpSchema.CallToolRequest request) {
    if (context == null) {
      // Only reachable if the filter chain is misconfigured: fail closed.
      return Mono.just(mapping.result(NOT_AUTHENTICATED));
    }
    Map<String, Object> arguments = request.arguments() == null ? Map.of() : request.arguments();
    return Mono.defer(() -> tool.call(context, arguments))
        .map(mapping::result)
        .onErrorResume(
            e -> {
              failed("tool", tool.name(), context, e);
              return Mono.just(mapping.result(TOOL_FAILED));
            });
  }

  private Mono<McpSchema.ReadResourceResult> readResource(
      McpResource resource, ToolContext context) {
    return guarded(
        "resource", resource.uri(), context, () -> resource.read(context).map(SdkMapping::read));
  }

  private Mono<McpSchema.ReadResourceResult> readTemplate(
      McpResourceTemplate template, ToolContext context, McpSchema.ReadResourceRequest request) {
    String uri = request.uri();
    Map<String, String> variables =
        URI_TEMPLATES.create(template.uriTemplate()).extractVariableValues(uri);
    return guarded(
        "resource template",
        template.uriTemplate(),
        context,
        () ->
            template
                .read(context, uri, variables)
                .map(SdkMapping::read)
                .switchIfEmpty(Mono.error(() -> McpError.RESOURCE_NOT_FOUND.apply(uri))));
  }

  private Mono<McpSchema.GetPromptResult> getPrompt(
      McpPrompt prompt, ToolContext context, McpSchema.GetPromptRequest request) {
    Map<String, String> arguments = strings(request.arguments());
    for (McpPrompt.PromptArgument argument : prompt.arguments()) {
      if (argument.required() && !arguments.containsKey(argument.name())) {
        return Mono.error(
            McpError.builder(-32602)
                .message("Invalid params: the argument " + argument.name() + " is required")
                .build());
      }
    }
    return guarded(
        "prompt",
        prompt.name(),
        context,
        () -> prompt.get(context, arguments).map(SdkMapping::promptResult));
  }

  private Mono<McpSchema.CompleteResult> complete(
      String kind,
      String name,
      ToolContext context,
      McpSchema.CompleteRequest request,
      Completer completer) {
    String argument = request.argument() == null ? null : request.argument().name();
    String prefix = request.argument() == null ? "" : request.argument().value();
    Map<String, String> resolved =
        request.context() == null ? Map.of() : strings(request.context().arguments());
    return guarded(
        kind,
        name,
        context,
        () ->
            completer
                .complete(context, argument, prefix == null ? "" : prefix, resolved)
                .defaultIfEmpty(List.of())
                .map(SdkMapping::completion));
  }

  /** A prompt's or template's {@code complete}. */
  private interface Completer {
    Mono<List<String>> complete(
        ToolContext context, String argument, String prefix, Map<String, String> resolved);
  }

  /**
   * Runs SPI code as the caller: refused without one, and a failure becomes a JSON-RPC error that
   * names nothing inside (the SDK would send the exception's message).
   */
  private <T> Mono<T> guarded(
      String kind, String name, ToolContext context, java.util.function.Supplier<Mono<T>> work) {
    if (context == null) {
      return Mono.error(
          McpError.builder(-32600).message("Invalid Request: not authenticated").build());
    }
    return Mono.defer(work)
        .onErrorResume(
            e -> !(e instanceof McpError),
            e -> {
              failed(kind, name, context, e);
              return Mono.error(
                  McpError.builder(-32603)
                      .message("Internal error: the " + kind + " failed; try again shortly")
                      .build());
            });
  }

  private static void failed(String kind, String name, ToolContext context, Throwable e) {
    LOG.warn(
        "{} {} failed for user {}: {}", kind, name, context.userId(), e.getClass().getSimpleName());
  }

  // --- Streamable HTTP (stateless SDK server) ---

  private McpStatelessServerFeatures.AsyncToolSpecification statelessTool(McpTool tool) {
    return new McpStatelessServerFeatures.AsyncToolSpecification(
        mapping.tool(tool),
        (transport, request) ->
            callTool(tool, statelessContext(transport, request, tool.name()), request));
  }

  private McpStatelessServerFeatures.AsyncResourceSpecification statelessResource(
      McpResource resource) {
    return new McpStatelessServerFeatures.AsyncResourceSpecification(
        SdkMapping.resource(resource),
        (transport, request) ->
            readResource(resource, statelessContext(transport, request, resource.name())));
  }

  private McpStatelessServerFeatures.AsyncResourceTemplateSpecification statelessTemplate(
      McpResourceTemplate template) {
    return new McpStatelessServerFeatures.AsyncResourceTemplateSpecification(
        SdkMapping.template(template),
        (transport, request) ->
            readTemplate(template, statelessContext(transport, request, template.name()), request));
  }

  private McpStatelessServerFeatures.AsyncPromptSpecification statelessPrompt(McpPrompt prompt) {
    return new McpStatelessServerFeatures.AsyncPromptSpecification(
        SdkMapping.prompt(prompt),
        (transport, request) ->
            getPrompt(prompt, statelessContext(transport, request, prompt.name()), request));
  }

  private List<McpStatelessServerFeatures.AsyncCompletionSpecification> statelessCompletions() {
    return completions(
        (reference, handler) ->
            new McpStatelessServerFeatures.AsyncCompletionSpecification(
                reference,
                (transport, request) ->
                    handler.apply(statelessContext(transport, request, null), request)));
  }

  /** The caller of a request on {@code /mcp}, with its way back; null without a principal. */
  private static ToolContext statelessContext(
      McpTransportContext transport, McpSchema.Request request, String logger) {
    Principal principal = principal(transport);
    if (principal == null) {
      return null;
    }
    Object call = transport.get(McpCall.CONTEXT_KEY);
    if (!(call instanceof McpCall mcpCall)) {
      return new ToolContext(principal);
    }
    return new ToolContext(
        principal,
        request.progressToken(),
        logger,
        mcpCall.notifications(),
        mcpCall.cancellation());
  }

  // --- legacy HTTP+SSE (stateful SDK server, one replica per stream) ---

  private McpServerFeatures.AsyncToolSpecification sseTool(McpTool tool) {
    return new McpServerFeatures.AsyncToolSpecification(
        mapping.tool(tool),
        (exchange, request) -> {
          if (!ownsSseSession(exchange)) {
            return Mono.just(mapping.result(FOREIGN_SSE_SESSION));
          }
          return callTool(tool, sseContext(exchange, request, tool.name()), request);
        });
  }

  private McpServerFeatures.AsyncResourceSpecification sseResource(McpResource resource) {
    return new McpServerFeatures.AsyncResourceSpecification(
        SdkMapping.resource(resource),
        (exchange, request) ->
            ownedSse(exchange, () -> readResource(resource, sseContext(exchange, request, null))));
  }

  private McpServerFeatures.AsyncResourceTemplateSpecification sseTemplate(
      McpResourceTemplate template) {
    return new McpServerFeatures.AsyncResourceTemplateSpecification(
        SdkMapping.template(template),
        (exchange, request) ->
            ownedSse(
                exchange,
                () -> readTemplate(template, sseContext(exchange, request, null), request)));
  }

  private McpServerFeatures.AsyncPromptSpecification ssePrompt(McpPrompt prompt) {
    return new McpServerFeatures.AsyncPromptSpecification(
        SdkMapping.prompt(prompt),
        (exchange, request) ->
            ownedSse(
                exchange, () -> getPrompt(prompt, sseContext(exchange, request, null), request)));
  }

  private List<McpServerFeatures.AsyncCompletionSpecification> sseCompletions() {
    return completions(
        (reference, handler) ->
            new McpServerFeatures.AsyncCompletionSpecification(
                reference,
                (exchange, request) ->
                    ownedSse(
                        exchange,
                        () -> handler.apply(sseContext(exchange, request, null), request))));
  }

  private <T> Mono<T> ownedSse(
      McpAsyncServerExchange exchange, java.util.function.Supplier<Mono<T>> work) {
    if (!ownsSseSession(exchange)) {
      return Mono.error(
          McpError.builder(-32600).message("this MCP session belongs to another user").build());
    }
    return work.get();
  }

  private boolean ownsSseSession(McpAsyncServerExchange exchange) {
    Principal principal = principal(exchange.transportContext());
    if (principal == null) {
      return true; // refused as unauthenticated further on
    }
    UserId owner = sseOwners.putIfAbsent(exchange.sessionId(), principal.userId());
    return owner == null || owner.equals(principal.userId());
  }

  private static ToolContext sseContext(
      McpAsyncServerExchange exchange, McpSchema.Request request, String logger) {
    Principal principal = principal(exchange.transportContext());
    if (principal == null) {
      return null;
    }
    return new ToolContext(
        principal,
        request.progressToken(),
        logger,
        new ExchangeNotifications(exchange),
        Cancellation.never());
  }

  // --- completions: one per prompt and per resource template ---

  private <S> List<S> completions(
      BiFunction<
              McpSchema.CompleteReference,
              BiFunction<ToolContext, McpSchema.CompleteRequest, Mono<McpSchema.CompleteResult>>,
              S>
          specification) {
    List<S> all = new java.util.ArrayList<>();
    for (McpPrompt prompt : features.prompts()) {
      all.add(
          specification.apply(
              new McpSchema.PromptReference(prompt.name()),
              (context, request) ->
                  complete("prompt", prompt.name(), context, request, prompt::complete)));
    }
    for (McpResourceTemplate template : features.resourceTemplates()) {
      all.add(
          specification.apply(
              new McpSchema.ResourceReference(template.uriTemplate()),
              (context, request) ->
                  complete(
                      "resource template",
                      template.uriTemplate(),
                      context,
                      request,
                      template::complete)));
    }
    return all;
  }

  private static Map<String, String> strings(Map<String, ?> raw) {
    if (raw == null) {
      return Map.of();
    }
    Map<String, String> strings = new LinkedHashMap<>();
    raw.forEach(
        (name, value) -> {
          if (name != null && value != null) {
            strings.put(name, String.valueOf(value));
          }
        });
    return Collections.unmodifiableMap(strings);
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
