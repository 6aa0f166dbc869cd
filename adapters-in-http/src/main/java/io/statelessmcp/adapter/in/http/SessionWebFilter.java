package io.statelessmcp.adapter.in.http;

import io.statelessmcp.application.failure.ServiceFailure;
import io.statelessmcp.application.failure.SessionRejected;
import io.statelessmcp.application.port.in.ResolveSession;
import io.statelessmcp.application.port.in.SessionPrincipal;
import io.statelessmcp.application.port.out.TokenVerifier;
import io.statelessmcp.domain.SessionCredential;
import io.statelessmcp.domain.UserProfile;
import java.util.List;
import java.util.Optional;
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
 * Authenticates every request to a protected path. The credential is read in this order: the {@code
 * X-MCP-Session-ID} header, the session cookie, then {@code Authorization: Bearer} (a session
 * credential, or an AuthKit access token in resource-server mode). The principal rides on as an
 * exchange attribute, which the MCP transports hand to tools.
 */
public final class SessionWebFilter implements WebFilter, Ordered {

  public static final String PRINCIPAL_ATTRIBUTE = SessionPrincipal.class.getName();
  public static final String SESSION_HEADER = "X-MCP-Session-ID";
  static final int ORDER = OriginCheckFilter.ORDER + 20;
  private static final Logger LOG = LoggerFactory.getLogger(SessionWebFilter.class);

  private final ResolveSession resolveSession;
  private final Optional<TokenVerifier> authKitTokens;
  private final FailureResponses failures;
  private final List<PathPattern> protectedPaths;

  /**
   * @param authKitTokens present in resource-server mode: verifies AuthKit access tokens
   */
  public SessionWebFilter(
      ResolveSession resolveSession,
      Optional<TokenVerifier> authKitTokens,
      FailureResponses failures,
      List<String> protectedPaths) {
    this.resolveSession = resolveSession;
    this.authKitTokens = authKitTokens;
    this.failures = failures;
    this.protectedPaths =
        protectedPaths.stream().map(PathPatternParser.defaultInstance::parse).toList();
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
    return authenticate(exchange.getRequest())
        .onErrorResume(
            ServiceFailure.class,
            failure -> failures.write(exchange.getResponse(), failure).then(Mono.empty()))
        .flatMap(
            principal -> {
              exchange.getAttributes().put(PRINCIPAL_ATTRIBUTE, principal);
              return chain.filter(exchange);
            });
  }

  private Mono<SessionPrincipal> authenticate(ServerHttpRequest request) {
    String header = request.getHeaders().getFirst(SESSION_HEADER);
    if (header != null) {
      return fromSession(header.trim());
    }
    String cookie = Cookies.read(request, Cookies.SESSION);
    if (cookie != null) {
      return fromSession(cookie);
    }
    String token = BearerToken.from(request.getHeaders());
    if (token == null) {
      return Mono.error(new SessionRejected(SessionRejected.Reason.MISSING));
    }
    if (authKitTokens.isPresent()
        && SessionCredential.parse(token) instanceof SessionCredential.Parsed.Rejected
        && looksLikeJwt(token)) {
      return authKitTokens.get().verify(token).map(SessionWebFilter::resourceServerPrincipal);
    }
    return fromSession(token);
  }

  private Mono<SessionPrincipal> fromSession(String credential) {
    return resolveSession
        .resolve(credential)
        .doOnNext(
            principal ->
                LOG.debug(
                    "Using token from session context (Supabase-backed): session {} user {}",
                    principal.sessionId(),
                    principal.userId()));
  }

  /**
   * In resource-server mode there is no session of ours and no upstream token: the caller's own
   * token is never passed downstream.
   */
  private static SessionPrincipal resourceServerPrincipal(TokenVerifier.VerifiedToken token) {
    return new SessionPrincipal(
        token.subject(), null, new UserProfile(token.email(), null, null), null, token.expiresAt());
  }

  private boolean isProtected(ServerHttpRequest request) {
    PathContainer path = request.getPath().pathWithinApplication();
    return protectedPaths.stream().anyMatch(pattern -> pattern.matches(path));
  }

  private static boolean looksLikeJwt(String token) {
    return token.chars().filter(c -> c == '.').count() == 2;
  }
}
