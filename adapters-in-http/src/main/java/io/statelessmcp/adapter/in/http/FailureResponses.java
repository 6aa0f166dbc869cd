package io.statelessmcp.adapter.in.http;

import io.statelessmcp.adapter.in.http.ErrorResponses.HttpError;
import io.statelessmcp.application.failure.ClientRejected;
import io.statelessmcp.application.failure.GrantRefused;
import io.statelessmcp.application.failure.InvalidRequest;
import io.statelessmcp.application.failure.LoginRejected;
import io.statelessmcp.application.failure.ProviderNotConfigured;
import io.statelessmcp.application.failure.ProviderUnavailable;
import io.statelessmcp.application.failure.ServiceFailure;
import io.statelessmcp.application.failure.SessionRejected;
import io.statelessmcp.application.failure.StorageUnavailable;
import io.statelessmcp.application.failure.TokenRejected;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The one place where business failures become HTTP answers: a status, a JSON body {@code {"error":
 * ..., "error_description": ...}} and, for authentication failures, the {@code WWW-Authenticate}
 * challenge that points clients at the resource metadata.
 */
public final class FailureResponses {

  private static final String RETRY_AFTER_SECONDS = "5";

  private final String resourceMetadataUrl;
  private final Answers answers = new Answers();

  public FailureResponses(HttpSettings settings) {
    this.resourceMetadataUrl = settings.resourceMetadataUrl();
  }

  Mono<ServerResponse> render(ServiceFailure failure) {
    return ErrorResponses.render(failure.accept(answers));
  }

  /**
   * As {@link #render}, except that a browser (it asks for HTML by name) gets a setup problem as a
   * page saying what to set.
   */
  Mono<ServerResponse> render(ServerRequest request, ServiceFailure failure) {
    if (failure instanceof ProviderNotConfigured notConfigured && asksForHtml(request)) {
      return Pages.setupRequired(answer(failure), notConfigured, java.util.List.of());
    }
    return render(failure);
  }

  /** A browser's navigation names {@code text/html}; curl's {@code *}{@code /*} does not. */
  static boolean asksForHtml(ServerRequest request) {
    return request.headers().accept().stream()
        .anyMatch(type -> !type.isWildcardType() && type.includes(MediaType.TEXT_HTML));
  }

  /** The answer, for handlers that show it as a page. */
  HttpError answer(ServiceFailure failure) {
    return failure.accept(answers);
  }

  /** For filters, which answer before any handler runs. */
  Mono<Void> write(ServerHttpResponse response, ServiceFailure failure) {
    return ErrorResponses.write(response, failure.accept(answers));
  }

  /** A visitor, so that the compiler demands an answer for every kind of failure. */
  private final class Answers implements ServiceFailure.Visitor<HttpError> {

    @Override
    public HttpError sessionRejected(SessionRejected failure) {
      String error =
          switch (failure.reason()) {
            case MISSING -> "missing_credential";
            case EXPIRED -> "session_expired";
            case REVOKED -> "session_revoked";
            case MALFORMED, UNKNOWN, INVALID, UPSTREAM_EXPIRED -> "invalid_session";
          };
      HttpError answer = new HttpError(HttpStatus.UNAUTHORIZED, error, failure.getMessage());
      return failure.reason() == SessionRejected.Reason.MISSING
          ? answer.withHeader(
              HttpHeaders.WWW_AUTHENTICATE,
              "Bearer resource_metadata=\"" + resourceMetadataUrl + "\"")
          : withInvalidTokenChallenge(answer);
    }

    @Override
    public HttpError tokenRejected(TokenRejected failure) {
      return withInvalidTokenChallenge(
          new HttpError(HttpStatus.UNAUTHORIZED, "invalid_token", failure.getMessage()));
    }

    @Override
    public HttpError loginRejected(LoginRejected failure) {
      String message = failure.getMessage();
      return switch (failure.reason()) {
        case MISSING_CODE -> new HttpError(HttpStatus.BAD_REQUEST, "missing_code", message);
        case UNKNOWN_STATE, EXPIRED_STATE, STATE_MISMATCH ->
            new HttpError(HttpStatus.BAD_REQUEST, "invalid_state", message);
        case INVALID_GRANT -> new HttpError(HttpStatus.BAD_REQUEST, "invalid_grant", message);
        case CLIENT_REJECTED ->
            new HttpError(HttpStatus.BAD_GATEWAY, "identity_provider_misconfigured", message);
      };
    }

    @Override
    public HttpError providerUnavailable(ProviderUnavailable failure) {
      return new HttpError(
              HttpStatus.SERVICE_UNAVAILABLE, "identity_provider_unavailable", failure.getMessage())
          .withHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
    }

    /** A setup problem: retrying will not help, so no {@code Retry-After}. */
    @Override
    public HttpError providerNotConfigured(ProviderNotConfigured failure) {
      return new HttpError(
              HttpStatus.SERVICE_UNAVAILABLE,
              "identity_provider_not_configured",
              failure.getMessage())
          .withHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    }

    @Override
    public HttpError storageUnavailable(StorageUnavailable failure) {
      return new HttpError(
              HttpStatus.SERVICE_UNAVAILABLE, "storage_unavailable", failure.getMessage())
          .withHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
    }

    @Override
    public HttpError invalidRequest(InvalidRequest failure) {
      return new HttpError(HttpStatus.BAD_REQUEST, "invalid_request", failure.getMessage());
    }

    /**
     * RFC 7591 section 3.2.2 for registrations; RFC 6749's invalid_client for unknown clients, as
     * 400: a public client presents no credentials to challenge.
     */
    @Override
    public HttpError clientRejected(ClientRejected failure) {
      String message = failure.getMessage();
      HttpError answer =
          switch (failure.reason()) {
            case INVALID_REDIRECT_URI ->
                new HttpError(HttpStatus.BAD_REQUEST, "invalid_redirect_uri", message);
            case INVALID_CLIENT_METADATA ->
                new HttpError(HttpStatus.BAD_REQUEST, "invalid_client_metadata", message);
            case UNKNOWN_CLIENT -> new HttpError(HttpStatus.BAD_REQUEST, "invalid_client", message);
          };
      return answer
          .withHeader(HttpHeaders.CACHE_CONTROL, "no-store")
          .withHeader(HttpHeaders.PRAGMA, "no-cache");
    }

    /**
     * RFC 6749 section 5.2: 400, or 401 for an unknown client (a public client presents no
     * credentials, so no challenge); never cached.
     */
    @Override
    public HttpError grantRefused(GrantRefused failure) {
      HttpStatus status =
          failure.reason() == GrantRefused.Reason.INVALID_CLIENT
              ? HttpStatus.UNAUTHORIZED
              : HttpStatus.BAD_REQUEST;
      return new HttpError(status, failure.reason().code(), failure.getMessage())
          .withHeader(HttpHeaders.CACHE_CONTROL, "no-store")
          .withHeader(HttpHeaders.PRAGMA, "no-cache");
    }

    /** A credential was presented and refused: say why, in the header as in the body. */
    private HttpError withInvalidTokenChallenge(HttpError answer) {
      return answer.withHeader(
          HttpHeaders.WWW_AUTHENTICATE,
          "Bearer error=\"invalid_token\", error_description=\""
              + answer.body().errorDescription().replace("\"", "'")
              + "\", resource_metadata=\""
              + resourceMetadataUrl
              + "\"");
    }
  }
}
