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
 * Limits {@code /auth/*} per client address, so nobody can hammer WorkOS through us or fill the
 * login-state table. Over the limit: 429 with {@code Retry-After}. The limit is per replica.
 */
public final class AuthRateLimitFilter implements WebFilter, Ordered {

  static final int ORDER = OriginCheckFilter.ORDER + 10;
  private static final int MAX_TRACKED_ADDRESSES = 10_000;

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
    if (!exchange.getRequest().getPath().value().startsWith("/auth/")) {
      return chain.filter(exchange);
    }
    RateLimiter limiter = limiterFor(clientAddress(exchange));
    if (limiter.acquirePermission()) {
      return chain.filter(exchange);
    }
    long waitSeconds = secondsUntilNextPermit(limiter);
    return ErrorResponses.write(
        exchange.getResponse(),
        new ErrorResponses.HttpError(
                HttpStatus.TOO_MANY_REQUESTS,
                "rate_limited",
                "too many login requests from this address; retry later")
            .withHeader(HttpHeaders.RETRY_AFTER, Long.toString(waitSeconds)));
  }

  private static long secondsUntilNextPermit(RateLimiter limiter) {
    if (limiter instanceof AtomicRateLimiter atomic) {
      long nanos = atomic.getDetailedMetrics().getNanosToWait();
      return Math.max(1, TimeUnit.NANOSECONDS.toSeconds(nanos) + 1);
    }
    return 60;
  }

  private RateLimiter limiterFor(String address) {
    if (limiters.size() >= MAX_TRACKED_ADDRESSES && !limiters.containsKey(address)) {
      limiters.clear(); // bounded memory; a reset only ever lets a few extra requests through
    }
    return limiters.computeIfAbsent(address, a -> RateLimiter.of("auth-" + a, config));
  }

  private static String clientAddress(ServerWebExchange exchange) {
    InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
    return remote == null || remote.getAddress() == null
        ? "unknown"
        : remote.getAddress().getHostAddress();
  }
}
