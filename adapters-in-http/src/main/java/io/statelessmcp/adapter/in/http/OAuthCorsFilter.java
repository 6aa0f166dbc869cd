package io.statelessmcp.adapter.in.http;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsWebFilter;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * CORS for the OAuth endpoints that browser-based MCP clients (the MCP Inspector) call from their
 * own origin: discovery, registration, token and revocation. Any origin, no credentials: these
 * endpoints read no cookie, so a page on another origin learns nothing a program could not.
 * Preflights are answered here. Not {@code /authorize} (a top-level navigation, never fetched) and
 * not {@code /mcp}, whose origins {@link OriginCheckFilter} keeps to the allowed list; for the
 * paths here it lets every origin through.
 */
public final class OAuthCorsFilter implements WebFilter, Ordered {

  static final int ORDER = OriginCheckFilter.ORDER - 5;

  static final Set<String> PATHS =
      Set.of(
          OAuthRoutes.AUTHORIZATION_SERVER_METADATA,
          OAuthRoutes.OPENID_CONFIGURATION,
          WellKnownRoutes.PROTECTED_RESOURCE,
          WellKnownRoutes.PROTECTED_RESOURCE + "/mcp",
          OAuthRoutes.REGISTER,
          OAuthRoutes.TOKEN,
          OAuthRoutes.REVOKE);

  private final CorsWebFilter cors;

  public OAuthCorsFilter() {
    CorsConfiguration config = new CorsConfiguration();
    config.setAllowedOrigins(List.of(CorsConfiguration.ALL));
    config.setAllowedMethods(List.of(HttpMethod.GET.name(), HttpMethod.POST.name()));
    config.setAllowedHeaders(
        List.of(HttpHeaders.CONTENT_TYPE, HttpHeaders.AUTHORIZATION, "MCP-Protocol-Version"));
    config.setAllowCredentials(false);
    config.setMaxAge(Duration.ofHours(1));
    UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
    PATHS.forEach(path -> source.registerCorsConfiguration(path, config));
    this.cors = new CorsWebFilter(source);
  }

  /** True for a path any origin may call. */
  static boolean isOpen(ServerWebExchange exchange) {
    return PATHS.contains(exchange.getRequest().getPath().pathWithinApplication().value());
  }

  @Override
  public int getOrder() {
    return ORDER;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    // Spring's filter ends every preflight, whatever the path; other paths stay as they were
    return isOpen(exchange) ? cors.filter(exchange, chain) : chain.filter(exchange);
  }
}
