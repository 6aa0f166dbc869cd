package io.statelessmcp.adapter.in.http;

import io.statelessmcp.adapter.in.http.ErrorResponses.ErrorBody;
import io.statelessmcp.adapter.in.http.ErrorResponses.HttpError;
import io.statelessmcp.application.failure.ProviderNotConfigured;
import io.statelessmcp.application.port.in.Authorize;
import java.net.URI;
import java.util.List;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.util.HtmlUtils;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the browser sees of the authorization endpoint: the consent page, error pages and redirects.
 * Every answer is never cached, never framed (clickjacking the consent buttons) and sends no
 * referrer, since the URLs carry the client's state and the codes.
 *
 * <p>No CSP {@code form-action}: Chrome and Safari check it against the redirect that answers the
 * form too (w3c/webappsec-csp#8), and the consent form ends in a redirect to the identity provider
 * or the client. The form posts to this server and the page runs no script.
 */
final class Pages {

  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'";
  static final String NO_REFERRER = "no-referrer";

  /**
   * The consent page's policy: under {@code no-referrer} browsers send {@code Origin: null} with a
   * form POST, and the consent POST must show its origin. Other origins still get no referrer.
   */
  static final String SAME_ORIGIN_REFERRER = "same-origin";

  private static final String STYLE =
      "body{font:16px system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem}"
          + "code{background:#f4f4f4;padding:.1rem .3rem;border-radius:4px}"
          + ".target{font-size:1.15rem}"
          + "button{font:inherit;padding:.5rem 1.2rem;margin-right:.5rem;cursor:pointer}";

  private Pages() {}

  /** A builder with the headers every answer of the authorization endpoint carries. */
  static ServerResponse.BodyBuilder secured(ServerResponse.BodyBuilder builder, String referrer) {
    return builder
        .cacheControl(CacheControl.noStore())
        .header("X-Frame-Options", "DENY")
        .header("X-Content-Type-Options", "nosniff")
        .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .header("Referrer-Policy", referrer);
  }

  static Mono<ServerResponse> redirect(
      HttpStatus status, URI location, List<ResponseCookie> cookies) {
    return secured(ServerResponse.status(status), NO_REFERRER)
        .location(location)
        .cookies(jar -> cookies.forEach(cookie -> jar.add(cookie.getName(), cookie)))
        .build();
  }

  /** An HTML page, or the OAuth JSON error when the caller accepts only JSON. */
  static Mono<ServerResponse> error(
      ServerRequest request, HttpError error, List<ResponseCookie> cookies) {
    ServerResponse.BodyBuilder builder =
        secured(ServerResponse.status(error.status()), NO_REFERRER)
            .headers(headers -> error.headers().forEach(headers::set))
            .cookies(jar -> cookies.forEach(cookie -> jar.add(cookie.getName(), cookie)));
    ErrorBody body = error.body();
    if (AuthRoutes.wantsJson(request)) {
      return builder
          .contentType(MediaType.APPLICATION_JSON)
          .bodyValue(JsonMapper.shared().writeValueAsBytes(body));
    }
    return builder
        .contentType(MediaType.TEXT_HTML)
        .bodyValue(errorPage(body.error(), body.errorDescription()));
  }

  static Mono<ServerResponse> consent(Authorize.AskConsent ask, List<ResponseCookie> cookies) {
    return secured(ServerResponse.ok(), SAME_ORIGIN_REFERRER)
        .contentType(MediaType.TEXT_HTML)
        .cookies(jar -> cookies.forEach(cookie -> jar.add(cookie.getName(), cookie)))
        .bodyValue(consentPage(ask));
  }

  /**
   * No identity provider is configured: a page for the operator, with the answer's status and
   * headers (never {@code Retry-After}: waiting does not fix it).
   */
  static Mono<ServerResponse> setupRequired(
      HttpError answer, ProviderNotConfigured failure, List<ResponseCookie> cookies) {
    return secured(ServerResponse.status(answer.status()), NO_REFERRER)
        .headers(headers -> answer.headers().forEach(headers::set))
        .cookies(jar -> cookies.forEach(cookie -> jar.add(cookie.getName(), cookie)))
        .contentType(MediaType.TEXT_HTML)
        .bodyValue(setupPage(failure));
  }

  static String setupPage(ProviderNotConfigured failure) {
    StringBuilder settings = new StringBuilder();
    failure
        .missingSettings()
        .forEach(name -> settings.append("<li><code>").append(escape(name)).append("</code></li>"));
    return """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Sign-in is not set up</title><style>%s</style></head><body>
        <h1>Sign-in is not set up on this server</h1>
        <p>This is a setup problem, not an outage: trying again will not help.</p>
        <p>To sign users in with WorkOS AuthKit, set these and restart the server:</p>
        <ul>%s</ul>
        <p>%s</p>
        </body></html>
        """
        .formatted(STYLE, settings, escape(failure.advice()));
  }

  static String errorPage(String error, String description) {
    return """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Authorization failed</title><style>%s</style></head><body>
        <h1>This authorization cannot continue</h1>
        <p><code>%s</code></p>
        <p>%s</p>
        <p>Go back to the application and start again.</p>
        </body></html>
        """
        .formatted(STYLE, escape(error), escape(description == null ? "" : description));
  }

  /**
   * The client's name and URI are the client's own words, unverified: shown as text only (a URI as
   * a link could be {@code javascript:}). The redirect host is what the user must check.
   */
  static String consentPage(Authorize.AskConsent ask) {
    String name = ask.clientName() == null ? "unnamed client" : ask.clientName();
    String website =
        ask.clientUri() == null
            ? ""
            : "<p>It names this website as its home: <code>%s</code></p>\n"
                .formatted(escape(ask.clientUri()));
    return """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Allow access?</title><style>%s</style></head><body>
        <h1>Allow <strong>%s</strong> to use this MCP server as you?</h1>
        %s<p class="target">You will be sent back to <strong>%s</strong>.</p>
        <p>The name above is how the application describes itself. Allow only if you started this \
        from an application you trust and that host is where you expect to return.</p>
        <form method="post" action="%s">
        <input type="hidden" name="pending" value="%s">
        <button type="submit" name="decision" value="approve">Allow</button>
        <button type="submit" name="decision" value="deny">Deny</button>
        </form>
        </body></html>
        """
        .formatted(
            STYLE,
            escape(name),
            website,
            escape(ask.redirectHost()),
            AuthorizeRoutes.CONSENT,
            escape(ask.pending()));
  }

  private static String escape(String text) {
    return HtmlUtils.htmlEscape(text == null ? "" : text);
  }
}
