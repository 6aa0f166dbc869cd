package io.statelessmcp.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.statelessmcp.application.failure.ClientRejected;
import io.statelessmcp.application.failure.GrantRefused;
import io.statelessmcp.application.port.in.Authenticate.PresentedCredentials;
import io.statelessmcp.application.port.in.Authorize;
import io.statelessmcp.application.port.in.CompleteLogin;
import io.statelessmcp.application.port.in.IssueTokens;
import io.statelessmcp.application.port.in.Principal;
import io.statelessmcp.application.port.out.SessionEvents;
import io.statelessmcp.application.service.Fakes.CountingSessionStore;
import io.statelessmcp.application.service.Fakes.MemoryAuthorizationCodes;
import io.statelessmcp.application.service.Fakes.MemoryConsents;
import io.statelessmcp.application.service.Fakes.MemoryGrantTokens;
import io.statelessmcp.application.service.Fakes.MemoryLoginStates;
import io.statelessmcp.application.service.Fakes.ScriptedIdentityProvider;
import io.statelessmcp.domain.ClientMetadata;
import io.statelessmcp.domain.GrantKey;
import io.statelessmcp.domain.OAuthClient;
import io.statelessmcp.domain.OAuthClientMetadata;
import io.statelessmcp.domain.OAuthSecret;
import io.statelessmcp.domain.SessionPolicy;
import io.statelessmcp.domain.testing.MutableClock;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * This server as an OAuth authorization server, wired over the in-memory fakes, and the steps an
 * MCP client and its user's browser take through it.
 */
final class OAuthServer {

  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  static final URI ISSUER = URI.create("https://mcp.example.com");
  static final URI RESOURCE = URI.create("https://mcp.example.com/mcp");
  static final URI CALLBACK = URI.create("https://mcp.example.com/auth/complete");
  static final String REDIRECT = "http://localhost:6274/oauth/callback";
  static final Duration ACCESS_LIFETIME = Duration.ofHours(1);
  static final Duration CONSENT_LIFETIME = Duration.ofDays(30);

  /** RFC 7636 appendix B. */
  static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

  static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

  /** Idle deadline a day, at most 30 days: out of the way unless a test moves it. */
  static final SessionPolicy LONG_SESSIONS =
      new SessionPolicy(Duration.ofHours(24), Duration.ofDays(30), Duration.ofSeconds(60));

  final MutableClock clock = new MutableClock(T0);
  final MemoryOAuthClients registry = new MemoryOAuthClients();
  final MemoryLoginStates loginStates = new MemoryLoginStates();
  final MemoryConsents consents = new MemoryConsents();
  final ScriptedIdentityProvider idp = new ScriptedIdentityProvider();
  final CountingSessionStore sessions = new CountingSessionStore();
  final MemoryAuthorizationCodes codes = new MemoryAuthorizationCodes();
  final MemoryGrantTokens tokens = new MemoryGrantTokens();
  final AuthorizationServerSettings settings;
  final SessionPolicy policy;
  final SessionResolver resolver;
  final RegisterClientService registration;
  final AuthorizeService authorize;
  final CompleteLoginService completeLogin;
  final IssueTokensService issueTokens;
  final RevokeTokenService revokeToken;
  final AuthenticateService authenticate;

  private final AtomicInteger upstreamCodes = new AtomicInteger();

  OAuthServer() {
    this(LONG_SESSIONS);
  }

  OAuthServer(SessionPolicy policy) {
    this.policy = policy;
    byte[] key = new byte[GrantKey.MIN_LENGTH];
    Arrays.fill(key, (byte) 0x5a);
    settings =
        new AuthorizationServerSettings(
            ISSUER, RESOURCE, ACCESS_LIFETIME, CONSENT_LIFETIME, new GrantKey(key));
    resolver =
        new SessionResolver(sessions, sessions, sessions, idp, policy, clock, SessionEvents.NONE);
    GrantEnding grants = new GrantEnding(sessions, tokens);
    registration = new RegisterClientService(registry, clock);
    ResolveClientService clients =
        new ResolveClientService(
            registry,
            url -> Mono.error(ClientRejected.unknownClient("no documents in this test")),
            clock);
    authorize = new AuthorizeService(clients, loginStates, consents, idp, settings, clock);
    completeLogin =
        new CompleteLoginService(
            loginStates, idp, sessions, codes, ISSUER, policy, clock, SessionEvents.NONE);
    issueTokens =
        new IssueTokensService(registry, codes, tokens, resolver, grants, settings, clock);
    revokeToken = new RevokeTokenService(tokens, grants, clock);
    authenticate =
        new AuthenticateService(
            resolver,
            java.util.Optional.empty(),
            java.util.Optional.of(tokens),
            SessionEvents.NONE);
  }

  /** A public client registered at /register; {@code grantTypes} null means both. */
  OAuthClient register(String name, List<String> grantTypes, String... redirectUris) {
    return registration
        .register(
            () ->
                new OAuthClientMetadata(
                    List.of(redirectUris), name, null, null, null, grantTypes, null, null))
        .block();
  }

  OAuthClient registerInspector() {
    return register("MCP Inspector", null, REDIRECT, "https://inspector.example.com/cb");
  }

  static String newBrowser() {
    return OAuthSecret.BROWSER.issue();
  }

  /** The parameters of a correct authorization request, which a test then spoils. */
  static final class Request {
    String responseType = "code";
    String clientId;
    String redirectUri = REDIRECT;
    String codeChallenge = CHALLENGE;
    String codeChallengeMethod = "S256";
    String state = "client-state-1";
    String scope;
    String resource = RESOURCE.toString();
    List<String> repeated = List.of();
    String browser;

    Request(OAuthClient client, String browser) {
      this.clientId = client.clientId();
      this.browser = browser;
    }

    Request with(Consumer<Request> change) {
      change.accept(this);
      return this;
    }

    Authorize.Command command() {
      return new Authorize.Command(
          responseType,
          clientId,
          redirectUri,
          codeChallenge,
          codeChallengeMethod,
          state,
          scope,
          resource,
          repeated,
          browser,
          CALLBACK);
    }
  }

  Authorize.Outcome authorize(Request request) {
    return authorize.authorize(request.command()).block();
  }

  Authorize.Outcome decide(Authorize.AskConsent asked, boolean approved, String browser) {
    return authorize
        .decide(
            new Authorize.Decision(
                asked.pending(), approved, asked.browserBinding(), browser, CALLBACK))
        .block();
  }

  /** The user's browser back from the identity provider with a fresh upstream code. */
  Mono<CompleteLogin.CompletedLogin> callback(Authorize.SignIn signIn) {
    return completeLogin.complete(
        new CompleteLogin.Command(
            "upstream-" + upstreamCodes.incrementAndGet(),
            query(signIn.authorizationUrl()).get("state"),
            signIn.browserBinding(),
            new ClientMetadata("Claude/1.0", "198.51.100.4")));
  }

  /** Authorize, approve when asked, sign in upstream: the client's redirect with its code. */
  Authorized authorizeAndSignIn(Request request) {
    Authorize.Outcome outcome = authorize(request);
    if (outcome instanceof Authorize.AskConsent asked) {
      outcome = decide(asked, true, request.browser);
    }
    assertThat(outcome).isInstanceOf(Authorize.SignIn.class);
    CompleteLogin.CompletedLogin completed = callback((Authorize.SignIn) outcome).block();
    return new Authorized(completed, query(completed.clientRedirect()));
  }

  /** The outcome of a finished authorization: what the client's redirect URI received. */
  record Authorized(CompleteLogin.CompletedLogin completed, Map<String, String> redirect) {
    String code() {
      return redirect.get("code");
    }
  }

  String codeFor(OAuthClient client) {
    return authorizeAndSignIn(new Request(client, newBrowser())).code();
  }

  static IssueTokens.CodeExchange exchangeOf(OAuthClient client, String code) {
    return new IssueTokens.CodeExchange(
        client.clientId(), code, REDIRECT, VERIFIER, RESOURCE.toString());
  }

  IssueTokens.Tokens exchange(OAuthClient client, String code) {
    return issueTokens.exchange(exchangeOf(client, code)).block();
  }

  Mono<IssueTokens.Tokens> refresh(OAuthClient client, String refreshToken) {
    return issueTokens.refresh(
        new IssueTokens.Refresh(client.clientId(), refreshToken, null, RESOURCE.toString()));
  }

  /** A request to the MCP endpoint with {@code Authorization: Bearer token}. */
  Mono<Principal> bearer(String token) {
    return authenticate.authenticate(
        new PresentedCredentials(List.of(), List.of(), List.of(token)));
  }

  static Map<String, String> query(URI uri) {
    Map<String, String> parameters = new LinkedHashMap<>();
    String raw = uri.getRawQuery();
    if (raw == null) {
      return parameters;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String name = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      assertThat(parameters.put(name, value)).as("%s appears once", name).isNull();
    }
    return parameters;
  }

  static void assertRefused(Mono<?> call, GrantRefused.Reason reason) {
    StepVerifier.create(call)
        .expectErrorSatisfies(
            e ->
                assertThat(e)
                    .isInstanceOfSatisfying(
                        GrantRefused.class,
                        refused -> assertThat(refused.reason()).isEqualTo(reason)))
        .verify();
  }
}
