package io.statelessmcp.adapter.in.http;

import io.statelessmcp.adapter.in.http.ErrorResponses.HttpError;
import io.statelessmcp.application.failure.ServiceFailure;
import io.statelessmcp.application.port.in.DevelopmentSignIn;
import io.statelessmcp.application.port.in.DevelopmentSignIn.ExampleUser;
import io.statelessmcp.application.port.in.DevelopmentSignIn.FixTheForm;
import io.statelessmcp.application.port.in.DevelopmentSignIn.SignedIn;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.util.HtmlUtils;
import reactor.core.publisher.Mono;

/**
 * The development identity provider's sign-in page ({@value #SIGN_IN}), served only while the
 * development sign-in is on. Every page it answers with, errors included, carries a banner saying
 * that this is development sign-in and never for production.
 *
 * <p>The form carries the login's state, challenge and callback as the provider's redirect brought
 * them. Its POST must come from this server's own page (same check as the consent form) and with
 * the login-state cookie of the login it answers (the use case checks that); the answer is a 303 to
 * the callback with a code, as AuthKit would send the browser.
 */
public final class DevelopmentSignInRoutes implements InboundRoutes {

  public static final String SIGN_IN = "/auth/dev/sign-in";
  static final int MAX_FORM_BYTES = 8 * 1024;

  static final String STATE = "state";
  static final String CODE_CHALLENGE = "code_challenge";
  static final String REDIRECT_URI = "redirect_uri";
  static final String EMAIL = "email";
  static final String NAME = "name";
  private static final List<String> FIELDS =
      List.of(STATE, CODE_CHALLENGE, REDIRECT_URI, EMAIL, NAME);

  static final String BANNER =
      "<div class=\"dev-banner\" role=\"alert\"><strong>Development sign-in.</strong> Anyone who"
          + " can open this page can sign in as anyone. Never use it in production: set"
          + " <code>WORKOS_CLIENT_ID</code> and <code>WORKOS_API_KEY</code> to sign in through"
          + " WorkOS AuthKit.</div>";

  private static final String STYLE =
      "body{font:16px system-ui,sans-serif;max-width:36rem;margin:0 auto;padding:0 1rem 2rem}"
          + ".dev-banner{background:#fff3cd;border:2px solid #b58100;color:#4d3800;"
          + "padding:.75rem 1rem;margin:1rem 0 1.5rem;border-radius:6px}"
          + ".problem{background:#fde2e1;border-left:4px solid #b3261e;padding:.5rem .75rem}"
          + "code{background:#f4f4f4;padding:.1rem .3rem;border-radius:4px}"
          + "form{margin:.4rem 0}label{display:block;margin:.5rem 0}"
          + "input{font:inherit;padding:.3rem;width:100%;box-sizing:border-box}"
          + "button{font:inherit;padding:.5rem 1.2rem;cursor:pointer}";

  private final DevelopmentSignIn signIn;
  private final FailureResponses failures;
  private final HttpSettings settings;

  public DevelopmentSignInRoutes(
      DevelopmentSignIn signIn, FailureResponses failures, HttpSettings settings) {
    this.signIn = signIn;
    this.failures = failures;
    this.settings = settings;
  }

  @Override
  public RouterFunction<ServerResponse> routes() {
    return RouterFunctions.route().GET(SIGN_IN, this::page).POST(SIGN_IN, this::submit).build();
  }

  @Override
  public List<String> protectedPaths() {
    return List.of();
  }

  private Mono<ServerResponse> page(ServerRequest request) {
    String raw = request.uri().getRawQuery();
    if (raw == null || raw.isEmpty()) {
      // opened by hand: a login starts there and comes back here with what the form needs
      return Pages.redirect(HttpStatus.FOUND, URI.create(AuthRoutes.LOGIN), List.of());
    }
    Forms.Form query;
    try {
      query = Forms.parse(raw);
    } catch (IllegalArgumentException e) {
      return refuse(HttpStatus.BAD_REQUEST, "the sign-in link is not valid URL encoding");
    }
    if (!query.repeated(FIELDS).isEmpty()) {
      return refuse(HttpStatus.BAD_REQUEST, "the sign-in link repeats a parameter");
    }
    DevelopmentSignIn.Request pending = pending(request, query);
    return signIn
        .open(pending)
        .flatMap(users -> show(HttpStatus.OK, pending, users, null, "", ""))
        .onErrorResume(ServiceFailure.class, this::failed);
  }

  private Mono<ServerResponse> submit(ServerRequest request) {
    if (!AuthorizeRoutes.fromThisServer(request, settings)) {
      return refuse(HttpStatus.FORBIDDEN, "the sign-in form was not sent from this server's page");
    }
    return Forms.read(request, MAX_FORM_BYTES, "the sign-in form", FormRefused::new)
        .flatMap(form -> submitted(request, form))
        .onErrorResume(
            FormRefused.class, refused -> refuse(HttpStatus.BAD_REQUEST, refused.getMessage()))
        .onErrorResume(ServiceFailure.class, this::failed);
  }

  private Mono<ServerResponse> submitted(ServerRequest request, Forms.Form form) {
    if (!form.repeated(FIELDS).isEmpty()) {
      throw new FormRefused("the sign-in form repeats a field");
    }
    DevelopmentSignIn.Request pending = pending(request, form);
    String email = form.single(EMAIL);
    String name = form.single(NAME);
    return signIn
        .signIn(pending, email, name)
        .flatMap(
            outcome -> {
              if (outcome instanceof SignedIn signedIn) {
                // 303: the browser follows with a GET, as after any form
                return Pages.redirect(HttpStatus.SEE_OTHER, signedIn.callback(), List.of());
              }
              FixTheForm fix = (FixTheForm) outcome;
              return signIn
                  .open(pending)
                  .flatMap(
                      users ->
                          show(HttpStatus.BAD_REQUEST, pending, users, fix.problem(), email, name));
            });
  }

  private DevelopmentSignIn.Request pending(ServerRequest request, Forms.Form values) {
    return new DevelopmentSignIn.Request(
        values.single(STATE),
        values.single(CODE_CHALLENGE),
        values.single(REDIRECT_URI),
        Cookies.read(request.exchange().getRequest(), Cookies.LOGIN_STATE),
        settings.callbackUrl());
  }

  /** The referrer policy lets the form's POST carry this origin (see the consent page). */
  private static Mono<ServerResponse> show(
      HttpStatus status,
      DevelopmentSignIn.Request pending,
      List<ExampleUser> users,
      String problem,
      String email,
      String name) {
    return Pages.secured(ServerResponse.status(status), Pages.SAME_ORIGIN_REFERRER)
        .contentType(MediaType.TEXT_HTML)
        .bodyValue(signInPage(pending, users, problem, email, name));
  }

  private Mono<ServerResponse> failed(ServiceFailure failure) {
    HttpError answer = failures.answer(failure);
    return refuse(answer.status(), answer.body().errorDescription());
  }

  private static Mono<ServerResponse> refuse(HttpStatus status, String description) {
    return Pages.secured(ServerResponse.status(status), Pages.NO_REFERRER)
        .contentType(MediaType.TEXT_HTML)
        .bodyValue(refusalPage(description));
  }

  static String signInPage(
      DevelopmentSignIn.Request pending,
      List<ExampleUser> users,
      String problem,
      String email,
      String name) {
    String hidden = hiddenFields(pending);
    StringBuilder examples = new StringBuilder();
    for (ExampleUser user : users) {
      examples
          .append("<form method=\"post\" action=\"")
          .append(SIGN_IN)
          .append("\">")
          .append(hidden)
          .append(hiddenField(EMAIL, user.email()))
          .append(hiddenField(NAME, user.name()))
          .append("<button type=\"submit\">")
          .append(escape(user.name()))
          .append(" &lt;")
          .append(escape(user.email()))
          .append("&gt;</button></form>\n");
    }
    return """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Sign in (development)</title><style>%s</style></head><body>
        %s
        <h1>Sign in</h1>
        %s<h2>Pick a user</h2>
        %s<h2>Or be someone else</h2>
        <form method="post" action="%s">%s
        <label>Email <input type="email" name="email" required maxlength="254" \
        autocomplete="off" value="%s"></label>
        <label>Name (optional) <input type="text" name="name" maxlength="100" \
        autocomplete="off" value="%s"></label>
        <button type="submit">Sign in</button>
        </form>
        <p>The same email always gets the same user id, on every replica.</p>
        </body></html>
        """
        .formatted(
            STYLE,
            BANNER,
            problem == null ? "" : "<p class=\"problem\">" + escape(problem) + "</p>\n",
            examples,
            SIGN_IN,
            hidden,
            escape(email),
            escape(name));
  }

  static String refusalPage(String description) {
    return """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Sign-in refused (development)</title><style>%s</style></head><body>
        %s
        <h1>This sign-in cannot continue</h1>
        <p class="problem">%s</p>
        </body></html>
        """
        .formatted(STYLE, BANNER, escape(description));
  }

  private static String hiddenFields(DevelopmentSignIn.Request pending) {
    return hiddenField(STATE, pending.state())
        + hiddenField(CODE_CHALLENGE, pending.codeChallenge())
        + hiddenField(REDIRECT_URI, pending.redirectUri());
  }

  private static String hiddenField(String name, String value) {
    return "<input type=\"hidden\" name=\"" + name + "\" value=\"" + escape(value) + "\">";
  }

  private static String escape(String text) {
    return HtmlUtils.htmlEscape(text == null ? "" : text);
  }

  /** A form this route cannot read; answered as a page, never reaching the use case. */
  private static final class FormRefused extends RuntimeException {
    FormRefused(String message) {
      super(message, null, false, false);
    }
  }
}
