package io.statelessmcp.adapter.in.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The MCP spec's DNS-rebinding rule: a request whose {@code Origin} is not allowed gets 403 before
 * anything runs. Requests without an {@code Origin} (non-browser clients) pass, and so does every
 * origin on the cookie-less OAuth endpoints that {@link OAuthCorsFilter} opens to all.
 *
 * <p>When the server itself runs on loopback ({@code MCP_PUBLIC_BASE_URL} names {@code localhost},
 * {@code 127.0.0.1} or {@code [::1]}: development), the rebinding attack is a foreign name
 * resolving to 127.0.0.1, so:
 *
 * <ul>
 *   <li>a {@code Host} that is not a loopback name gets 403, whatever the origin;
 *   <li>an {@code Origin} on loopback is allowed on any port (a local inspector, a proxy in front),
 *       but only for a request that carries no session cookie. The browser sends the cookie to
 *       every port of {@code localhost} (cookies ignore ports, and another port is same-site), so
 *       any local page could otherwise act as the signed-in user; a credential in a header or a
 *       bearer token cannot be added by a page without a CORS preflight, which {@code /mcp} never
 *       grants.
 * </ul>
 */
public final class OriginCheckFilter implements WebFilter, Ordered {

  static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

  private final Set<String> allowed;
  private final boolean onLoopback;

  public OriginCheckFilter(HttpSettings settings) {
    Set<String> origins = new LinkedHashSet<>();
    origins.add(normalize(settings.ownOrigin()));
    settings.allowedOrigins().forEach(o -> origins.add(normalize(o)));
    this.allowed = Set.copyOf(origins);
    this.onLoopback = isLoopbackName(settings.publicBaseUrl().getHost());
  }

  @Override
  public int getOrder() {
    return ORDER;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    ServerHttpRequest request = exchange.getRequest();
    if (onLoopback && !loopbackHost(request.getHeaders().getFirst(HttpHeaders.HOST))) {
      return refuse(exchange, "host_not_allowed", "requests for this host name are not allowed");
    }
    String origin = request.getHeaders().getFirst(HttpHeaders.ORIGIN);
    if (origin == null
        || allowed.contains(normalize(origin))
        || OAuthCorsFilter.isOpen(exchange)
        || (onLoopback
            && isLoopbackOrigin(origin)
            && Cookies.readAll(request, Cookies.SESSION).isEmpty())) {
      return chain.filter(exchange);
    }
    return refuse(exchange, "origin_not_allowed", "requests from this origin are not allowed");
  }

  private static Mono<Void> refuse(ServerWebExchange exchange, String error, String description) {
    return ErrorResponses.write(
        exchange.getResponse(),
        new ErrorResponses.HttpError(HttpStatus.FORBIDDEN, error, description));
  }

  static String normalize(String origin) {
    String trimmed = origin.trim().toLowerCase(Locale.ROOT);
    return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
  }

  /** A missing Host (HTTP/1.0, tests) has nothing to check. */
  private static boolean loopbackHost(String host) {
    if (host == null) {
      return true;
    }
    String name = host.trim();
    if (name.startsWith("[")) {
      int end = name.indexOf(']');
      name = end < 0 ? name : name.substring(0, end + 1);
    } else if (name.indexOf(':') >= 0) {
      name = name.substring(0, name.indexOf(':'));
    }
    return isLoopbackName(name);
  }

  private static boolean isLoopbackOrigin(String origin) {
    try {
      URI uri = new URI(origin.trim());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      return (scheme.equals("http") || scheme.equals("https"))
          && uri.getRawPath() != null
          && (uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))
          && isLoopbackName(uri.getHost());
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static boolean isLoopbackName(String host) {
    if (host == null) {
      return false;
    }
    String name = host.toLowerCase(Locale.ROOT);
    return name.equals("localhost")
        || name.equals("127.0.0.1")
        || name.equals("[::1]")
        || name.equals("::1");
  }
}
