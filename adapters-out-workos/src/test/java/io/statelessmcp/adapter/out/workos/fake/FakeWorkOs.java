package io.statelessmcp.adapter.out.workos.fake;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A fake WorkOS User Management API on loopback, speaking WorkOS's JSON.
 *
 * <ul>
 *   <li>{@code GET /user_management/authorize}: checks {@code client_id}, records the PKCE
 *       challenge and {@code redirect_uri}, and answers 302 to {@code
 *       redirect_uri?code=..&state=..}, signing in as {@link #signInAs(FakeUser)} (default {@link
 *       FakeUser#ada()}).
 *   <li>{@code POST /user_management/authenticate} (JSON or form): {@code authorization_code}
 *       (single-use code, PKCE S256 checked) and {@code refresh_token} (rotating: each refresh
 *       token works once). Wrong client credentials give 400 {@code invalid_client}, a used or
 *       unknown code or refresh token 400 {@code invalid_grant}. Access tokens are RS256 JWTs with
 *       {@code iss = {baseUrl}/user_management/{clientId}}, {@code sub}, {@code sid}, {@code jti},
 *       {@code iat}, {@code exp} (lifetime: {@link #setAccessTokenLifetime(Duration)}).
 *   <li>{@code GET /sso/jwks/{clientId}} and {@code GET /oauth2/jwks}: the public keys. The fake's
 *       base URL doubles as the AuthKit domain ({@link #authKitDomain()}); {@link #authKitToken()}
 *       mints resource-server tokens.
 *   <li>Failure injection on the authenticate endpoint ({@link #failNext}, {@link #failAlways},
 *       {@link #hangNext}, {@link #hangAlways}, {@link #heal}), {@link #stop()} / {@link
 *       #restart()} on the same port, and counters ({@link #codeExchanges()}, {@link #refreshes()},
 *       ...). Every authenticate request is counted when it arrives, before any injected failure.
 * </ul>
 *
 * <pre>{@code
 * try (FakeWorkOs workos = FakeWorkOs.start()) {
 *   WorkOsSettings settings = WorkOsSettings.of(workos.baseUrl(), workos.clientId(), workos.apiKey());
 *   ...
 * }
 * }</pre>
 */
public final class FakeWorkOs extends LoopbackServer {

  public static final String DEFAULT_CLIENT_ID = "client_01FAKECLIENT000000000000";
  public static final String DEFAULT_API_KEY = "sk_test_fake_0123456789abcdef";

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration CODE_LIFETIME = Duration.ofMinutes(10);
  private static final HttpClient BROWSER =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  /** An injected answer: HTTP status and WorkOS-shaped JSON body. */
  public record Failure(int status, String body) {

    /** 400 {@code invalid_grant}, as for an expired, used or unknown code. */
    public static Failure invalidGrant() {
      return new Failure(
          400,
          "{\"error\":\"invalid_grant\",\"error_description\":\"The code has expired or is"
              + " invalid.\"}");
    }

    /** 400 {@code invalid_client}: WorkOS's answer to a wrong client id or API key. */
    public static Failure invalidClient() {
      return new Failure(
          400, "{\"error\":\"invalid_client\",\"error_description\":\"Invalid client secret.\"}");
    }

    /** 401 in WorkOS's shape (its answer to a bad API key on ordinary endpoints). */
    public static Failure unauthorized() {
      return new Failure(401, "{\"code\":\"unauthorized\",\"message\":\"Unauthorized\"}");
    }

    public static Failure forbidden(String code) {
      return new Failure(403, "{\"code\":\"" + code + "\",\"message\":\"Forbidden.\"}");
    }

    public static Failure tooManyRequests() {
      return new Failure(
          429, "{\"error\":\"too_many_requests\",\"error_description\":\"Slow down.\"}");
    }

    public static Failure serverError() {
      return new Failure(500, "{\"message\":\"Internal Server Error\"}");
    }

    public static Failure serviceUnavailable() {
      return new Failure(503, "{\"message\":\"Service Unavailable\"}");
    }

    public static Failure status(int status, String json) {
      return new Failure(status, json);
    }
  }

  private sealed interface Action permits Answer, Hang {}

  private record Answer(Failure failure) implements Action {}

  private record Hang() implements Action {}

  private record PendingCode(
      FakeUser user, String clientId, String challenge, String redirectUri, Instant expiresAt) {}

  private record Grant(FakeUser user, String sessionId) {}

  private final String clientId;
  private final String apiKey;
  private final Clock clock;
  private volatile FakeUser nextUser = FakeUser.ada();
  private volatile Duration accessTokenLifetime = Duration.ofMinutes(5);
  private volatile RSAKey signingKey = TestKeys.newRsaKey();
  private final List<RSAKey> keys = new CopyOnWriteArrayList<>(List.of(signingKey));
  private final Map<String, PendingCode> codes = new ConcurrentHashMap<>();
  private final Map<String, Grant> refreshTokens = new ConcurrentHashMap<>();
  private final List<String> issuedSecrets = new CopyOnWriteArrayList<>();

  private final Deque<Action> plan = new ArrayDeque<>();
  private Action always; // guarded by plan

  private final Map<String, AtomicInteger> authenticateByGrant = new ConcurrentHashMap<>();
  private final AtomicInteger authorizeRequests = new AtomicInteger();
  private volatile Map<String, String> lastAuthenticate = Map.of();

  private FakeWorkOs(String clientId, String apiKey, Clock clock) {
    super("fake-workos");
    this.clientId = clientId;
    this.apiKey = apiKey;
    this.clock = clock;
  }

  /**
   * Starts on a random loopback port with {@link #DEFAULT_CLIENT_ID} / {@link #DEFAULT_API_KEY}.
   */
  public static FakeWorkOs start() {
    return start(DEFAULT_CLIENT_ID, DEFAULT_API_KEY, Clock.systemUTC());
  }

  /** The clock decides {@code iat}/{@code exp} of issued tokens and code expiry. */
  public static FakeWorkOs start(String clientId, String apiKey, Clock clock) {
    FakeWorkOs fake =
        new FakeWorkOs(
            Objects.requireNonNull(clientId),
            Objects.requireNonNull(apiKey),
            Objects.requireNonNull(clock));
    fake.bind();
    return fake;
  }

  public String clientId() {
    return clientId;
  }

  public String apiKey() {
    return apiKey;
  }

  /** The AuthKit domain this fake plays ({@code /oauth2/jwks} lives under it): the base URL. */
  public String authKitDomain() {
    return baseUrl().toString();
  }

  /** The {@code iss} of the user-management access tokens this fake issues. */
  public String userManagementIssuer() {
    return baseUrl() + "/user_management/" + clientId;
  }

  // --- behaviour --------------------------------------------------------------------------------

  /** Every following login (authorize) signs in as this user, until changed. */
  public void signInAs(FakeUser user) {
    this.nextUser = Objects.requireNonNull(user);
  }

  public FakeUser currentUser() {
    return nextUser;
  }

  /** Lifetime of access tokens issued from now on; tiny or negative makes them (nearly) expired. */
  public void setAccessTokenLifetime(Duration lifetime) {
    this.accessTokenLifetime = Objects.requireNonNull(lifetime);
  }

  /** Publishes a new signing key (the old one stays published) and signs with it from now on. */
  public RSAKey rotateSigningKey() {
    RSAKey key = TestKeys.newRsaKey();
    keys.add(key);
    signingKey = key;
    return key;
  }

  /** The private key the fake signs with now. */
  public RSAKey signingKey() {
    return signingKey;
  }

  /** Invalidates every refresh token, as when the users' WorkOS sessions end. */
  public void endAllSessions() {
    refreshTokens.clear();
  }

  /**
   * Issues a code without the browser round trip, as if {@code user} had just logged in via
   * authorize with this challenge and redirect URI.
   */
  public String issueCode(FakeUser user, String codeChallenge, String redirectUri) {
    String code = Ids.ulid();
    issuedSecrets.add(code);
    codes.put(
        code,
        new PendingCode(user, clientId, codeChallenge, redirectUri, now().plus(CODE_LIFETIME)));
    return code;
  }

  /**
   * Plays the browser: GETs the authorization URL (which must point at this fake) and returns the
   * {@code Location} it redirects to, i.e. the callback with {@code code} and {@code state}.
   */
  public URI followAuthorize(URI authorizationUrl) {
    try {
      HttpResponse<String> response =
          BROWSER.send(
              HttpRequest.newBuilder(authorizationUrl)
                  .GET()
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 302) {
        throw new IllegalStateException(
            "authorize answered " + response.statusCode() + ": " + response.body());
      }
      return URI.create(response.headers().firstValue("location").orElseThrow());
    } catch (IOException e) {
      throw new IllegalStateException("authorize failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * A builder for an AuthKit-style access token (resource-server mode): {@code iss} = {@link
   * #authKitDomain()}, {@code sub} = the current user, {@code sid}, {@code jti}, {@code iat},
   * {@code exp} = now + the access-token lifetime, signed with the fake's key, and no {@code aud}
   * until the test sets one.
   */
  public FakeJwt authKitToken() {
    return new FakeJwt(clock, signingKey)
        .issuer(authKitDomain())
        .subject(nextUser.id())
        .claim("sid", "session_" + Ids.ulid())
        .expiresIn(accessTokenLifetime);
  }

  // --- failure injection ------------------------------------------------------------------------

  /** The next {@code times} authenticate requests get this answer. */
  public void failNext(int times, Failure failure) {
    synchronized (plan) {
      for (int i = 0; i < times; i++) {
        plan.add(new Answer(failure));
      }
    }
  }

  /** Every authenticate request gets this answer until {@link #heal()}. */
  public void failAlways(Failure failure) {
    synchronized (plan) {
      always = new Answer(failure);
    }
  }

  /** The next {@code times} authenticate requests are never answered. */
  public void hangNext(int times) {
    synchronized (plan) {
      for (int i = 0; i < times; i++) {
        plan.add(new Hang());
      }
    }
  }

  /** Authenticate requests are never answered until {@link #heal()}. */
  public void hangAlways() {
    synchronized (plan) {
      always = new Hang();
    }
  }

  /** Clears every injected failure (authenticate and JWKS); does not restart a stopped server. */
  public void heal() {
    synchronized (plan) {
      plan.clear();
      always = null;
    }
    healJwks();
  }

  private Action nextAction() {
    synchronized (plan) {
      Action next = plan.poll();
      return next != null ? next : always;
    }
  }

  // --- counters ---------------------------------------------------------------------------------

  /** Authenticate requests received with this grant_type (injected failures included). */
  public int authenticateRequests(String grantType) {
    AtomicInteger count = authenticateByGrant.get(grantType);
    return count == null ? 0 : count.get();
  }

  public int authenticateRequests() {
    return authenticateByGrant.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  public int codeExchanges() {
    return authenticateRequests("authorization_code");
  }

  /**
   * Every authorization code, access token and refresh token this fake has handed out, for tests
   * that prove none of them leaks into logs.
   */
  public List<String> issuedSecrets() {
    return List.copyOf(issuedSecrets);
  }

  public int refreshes() {
    return authenticateRequests("refresh_token");
  }

  public int authorizeRequests() {
    return authorizeRequests.get();
  }

  /** The fields of the last authenticate request (as sent, secrets included: it is a test fake). */
  public Map<String, String> lastAuthenticateRequest() {
    return lastAuthenticate;
  }

  public void resetCounters() {
    authenticateByGrant.clear();
    authorizeRequests.set(0);
  }

  // --- HTTP -------------------------------------------------------------------------------------

  @Override
  void routes(HttpServerRoutes routes) {
    routes
        .get("/user_management/authorize", this::authorize)
        .post("/user_management/authenticate", this::authenticate)
        .get("/sso/jwks/{clientId}", this::ssoJwks)
        .get("/oauth2/jwks", (request, response) -> serveJwks(response));
  }

  @Override
  List<JWK> publishedKeys() {
    return List.copyOf(keys);
  }

  private Mono<Void> ssoJwks(HttpServerRequest request, HttpServerResponse response) {
    if (!clientId.equals(request.param("clientId"))) {
      return sendJson(response, 404, "{\"message\":\"Not Found\"}");
    }
    return serveJwks(response);
  }

  private Mono<Void> authorize(HttpServerRequest request, HttpServerResponse response) {
    authorizeRequests.incrementAndGet();
    Map<String, String> q = single(new QueryStringDecoder(request.uri()).parameters());
    if (!clientId.equals(q.get("client_id"))) {
      return oauthError(response, 400, "invalid_request", "Invalid client_id.");
    }
    if (!"code".equals(q.get("response_type"))) {
      return oauthError(response, 400, "invalid_request", "response_type must be code.");
    }
    String redirectUri = q.get("redirect_uri");
    if (redirectUri == null || redirectUri.isBlank()) {
      return oauthError(response, 400, "invalid_request", "redirect_uri is required.");
    }
    if (!"authkit".equals(q.get("provider"))) {
      return oauthError(response, 400, "invalid_request", "provider must be authkit.");
    }
    String challenge = q.get("code_challenge");
    if (challenge != null && !"S256".equals(q.get("code_challenge_method"))) {
      return oauthError(response, 400, "invalid_request", "code_challenge_method must be S256.");
    }
    String code = issueCode(nextUser, challenge, redirectUri);
    StringBuilder location = new StringBuilder(redirectUri);
    location.append(redirectUri.contains("?") ? '&' : '?').append("code=").append(encode(code));
    if (q.get("state") != null) {
      location.append("&state=").append(encode(q.get("state")));
    }
    return response
        .status(302)
        .header(HttpHeaderNames.LOCATION, location.toString())
        .header(HttpHeaderNames.CACHE_CONTROL, "no-store")
        .header(HttpHeaderNames.CONNECTION, "close")
        .send();
  }

  private Mono<Void> authenticate(HttpServerRequest request, HttpServerResponse response) {
    String contentType = request.requestHeaders().get(HttpHeaderNames.CONTENT_TYPE, "");
    return request
        .receive()
        .aggregate()
        .asString(StandardCharsets.UTF_8)
        .defaultIfEmpty("")
        .flatMap(
            raw -> {
              Map<String, String> fields = parseFields(contentType, raw);
              String grant = fields == null ? "" : fields.getOrDefault("grant_type", "");
              authenticateByGrant
                  .computeIfAbsent(grant, g -> new AtomicInteger())
                  .incrementAndGet();
              lastAuthenticate = fields == null ? Map.of() : Map.copyOf(fields);
              Action action = nextAction();
              if (action instanceof Hang) {
                return hang(response);
              }
              if (action instanceof Answer answer) {
                return sendJson(response, answer.failure().status(), answer.failure().body());
              }
              if (fields == null) {
                return oauthError(response, 400, "invalid_request", "Malformed request body.");
              }
              return switch (grant) {
                case "authorization_code" -> codeGrant(fields, response);
                case "refresh_token" -> refreshGrant(fields, response);
                default -> oauthError(response, 400, "invalid_request", "Invalid grant_type.");
              };
            });
  }

  private Mono<Void> codeGrant(Map<String, String> f, HttpServerResponse response) {
    String secret = f.get("client_secret");
    if (!clientId.equals(f.get("client_id"))
        || (secret != null && !apiKey.equals(secret))
        || (secret == null && f.get("code_verifier") == null)) {
      return oauthError(response, 400, "invalid_client", "Invalid client secret.");
    }
    String code = f.get("code");
    if (code == null) {
      return oauthError(response, 400, "invalid_request", "code is required.");
    }
    PendingCode pending = codes.remove(code); // single use, even when the rest fails
    String invalid = "The code '" + code + "' has expired or is invalid.";
    if (pending == null
        || !now().isBefore(pending.expiresAt())
        || !clientId.equals(pending.clientId())) {
      return oauthError(response, 400, "invalid_grant", invalid);
    }
    if (pending.challenge() != null) {
      String verifier = f.get("code_verifier");
      if (verifier == null) {
        return oauthError(response, 400, "invalid_request", "code_verifier is required.");
      }
      if (!pending.challenge().equals(Pkce.challenge(verifier))) {
        return oauthError(response, 400, "invalid_grant", invalid);
      }
    }
    return sendTokens(response, new Grant(pending.user(), "session_" + Ids.ulid()));
  }

  private Mono<Void> refreshGrant(Map<String, String> f, HttpServerResponse response) {
    String secret = f.get("client_secret");
    if (!clientId.equals(f.get("client_id")) || (secret != null && !apiKey.equals(secret))) {
      return oauthError(response, 400, "invalid_client", "Invalid client secret.");
    }
    String token = f.get("refresh_token");
    Grant grant = token == null ? null : refreshTokens.remove(token); // rotating: once only
    if (grant == null) {
      return oauthError(response, 400, "invalid_grant", "Invalid refresh token.");
    }
    return sendTokens(response, grant);
  }

  private Mono<Void> sendTokens(HttpServerResponse response, Grant grant) {
    String refreshToken = Ids.opaque(28);
    refreshTokens.put(refreshToken, grant);
    String accessToken =
        new FakeJwt(clock, signingKey)
            .issuer(userManagementIssuer())
            .subject(grant.user().id())
            .claim("sid", grant.sessionId())
            .expiresIn(accessTokenLifetime)
            .mint();
    issuedSecrets.add(accessToken);
    issuedSecrets.add(refreshToken);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("user", userJson(grant.user()));
    body.put("organization_id", null);
    body.put("access_token", accessToken);
    body.put("refresh_token", refreshToken);
    body.put("authentication_method", "GoogleOAuth");
    return sendJson(response, 200, JSON.writeValueAsString(body));
  }

  private Map<String, Object> userJson(FakeUser user) {
    String now = now().toString();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("object", "user");
    json.put("id", user.id());
    json.put("email", user.email());
    json.put("email_verified", true);
    json.put("first_name", user.firstName());
    json.put("last_name", user.lastName());
    json.put("profile_picture_url", null);
    json.put("external_id", null);
    json.put("metadata", Map.of());
    json.put("last_sign_in_at", now);
    json.put("created_at", now);
    json.put("updated_at", now);
    return json;
  }

  private Instant now() {
    return clock.instant();
  }

  private static Mono<Void> oauthError(
      HttpServerResponse response, int status, String error, String description) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("error", error);
    body.put("error_description", description);
    return sendJson(response, status, JSON.writeValueAsString(body));
  }

  /** The body's fields as strings; null when unreadable. */
  private static Map<String, String> parseFields(String contentType, String raw) {
    if (contentType.startsWith("application/x-www-form-urlencoded")) {
      return single(new QueryStringDecoder(raw, StandardCharsets.UTF_8, false).parameters());
    }
    try {
      JsonNode node = JSON.readTree(raw);
      if (node == null || !node.isObject()) {
        return null;
      }
      Map<String, String> fields = new LinkedHashMap<>();
      node.properties()
          .forEach(
              e -> {
                if (!e.getValue().isNull()) {
                  fields.put(e.getKey(), e.getValue().asString());
                }
              });
      return fields;
    } catch (JacksonException e) {
      return null;
    }
  }

  private static Map<String, String> single(Map<String, List<String>> multi) {
    Map<String, String> result = new LinkedHashMap<>();
    multi.forEach((k, v) -> result.put(k, v.isEmpty() ? "" : v.get(0)));
    return result;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
