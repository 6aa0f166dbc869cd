package io.statelessmcp.adapter.in.http;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The MCP spec's DNS-rebinding rule: a request whose {@code Origin} is not allowed gets 403 before
 * anything runs. Requests without an {@code Origin} (non-browser clients) pass, and so does every
 * origin on the cookie-less OAuth endpoints that {@link OAuthCorsFilter} opens to all.
 */
public final class OriginCheckFilter implements WebFilter, Ordered {

  static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

  private final Set<String> allowed;

  public OriginCheckFilter(HttpSettings settings) {
    Set<String> origins = new LinkedHashSet<>();
    origins.add(normalize(settings.ownOrigin()));
    settings.allowedOrigins().forEach(o -> origins.add(normalize(o)));
    this.allowed = Set.copyOf(origins);
  }

  @Override
  public int getOrder() {
    return ORDER;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String origin = exchange.getRequest().getHeaders().getFirst(HttpHeaders.ORIGIN);
    if (origin == null || allowed.contains(normalize(origin)) || OAuthCorsFilter.isOpen(exchange)) {
      return chain.filter(exchange);
    }
    return ErrorResponses.write(
        exchange.getResponse(),
        new ErrorResponses.HttpError(
            HttpStatus.FORBIDDEN,
            "origin_not_allowed",
            "requests from this origin are not allowed"));
  }

  static String normalize(String origin) {
    String trimmed = origin.trim().toLowerCase(Locale.ROOT);
    return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
  }
}
