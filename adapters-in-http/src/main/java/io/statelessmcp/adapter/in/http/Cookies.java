package io.statelessmcp.adapter.in.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpCookie;
import org.springframework.http.ResponseCookie;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The cookies this server sets: the session credential, the pending-login binding and the consent
 * cookie that names a browser.
 */
final class Cookies {

  static final String SESSION = "mcp_session";
  static final String LOGIN_STATE = "mcp_login_state";
  static final String BROWSER = "mcp_browser";

  /** Browsers cap a cookie's lifetime at 400 days anyway. */
  static final Duration BROWSER_LIFETIME = Duration.ofDays(400);

  private static final String HOST_PREFIX = "__Host-";

  private final boolean secure;

  Cookies(boolean secure) {
    this.secure = secure;
  }

  ResponseCookie session(String credential, Duration maxAge) {
    return cookie(SESSION, credential, maxAge);
  }

  ResponseCookie clearSession() {
    return cookie(SESSION, "", Duration.ZERO);
  }

  ResponseCookie loginState(String binding, Duration maxAge) {
    return cookie(LOGIN_STATE, binding, maxAge);
  }

  ResponseCookie clearLoginState() {
    return cookie(LOGIN_STATE, "", Duration.ZERO);
  }

  ResponseCookie browser(String value) {
    return cookie(BROWSER, value, BROWSER_LIFETIME);
  }

  /**
   * Every non-empty value of a cookie: under its {@code __Host-} name first, then its bare name.
   */
  static List<String> readAll(ServerHttpRequest request, String name) {
    List<String> values = new ArrayList<>();
    for (String candidate : List.of(HOST_PREFIX + name, name)) {
      for (HttpCookie cookie : request.getCookies().getOrDefault(candidate, List.of())) {
        if (!cookie.getValue().isEmpty()) {
          values.add(cookie.getValue());
        }
      }
    }
    return values;
  }

  /** Reads a cookie under its {@code __Host-} name or, on plain-http localhost, its bare name. */
  static String read(ServerHttpRequest request, String name) {
    HttpCookie cookie = request.getCookies().getFirst(HOST_PREFIX + name);
    if (cookie == null) {
      cookie = request.getCookies().getFirst(name);
    }
    return cookie == null || cookie.getValue().isEmpty() ? null : cookie.getValue();
  }

  private ResponseCookie cookie(String name, String value, Duration maxAge) {
    return ResponseCookie.from(secure ? HOST_PREFIX + name : name, value)
        .httpOnly(true)
        .secure(secure)
        .sameSite("Lax")
        .path("/")
        .maxAge(maxAge)
        .build();
  }
}
