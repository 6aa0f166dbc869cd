package io.statelessmcp.adapter.in.http;

import io.statelessmcp.adapter.in.http.ErrorResponses.HttpError;
import io.statelessmcp.application.failure.ProviderNotConfigured;
import io.statelessmcp.application.failure.ServiceFailure;
import io.statelessmcp.application.port.in.Authorize;
import io.statelessmcp.domain.OAuthSecret;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseCookie;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The authorization endpoint ({@code GET /authorize}) and the consent form's answer ({@code POST
 * /authorize/consent}). This side only reads the request and renders the outcome; {@link Authorize}
 * decides. Parameters are read strictly ({@link Forms}): a known parameter sent twice reaches the
 * use case as null and named in {@code repeated}, unknown ones are ignored (RFC 6749 section 3.1).
 *
 * <p>The consent cookie names this browser, so that an approval is remembered per browser; it is
 * created on the first visit. The consent POST must come from this server's own page: besides the
 * use case's check that the login-state cookie matches the pending request, a POST whose {@code
 * Origin} is another origin, or that the browser marks as cross-site, is refused.
 */
public final class AuthorizeRoutes implements InboundRoutes {

  static final String AUTHORIZE = OAuthRoutes.AUTHORIZE;
  static final String CONSENT = "/authorize/consent";
  static final int MAX_QUERY_BYTES = 8 * 1024;
  static final int MAX_CONSENT_BYTES = 8 * 1024;

  static final String RESPONSE_TYPE = "response_type";
  static final String CLIENT_ID = "client_id";
  static final String REDIRECT_URI = "redirect_uri";
  static final String CODE_CHALLENGE = "code_challenge";
  static final String CODE_CHALLENGE_METHOD = "code_challenge_method";
  static final String STATE = "state";
  static final String SCOPE = "scope";
  static final String RESOURCE = "resource";
  private static final List<String> PARAMETERS =
      List.of(
          RESPONSE_TYPE,
          CLIENT_ID,
          REDIRECT_URI,
          CODE_CHALLENGE,
          CODE_CHALLENGE_METHOD,
          STATE,
          SCOPE,
          RESOURCE);

  static final String PENDING = "pending";
  static final String DECISION = "decision";

  private final Authorize authorize;
  private final FailureResponses failures;
  private final HttpSettings settings;
  private final Cookies cookies;
  private final Clock clock;

  public AuthorizeRoutes(Authorize authorize, FailureResponses failures, HttpSettings settings) {
    this(authorize, failures, settings, Clock.systemUTC());
  }

  AuthorizeRoutes(
      Authorize authorize, FailureResponses failures, HttpSettings settings, Clock clock) {
    this.authorize = authorize;
    this.failures = failures;
    this.settings = settings;
    this.cookies = new Cookies(settings.secureCookies());
    this.clock = clock;
  }

  @Override
  public RouterFunction<ServerResponse> routes() {
    return RouterFunctions.route()
        .GET(AUTHORIZE, this::authorize)
        .POST(CONSENT, this::consent)
        .build();
  }

  @Override
  public List<String> protectedPaths() {
    return List.of();
  }

  private Mono<ServerResponse> authorize(ServerRequest request) {
    List<ResponseCookie> setCookies = new ArrayList<>();
    String browser = Cookies.read(request.exchange().getRequest(), Cookies.BROWSER);
    if (!OAuthSecret.BROWSER.isWellFormed(browser)) {
      browser = OAuthSecret.BROWSER.issue();
      setCookies.add(cookies.browser(browser));
    }
    String query = request.uri().getRawQuery();
    if (query != null && query.length() > MAX_QUERY_BYTES) {
      return refuse(
          request,
          HttpStatus.BAD_REQUEST,
          "invalid_request",
          "the authorization request is longer than " + MAX_QUERY_BYTES + " bytes",
          setCookies);
    }
    Forms.Form parameters;
    try {
      parameters = Forms.parse(query);
    } catch (IllegalArgumentException e) {
      return refuse(
          request,
          HttpStatus.BAD_REQUEST,
          "invalid_request",
          "the authorization request is not valid URL encoding",
          setCookies);
    }
    Authorize.Command command =
        new Authorize.Command(
            parameters.single(RESPONSE_TYPE),
            parameters.single(CLIENT_ID),
            parameters.single(REDIRECT_URI),
            parameters.single(CODE_CHALLENGE),
            parameters.single(CODE_CHALLENGE_METHOD),
            parameters.single(STATE),
            parameters.single(SCOPE),
            parameters.single(RESOURCE),
            parameters.repeated(PARAMETERS),
            browser,
            settings.callbackUrl());
    return authorize
        .authorize(command)
        .flatMap(outcome -> render(request, outcome, HttpStatus.FOUND, setCookies))
        .onErrorResume(ServiceFailure.class, failure -> failed(request, failure, setCookies));
  }

  private Mono<ServerResponse> consent(ServerRequest request) {
    if (!fromThisServer(request, settings)) {
      return refuse(
          request,
          HttpStatus.FORBIDDEN,
          "origin_not_allowed",
          "the consent form was not sent from this server's page",
          List.of());
    }
    return Forms.read(request, MAX_CONSENT_BYTES, "the consent form", ConsentRefused::new)
        .flatMap(form -> decide(request, form))
        .onErrorResume(
            ConsentRefused.class,
            refused ->
                refuse(
                    request,
                    HttpStatus.BAD_REQUEST,
                    "invalid_request",
                    refused.getMessage(),
                    List.of()))
        .onErrorResume(ServiceFailure.class, failure -> failed(request, failure, List.of()));
  }

  private Mono<ServerResponse> decide(ServerRequest request, Forms.Form form) {
    if (!form.repeated(List.of(PENDING, DECISION)).isEmpty()) {
      throw new ConsentRefused("the consent form repeats a field");
    }
    String pending = form.single(PENDING);
    String decision = form.single(DECISION);
    if (pending == null) {
      throw new ConsentRefused("the consent form names no pending authorization");
    }
    if (!"approve".equals(decision) && !"deny".equals(decision)) {
      throw new ConsentRefused("the consent form carries neither approve nor deny");
    }
    Authorize.Decision command =
        new Authorize.Decision(
            pending,
            "approve".equals(decision),
            Cookies.read(request.exchange().getRequest(), Cookies.LOGIN_STATE),
            Cookies.read(request.exchange().getRequest(), Cookies.BROWSER),
            settings.callbackUrl());
    // 303: the browser follows with a GET, whatever it posted
    return authorize
        .decide(command)
        .flatMap(outcome -> render(request, outcome, HttpStatus.SEE_OTHER, List.of()));
  }

  /** The outcome as the browser gets it; {@code redirect} is the status of a redirect. */
  private Mono<ServerResponse> render(
      ServerRequest request,
      Authorize.Outcome outcome,
      HttpStatus redirect,
      List<ResponseCookie> setCookies) {
    List<ResponseCookie> jar = new ArrayList<>(setCookies);
    if (outcome instanceof Authorize.ShowError show) {
      return refuse(request, HttpStatus.BAD_REQUEST, show.error(), show.description(), jar);
    }
    if (outcome instanceof Authorize.ReturnToClient back) {
      return Pages.redirect(redirect, back.location(), jar);
    }
    if (outcome instanceof Authorize.AskConsent ask) {
      jar.add(cookies.loginState(ask.browserBinding(), until(ask.expiresAt())));
      return Pages.consent(ask, jar);
    }
    if (outcome instanceof Authorize.SignIn signIn) {
      jar.add(cookies.loginState(signIn.browserBinding(), until(signIn.expiresAt())));
      return Pages.redirect(redirect, signIn.authorizationUrl(), jar);
    }
    throw new IllegalStateException("unknown outcome " + outcome.getClass().getSimpleName());
  }

  private Mono<ServerResponse> failed(
      ServerRequest request, ServiceFailure failure, List<ResponseCookie> setCookies) {
    if (failure instanceof ProviderNotConfigured notConfigured && !AuthRoutes.wantsJson(request)) {
      return Pages.setupRequired(failures.answer(failure), notConfigured, setCookies);
    }
    return Pages.error(request, failures.answer(failure), setCookies);
  }

  private static Mono<ServerResponse> refuse(
      ServerRequest request,
      HttpStatus status,
      String error,
      String description,
      List<ResponseCookie> setCookies) {
    return Pages.error(request, new HttpError(status, error, description), setCookies);
  }

  /**
   * A browser names the origin of a form POST, and with {@code Sec-Fetch-Site} whether it is
   * cross-site; a request with neither is no browser's, and the cookies decide. Also guards the
   * development sign-in form.
   */
  static boolean fromThisServer(ServerRequest request, HttpSettings settings) {
    String origin = request.headers().firstHeader(HttpHeaders.ORIGIN);
    if (origin != null
        && !OriginCheckFilter.normalize(origin)
            .equals(OriginCheckFilter.normalize(settings.issuer().toString()))) {
      return false;
    }
    String site = request.headers().firstHeader("Sec-Fetch-Site");
    return site == null
        || List.of("same-origin", "none").contains(site.trim().toLowerCase(Locale.ROOT));
  }

  private Duration until(Instant expiresAt) {
    Duration left = Duration.between(clock.instant(), expiresAt);
    return left.isNegative() ? Duration.ZERO : left;
  }

  /** A consent form this route cannot read; answered as a page, never reaching the use case. */
  private static final class ConsentRefused extends RuntimeException {
    ConsentRefused(String message) {
      super(message, null, false, false);
    }
  }
}
