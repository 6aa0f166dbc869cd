package io.statelessmcp.adapter.in.http.mcp;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
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
    JsonNode message;
    try {
      message = JSON.readTree(body);
    } catch (JacksonException e) {
      return reject(
          exchange, HttpStatus.BAD_REQUEST, null, PARSE_ERROR, "Parse error: the body is not JSON");
    }
    if (message == null || message.isMissingNode()) {
      return reject(
          exchange, HttpStatus.BAD_REQUEST, null, PARSE_ERROR, "Parse error: the body is empty");
    }
    if (message.isArray()) {
      return reject(
          exchange,
          HttpStatus.BAD_REQUEST,
          null,
          INVALID_REQUEST,
          "Invalid Request: batches are not supported");
    }
    if (!message.isObject()) {
      return reject(
          exchange,
          HttpStatus.BAD_REQUEST,
          null,
          INVALID_REQUEST,
          "Invalid Request: expected a JSON object");
    }
    JsonNode id = message.get("id");
    if (id != null && !(id.isTextual() || id.isIntegralNumber())) {
      return reject(
          exchange,
          HttpStatus.BAD_REQUEST,
          null,
          INVALID_REQUEST,
          "Invalid Request: id must be a string or an integer");
    }
    JsonNode version = message.get("jsonrpc");
    if (version == null || !version.isTextual() || !"2.0".equals(version.asText())) {
      return reject(
          exchange,
          HttpStatus.BAD_REQUEST,
          id,
          INVALID_REQUEST,
          "Invalid Request: jsonrpc must be \"2.0\"");
    }
    JsonNode method = message.get("method");
    boolean isResponse = message.has("result") || message.has("error");
    if (!isResponse && (method == null || !method.isTextual() || method.asText().isEmpty())) {
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
      ServerWebExchange exchange, HttpStatus status, JsonNode id, int code, String message) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    Map<String, Object> envelope = new LinkedHashMap<>();
    envelope.put("jsonrpc", "2.0");
    envelope.put("id", id == null ? null : (id.isIntegralNumber() ? id.longValue() : id.asText()));
    envelope.put("error", error);
    exchange.getResponse().setStatusCode(status);
    exchange.getResponse().getHeaders().setContentType(MediaType.APPLICATION_JSON);
    byte[] bytes = JSON.writeValueAsBytes(envelope);
    return exchange
        .getResponse()
        .writeWith(Mono.just(exchange.getResponse().bufferFactory().wrap(bytes)));
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
}
