package io.statelessmcp.adapter.in.http;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Limits {@code /auth/*}, {@code /authorize}, {@code /register}, {@code /token} and {@code /revoke}
 * per client address, so nobody can hammer WorkOS through us, fill the login-state or client
 * tables, or guess codes and tokens. Over the limit: 429 with {@code Retry-After}. Each path family
 * has its own budget (logins with authorizations, registrations, tokens with revocations); the
 * limit is per replica.
 */
public final class AuthRateLimitFilter implements WebFilter, Ordered {

  static final int ORDER = OriginCheckFilter.ORDER + 10;
  private static final int MAX_TRACKED_ADDRESSES = 10_000;

  /** Which budget a path draws on. */
  private enum Family {
    LOGIN("too many login requests from this address; retry later"),
    REGISTER("too many client registrations from this address; retry later"),
    TOKEN("too many token requests from this address; retry later");

    private final String refusal;

    Family(String refusal) {
      this.refusal = refusal;
    }
  }

  private final RateLimiterConfig config;
  private final Map<String, RateLimiter> limiters = new ConcurrentHashMap<>();

  public AuthRateLimitFilter(HttpSettings settings) {
    this.config =
        RateLimiterConfig.custom()
            .limitForPeriod(settings.authRequestsPerMinute())
            .limitRefreshPeriod(Duration.ofMinutes(1))
            .timeoutDuration(Duration.ZERO)
            .build();
  }

  @Override
  public int getOrder() {
    return ORDER;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    Family family = familyOf(exchange.getRequest().getPath().value());
    if (family == null) {
      return chain.filter(exchange);
    }
    RateLimiter limiter = limiterFor(family + "-" + clientAddress(exchange));
    if (limiter.acquirePermission()) {
      return chain.filter(exchange);
    }
    long waitSeconds = secondsUntilNextPermit(limiter);
    return ErrorResponses.write(
        exchange.getResponse(),
        new ErrorResponses.HttpError(HttpStatus.TOO_MANY_REQUESTS, "rate_limited", family.refusal)
            .withHeader(HttpHeaders.RETRY_AFTER, Long.toString(waitSeconds)));
  }

  private static Family familyOf(String path) {
    if (path.startsWith("/auth/")
        || path.equals(OAuthRoutes.AUTHORIZE)
        || path.equals(AuthorizeRoutes.CONSENT)) {
      return Family.LOGIN;
    }
    if (path.equals(OAuthRoutes.REGISTER)) {
      return Family.REGISTER;
    }
    if (path.equals(OAuthRoutes.TOKEN) || path.equals(OAuthRoutes.REVOKE)) {
      return Family.TOKEN;
    }
    return null;
  }

  private static long secondsUntilNextPermit(RateLimiter limiter) {
    if (limiter instanceof AtomicRateLimiter atomic) {
      long nanos = atomic.getDetailedMetrics().getNanosToWait();
      return Math.max(1, TimeUnit.NANOSECONDS.toSeconds(nanos) + 1);
    }
    return 60;
  }

  private RateLimiter limiterFor(String key) {
    if (limiters.size() >= MAX_TRACKED_ADDRESSES && !limiters.containsKey(key)) {
      limiters.clear(); // bounded memory; a reset only ever lets a few extra requests through
    }
    return limiters.computeIfAbsent(key, k -> RateLimiter.of(k, config));
  }

  private static String clientAddress(ServerWebExchange exchange) {
    InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
    return remote == null || remote.getAddress() == null
        ? "unknown"
        : remote.getAddress().getHostAddress();
  }
}
