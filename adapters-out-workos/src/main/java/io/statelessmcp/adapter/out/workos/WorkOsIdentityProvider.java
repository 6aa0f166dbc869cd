package io.statelessmcp.adapter.out.workos;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.nimbusds.jwt.JWTParser;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.github.resilience4j.reactor.retry.RetryOperator;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.netty.channel.ConnectTimeoutException;
import io.statelessmcp.application.failure.LoginRejected;
import io.statelessmcp.application.failure.ProviderUnavailable;
import io.statelessmcp.application.failure.ServiceFailure;
import io.statelessmcp.application.port.out.IdentityProvider;
import io.statelessmcp.domain.ClientMetadata;
import io.statelessmcp.domain.OAuthTokens;
import io.statelessmcp.domain.UserProfile;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * WorkOS User Management over HTTP: the AuthKit authorization URL, the code exchange and the
 * refresh ({@code POST /user_management/authenticate}).
 *
 * <p>Resilience: one circuit breaker ({@link #circuitBreaker()}) counts 5xx answers, timeouts and
 * connection failures (never 4xx, and 429 not at all) over a time window, so failures from before
 * WorkOS recovered are forgotten; an open circuit turns half-open by itself after its wait. The
 * only retry ({@link #retry()}) is for failures where the request provably never left this process
 * (connection refused, connect timeout, unknown host): codes and refresh tokens are single use, so
 * nothing is resent once it may have reached WorkOS. Each call has one deadline ({@link
 * WorkOsSettings#callDeadline()}) that covers its attempts and the waits between them.
 *
 * <p>Logs carry the operation, HTTP status and WorkOS error code only; never tokens, codes,
 * verifiers, the API key or WorkOS's error descriptions (which can echo the code).
 */
public final class WorkOsIdentityProvider implements IdentityProvider, AutoCloseable {

  /** Name of the circuit breaker and of the retry in their registries (and in metrics tags). */
  public static final String RESILIENCE_NAME = "workos";

  static final String CODE_REJECTED =
      "login code expired or already used; start again at /auth/login";
  static final String REFRESH_REJECTED =
      "the WorkOS session has ended or its refresh token was already used; log in again at"
          + " /auth/login";

  private static final Logger log = LoggerFactory.getLogger(WorkOsIdentityProvider.class);

  private static final JsonMapper JSON =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .changeDefaultPropertyInclusion(v -> v.withValueInclusion(JsonInclude.Include.NON_NULL))
          .build();

  private final WorkOsSettings settings;
  private final ConnectionProvider pool;
  private final WebClient http;
  private final URI authenticateUri;
  private final Duration attemptTimeout;
  private final Duration callDeadline;
  private final int connectAttempts;
  private final IntervalFunction connectBackoff;
  private final CircuitBreaker circuitBreaker;
  private final Retry retry;

  /** Production defaults: {@link WorkOsResilienceSettings#defaults()}, private registries. */
  public WorkOsIdentityProvider(WorkOsSettings settings) {
    this(settings, WorkOsResilienceSettings.defaults());
  }

  public WorkOsIdentityProvider(WorkOsSettings settings, WorkOsResilienceSettings resilience) {
    this(settings, resilience, CircuitBreakerRegistry.ofDefaults(), RetryRegistry.ofDefaults());
  }

  /**
   * Creates the circuit breaker and retry named {@value #RESILIENCE_NAME} in the given registries,
   * so that bootstrap can bind them to metrics (for example {@code
   * TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry)}).
   *
   * @throws IllegalStateException if a registry already holds an entry of that name (Resilience4j
   *     would silently hand back the old one with its old configuration)
   */
  public WorkOsIdentityProvider(
      WorkOsSettings settings,
      WorkOsResilienceSettings resilience,
      CircuitBreakerRegistry circuitBreakers,
      RetryRegistry retries) {
    this.settings = Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(resilience, "resilience");
    if (circuitBreakers.find(RESILIENCE_NAME).isPresent()
        || retries.find(RESILIENCE_NAME).isPresent()) {
      throw new IllegalStateException(
          "a circuit breaker or retry named '" + RESILIENCE_NAME + "' is already registered");
    }
    this.pool = HttpClients.pool("workos");
    this.http = HttpClients.webClient(pool, settings.connectTimeout(), settings.responseTimeout());
    this.authenticateUri = URI.create(settings.baseUrl() + "/user_management/authenticate");
    // backstop only: Reactor Netty's connect and response timeouts normally fire first
    this.attemptTimeout =
        settings.connectTimeout().plus(settings.responseTimeout()).plus(Duration.ofSeconds(1));
    this.callDeadline = settings.callDeadline();
    this.connectAttempts = resilience.connectAttempts();
    this.connectBackoff =
        IntervalFunction.ofExponentialBackoff(resilience.connectRetryBackoff(), 2.0);
    this.circuitBreaker =
        circuitBreakers.circuitBreaker(RESILIENCE_NAME, circuitBreakerConfig(resilience));
    this.retry = retries.retry(RESILIENCE_NAME, retryConfig());
    circuitBreaker
        .getEventPublisher()
        .onStateTransition(e -> log.warn("WorkOS circuit breaker: {}", e.getStateTransition()));
    retry
        .getEventPublisher()
        .onRetry(
            e ->
                log.warn(
                    "WorkOS unreachable ({}), retrying, attempt {}",
                    transportDetail(e.getLastThrowable()),
                    e.getNumberOfRetryAttempts() + 1));
  }

  private static CircuitBreakerConfig circuitBreakerConfig(WorkOsResilienceSettings r) {
    return CircuitBreakerConfig.custom()
        // by time, not by count: with few calls a count window kept failures from long before
        // WorkOS recovered and opened the circuit on the first new call
        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.TIME_BASED)
        .slidingWindowSize((int) r.slidingWindow().toSeconds())
        .minimumNumberOfCalls(r.minimumNumberOfCalls())
        .failureRateThreshold(r.failureRateThreshold())
        .waitDurationInOpenState(r.waitInOpenState())
        // half-open without waiting for a call, so readiness stops reporting DEGRADED on its own
        .automaticTransitionFromOpenToHalfOpenEnabled(true)
        .permittedNumberOfCallsInHalfOpenState(r.permittedCallsInHalfOpenState())
        .recordException(WorkOsIdentityProvider::isOutage)
        .ignoreException(
            e -> e instanceof UpstreamFailure u && u.kind() == UpstreamFailure.Kind.RATE_LIMITED)
        .clock(r.clock())
        .build();
  }

  private RetryConfig retryConfig() {
    return RetryConfig.custom()
        .maxAttempts(connectAttempts)
        .intervalFunction(connectBackoff)
        .retryOnException(e -> !(e instanceof NoTimeToRetry) && neverReachedWorkOs(e))
        .failAfterMaxAttempts(false)
        .build();
  }

  /** The circuit breaker around every WorkOS call; bootstrap reports its state in readiness. */
  public CircuitBreaker circuitBreaker() {
    return circuitBreaker;
  }

  /** The connect-failure-only retry (for metrics). */
  public Retry retry() {
    return retry;
  }

  @Override
  public URI authorizationUrl(String state, String codeChallenge, URI redirectUri) {
    requireText(state, "state");
    requireText(codeChallenge, "code challenge");
    Objects.requireNonNull(redirectUri, "redirect URI");
    Map<String, String> query = new LinkedHashMap<>();
    query.put("client_id", settings.clientId());
    query.put("redirect_uri", redirectUri.toString());
    query.put("response_type", "code");
    query.put("provider", "authkit");
    query.put("state", state);
    query.put("code_challenge", codeChallenge);
    query.put("code_challenge_method", "S256");
    String encoded =
        query.entrySet().stream()
            .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
            .collect(Collectors.joining("&"));
    return URI.create(settings.baseUrl() + "/user_management/authorize?" + encoded);
  }

  @Override
  public Mono<Authenticated> exchangeCode(String code, String codeVerifier, ClientMetadata client) {
    return Mono.defer(
        () -> {
          requireText(code, "code");
          requireText(codeVerifier, "code verifier");
          ClientMetadata from = client == null ? ClientMetadata.unknown() : client;
          WorkOsAuthenticateRequest body =
              WorkOsAuthenticateRequest.authorizationCode(
                  settings.clientId(),
                  settings.apiKey(),
                  code,
                  codeVerifier,
                  from.ip(),
                  from.userAgent());
          return authenticate("code exchange", body, CODE_REJECTED, "start again at /auth/login")
              .map(
                  answer -> {
                    WorkOsAuthenticateResponse.WorkOsUser user = answer.body().user();
                    return new Authenticated(
                        user.id(),
                        new UserProfile(user.email(), user.firstName(), user.lastName()),
                        answer.tokens());
                  });
        });
  }

  @Override
  public Mono<OAuthTokens> refresh(String refreshToken) {
    return Mono.defer(
        () -> {
          requireText(refreshToken, "refresh token");
          WorkOsAuthenticateRequest body =
              WorkOsAuthenticateRequest.refreshToken(
                  settings.clientId(), settings.apiKey(), refreshToken);
          return authenticate(
                  "token refresh", body, REFRESH_REJECTED, "log in again at /auth/login")
              .map(Answer::tokens);
        });
  }

  /** Releases the connection pool. */
  @Override
  public void close() {
    pool.dispose();
  }

  @Override
  public String toString() {
    return "WorkOsIdentityProvider[" + settings + "]";
  }

  // --- the call ------------------------------------------------------------------------------

  /** A successful authenticate answer with the tokens already checked. */
  private record Answer(WorkOsAuthenticateResponse body, OAuthTokens tokens) {}

  /**
   * One call: attempts under the circuit breaker, retried on connect failures, all within {@link
   * #callDeadline}. The deadline is enforced inside each attempt (its timeout is at most the time
   * left) rather than around the whole call, because a cancelled attempt is not recorded by the
   * circuit breaker, and a WorkOS that hangs must count as a failure.
   */
  private Mono<Answer> authenticate(
      String operation, WorkOsAuthenticateRequest body, String invalidGrant, String startOver) {
    String json = JSON.writeValueAsString(body);
    return Mono.defer(
            () -> {
              long deadline = System.nanoTime() + callDeadline.toNanos();
              AtomicInteger attempts = new AtomicInteger();
              Mono<Answer> nextAttempt =
                  Mono.defer(
                      () -> {
                        Duration left = Duration.ofNanos(deadline - System.nanoTime());
                        if (left.isNegative() || left.isZero()) {
                          // no request made: not a WorkOS failure, so not through the breaker
                          return Mono.error(new TimeoutException("call deadline reached"));
                        }
                        int attempt = attempts.incrementAndGet();
                        return attempt(json, operation, invalidGrant, startOver, left)
                            .transformDeferred(CircuitBreakerOperator.of(circuitBreaker))
                            .onErrorMap(
                                e -> neverReachedWorkOs(e) && !timeToRetry(attempt, deadline),
                                NoTimeToRetry::new);
                      });
              return nextAttempt.transformDeferred(RetryOperator.of(retry));
            })
        .onErrorMap(e -> !(e instanceof ServiceFailure), e -> unavailable(operation, e));
  }

  private Mono<Answer> attempt(
      String json, String operation, String invalidGrant, String startOver, Duration left) {
    return http.post()
        .uri(authenticateUri)
        .contentType(MediaType.APPLICATION_JSON)
        .accept(MediaType.APPLICATION_JSON)
        .bodyValue(json)
        .exchangeToMono(response -> answer(operation, response, invalidGrant, startOver))
        .timeout(left.compareTo(attemptTimeout) < 0 ? left : attemptTimeout);
  }

  /** Whether another connect attempt is allowed and its backoff still ends before the deadline. */
  private boolean timeToRetry(int failedAttempt, long deadline) {
    if (failedAttempt >= connectAttempts) {
      return true; // the retry gives up by itself and reports the last failure
    }
    long backoffNanos = Duration.ofMillis(connectBackoff.apply(failedAttempt)).toNanos();
    return deadline - System.nanoTime() > backoffNanos;
  }

  /**
   * A connect failure with too little time left for the backoff and another attempt: reported as
   * the failure it wraps, but not retried.
   */
  private static final class NoTimeToRetry extends RuntimeException {
    NoTimeToRetry(Throwable cause) {
      super("no time left before the call deadline to try again", cause, false, false);
    }
  }

  private Mono<Answer> answer(
      String operation, ClientResponse response, String invalidGrant, String startOver) {
    int status = response.statusCode().value();
    if (response.statusCode().is2xxSuccessful()) {
      return response.bodyToMono(String.class).defaultIfEmpty("").map(this::parseSuccess);
    }
    if (status >= 500 || status < 400) {
      log.warn("WorkOS {} failed: HTTP {}", operation, status);
      return response
          .releaseBody()
          .then(
              Mono.error(
                  new UpstreamFailure(UpstreamFailure.Kind.OUTAGE, "WorkOS answered " + status)));
    }
    return response
        .bodyToMono(String.class)
        .defaultIfEmpty("")
        .onErrorReturn("")
        .map(WorkOsIdentityProvider::parseError)
        .flatMap(
            error -> {
              log.warn(
                  "WorkOS {} refused: HTTP {}, error code {}",
                  operation,
                  status,
                  error.errorCode());
              return Mono.error(rejection(operation, status, error, invalidGrant, startOver));
            });
  }

  private static RuntimeException rejection(
      String operation, int status, WorkOsErrorBody error, String invalidGrant, String startOver) {
    String code = error.errorCode();
    if (status == 429) {
      return new UpstreamFailure(UpstreamFailure.Kind.RATE_LIMITED, "WorkOS rate limit reached");
    }
    if (status == 400 && "invalid_grant".equals(code)) {
      return new LoginRejected(LoginRejected.Reason.INVALID_GRANT, invalidGrant);
    }
    if (status == 401
        || status == 403
        || (status == 400
            && ("invalid_client".equals(code) || "unauthorized_client".equals(code)))) {
      return new LoginRejected(
          LoginRejected.Reason.CLIENT_REJECTED,
          "WorkOS rejected this server's client (HTTP "
              + status
              + ", "
              + code
              + "); an operator must check WORKOS_CLIENT_ID, WORKOS_API_KEY and the WorkOS"
              + " dashboard settings");
    }
    return new LoginRejected(
        LoginRejected.Reason.INVALID_GRANT,
        "WorkOS refused the " + operation + " (HTTP " + status + ", " + code + "); " + startOver);
  }

  private Answer parseSuccess(String json) {
    WorkOsAuthenticateResponse body;
    try {
      body = JSON.readValue(json, WorkOsAuthenticateResponse.class);
    } catch (JacksonException e) {
      throw malformed("not JSON");
    }
    if (body == null
        || body.user() == null
        || isBlank(body.user().id())
        || isBlank(body.accessToken())
        || isBlank(body.refreshToken())) {
      throw malformed("user, access_token or refresh_token missing");
    }
    return new Answer(
        body,
        new OAuthTokens(body.accessToken(), body.refreshToken(), expiryOf(body.accessToken())));
  }

  /** WorkOS sends no expires_in: the access token's own {@code exp} claim is the expiry. */
  private static Instant expiryOf(String accessToken) {
    Date exp;
    try {
      exp = JWTParser.parse(accessToken).getJWTClaimsSet().getExpirationTime();
    } catch (ParseException e) {
      throw malformed("access token is not a JWT");
    }
    if (exp == null) {
      throw malformed("access token has no exp claim");
    }
    return exp.toInstant();
  }

  private static UpstreamFailure malformed(String what) {
    log.warn("WorkOS answered 2xx with an unusable body: {}", what);
    return new UpstreamFailure(UpstreamFailure.Kind.OUTAGE, "unexpected answer from WorkOS");
  }

  private static WorkOsErrorBody parseError(String json) {
    if (json.isBlank()) {
      return WorkOsErrorBody.NONE;
    }
    try {
      WorkOsErrorBody body = JSON.readValue(json, WorkOsErrorBody.class);
      return body == null ? WorkOsErrorBody.NONE : body;
    } catch (JacksonException e) {
      return WorkOsErrorBody.NONE;
    }
  }

  // --- classification --------------------------------------------------------------------------

  /** What the circuit breaker counts as a failure: WorkOS down, slow, unreachable or garbled. */
  private static boolean isOutage(Throwable e) {
    if (e instanceof UpstreamFailure u) {
      return u.kind() == UpstreamFailure.Kind.OUTAGE;
    }
    return !(e instanceof ServiceFailure);
  }

  /** True only when the request cannot have reached WorkOS: safe to send again. */
  static boolean neverReachedWorkOs(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ConnectException || t instanceof UnknownHostException) {
        return true;
      }
    }
    return false;
  }

  private ProviderUnavailable unavailable(String operation, Throwable e) {
    if (e instanceof CallNotPermittedException) {
      log.debug("WorkOS {} not attempted: circuit open", operation);
      return new ProviderUnavailable("circuit open");
    }
    if (e instanceof UpstreamFailure) {
      return new ProviderUnavailable(e.getMessage());
    }
    String detail = transportDetail(e);
    if (e instanceof NoTimeToRetry) {
      log.warn("WorkOS {} failed: {}; not retried, the call deadline is near", operation, detail);
    } else {
      log.warn("WorkOS {} failed: {}", operation, detail);
    }
    return new ProviderUnavailable(detail);
  }

  private static String transportDetail(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ConnectTimeoutException) {
        return "WorkOS unreachable: connect timed out";
      }
      if (t instanceof ConnectException) {
        return "WorkOS unreachable: connection refused";
      }
      if (t instanceof UnknownHostException) {
        return "WorkOS unreachable: unknown host";
      }
      if (t instanceof TimeoutException || t instanceof io.netty.handler.timeout.TimeoutException) {
        return "WorkOS did not answer in time";
      }
    }
    return "connection to WorkOS failed";
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static void requireText(String value, String what) {
    if (isBlank(value)) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
