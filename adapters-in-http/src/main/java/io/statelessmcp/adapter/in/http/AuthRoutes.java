package io.statelessmcp.adapter.in.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.statelessmcp.application.failure.InvalidRequest;
import io.statelessmcp.application.failure.ServiceFailure;
import io.statelessmcp.application.port.in.CompleteLogin;
import io.statelessmcp.application.port.in.EndSession;
import io.statelessmcp.application.port.in.Principal;
import io.statelessmcp.application.port.in.StartLogin;
import io.statelessmcp.domain.ClientMetadata;
import io.statelessmcp.domain.IssuedSession;
import io.statelessmcp.domain.LoginState;
import io.statelessmcp.domain.Session;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.util.HtmlUtils;
import reactor.core.publisher.Mono;

/**
 * {@code /auth/login}, the single {@code /auth/complete} callback, {@code /auth/logout} and {@code
 * /auth/session}. Every step may land on a different replica: the pending login lives in PostgreSQL
 * and is bound to the browser by a cookie holding the state's hash.
 */
public final class AuthRoutes implements InboundRoutes {

  static final String LOGIN = "/auth/login";
  static final String COMPLETE = "/auth/complete";
  static final String LOGOUT = "/auth/logout";
  static final String SESSION = "/auth/session";

  private final StartLogin startLogin;
  private final CompleteLogin completeLogin;
  private final EndSession endSession;
  private final FailureResponses failures;
  private final HttpSettings settings;
  private final Cookies cookies;

  public AuthRoutes(
      StartLogin startLogin,
      CompleteLogin completeLogin,
      EndSession endSession,
      FailureResponses failures,
      HttpSettings settings) {
    this.startLogin = startLogin;
    this.completeLogin = completeLogin;
    this.endSession = endSession;
    this.failures = failures;
    this.settings = settings;
    this.cookies = new Cookies(settings.secureCookies());
  }

  @Override
  public RouterFunction<ServerResponse> routes() {
    return RouterFunctions.route()
        .GET(LOGIN, this::login)
        .GET(COMPLETE, this::complete)
        .POST(LOGOUT, request -> logout(Principals.require(request)))
        .GET(SESSION, request -> session(Principals.require(request)))
        .build();
  }

  @Override
  public List<String> protectedPaths() {
    return List.of(LOGOUT, SESSION);
  }

  private Mono<ServerResponse> login(ServerRequest request) {
    String supabaseToken = BearerToken.from(request.exchange().getRequest().getHeaders());
    StartLogin.Command command =
        new StartLogin.Command(
            request.queryParam("return_to").orElse(null), supabaseToken, settings.callbackUrl());
    return startLogin
        .start(command)
        .flatMap(
            redirect ->
                ServerResponse.status(HttpStatus.FOUND)
                    .location(redirect.authorizationUrl())
                    .cacheControl(CacheControl.noStore())
                    .cookie(cookies.loginState(redirect.browserBinding(), LoginState.LIFETIME))
                    .build())
        .onErrorResume(ServiceFailure.class, failure -> failures.render(request, failure));
  }

  private Mono<ServerResponse> complete(ServerRequest request) {
    if (request.queryParam("error").isPresent()) {
      return failures.render(
          new InvalidRequest(
              "the identity provider did not complete the login; start again at /auth/login"));
    }
    CompleteLogin.Command command =
        new CompleteLogin.Command(
            request.queryParam("code").orElse(null),
            request.queryParam("state").orElse(null),
            Cookies.read(request.exchange().getRequest(), Cookies.LOGIN_STATE),
            clientMetadata(request));
    return completeLogin
        .complete(command)
        .flatMap(
            done ->
                done.answersClient()
                    ? backToClient(done.clientRedirect())
                    : respondWithCredential(request, done))
        .onErrorResume(ServiceFailure.class, failures::render);
  }

  /**
   * The login answered an OAuth client's authorization: the browser takes the code back to it. No
   * session cookie: the client's tokens are the credential, and this browser never sees them.
   */
  private Mono<ServerResponse> backToClient(URI clientRedirect) {
    return Pages.redirect(HttpStatus.FOUND, clientRedirect, List.of(cookies.clearLoginState()));
  }

  private Mono<ServerResponse> respondWithCredential(
      ServerRequest request, CompleteLogin.CompletedLogin done) {
    IssuedSession issued = done.issued();
    Session session = issued.session();
    String credential = issued.credential().encoded();
    if (wantsJson(request)) {
      LoginAnswer body =
          new LoginAnswer(
              credential,
              session.id().value(),
              session.userId().value(),
              session.expiresAt().toString());
      return ServerResponse.ok()
          .cacheControl(CacheControl.noStore())
          .contentType(MediaType.APPLICATION_JSON)
          .cookie(cookies.clearLoginState())
          .bodyValue(body);
    }
    ServerResponse.BodyBuilder browser =
        done.returnTo() != null
            ? ServerResponse.status(HttpStatus.FOUND).location(URI.create(done.returnTo()))
            : ServerResponse.ok().contentType(MediaType.TEXT_HTML);
    browser
        .cacheControl(CacheControl.noStore())
        .header("Referrer-Policy", "no-referrer")
        .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
        .cookie(cookies.session(credential, settings.sessionTtl()))
        .cookie(cookies.clearLoginState());
    return done.returnTo() != null
        ? browser.build()
        : browser.bodyValue(credentialPage(session, credential));
  }

  private Mono<ServerResponse> logout(Principal principal) {
    boolean endsASession = principal.fold(session -> true, token -> false);
    return endSession
        .end(principal)
        .then(
            ServerResponse.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .cookie(cookies.clearSession())
                .bodyValue(new LogoutAnswer(endsASession)));
  }

  private Mono<ServerResponse> session(Principal principal) {
    SessionAnswer body =
        new SessionAnswer(
            principal.fold(session -> session.sessionId().value(), token -> null),
            principal.userId().value(),
            principal.profile().email(),
            principal.profile().displayName(),
            principal.expiresAt().toString(),
            principal.fold(session -> "session", token -> "resource_server"));
    return ServerResponse.ok()
        .cacheControl(CacheControl.noStore())
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body);
  }

  /**
   * The JSON answer of a completed login. {@code credential} is the secret to send back; {@code
   * session_id} is the public id, as {@code /auth/session} and the tools name it. Earlier builds
   * put the credential in {@code session_id}; a client still reading it there now sends a bare id,
   * which is refused with 401 rather than accepted by mistake.
   */
  record LoginAnswer(
      @JsonProperty("credential") String credential,
      @JsonProperty("session_id") String sessionId,
      @JsonProperty("user_id") String userId,
      @JsonProperty("expires_at") String expiresAt) {

    @Override
    public String toString() {
      return "LoginAnswer[sessionId="
          + sessionId
          + ", userId="
          + userId
          + ", credential=<redacted>]";
    }
  }

  record LogoutAnswer(boolean revoked) {}

  record SessionAnswer(
      @JsonProperty("session_id") String sessionId,
      @JsonProperty("user_id") String userId,
      String email,
      String name,
      @JsonProperty("expires_at") String expiresAt,
      String mode) {}

  /** Only JSON, not HTML: a program, not a browser. */
  static boolean wantsJson(ServerRequest request) {
    List<MediaType> accept = request.headers().accept();
    boolean json =
        accept.stream()
            .anyMatch(m -> m.isCompatibleWith(MediaType.APPLICATION_JSON) && !m.isWildcardType());
    boolean html =
        accept.stream().anyMatch(m -> m.includes(MediaType.TEXT_HTML) && !m.isWildcardType());
    return json && !html;
  }

  private static ClientMetadata clientMetadata(ServerRequest request) {
    InetSocketAddress remote = request.exchange().getRequest().getRemoteAddress();
    String ip =
        remote == null || remote.getAddress() == null ? null : remote.getAddress().getHostAddress();
    return new ClientMetadata(request.headers().firstHeader(HttpHeaders.USER_AGENT), ip);
  }

  private static String credentialPage(Session session, String credential) {
    String who =
        HtmlUtils.htmlEscape(
            session.profile().email() != null
                ? session.profile().email()
                : session.userId().value());
    String value = HtmlUtils.htmlEscape(credential);
    return """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>MCP session ready</title>
        <style>body{font:16px system-ui,sans-serif;max-width:44rem;margin:3rem auto;padding:0 1rem}
        code,pre{background:#f4f4f4;padding:.2rem .4rem;border-radius:4px;word-break:break-all}</style>
        </head><body>
        <h1>You are logged in</h1>
        <p>Signed in as <strong>%s</strong>. This session expires after %s of inactivity.</p>
        <p>Add this header to your MCP client's configuration. It is shown only once; keep it secret.</p>
        <pre>X-MCP-Session-ID: %s</pre>
        <p>This browser also holds it as a cookie, so you can close this page.</p>
        </body></html>
        """
        .formatted(
            who, humanDuration(Duration.between(session.lastSeenAt(), session.expiresAt())), value);
  }

  private static String humanDuration(Duration duration) {
    long hours = duration.toHours();
    return hours >= 1
        ? hours + (hours == 1 ? " hour" : " hours")
        : duration.toMinutes() + " minutes";
  }
}
