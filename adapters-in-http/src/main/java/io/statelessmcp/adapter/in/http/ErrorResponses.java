package io.statelessmcp.adapter.in.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes every error body this adapter sends, HTTP and JSON-RPC alike, with one mapper: a filter
 * writing the response and a handler rendering it send the same bytes, whatever the codecs of the
 * application are configured to do. The member order is pinned on each body: Jackson 3 sorts
 * properties alphabetically by default, and only the record constructor keeps these in order.
 */
public final class ErrorResponses {

  private static final JsonMapper JSON = JsonMapper.shared();

  private ErrorResponses() {}

  /** The body of every HTTP error, as OAuth 2.0 spells it. */
  @JsonPropertyOrder({"error", "error_description"})
  record ErrorBody(String error, @JsonProperty("error_description") String errorDescription) {}

  /**
   * An HTTP error answer.
   *
   * @param headers set besides {@code Content-Type}, such as {@code WWW-Authenticate}
   */
  record HttpError(HttpStatus status, Map<String, String> headers, ErrorBody body) {

    HttpError {
      headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    HttpError(HttpStatus status, String error, String description) {
      this(status, Map.of(), new ErrorBody(error, description));
    }

    HttpError withHeader(String name, String value) {
      Map<String, String> more = new LinkedHashMap<>(headers);
      more.put(name, value);
      return new HttpError(status, more, body);
    }
  }

  /** JSON-RPC 2.0 error response; {@code id} is written even when null, as the spec demands. */
  @JsonPropertyOrder({"jsonrpc", "id", "error"})
  record JsonRpcErrorResponse(String jsonrpc, Object id, JsonRpcError error) {}

  @JsonPropertyOrder({"code", "message"})
  record JsonRpcError(int code, String message) {}

  /** For filters, which answer before any handler runs. */
  static Mono<Void> write(ServerHttpResponse response, HttpError error) {
    response.setStatusCode(error.status());
    error.headers().forEach(response.getHeaders()::set);
    return writeJson(response, error.body());
  }

  /** For handlers. */
  static Mono<ServerResponse> render(HttpError error) {
    return ServerResponse.status(error.status())
        .contentType(MediaType.APPLICATION_JSON)
        .headers(headers -> error.headers().forEach(headers::set))
        .bodyValue(JSON.writeValueAsBytes(error.body()));
  }

  /**
   * A JSON-RPC error with an HTTP status.
   *
   * @param id the request's id, or null when it is absent or unusable
   */
  public static Mono<Void> writeJsonRpc(
      ServerHttpResponse response, HttpStatus status, Object id, int code, String message) {
    response.setStatusCode(status);
    return writeJson(
        response, new JsonRpcErrorResponse("2.0", id, new JsonRpcError(code, message)));
  }

  private static Mono<Void> writeJson(ServerHttpResponse response, Object body) {
    response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
    byte[] bytes = JSON.writeValueAsBytes(body);
    return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
  }
}
