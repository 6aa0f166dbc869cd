package io.statelessmcp.adapter.in.http.mcp;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import io.statelessmcp.adapter.in.http.Principals;
import io.statelessmcp.application.port.in.McpProtocolSessions;
import io.statelessmcp.application.port.in.Principal;
import io.statelessmcp.domain.LogLevel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * MCP's Streamable HTTP transport at {@code /mcp}, stateless in the sense that matters here: any
 * replica answers any POST, and nothing a request needs lives in one replica's memory.
 *
 * <ul>
 *   <li>{@code initialize} answers with an {@code Mcp-Session-Id} that every replica accepts from
 *       the user it was issued to ({@link ProtocolSessionIds}); a request with an id this server
 *       did not issue to the caller gets 404, so the client initializes again. Requests without one
 *       are served, as before.
 *   <li>{@code logging/setLevel} stores the level for the protocol session ({@link
 *       McpProtocolSessions}), so a request on another replica honours it.
 *   <li>A request answers JSON, or an SSE stream once it sends a notification first ({@link
 *       ResponseChannel}).
 *   <li>{@code notifications/cancelled} stops the request here, or is announced to the replica
 *       running it.
 * </ul>
 *
 * Everything else is the SDK's ({@code McpStatelessAsyncServer} sets the handler): dispatch,
 * argument validation, the result types. Adapted from the SDK's {@code
 * WebFluxStatelessServerTransport}, which answers one JSON body and nothing else.
 */
final class StreamableHttpTransport implements McpStatelessServerTransport {

  static final String SET_LEVEL = McpSchema.METHOD_LOGGING_SET_LEVEL;
  static final String CANCELLED = "notifications/cancelled";

  /** What the TypeScript SDK and the specification's examples use for an unknown session. */
  static final int SESSION_NOT_FOUND = -32001;

  private static final Logger LOG = LoggerFactory.getLogger(StreamableHttpTransport.class);
  private static final String LEVELS =
      Arrays.stream(LogLevel.values()).map(LogLevel::wireName).collect(Collectors.joining(", "));

  private final String endpoint;
  private final McpJsonMapper json;
  private final ProtocolSessionIds sessionIds;
  private final McpProtocolSessions protocolSessions;
  private final InFlightRequests inFlight = new InFlightRequests();
  private final Disposable announcedCancellations;
  private volatile McpStatelessServerHandler handler;
  private volatile boolean closing;

  StreamableHttpTransport(
      String endpoint,
      McpJsonMapper json,
      ProtocolSessionIds sessionIds,
      McpProtocolSessions protocolSessions) {
    this.endpoint = endpoint;
    this.json = json;
    this.sessionIds = sessionIds;
    this.protocolSessions = protocolSessions;
    this.announcedCancellations =
        protocolSessions
            .cancellations()
            .doOnError(e -> LOG.warn("cancellations not heard: {}", e.getClass().getSimpleName()))
            .retry()
            .subscribe(inFlight::cancel);
  }

  @Override
  public void setMcpHandler(McpStatelessServerHandler handler) {
    this.handler = handler;
  }

  @Override
  public Mono<Void> closeGracefully() {
    return Mono.fromRunnable(
        () -> {
          closing = true;
          announcedCancellations.dispose();
        });
  }

  /** POST serves; GET (no server-initiated stream) and DELETE (nothing stored to end) get 405. */
  RouterFunction<ServerResponse> routes() {
    return RouterFunctions.route()
        .POST(endpoint, this::post)
        .GET(endpoint, request -> notAllowed())
        .DELETE(endpoint, request -> notAllowed())
        .build();
  }

  int inFlight() {
    return inFlight.size();
  }

  private static Mono<ServerResponse> notAllowed() {
    return ServerResponse.status(HttpStatus.METHOD_NOT_ALLOWED)
        .header(HttpHeaders.ALLOW, "POST")
        .build();
  }

  private Mono<ServerResponse> post(ServerRequest request) {
    if (closing) {
      return ServerResponse.status(HttpStatus.SERVICE_UNAVAILABLE).build();
    }
    Principal principal = Principals.require(request);
    List<MediaType> accept = request.headers().accept();
    boolean acceptsJson =
        accept.isEmpty() || accept.stream().anyMatch(a -> a.includes(MediaType.APPLICATION_JSON));
    boolean acceptsStream =
        accept.stream().anyMatch(a -> a.equalsTypeAndSubtype(MediaType.TEXT_EVENT_STREAM));
    if (!acceptsJson && !acceptsStream) {
      return error(
          request,
          HttpStatus.NOT_ACCEPTABLE,
          null,
          -32600,
          "Not Acceptable: accept application/json and text/event-stream");
    }
    return request
        .bodyToMono(String.class)
        .defaultIfEmpty("")
        .flatMap(body -> handle(request, principal, body, acceptsJson, acceptsStream));
  }

  private Mono<ServerResponse> handle(
      ServerRequest request,
      Principal principal,
      String body,
      boolean acceptsJson,
      boolean acceptsStream) {
    McpSchema.JSONRPCMessage message;
    try {
      message = McpSchema.deserializeJsonRpcMessage(json, body);
    } catch (IOException | IllegalArgumentException e) {
      return error(request, HttpStatus.BAD_REQUEST, null, -32600, "Invalid Request");
    }
    Object id = message instanceof McpSchema.JSONRPCRequest call ? call.id() : null;
    String sessionId = request.headers().firstHeader(ProtocolSessionIds.HEADER);
    if (sessionId != null && !sessionIds.isValid(sessionId, principal.userId())) {
      return error(
          request,
          HttpStatus.NOT_FOUND,
          id,
          SESSION_NOT_FOUND,
          "Session not found: send initialize without Mcp-Session-Id to start a new one");
    }
    if (message instanceof McpSchema.JSONRPCNotification notification) {
      return notification(principal, sessionId, notification);
    }
    if (!(message instanceof McpSchema.JSONRPCRequest call)) {
      return error(
          request,
          HttpStatus.BAD_REQUEST,
          null,
          -32600,
          "Invalid Request: this server sends no requests, so it takes no responses");
    }
    return switch (call.method()) {
      case McpSchema.METHOD_INITIALIZE -> initialize(principal, call);
      case SET_LEVEL -> setLevel(principal, sessionId, call);
      default -> serve(principal, sessionId, call, acceptsJson, acceptsStream);
    };
  }

  private Mono<ServerResponse> initialize(Principal principal, McpSchema.JSONRPCRequest call) {
    return dispatch(context(principal), call)
        .flatMap(
            response -> {
              ServerResponse.BodyBuilder ok = ServerResponse.ok();
              if (response.error() == null) {
                ok.header(ProtocolSessionIds.HEADER, sessionIds.issue(principal.userId()));
              }
              return ok.contentType(MediaType.APPLICATION_JSON).bodyValue(write(response));
            });
  }

  /**
   * Answers {@code {}} and stores the level for the protocol session. A client without one (it
   * ignored the id from {@code initialize}) has nothing to keep the level in: it gets the default.
   */
  private Mono<ServerResponse> setLevel(
      Principal principal, String sessionId, McpSchema.JSONRPCRequest call) {
    Object raw = call.params() instanceof Map<?, ?> params ? params.get("level") : null;
    LogLevel level = raw instanceof String name ? LogLevel.fromWireName(name).orElse(null) : null;
    if (level == null) {
      return answer(
          McpSchema.JSONRPCResponse.error(
              call.id(),
              new McpSchema.JSONRPCResponse.JSONRPCError(
                  -32602, "Invalid params: level must be one of " + LEVELS, null)));
    }
    Mono<Void> stored =
        sessionId == null
            ? Mono.empty()
            : protocolSessions.setLogLevel(principal, sessionId, level);
    return stored
        .then(Mono.fromSupplier(() -> McpSchema.JSONRPCResponse.result(call.id(), Map.of())))
        .onErrorResume(
            e -> {
              LOG.warn("log level not stored: {}", e.getClass().getSimpleName());
              return Mono.just(
                  McpSchema.JSONRPCResponse.error(
                      call.id(),
                      new McpSchema.JSONRPCResponse.JSONRPCError(
                          -32603, "Internal error: the level could not be stored", null)));
            })
        .flatMap(this::answer);
  }

  private Mono<ServerResponse> serve(
      Principal principal,
      String sessionId,
      McpSchema.JSONRPCRequest call,
      boolean acceptsJson,
      boolean acceptsStream) {
    ResponseChannel channel = new ResponseChannel(json, call.id(), acceptsStream, !acceptsJson);
    RequestNotifications notifications =
        new RequestNotifications(
            channel,
            () ->
                sessionId == null
                    ? Mono.just(LogLevel.DEFAULT)
                    : protocolSessions.logLevel(principal, sessionId));
    Cancellation cancellation = new Cancellation();
    McpTransportContext context =
        McpTransportContext.create(
            Map.of(
                McpEndpoints.PRINCIPAL_KEY,
                principal,
                McpCall.CONTEXT_KEY,
                new McpCall(notifications, cancellation)));
    Mono<McpSchema.JSONRPCResponse> work =
        dispatch(context, call)
            .flatMap(response -> notifications.settled().thenReturn(response))
            .doOnCancel(cancellation::cancel);
    String key = InFlightRequests.key(principal.userId(), sessionId, call.id());
    return channel.respond(work, stop -> inFlight.register(key, stop));
  }

  private Mono<ServerResponse> notification(
      Principal principal, String sessionId, McpSchema.JSONRPCNotification notification) {
    Mono<Void> handled;
    if (CANCELLED.equals(notification.method())) {
      Object requestId =
          notification.params() instanceof Map<?, ?> params ? params.get("requestId") : null;
      handled = requestId == null ? Mono.empty() : cancel(principal, sessionId, requestId);
    } else {
      handled = handler().handleNotification(context(principal), notification);
    }
    return handled.then(ServerResponse.accepted().build());
  }

  /** Stops the request if it runs here; otherwise tells the other replicas. */
  private Mono<Void> cancel(Principal principal, String sessionId, Object requestId) {
    String key = InFlightRequests.key(principal.userId(), sessionId, requestId);
    if (inFlight.cancel(key)) {
      return Mono.empty();
    }
    return protocolSessions
        .announceCancellation(key)
        .onErrorResume(
            e -> {
              LOG.warn("cancellation not announced: {}", e.getClass().getSimpleName());
              return Mono.empty();
            });
  }

  private static McpTransportContext context(Principal principal) {
    return McpTransportContext.create(Map.of(McpEndpoints.PRINCIPAL_KEY, principal));
  }

  /**
   * The SDK's dispatch. It converts params synchronously and throws when they do not fit the method
   * (a string where an object belongs): that is the client's fault, not a 500.
   */
  private Mono<McpSchema.JSONRPCResponse> dispatch(
      McpTransportContext context, McpSchema.JSONRPCRequest call) {
    try {
      return handler().handleRequest(context, call);
    } catch (RuntimeException e) {
      return Mono.just(
          McpSchema.JSONRPCResponse.error(
              call.id(),
              new McpSchema.JSONRPCResponse.JSONRPCError(
                  -32602, "Invalid params: they do not fit the method", null)));
    }
  }

  private McpStatelessServerHandler handler() {
    return Objects.requireNonNull(handler, "the MCP server sets the handler");
  }

  private Mono<ServerResponse> answer(McpSchema.JSONRPCResponse response) {
    return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(write(response));
  }

  /** A JSON-RPC error with an HTTP status; {@link JsonRpcGuardFilter} leaves its body alone. */
  private Mono<ServerResponse> error(
      ServerRequest request, HttpStatus status, Object id, int code, String message) {
    JsonRpcGuardFilter.keepErrorBody(request.exchange());
    return ServerResponse.status(status)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(
            write(
                new ErrorAnswer(
                    McpSchema.JSONRPC_VERSION,
                    id,
                    new McpSchema.JSONRPCResponse.JSONRPCError(code, message, null))));
  }

  /** Unlike the SDK's response record, writes {@code "id":null} when the id is unknown. */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record ErrorAnswer(String jsonrpc, Object id, McpSchema.JSONRPCResponse.JSONRPCError error) {}

  private String write(Object message) {
    try {
      return json.writeValueAsString(message);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
