package io.statelessmcp.application.service;

import static io.statelessmcp.application.failure.GrantRefused.Reason.INVALID_CLIENT;
import static io.statelessmcp.application.failure.GrantRefused.Reason.INVALID_GRANT;
import static io.statelessmcp.application.failure.GrantRefused.Reason.INVALID_REQUEST;
import static io.statelessmcp.application.failure.GrantRefused.Reason.INVALID_TARGET;
import static io.statelessmcp.application.failure.GrantRefused.Reason.UNAUTHORIZED_CLIENT;
import static io.statelessmcp.application.service.OAuthServer.ACCESS_LIFETIME;
import static io.statelessmcp.application.service.OAuthServer.REDIRECT;
import static io.statelessmcp.application.service.OAuthServer.RESOURCE;
import static io.statelessmcp.application.service.OAuthServer.VERIFIER;
import static io.statelessmcp.application.service.OAuthServer.assertRefused;
import static io.statelessmcp.application.service.OAuthServer.exchangeOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.statelessmcp.application.failure.GrantRefused;
import io.statelessmcp.application.failure.TokenRejected;
import io.statelessmcp.application.port.in.IssueTokens;
import io.statelessmcp.application.port.in.IssueTokens.CodeExchange;
import io.statelessmcp.application.port.in.IssueTokens.Tokens;
import io.statelessmcp.application.port.in.Principal;
import io.statelessmcp.application.port.in.SessionPrincipal;
import io.statelessmcp.application.port.out.AuthorizationCodes;
import io.statelessmcp.domain.AuthorizationCode;
import io.statelessmcp.domain.OAuthClient;
import io.statelessmcp.domain.OAuthSecret;
import io.statelessmcp.domain.SecretHash;
import io.statelessmcp.domain.Session;
import io.statelessmcp.domain.SessionId;
import io.statelessmcp.domain.SessionPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

class IssueTokensServiceTest {

  private final OAuthServer server = new OAuthServer();
  private final OAuthClient client = server.registerInspector();

  private SessionId grantOf(String code) {
    return server.codes.codes.get(SecretHash.of(code)).sessionId();
  }

  private Principal authenticated(String accessToken) {
    return server.bearer(accessToken).block();
  }

  private void assertAccessRefused(String accessToken) {
    StepVerifier.create(server.bearer(accessToken)).expectError().verify();
  }

  private Mono<Tokens> exchange(Function<CodeExchange, CodeExchange> change, String code) {
    return server.issueTokens.exchange(change.apply(exchangeOf(client, code)));
  }

  private static CodeExchange withVerifier(CodeExchange e, String verifier) {
    return new CodeExchange(e.clientId(), e.code(), e.redirectUri(), verifier, e.resource());
  }

  private static CodeExchange withRedirect(CodeExchange e, String redirectUri) {
    return new CodeExchange(e.clientId(), e.code(), redirectUri, e.codeVerifier(), e.resource());
  }

  private static CodeExchange withResource(CodeExchange e, String resource) {
    return new CodeExchange(e.clientId(), e.code(), e.redirectUri(), e.codeVerifier(), resource);
  }

  private static CodeExchange withClient(CodeExchange e, String clientId) {
    return new CodeExchange(clientId, e.code(), e.redirectUri(), e.codeVerifier(), e.resource());
  }

  private static CodeExchange withCode(CodeExchange e, String code) {
    return new CodeExchange(e.clientId(), code, e.redirectUri(), e.codeVerifier(), e.resource());
  }

  // --- the authorization code ---

  @Test
  void aCodeBuysAnAccessTokenForItsGrantAndARefreshToken() {
    String code = server.codeFor(client);

    Tokens tokens = server.exchange(client, code);

    assertThat(OAuthSecret.ACCESS_TOKEN.isWellFormed(tokens.accessToken())).isTrue();
    assertThat(OAuthSecret.REFRESH_TOKEN.isWellFormed(tokens.refreshToken())).isTrue();
    assertThat(tokens.expiresIn()).isEqualTo(ACCESS_LIFETIME);
    assertThat(server.codes.codes.get(SecretHash.of(code)).isUsed()).isTrue();
    assertThat(server.tokens.access.get(SecretHash.of(tokens.accessToken())).resource())
        .isEqualTo(RESOURCE.toString());
    Principal principal = authenticated(tokens.accessToken());
    assertThat(principal).isInstanceOf(SessionPrincipal.class);
    assertThat(((SessionPrincipal) principal).sessionId()).isEqualTo(grantOf(code));
    assertThat(tokens.toString())
        .doesNotContain(tokens.accessToken())
        .doesNotContain(tokens.refreshToken());
  }

  @Test
  void theResourceMayBeLeftOutOrWrittenWithATrailingSlash() {
    Tokens without = exchange(e -> withResource(e, null), server.codeFor(client)).block();
    Tokens slashed = exchange(e -> withResource(e, RESOURCE + "/"), server.codeFor(client)).block();

    assertThat(without.accessToken()).isNotNull();
    assertThat(slashed.accessToken()).isNotNull();
  }

  @Test
  void theAccessTokenNeverOutlivesTheSessionsAbsoluteDeadline() {
    OAuthServer shortLived =
        new OAuthServer(
            new SessionPolicy(
                Duration.ofMinutes(30), Duration.ofMinutes(30), Duration.ofSeconds(60)));
    OAuthClient inspector = shortLived.registerInspector();
    String code = shortLived.codeFor(inspector);
    shortLived.clock.advance(Duration.ofMinutes(1));

    Tokens tokens = shortLived.exchange(inspector, code);

    assertThat(tokens.expiresIn()).isEqualTo(Duration.ofMinutes(29));
  }

  @Test
  void aCodeWithTheWrongProofIsRefusedAndStaysGoodForTheRightRequest() {
    String code = server.codeFor(client);
    OAuthClient other = server.register("Other", null, REDIRECT);

    assertRefused(exchange(e -> withVerifier(e, VERIFIER.substring(1) + "A"), code), INVALID_GRANT);
    assertRefused(exchange(e -> withVerifier(e, OAuthServer.CHALLENGE), code), INVALID_GRANT);
    assertRefused(
        exchange(e -> withRedirect(e, "https://inspector.example.com/cb"), code), INVALID_GRANT);
    assertRefused(exchange(e -> withClient(e, other.clientId()), code), INVALID_GRANT);
    assertRefused(
        exchange(e -> withResource(e, "https://other.example.com/mcp"), code), INVALID_TARGET);
    assertRefused(exchange(e -> withClient(e, "dcr_AAAAAAAAAAAAAAAAAAAAAA"), code), INVALID_CLIENT);
    assertRefused(exchange(e -> withVerifier(e, null), code), INVALID_REQUEST);
    assertRefused(exchange(e -> withRedirect(e, null), code), INVALID_REQUEST);
    assertRefused(exchange(e -> withClient(e, null), code), INVALID_REQUEST);

    assertThat(server.codes.codes.get(SecretHash.of(code)).isUsed()).isFalse();
    assertThat(server.sessions.rows.get(grantOf(code)).isRevoked()).isFalse();
    assertThat(server.exchange(client, code).accessToken()).isNotNull();
  }

  @Test
  void unknownAndMalformedCodesAreInvalidGrants() {
    String code = server.codeFor(client);

    assertRefused(
        exchange(e -> withCode(e, OAuthSecret.AUTHORIZATION_CODE.issue()), code), INVALID_GRANT);
    assertRefused(exchange(e -> withCode(e, code.substring(1)), code), INVALID_GRANT);
    assertRefused(
        exchange(e -> withCode(e, OAuthSecret.ACCESS_TOKEN.issue()), code), INVALID_GRANT);
    assertRefused(exchange(e -> withCode(e, "upstream-1"), code), INVALID_GRANT);
    assertRefused(exchange(e -> withCode(e, null), code), INVALID_REQUEST);

    assertThat(server.exchange(client, code).accessToken()).isNotNull();
  }

  @Test
  void aCodeIsGoodForFiveMinutesAndNotAtTheFifth() {
    String late = server.codeFor(client);
    String inTime = server.codeFor(client);

    server.clock.advance(AuthorizationCode.LIFETIME.minusNanos(1));
    assertThat(server.exchange(client, inTime).accessToken()).isNotNull();
    server.clock.advance(Duration.ofNanos(1));
    assertRefused(exchange(e -> e, late), INVALID_GRANT);
    assertThat(server.codes.codes.get(SecretHash.of(late)).isUsed()).isFalse();
  }

  @Test
  void aCodeUsedTwiceIsRefusedAndRevokesWhatItsFirstUseIssued() {
    String code = server.codeFor(client);
    Tokens first = server.exchange(client, code);
    assertThat(authenticated(first.accessToken())).isNotNull();

    assertRefused(exchange(e -> e, code), INVALID_GRANT);

    assertThat(server.sessions.rows.get(grantOf(code)).isRevoked()).isTrue();
    StepVerifier.create(server.bearer(first.accessToken()))
        .expectError(TokenRejected.class)
        .verify();
    assertRefused(server.refresh(client, first.refreshToken()), INVALID_GRANT);
  }

  @Test
  void aReplayWithoutTheProofCannotEndTheGrant() {
    String code = server.codeFor(client);
    Tokens first = server.exchange(client, code);

    assertRefused(exchange(e -> withVerifier(e, "guessed-verifier"), code), INVALID_GRANT);

    assertThat(authenticated(first.accessToken())).isNotNull();
  }

  @Test
  void ofTwoRedemptionsThatBothFindTheCodeUnusedExactlyOneSucceeds() {
    String code = server.codeFor(client);
    Sinks.One<Boolean> bothHaveRead = Sinks.one();
    CountDownLatch reads = new CountDownLatch(2);
    AuthorizationCodes gated =
        new AuthorizationCodes() {
          @Override
          public Mono<Void> save(AuthorizationCode stored) {
            return server.codes.save(stored);
          }

          @Override
          public Mono<AuthorizationCode> find(SecretHash codeHash) {
            return server
                .codes
                .find(codeHash)
                .doOnNext(found -> reads.countDown())
                .delayUntil(found -> bothHaveRead.asMono());
          }

          @Override
          public Mono<Boolean> markUsed(SecretHash codeHash, java.time.Instant now) {
            return server.codes.markUsed(codeHash, now);
          }

          @Override
          public Mono<Integer> deleteExpired(java.time.Instant now) {
            return server.codes.deleteExpired(now);
          }
        };
    IssueTokensService racing =
        new IssueTokensService(
            server.registry,
            gated,
            server.tokens,
            server.resolver,
            new GrantEnding(server.sessions, server.tokens),
            server.settings,
            server.clock);
    List<Object> outcomes = new ArrayList<>();

    racing.exchange(exchangeOf(client, code)).subscribe(outcomes::add, outcomes::add);
    racing.exchange(exchangeOf(client, code)).subscribe(outcomes::add, outcomes::add);
    assertThat(reads.getCount()).isZero();
    bothHaveRead.tryEmitValue(true);

    assertThat(outcomes).hasSize(2);
    assertThat(outcomes).filteredOn(Tokens.class::isInstance).hasSize(1);
    assertThat(outcomes)
        .filteredOn(GrantRefused.class::isInstance)
        .singleElement()
        .satisfies(e -> assertThat(((GrantRefused) e).reason()).isEqualTo(INVALID_GRANT));
  }

  @Test
  void manyRedemptionsAtOnceOnManyThreadsNeverIssueTwice() {
    String code = server.codeFor(client);
    ConcurrentLinkedQueue<Tokens> issued = new ConcurrentLinkedQueue<>();

    Flux.range(0, 8)
        .parallel(8)
        .runOn(Schedulers.parallel())
        .flatMap(
            i ->
                server
                    .issueTokens
                    .exchange(exchangeOf(client, code))
                    .doOnNext(issued::add)
                    .onErrorResume(GrantRefused.class, refused -> Mono.empty()))
        .sequential()
        .blockLast(Duration.ofSeconds(10));

    assertThat(issued).hasSizeLessThanOrEqualTo(1);
    assertThat(server.sessions.rows.get(grantOf(code)).isRevoked()).isTrue();
  }

  // --- the refresh token ---

  @Test
  void aRefreshRotatesTheRefreshTokenAndIssuesANewAccessToken() {
    Tokens first = server.exchange(client, server.codeFor(client));

    server.clock.advance(Duration.ofMinutes(50));
    Tokens second = server.refresh(client, first.refreshToken()).block();

    assertThat(second.refreshToken()).isNotEqualTo(first.refreshToken());
    assertThat(second.refreshToken())
        .isEqualTo(OAuthSecret.successorOf(first.refreshToken(), server.settings.grantKey()));
    assertThat(second.accessToken()).isNotEqualTo(first.accessToken());
    assertThat(second.expiresIn()).isEqualTo(ACCESS_LIFETIME);
    assertThat(authenticated(second.accessToken())).isNotNull();
    assertThat(authenticated(first.accessToken())).as("until it expires").isNotNull();
  }

  @Test
  void aRefreshKeepsTheGrantedScopeMayNarrowItAndMayNotWidenIt() {
    String code =
        server
            .authorizeAndSignIn(
                new OAuthServer.Request(client, OAuthServer.newBrowser())
                    .with(request -> request.scope = "files:read files:write"))
            .code();
    Tokens first = server.exchange(client, code);
    assertThat(first.scope()).isEqualTo("files:read files:write");

    Tokens kept = server.refresh(client, first.refreshToken()).block();
    assertThat(kept.scope()).as("no scope asked: the grant's").isEqualTo("files:read files:write");

    Tokens narrowed =
        server
            .issueTokens
            .refresh(
                new IssueTokens.Refresh(
                    client.clientId(), kept.refreshToken(), "files:read", RESOURCE.toString()))
            .block();
    assertThat(narrowed.scope()).isEqualTo("files:read");
    assertThat(server.tokens.access.get(SecretHash.of(narrowed.accessToken())).scope())
        .isEqualTo("files:read");

    StepVerifier.create(
            server.issueTokens.refresh(
                new IssueTokens.Refresh(
                    client.clientId(),
                    narrowed.refreshToken(),
                    "files:read admin",
                    RESOURCE.toString())))
        .expectErrorSatisfies(
            e ->
                assertThat(((GrantRefused) e).reason())
                    .isEqualTo(GrantRefused.Reason.INVALID_SCOPE))
        .verify();
    assertThat(server.refresh(client, narrowed.refreshToken()).block().scope())
        .as("narrowing one access token leaves the grant as it was")
        .isEqualTo("files:read files:write");
  }

  @Test
  void theReplacedTokenGetsTheSameSuccessorUntilTheSuccessorIsUsed() {
    Tokens first = server.exchange(client, server.codeFor(client));
    Tokens second = server.refresh(client, first.refreshToken()).block();

    Tokens retried = server.refresh(client, first.refreshToken()).block();

    assertThat(retried.refreshToken()).isEqualTo(second.refreshToken());
    assertThat(retried.accessToken()).isNotEqualTo(second.accessToken());
    assertThat(authenticated(retried.accessToken())).isNotNull();
    Tokens third = server.refresh(client, second.refreshToken()).block();
    assertThat(third.refreshToken()).isNotIn(first.refreshToken(), second.refreshToken());
  }

  @Test
  void aReplacedTokenPresentedAfterItsSuccessorWasUsedEndsTheWholeGrant() {
    String code = server.codeFor(client);
    Tokens first = server.exchange(client, code);
    Tokens second = server.refresh(client, first.refreshToken()).block();
    Tokens third = server.refresh(client, second.refreshToken()).block();

    assertRefused(server.refresh(client, first.refreshToken()), INVALID_GRANT);

    assertThat(server.sessions.rows.get(grantOf(code)).isRevoked()).isTrue();
    assertRefused(server.refresh(client, third.refreshToken()), INVALID_GRANT);
    assertRefused(server.refresh(client, second.refreshToken()), INVALID_GRANT);
    for (Tokens tokens : List.of(first, second, third)) {
      StepVerifier.create(server.bearer(tokens.accessToken()))
          .expectError(TokenRejected.class)
          .verify();
    }
  }

  @Test
  void theTokenJustBeforeTheLatestAlsoEndsTheGrantOnceTheLatestIsUsed() {
    String code = server.codeFor(client);
    Tokens first = server.exchange(client, code);
    Tokens second = server.refresh(client, first.refreshToken()).block();
    Tokens third = server.refresh(client, second.refreshToken()).block();
    server.refresh(client, third.refreshToken()).block();

    assertRefused(server.refresh(client, second.refreshToken()), INVALID_GRANT);

    assertThat(server.sessions.rows.get(grantOf(code)).isRevoked()).isTrue();
  }

  @Test
  void revokedUnknownAndForeignRefreshTokensAreInvalidGrants() {
    Tokens tokens = server.exchange(client, server.codeFor(client));
    OAuthClient other = server.register("Other", null, REDIRECT);

    assertRefused(server.refresh(other, tokens.refreshToken()), INVALID_GRANT);
    assertRefused(server.refresh(client, OAuthSecret.REFRESH_TOKEN.issue()), INVALID_GRANT);
    assertRefused(server.refresh(client, tokens.accessToken()), INVALID_GRANT);
    assertRefused(server.refresh(client, "refresh-upstream-1"), INVALID_GRANT);
    assertRefused(server.refresh(client, " "), INVALID_REQUEST);
    assertThat(authenticated(tokens.accessToken())).as("nothing ended").isNotNull();

    server.revokeToken.revoke(tokens.refreshToken(), client.clientId()).block();
    assertRefused(server.refresh(client, tokens.refreshToken()), INVALID_GRANT);
  }

  @Test
  void aRefreshForAnotherResourceOrByAnUnknownClientIsRefused() {
    Tokens tokens = server.exchange(client, server.codeFor(client));

    assertRefused(
        server.issueTokens.refresh(
            new io.statelessmcp.application.port.in.IssueTokens.Refresh(
                client.clientId(), tokens.refreshToken(), null, "https://other.example.com/mcp")),
        INVALID_TARGET);
    assertRefused(
        server.issueTokens.refresh(
            new io.statelessmcp.application.port.in.IssueTokens.Refresh(
                "dcr_AAAAAAAAAAAAAAAAAAAAAA", tokens.refreshToken(), null, null)),
        INVALID_CLIENT);
    assertThat(server.refresh(client, tokens.refreshToken()).block()).isNotNull();
  }

  @Test
  void aClientWithoutTheRefreshGrantGetsNoRefreshTokenAndCannotRefresh() {
    OAuthClient codeOnly = server.register("Code only", List.of("authorization_code"), REDIRECT);

    Tokens tokens = server.exchange(codeOnly, server.codeFor(codeOnly));

    assertThat(tokens.refreshToken()).isNull();
    assertThat(server.tokens.refresh).isEmpty();
    assertRefused(server.refresh(codeOnly, OAuthSecret.REFRESH_TOKEN.issue()), UNAUTHORIZED_CLIENT);
  }

  @Test
  void aRefreshAfterTheSessionExpiredIsAnInvalidGrantAndStoresNothing() {
    String code = server.codeFor(client);
    Tokens tokens = server.exchange(client, code);
    Session grant = server.sessions.rows.get(grantOf(code));
    int refreshTokens = server.tokens.refresh.size();

    server.clock.set(grant.expiresAt());

    assertRefused(server.refresh(client, tokens.refreshToken()), INVALID_GRANT);
    assertThat(server.tokens.refresh).hasSize(refreshTokens);
  }

  @Test
  void aRefreshAfterTheUserRevokedTheSessionIsAnInvalidGrant() {
    String code = server.codeFor(client);
    Tokens tokens = server.exchange(client, code);

    server.sessions.revoke(grantOf(code), server.clock.instant()).block();

    assertRefused(server.refresh(client, tokens.refreshToken()), INVALID_GRANT);
    StepVerifier.create(server.bearer(tokens.accessToken())).expectError().verify();
  }

  @Test
  void aRefreshNearTheSessionsEndGetsAnAccessTokenThatEndsWithIt() {
    OAuthServer shortLived =
        new OAuthServer(
            new SessionPolicy(Duration.ofHours(3), Duration.ofHours(3), Duration.ofSeconds(60)));
    OAuthClient inspector = shortLived.registerInspector();
    Tokens first = shortLived.exchange(inspector, shortLived.codeFor(inspector));
    assertThat(first.expiresIn()).isEqualTo(ACCESS_LIFETIME);

    shortLived.clock.advance(Duration.ofMinutes(150));
    Tokens late = shortLived.refresh(inspector, first.refreshToken()).block();

    assertThat(late.expiresIn()).isEqualTo(Duration.ofMinutes(30));
    shortLived.clock.advance(Duration.ofMinutes(30));
    assertRefused(shortLived.refresh(inspector, late.refreshToken()), INVALID_GRANT);
  }
}
