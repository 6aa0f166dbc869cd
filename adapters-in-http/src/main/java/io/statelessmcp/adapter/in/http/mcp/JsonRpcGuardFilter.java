package io.statelessmcp.adapter.in.http.mcp;

import io.statelessmcp.adapter.in.http.ErrorResponses;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
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
 * Answers malformed JSON-RPC with a JSON-RPC error instead of the SDK's raw exception body, and a
 * body over the limit with 413 instead of a 500. Runs after authentication, so an anonymous caller
 * learns nothing from it.
 */
public final class JsonRpcGuardFilter implements WebFilter, Ordered {

  /** After {@link io.statelessmcp.adapter.in.http.SessionWebFilter}. */
  public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

  static final int PARSE_ERROR = -32700;
  static final int INVALID_REQUEST = -32600;
  private static final JsonMapper JSON = JsonMapper.shared();

  private final int maxRequestBytes;

  public JsonRpcGuardFilter(int maxRequestBytes) {
    this.maxRequestBytes = maxRequestBytes;
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
    long declared = request.getHeaders().getContentLength();
    if (declared > maxRequestBytes) {
      return reject(exchange, HttpStatus.CONTENT_TOO_LARGE, null, INVALID_REQUEST, tooLarge());
    }
    return DataBufferUtils.join(request.getBody(), maxRequestBytes)
        .map(JsonRpcGuardFilter::drain)
        .defaultIfEmpty(new byte[0])
        .flatMap(body -> check(exchange, chain, body))
        .onErrorResume(
            DataBufferLimitException.class,
            e -> reject(exchange, HttpStatus.CONTENT_TOO_LARGE, null, INVALID_REQUEST, tooLarge()));
  }

  private Mono<Void> check(ServerWebExchange exchange, WebFilterChain chain, byte[] body) {
    Envelope message;
    try {
      message = Envelope.scan(body);
    } catch (JacksonException e) {
      return reject(
          exchange, HttpStatus.BAD_REQUEST, null, PARSE_ERROR, "Parse error: the body is not JSON");
    }
    if (message.shape() == Shape.EMPTY) {
      return reject(
          exchange, HttpStatus.BAD_REQUEST, null, PARSE_ERROR, "Parse error: the body is empty");
    }
    if (message.shape() == Shape.ARRAY) {
      return reject(
          exchange,
          HttpStatus.BAD_REQUEST,
          null,
          INVALID_REQUEST,
          "Invalid Request: batches are not supported");
    }
    if (message.shape() == Shape.SCALAR) {
      return reject(
          exchange,
          HttpStatus.BAD_REQUEST,
          null,
          INVALID_REQUEST,
          "Invalid Request: expected a JSON object");
    }
    if (message.idMalformed()) {
      return reject(
          exchange,
          HttpStatus.BAD_REQUEST,
          null,
          INVALID_REQUEST,
          "Invalid Request: id must be a string or an integer");
    }
    Object id = message.id();
    if (!"2.0".equals(message.version())) {
      return reject(
          exchange,
          HttpStatus.BAD_REQUEST,
          id,
          INVALID_REQUEST,
          "Invalid Request: jsonrpc must be \"2.0\"");
    }
    if (!message.isResponse() && (message.method() == null || message.method().isEmpty())) {
      return reject(
          exchange,
          HttpStatus.BAD_REQUEST,
          id,
          INVALID_REQUEST,
          "Invalid Request: method must be a non-empty string");
    }
    ServerHttpRequest replay =
        new ServerHttpRequestDecorator(exchange.getRequest()) {
          @Override
          public Flux<DataBuffer> getBody() {
            return Flux.defer(() -> Flux.just(exchange.getResponse().bufferFactory().wrap(body)));
          }
        };
    return chain.filter(exchange.mutate().request(replay).build());
  }

  private String tooLarge() {
    return "Invalid Request: the body exceeds " + maxRequestBytes + " bytes";
  }

  private static Mono<Void> reject(
      ServerWebExchange exchange, HttpStatus status, Object id, int code, String message) {
    return ErrorResponses.writeJsonRpc(exchange.getResponse(), status, id, code, message);
  }

  private static byte[] drain(DataBuffer buffer) {
    try {
      byte[] bytes = new byte[buffer.readableByteCount()];
      buffer.read(bytes);
      return bytes;
    } finally {
      DataBufferUtils.release(buffer);
    }
  }

  private enum Shape {
    EMPTY,
    ARRAY,
    SCALAR,
    OBJECT
  }

  /**
   * The top-level members the guard judges, read in one streaming pass instead of a tree: the SDK
   * parses the body again anyway. A repeated member keeps its last value, as a tree would.
   *
   * @param id the string or integral id, or null when absent or malformed
   * @param version {@code jsonrpc} when it is a string, else null
   * @param method {@code method} when it is a string, else null
   */
  private record Envelope(
      Shape shape,
      Object id,
      boolean idMalformed,
      String version,
      String method,
      boolean isResponse) {

    private static final Envelope EMPTY = new Envelope(Shape.EMPTY, null, false, null, null, false);
    private static final Envelope ARRAY = new Envelope(Shape.ARRAY, null, false, null, null, false);
    private static final Envelope SCALAR =
        new Envelope(Shape.SCALAR, null, false, null, null, false);

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
          default -> {}
        }
        consumeValue(parser);
      }
      return new Envelope(Shape.OBJECT, id, idMalformed, version, method, isResponse);
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
