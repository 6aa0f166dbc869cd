package io.statelessmcp.adapter.out.workos;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.statelessmcp.application.failure.ProviderUnavailable;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * The public keys of one JWKS endpoint, fetched without blocking and cached.
 *
 * <ul>
 *   <li>At most one fetch starts per {@code minInterval}, whatever the reason (first use, unknown
 *       {@code kid}, expired cache, earlier failure): a stream of tokens with made-up key ids costs
 *       WorkOS/Supabase one request per interval, not one per token.
 *   <li>Concurrent callers share the fetch in flight.
 *   <li>Keys older than {@code ttl} are refreshed on next use; if that refresh fails, the old keys
 *       stay in use.
 * </ul>
 */
final class JwksCache {

  private static final Logger log = LoggerFactory.getLogger(JwksCache.class);

  private record Snapshot(List<JWK> keys, Instant fetchedAt) {}

  private final WebClient http;
  private final URI uri;
  private final Clock clock;
  private final Duration minInterval;
  private final Duration ttl;
  private final Duration fetchTimeout;
  private final AtomicLong fetches = new AtomicLong();

  private final Object lock = new Object();
  private volatile Snapshot snapshot;
  // guarded by lock
  private Instant lastFetchStarted;
  private Mono<List<JWK>> inFlight;

  JwksCache(WebClient http, JwtVerifierSettings settings, Clock clock) {
    this.http = http;
    this.clock = clock;
    this.uri = settings.jwksUri();
    this.minInterval = settings.jwksRefetchInterval();
    this.ttl = settings.jwksCacheTtl();
    this.fetchTimeout =
        settings.connectTimeout().plus(settings.responseTimeout()).plus(Duration.ofSeconds(1));
  }

  /** How many fetches this cache has started. */
  long fetches() {
    return fetches.get();
  }

  /**
   * The keys accepted by {@code matcher}, refetching when none match and the rate limit allows.
   * Emits an empty list when no such key is known; signals {@link ProviderUnavailable} when no keys
   * could be obtained at all.
   */
  Mono<List<JWK>> keys(Predicate<JWK> matcher) {
    return Mono.defer(
        () -> {
          Instant now = clock.instant();
          Snapshot current = snapshot;
          if (current == null) {
            Mono<List<JWK>> fetch = fetchIfAllowed(now);
            if (fetch == null) {
              return Mono.error(new ProviderUnavailable("signing keys not available yet"));
            }
            return fetch.map(keys -> select(keys, matcher));
          }
          boolean fresh = now.isBefore(current.fetchedAt().plus(ttl));
          List<JWK> known = select(current.keys(), matcher);
          if (fresh && !known.isEmpty()) {
            return Mono.just(known);
          }
          Mono<List<JWK>> fetch = fetchIfAllowed(now);
          if (fetch == null) {
            return Mono.just(known);
          }
          return fetch
              .map(keys -> select(keys, matcher))
              .onErrorResume(
                  ProviderUnavailable.class,
                  e -> known.isEmpty() && fresh ? Mono.error(e) : Mono.just(known));
        });
  }

  private static List<JWK> select(List<JWK> keys, Predicate<JWK> matcher) {
    return keys.stream().filter(matcher).toList();
  }

  /** The fetch in flight, a new one if the rate limit allows, or null. */
  private Mono<List<JWK>> fetchIfAllowed(Instant now) {
    synchronized (lock) {
      if (inFlight != null) {
        return inFlight;
      }
      if (lastFetchStarted != null && now.isBefore(lastFetchStarted.plus(minInterval))) {
        return null;
      }
      lastFetchStarted = now;
      // cleared before subscribers see the result (doOnSuccess/doOnError run first), so a caller
      // that starts after this fetch completed never joins it
      Mono<List<JWK>> fetch =
          fetch()
              .doOnSuccess(
                  keys -> {
                    synchronized (lock) {
                      if (keys != null) {
                        snapshot = new Snapshot(keys, clock.instant());
                      }
                      inFlight = null;
                    }
                  })
              .doOnError(
                  e -> {
                    synchronized (lock) {
                      inFlight = null;
                    }
                  })
              .cache();
      inFlight = fetch;
      return fetch;
    }
  }

  private Mono<List<JWK>> fetch() {
    return Mono.defer(
            () -> {
              fetches.incrementAndGet();
              return http.get()
                  .uri(uri)
                  .accept(MediaType.APPLICATION_JSON)
                  .exchangeToMono(
                      response -> {
                        if (!response.statusCode().is2xxSuccessful()) {
                          int status = response.statusCode().value();
                          log.warn("JWKS fetch from {} failed: HTTP {}", uri, status);
                          return response
                              .releaseBody()
                              .then(
                                  Mono.error(
                                      new ProviderUnavailable(
                                          "signing keys endpoint answered " + status)));
                        }
                        return response
                            .bodyToMono(String.class)
                            .defaultIfEmpty("")
                            .map(this::parse);
                      });
            })
        .timeout(fetchTimeout)
        .onErrorMap(e -> !(e instanceof ProviderUnavailable), this::unavailable);
  }

  private List<JWK> parse(String json) {
    try {
      List<JWK> keys = JWKSet.parse(json).getKeys();
      log.debug("fetched {} signing keys from {}", keys.size(), uri);
      return keys;
    } catch (ParseException e) {
      log.warn("JWKS from {} is not a valid key set", uri);
      throw new ProviderUnavailable("signing keys unreadable");
    }
  }

  private ProviderUnavailable unavailable(Throwable e) {
    String detail = "signing keys endpoint unreachable";
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof TimeoutException || t instanceof io.netty.handler.timeout.TimeoutException) {
        detail = "signing keys endpoint did not answer in time";
        break;
      }
      if (t instanceof ConnectException || t instanceof UnknownHostException) {
        break;
      }
    }
    log.warn("JWKS fetch from {} failed: {}", uri, detail);
    return new ProviderUnavailable(detail);
  }
}
