package io.statelessmcp.adapter.in.http;

import io.statelessmcp.application.failure.InvalidRequest;
import io.statelessmcp.application.failure.LoginRejected;
import io.statelessmcp.application.failure.ProviderUnavailable;
import io.statelessmcp.application.failure.ServiceFailure;
import io.statelessmcp.application.failure.SessionRejected;
import io.statelessmcp.application.failure.TokenRejected;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place where business failures become HTTP answers: a status, a JSON body {@code {"error":
 * ..., "error_description": ...}} and, for authentication failures, the {@code WWW-Authenticate}
 * challenge that points clients at the resource metadata.
 */
public final class FailureResponses {

  static final String RETRY_AFTER_SECONDS = "5";
  private static final JsonMapper JSON = JsonMapper.shared();

  private final String resourceMetadataUrl;

  public FailureResponses(HttpSettings settings) {
    this.resourceMetadataUrl = settings.resourceMetadataUrl();
  }

  /** Status, error code and description of a failure. Unknown errors are not mapped here. */
  record Answer(HttpStatus status, String error, String description) {}

  static Answer answer(ServiceFailure failure) {
    if (failure instanceof SessionRejected rejected) {
      return new Answer(HttpStatus.UNAUTHORIZED, errorCode(rejected), rejected.getMessage());
    }
    if (failure instanceof TokenRejected rejected) {
      return new Answer(HttpStatus.UNAUTHORIZED, "invalid_token", rejected.getMessage());
    }
    if (failure instanceof LoginRejected rejected) {
      return rejected.reason() == LoginRejected.Reason.CLIENT_REJECTED
          ? new Answer(
              HttpStatus.BAD_GATEWAY, "identity_provider_misconfigured", rejected.getMessage())
          : new Answer(
              HttpStatus.BAD_REQUEST, loginErrorCode(rejected.reason()), rejected.getMessage());
    }
    if (failure instanceof ProviderUnavailable unavailable) {
      return new Answer(
          HttpStatus.SERVICE_UNAVAILABLE,
          "identity_provider_unavailable",
          unavailable.getMessage());
    }
    InvalidRequest invalid = (InvalidRequest) failure;
    return new Answer(HttpStatus.BAD_REQUEST, "invalid_request", invalid.getMessage());
  }

  Mono<ServerResponse> render(ServiceFailure failure) {
    Answer answer = answer(failure);
    ServerResponse.BodyBuilder builder =
        ServerResponse.status(answer.status()).contentType(MediaType.APPLICATION_JSON);
    builder.headers(headers -> decorate(headers, answer, failure));
    return builder.bodyValue(body(answer.error(), answer.description()));
  }

  /** For filters, which answer before any handler runs. */
  Mono<Void> write(ServerHttpResponse response, ServiceFailure failure) {
    Answer answer = answer(failure);
    response.setStatusCode(answer.status());
    decorate(response.getHeaders(), answer, failure);
    return writeJson(response, body(answer.error(), answer.description()));
  }

  static Mono<Void> writeJson(ServerHttpResponse response, Object body) {
    response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
    byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
    return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
  }

  static Map<String, Object> body(String error, String description) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", error);
    body.put("error_description", description);
    return body;
  }

  private void decorate(HttpHeaders headers, Answer answer, ServiceFailure failure) {
    if (answer.status() == HttpStatus.UNAUTHORIZED) {
      headers.set(HttpHeaders.WWW_AUTHENTICATE, challenge(failure));
    }
    if (answer.status() == HttpStatus.SERVICE_UNAVAILABLE) {
      headers.set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
    }
  }

  private String challenge(ServiceFailure failure) {
    boolean nothingPresented =
        failure instanceof SessionRejected rejected
            && rejected.reason() == SessionRejected.Reason.MISSING;
    if (nothingPresented) {
      return "Bearer resource_metadata=\"" + resourceMetadataUrl + "\"";
    }
    return "Bearer error=\"invalid_token\", error_description=\""
        + failure.getMessage().replace("\"", "'")
        + "\", resource_metadata=\""
        + resourceMetadataUrl
        + "\"";
  }

  private static String errorCode(SessionRejected rejected) {
    return switch (rejected.reason()) {
      case MISSING -> "missing_credential";
      case EXPIRED -> "session_expired";
      case REVOKED -> "session_revoked";
      default -> "invalid_session";
    };
  }

  private static String loginErrorCode(LoginRejected.Reason reason) {
    return switch (reason) {
      case MISSING_CODE -> "missing_code";
      case UNKNOWN_STATE, EXPIRED_STATE, STATE_MISMATCH -> "invalid_state";
      default -> "invalid_grant";
    };
  }
}
