package io.statelessmcp.adapter.in.http.mcp;

import io.statelessmcp.adapter.in.http.ErrorResponses;
import java.io.ByteArrayOutputStream;
import java.util.Objects;
import org.reactivestreams.Publisher;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Guards the JSON-RPC endpoints before the SDK sees a request: a body not declared {@code
 * application/json} gets 415, a body over the limit 413, malformed JSON-RPC or params that are not
 * objects a JSON-RPC error, each instead of the SDK's raw exception body or a 500. Runs after
 * authentication, so an anonymous caller learns nothing from it.
 *
 * <p>A refusal is sent only after the rest of the body has been read and discarded, up to {@link
 * #DISCARD_FACTOR} times the limit: answering while the client is still sending, and then closing,
 * can reset the connection before the client reads the answer. Past that bound the answer says
 * {@code Connection: close}.
 */
public final class JsonRpcGuardFilter implements WebFilter, Ordered {

  /** After {@link io.statelessmcp.adapter.in.http.SessionWebFilter}. */
  public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

  static final int PARSE_ERROR = -32700;
  static final int INVALID_REQUEST = -32600;
  static final int INVALID_PARAMS = -32602;
  static final int INTERNAL_ERROR = -32603;

  /**
   * How far past the limit a refused body is still read, so that the client can read the answer.
   */
  static final int DISCARD_FACTOR = 16;

  private static final JsonMapper JSON = JsonMapper.shared();
  private static final String TOOLS_CALL = "tools/call";
  private static final String OWN_ERROR_BODY = JsonRpcGuardFilter.class.getName() + ".ownBody";

  private final int maxRequestBytes;
  private final long discardBytes;

  public JsonRpcGuardFilter(int maxRequestBytes) {
    this.maxRequestBytes = maxRequestBytes;
    this.discardBytes = (long) DISCARD_FACTOR * maxRequestBytes;
  }

  @Override
  public int getOrder() {
    return ORDER;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    ServerHttpRequest request = exchange.getRequest();
    String path = request.getPath().value();
    boolean jsonRpc =
        request.getMethod() == HttpMethod.POST
            && (McpEndpoints.STREAMABLE_ENDPOINT.equals(path)
                || McpEndpoints.SSE_MESSAGE_ENDPOINT.equals(path));
    if (!jsonRpc) {
      return chain.filter(exchange);
    }
    if (!declaresJson(request.getHeaders())) {
      exchange.getResponse().getHeaders().set("Accept-Post", MediaType.APPLICATION_JSON_VALUE);
      return refuseUnread(
          exchange,
          HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          INVALID_REQUEST,
          "Invalid Request: Content-Type must be application/json");
    }
    if (request.getHeaders().getContentLength() > maxRequestBytes) {
      return refuseUnread(exchange, HttpStatus.CONTENT_TOO_LARGE, INVALID_REQUEST, tooLarge());
    }
    return read(request, maxRequestBytes)
        .flatMap(
            body ->
                body.kept() == null
                    ? answer(
                        exchange,
                        body.wholeBodyRead(),
                        HttpStatus.CONTENT_TOO_LARGE,
                        null,
                        INVALID_REQUEST,
                        tooLarge())
                    : check(exchange, chain, body.kept()));
  }

  /** A missing or unparsable Content-Type is not JSON either; parameters such as charset are. */
  private static boolean declaresJson(HttpHeaders headers) {
    try {
      MediaType type = headers.getContentType();
      return type != null && MediaType.APPLICATION_JSON.equalsTypeAndSubtype(type);
    } catch (InvalidMediaTypeException e) {
      return false;
    }
  }

  /**
   * Refuses before the body is read: discards it first, unless the client is waiting for a 100
   * Continue (it has not sent the body) or declared more than would be read anyway.
   */
  private Mono<Void> refuseUnread(
      ServerWebExchange exchange, HttpStatus status, int code, String message) {
    HttpHeaders headers = exchange.getRequest().getHeaders();
    boolean awaitsContinue = "100-continue".equalsIgnoreCase(headers.getFirst(HttpHeaders.EXPECT));
    if (awaitsContinue || headers.getContentLength() > discardBytes) {
      return answer(exchange, false, status, null, code, message);
    }
    return read(exchange.getRequest(), 0)
        .flatMap(body -> answer(exchange, body.wholeBodyRead(), status, null, code, message));
  }

  /**
   * Reads the body, keeping it while it is within {@code keepBytes} and otherwise only counting it,
   * until it ends or passes the discard bound.
   */
  private Mono<Body> read(ServerHttpRequest request, int keepBytes) {
    return DataBufferUtils.takeUntilByteCount(request.getBody(), discardBytes + 1)
        .reduce(new BodyReader(keepBytes), BodyReader::add)
        .map(reader -> reader.result(discardBytes));
  }

  /**
   * @param wholeBodyRead false when the request still has unread bytes: then the connection cannot
   *     carry another request and is closed after this answer
   */
  private static Mono<Void> answer(
      ServerWebExchange exchange,
      boolean wholeBodyRead,
      HttpStatus status,
      Object id,
      int code,
      String message) {
    if (!wholeBodyRead) {
      exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
    }
    return reject(exchange, status, id, code, message);
  }

  private Mono<Void> check(ServerWebExchange exchange, WebFilterChain chain, byte[] body) {
    Envelope message;
    try {
      message = Envelope.scan(body);
    } catch (JacksonException e) {
      return badRequest(exchange, null, PARSE_ERROR, "Parse error: the body is not JSON");
    }
    if (message.shape() == Shape.EMPTY) {
      return badRequest(exchange, null, PARSE_ERROR, "Parse error: the body is empty");
    }
    if (message.shape() == Shape.ARRAY) {
      return badRequest(
          exchange, null, INVALID_REQUEST, "Invalid Request: batches are not supported");
    }
    if (message.shape() == Shape.SCALAR) {
      return badRequest(exchange, null, INVALID_REQUEST, "Invalid Request: expected a JSON object");
    }
    if (message.idMalformed()) {
      return badRequest(
          exchange, null, INVALID_REQUEST, "Invalid Request: id must be a string or an integer");
    }
    Object id = message.id();
    if (!"2.0".equals(message.version())) {
      return badRequest(exchange, id, INVALID_REQUEST, "Invalid Request: jsonrpc must be \"2.0\"");
    }
    if (!message.isResponse() && (message.method() == null || message.method().isEmpty())) {
      return badRequest(
          exchange, id, INVALID_REQUEST, "Invalid Request: method must be a non-empty string");
    }
    String invalidParams = message.isResponse() ? null : invalidParams(message);
    if (invalidParams != null) {
      return badRequest(exchange, id, INVALID_PARAMS, "Invalid params: " + invalidParams);
    }
    ServerHttpRequest replay =
        new ServerHttpRequestDecorator(exchange.getRequest()) {
          @Override
          public Flux<DataBuffer> getBody() {
            return Flux.defer(() -> Flux.just(exchange.getResponse().bufferFactory().wrap(body)));
          }
        };
    return chain.filter(
        exchange.mutate().request(replay).response(new SdkErrorBodies(exchange, id)).build());
  }

  /**
   * What the SDK would answer with a serialised Java exception or a 500: params that are not an
   * object (JSON-RPC allows arrays, MCP does not), and tools/call without params or with arguments
   * that are not an object. Null when the params are acceptable.
   */
  private static String invalidParams(Envelope message) {
    if (message.params() != null && message.params() != JsonToken.START_OBJECT) {
      return "params must be an object";
    }
    if (message.meta() != null && message.meta() != JsonToken.START_OBJECT) {
      return "_meta must be an object";
    }
    if (TOOLS_CALL.equals(message.method())) {
      if (message.params() == null) {
        return "tools/call needs params naming the tool";
      }
      if (message.arguments() != null && message.arguments() != JsonToken.START_OBJECT) {
        return "arguments must be an object";
      }
    }
    return null;
  }

  private String tooLarge() {
    return "Invalid Request: the body exceeds " + maxRequestBytes + " bytes";
  }

  /**
   * Marks an error answer as one of ours, already a JSON-RPC error worth reading (unlike the SDK's
   * serialised exceptions), so its body is sent as written.
   */
  static void keepErrorBody(ServerWebExchange exchange) {
    exchange.getAttributes().put(OWN_ERROR_BODY, Boolean.TRUE);
  }

  /** Every fault in a body that was read whole is the client's: 400 with a JSON-RPC error. */
  private static Mono<Void> badRequest(
      ServerWebExchange exchange, Object id, int code, String message) {
    return reject(exchange, HttpStatus.BAD_REQUEST, id, code, message);
  }

  private static Mono<Void> reject(
      ServerWebExchange exchange, HttpStatus status, Object id, int code, String message) {
    return ErrorResponses.writeJsonRpc(exchange.getResponse(), status, id, code, message);
  }

  /**
   * What was read of a body.
   *
   * @param kept the body, or null when it was longer than the bytes to keep
   * @param wholeBodyRead false when reading stopped at the discard bound
   */
  private record Body(byte[] kept, boolean wholeBodyRead) {}

  /**
   * Copies each buffer while within the bytes to keep, counts it, and releases it. A body in one
   * buffer, the common case, is copied once.
   */
  private static final class BodyReader {

    private final int keepBytes;
    private byte[] first = new byte[0];
    private ByteArrayOutputStream more;
    private boolean overLimit;
    private long total;

    BodyReader(int keepBytes) {
      this.keepBytes = keepBytes;
    }

    BodyReader add(DataBuffer buffer) {
      try {
        int length = buffer.readableByteCount();
        total += length;
        if (total > keepBytes) {
          overLimit = true;
          first = null; // what was kept so far is garbage now
          more = null;
        } else if (total == length) {
          first = new byte[length];
          buffer.read(first);
        } else {
          if (more == null) {
            more = new ByteArrayOutputStream();
            more.writeBytes(first);
          }
          byte[] bytes = new byte[length];
          buffer.read(bytes);
          more.writeBytes(bytes);
        }
        return this;
      } finally {
        DataBufferUtils.release(buffer);
      }
    }

    Body result(long discardBytes) {
      byte[] kept = overLimit ? null : more != null ? more.toByteArray() : first;
      return new Body(kept, total <= discardBytes);
    }
  }

  /**
   * The SDK answers what passed this guard but not its own checks (a member of the wrong type in a
   * tool call's params, a JSON-RPC response on the stateless endpoint, an unknown SSE session) with
   * an HTTP error whose body is a serialised exception, stack trace and class names included. This
   * keeps the status and writes a JSON-RPC error instead.
   */
  private static final class SdkErrorBodies extends ServerHttpResponseDecorator {

    private final ServerWebExchange exchange;
    private final Object id;

    SdkErrorBodies(ServerWebExchange exchange, Object id) {
      super(exchange.getResponse());
      this.exchange = exchange;
      this.id = id;
    }

    @Override
    public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
      HttpStatusCode status = getStatusCode();
      if (status == null || !status.isError() || exchange.getAttribute(OWN_ERROR_BODY) != null) {
        return super.writeWith(body);
      }
      getHeaders().remove(HttpHeaders.CONTENT_LENGTH);
      boolean clientError = status.is4xxClientError();
      return Flux.from(body)
          .doOnNext(DataBufferUtils::release)
          .then(
              ErrorResponses.writeJsonRpc(
                  getDelegate(),
                  Objects.requireNonNullElse(
                      HttpStatus.resolve(status.value()),
                      clientError ? HttpStatus.BAD_REQUEST : HttpStatus.INTERNAL_SERVER_ERROR),
                  id,
                  clientError ? INVALID_REQUEST : INTERNAL_ERROR,
                  clientError
                      ? "Invalid Request: the message does not fit the MCP schema"
                      : "Internal error"));
    }
  }

  private enum Shape {
    EMPTY,
    ARRAY,
    SCALAR,
    OBJECT
  }

  /**
   * The members the guard judges, read in one streaming pass instead of a tree: the SDK parses the
   * body again anyway. A repeated member keeps its last value, as a tree would.
   *
   * @param id the string or integral id, or null when absent or malformed
   * @param version {@code jsonrpc} when it is a string, else null
   * @param method {@code method} when it is a string, else null
   * @param params the first token of {@code params}, or null when absent
   * @param meta the first token of {@code params._meta}, or null when absent
   * @param arguments the first token of {@code params.arguments}, or null when absent
   */
  private record Envelope(
      Shape shape,
      Object id,
      boolean idMalformed,
      String version,
      String method,
      boolean isResponse,
      JsonToken params,
      JsonToken meta,
      JsonToken arguments) {

    private static final Envelope EMPTY = of(Shape.EMPTY);
    private static final Envelope ARRAY = of(Shape.ARRAY);
    private static final Envelope SCALAR = of(Shape.SCALAR);

    private static Envelope of(Shape shape) {
      return new Envelope(shape, null, false, null, null, false, null, null, null);
    }

    /** Tokenizes the whole body, so malformed JSON anywhere, even after the root, throws. */
    static Envelope scan(byte[] body) {
      try (JsonParser parser = JSON.createParser(body)) {
        JsonToken root = parser.nextToken();
        if (root == null) {
          return EMPTY;
        }
        Envelope envelope =
            switch (root) {
              case START_OBJECT -> readMembers(parser);
              case START_ARRAY -> {
                consumeValue(parser);
                yield ARRAY;
              }
              default -> {
                consumeValue(parser);
                yield SCALAR;
              }
            };
        JsonToken trailing = parser.nextToken();
        if (trailing != null) {
          throw new StreamReadException(parser, "Trailing token after the root value: " + trailing);
        }
        return envelope;
      }
    }

    private static Envelope readMembers(JsonParser parser) {
      Object id = null;
      boolean idMalformed = false;
      String version = null;
      String method = null;
      boolean isResponse = false;
      JsonToken params = null;
      JsonToken meta = null;
      JsonToken arguments = null;
      while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (name) {
          case "id" -> {
            id =
                switch (value) {
                  case VALUE_STRING -> parser.getString();
                  case VALUE_NUMBER_INT -> parser.getNumberValue();
                  default -> null;
                };
            idMalformed = id == null;
          }
          case "jsonrpc" -> version = value == JsonToken.VALUE_STRING ? parser.getString() : null;
          case "method" -> method = value == JsonToken.VALUE_STRING ? parser.getString() : null;
          case "result", "error" -> isResponse = true;
          case "params" -> {
            params = value;
            meta = null;
            arguments = null;
            if (value == JsonToken.START_OBJECT) {
              // the members of params, one level down; their values are consumed as usual
              while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String member = parser.currentName();
                JsonToken memberValue = parser.nextToken();
                switch (member) {
                  case "_meta" -> meta = memberValue;
                  case "arguments" -> arguments = memberValue;
                  default -> {}
                }
                consumeValue(parser);
              }
              continue; // now at the END_OBJECT of params: nothing left to consume
            }
          }
          default -> {}
        }
        consumeValue(parser);
      }
      return new Envelope(
          Shape.OBJECT, id, idMalformed, version, method, isResponse, params, meta, arguments);
    }

    /**
     * Like {@code skipChildren()}, but decodes each string as a tree would: skipping a string does
     * not reject a UTF-8-encoded surrogate.
     */
    private static void consumeValue(JsonParser parser) {
      int depth = 0;
      JsonToken token = parser.currentToken();
      while (true) {
        switch (token) {
          case START_OBJECT, START_ARRAY -> depth++;
          case END_OBJECT, END_ARRAY -> depth--;
          case VALUE_STRING -> parser.getStringLength();
          default -> {}
        }
        if (depth == 0) {
          return;
        }
        token = parser.nextToken();
      }
    }
  }
}
