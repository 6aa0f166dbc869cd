package io.statelessmcp.adapter.in.http;

import io.statelessmcp.application.failure.ServiceFailure;
import io.statelessmcp.application.port.in.Authenticate;
import io.statelessmcp.application.port.in.Authenticate.PresentedCredentials;
import io.statelessmcp.application.port.in.Principal;
import io.statelessmcp.application.port.in.SessionPrincipal;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

/**
 * Authenticates every request to a path that an inbound adapter declared protected. It only reads
 * what the request presented ({@code X-MCP-Session-ID}, the session cookie, {@code Authorization:
 * Bearer}) and asks {@link Authenticate}; which credential counts and how it is checked is the use
 * case's decision. The principal then rides on through {@link Principals}.
 */
public final class SessionWebFilter implements WebFilter, Ordered {

  public static final String SESSION_HEADER = "X-MCP-Session-ID";
  static final int ORDER = OriginCheckFilter.ORDER + 20;
  private static final Logger LOG = LoggerFactory.getLogger(SessionWebFilter.class);

  private final Authenticate authenticate;
  private final FailureResponses failures;
  private final List<PathPattern> protectedPaths;

  /**
   * @param routes every inbound adapter's routes; their declared paths are the protected ones
   */
  public SessionWebFilter(
      Authenticate authenticate, FailureResponses failures, List<InboundRoutes> routes) {
    this.authenticate = authenticate;
    this.failures = failures;
    this.protectedPaths =
        routes.stream()
            .flatMap(r -> r.protectedPaths().stream())
            .map(PathPatternParser.defaultInstance::parse)
            .toList();
    if (protectedPaths.isEmpty()) {
      throw new IllegalStateException("no inbound adapter declares a protected path");
    }
  }

  @Override
  public int getOrder() {
    return ORDER;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    if (!isProtected(exchange.getRequest())) {
      return chain.filter(exchange);
    }
    return authenticate
        .authenticate(presented(exchange.getRequest()))
        .onErrorResume(
            ServiceFailure.class,
            failure -> failures.write(exchange.getResponse(), failure).then(Mono.empty()))
        .flatMap(
            principal -> {
              logDebug(principal);
              Principals.attach(exchange, principal);
              return chain.filter(exchange);
            });
  }

  private static PresentedCredentials presented(ServerHttpRequest request) {
    return new PresentedCredentials(
        request.getHeaders().getOrEmpty(SESSION_HEADER),
        Cookies.readAll(request, Cookies.SESSION),
        BearerToken.all(request.getHeaders()));
  }

  private static void logDebug(Principal principal) {
    if (principal instanceof SessionPrincipal session) {
      LOG.debug(
          "Using token from session context (Supabase-backed): session {} user {}",
          session.sessionId(),
          session.userId());
    } else {
      LOG.debug("Using a verified access token: user {}", principal.userId());
    }
  }

  private boolean isProtected(ServerHttpRequest request) {
    PathContainer path = request.getPath().pathWithinApplication();
    return protectedPaths.stream().anyMatch(pattern -> pattern.matches(path));
  }
}
