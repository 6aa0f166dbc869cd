package io.statelessmcp.application.service;

import static io.statelessmcp.application.failure.GrantRefused.invalidGrant;
import static io.statelessmcp.application.failure.GrantRefused.invalidRequest;

import io.statelessmcp.application.failure.GrantRefused;
import io.statelessmcp.application.failure.SessionRejected;
import io.statelessmcp.application.port.in.IssueTokens;
import io.statelessmcp.application.port.out.AuthorizationCodes;
import io.statelessmcp.application.port.out.GrantTokens;
import io.statelessmcp.application.port.out.OAuthClientRegistry;
import io.statelessmcp.domain.AccessToken;
import io.statelessmcp.domain.AuthorizationCode;
import io.statelessmcp.domain.OAuthClient;
import io.statelessmcp.domain.OAuthSecret;
import io.statelessmcp.domain.RefreshToken;
import io.statelessmcp.domain.SecretHash;
import io.statelessmcp.domain.Session;
import io.statelessmcp.domain.SessionId;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import reactor.core.publisher.Mono;

/**
 * The token endpoint. The grant is a session row: issuing a token resolves that session exactly as
 * a request with a session credential would (its idle deadline slides, its upstream token is
 * refreshed when due), so a grant lives as long as its session and no longer.
 *
 * <p>Refresh tokens rotate. The successor of a token is derived from it under the deployment's key,
 * so concurrent refreshes with one token, on any replicas, all receive the same successor; the
 * replaced token stays usable until that successor is first used. A token presented after its
 * successor was used is treated as stolen: the grant ends.
 */
public record IssueTokensService(
    OAuthClientRegistry clients,
    AuthorizationCodes codes,
    GrantTokens tokens,
    SessionResolver sessions,
    GrantEnding grants,
    AuthorizationServerSettings settings,
    Clock clock)
    implements IssueTokens {

  private static final System.Logger LOG = System.getLogger(IssueTokensService.class.getName());

  @Override
  public Mono<Tokens> exchange(CodeExchange request) {
    return Mono.defer(
        () -> {
          if (isBlank(request.code())) {
            return Mono.error(invalidRequest("code is required"));
          }
          if (isBlank(request.codeVerifier())) {
            return Mono.error(invalidRequest("code_verifier is required (PKCE)"));
          }
          if (isBlank(request.redirectUri())) {
            return Mono.error(invalidRequest("redirect_uri is required"));
          }
          if (request.resource() != null && !settings.isThisResource(request.resource())) {
            return Mono.error(wrongResource());
          }
          return client(request.clientId()).flatMap(client -> redeem(client, request));
        });
  }

  private Mono<Tokens> redeem(OAuthClient client, CodeExchange request) {
    if (!OAuthSecret.AUTHORIZATION_CODE.isWellFormed(request.code())) {
      return Mono.error(invalidGrant("the authorization code is not one of this server's"));
    }
    SecretHash codeHash = SecretHash.of(request.code());
    Instant now = clock.instant();
    return codes
        .find(codeHash)
        .switchIfEmpty(Mono.error(() -> invalidGrant("the authorization code is unknown")))
        .flatMap(
            code -> {
              String refusal = refusal(code, client, request, now);
              if (refusal != null) {
                return Mono.error(invalidGrant(refusal));
              }
              if (code.isUsed()) {
                return replayed(code, now);
              }
              return codes
                  .markUsed(codeHash, now)
                  .flatMap(
                      first ->
                          first
                              ? grantOf(code.sessionId())
                                  .flatMap(session -> issue(client, session, code.scope(), now))
                              : replayed(code, now));
            });
  }

  /** Why the code cannot be redeemed by this request, or null when it can (if unused). */
  private static String refusal(
      AuthorizationCode code, OAuthClient client, CodeExchange request, Instant now) {
    if (!code.clientId().equals(client.clientId())) {
      return "the authorization code was issued to another client";
    }
    if (code.isExpiredAt(now)) {
      return "the authorization code has expired";
    }
    if (!code.redirectUri().equals(request.redirectUri())) {
      return "redirect_uri differs from the authorization request's";
    }
    if (!code.isProvenBy(request.codeVerifier())) {
      return "code_verifier does not match the code_challenge";
    }
    return null;
  }

  /** RFC 6749 section 4.1.2: a code used twice revokes what its first use issued. */
  private Mono<Tokens> replayed(AuthorizationCode code, Instant now) {
    LOG.log(
        Level.WARNING,
        "authorization code of session {0} presented again; the grant is revoked",
        code.sessionId());
    return grants
        .end(code.sessionId(), now)
        .then(
            Mono.error(
                invalidGrant(
                    "the authorization code was already used; the tokens issued for it are"
                        + " revoked")));
  }

  @Override
  public Mono<Tokens> refresh(Refresh request) {
    return Mono.defer(
        () -> {
          if (isBlank(request.refreshToken())) {
            return Mono.error(invalidRequest("refresh_token is required"));
          }
          if (request.resource() != null && !settings.isThisResource(request.resource())) {
            return Mono.error(wrongResource());
          }
          return client(request.clientId()).flatMap(client -> rotate(client, request));
        });
  }

  private Mono<Tokens> rotate(OAuthClient client, Refresh request) {
    if (!client.metadata().allowsRefreshTokens()) {
      return Mono.error(
          new GrantRefused(
              GrantRefused.Reason.UNAUTHORIZED_CLIENT,
              "this client did not register the refresh_token grant"));
    }
    String presented = request.refreshToken();
    if (!OAuthSecret.REFRESH_TOKEN.isWellFormed(presented)) {
      return Mono.error(invalidGrant("the refresh token is not one of this server's"));
    }
    Instant now = clock.instant();
    return tokens
        .findRefreshToken(SecretHash.of(presented))
        .switchIfEmpty(Mono.error(() -> invalidGrant("the refresh token is unknown")))
        .flatMap(
            current -> {
              if (!current.clientId().equals(client.clientId())) {
                return Mono.error(invalidGrant("the refresh token was issued to another client"));
              }
              if (current.isRevoked()) {
                return Mono.error(invalidGrant("the refresh token has been revoked"));
              }
              if (request.scope() != null && !current.grantsScope(request.scope())) {
                return Mono.error(
                    new GrantRefused(
                        GrantRefused.Reason.INVALID_SCOPE,
                        "a refresh may not ask for a scope beyond the one granted"));
              }
              RefreshToken.Issued successor =
                  current.successor(presented, settings.grantKey(), now);
              return tokens
                  .findRefreshToken(successor.stored().tokenHash())
                  .filter(RefreshToken::hasBeenUsed)
                  .flatMap(used -> stolen(current, now))
                  .switchIfEmpty(
                      Mono.defer(() -> rotateTo(client, current, successor, request, now)));
            });
  }

  private Mono<Tokens> rotateTo(
      OAuthClient client,
      RefreshToken current,
      RefreshToken.Issued successor,
      Refresh request,
      Instant now) {
    return grantOf(current.sessionId())
        .flatMap(
            session ->
                tokens
                    .saveSuccessor(successor.stored())
                    .then(tokens.markUsed(current.tokenHash(), now))
                    .then(accessToken(client, session, scopeOf(current, request), now))
                    .map(access -> answer(access, successor.token(), now)));
  }

  /** RFC 6749 section 6: the scope asked for (already checked), or without one the grant's. */
  private static String scopeOf(RefreshToken current, Refresh request) {
    return request.scope() != null ? request.scope() : current.scope();
  }

  /** The token's successor was used already: someone else holds this token. */
  private Mono<Tokens> stolen(RefreshToken replaced, Instant now) {
    LOG.log(
        Level.WARNING,
        "a replaced refresh token of session {0} was presented again; the grant is revoked",
        replaced.sessionId());
    return grants
        .end(replaced.sessionId(), now)
        .then(
            Mono.error(
                invalidGrant(
                    "the refresh token was already replaced; the grant is revoked, sign in"
                        + " again")));
  }

  private Mono<Tokens> issue(OAuthClient client, Session session, String scope, Instant now) {
    RefreshToken.Issued refresh =
        client.metadata().allowsRefreshTokens()
            ? RefreshToken.first(session.id(), client.clientId(), scope, now)
            : null;
    Mono<Void> saved = refresh == null ? Mono.empty() : tokens.saveRefreshToken(refresh.stored());
    return saved
        .then(accessToken(client, session, scope, now))
        .map(access -> answer(access, refresh == null ? null : refresh.token(), now));
  }

  private Mono<AccessToken.Issued> accessToken(
      OAuthClient client, Session session, String scope, Instant now) {
    AccessToken.Issued access =
        AccessToken.issue(
            session,
            client.clientId(),
            settings.resource().toString(),
            scope,
            settings.accessTokenLifetime(),
            now);
    return tokens.saveAccessToken(access.stored()).thenReturn(access);
  }

  /** The answer carries the scope the access token was issued with. */
  private static Tokens answer(AccessToken.Issued access, String refreshToken, Instant now) {
    Duration expiresIn = Duration.between(now, access.stored().expiresAt());
    return new Tokens(access.token(), expiresIn, refreshToken, access.stored().scope());
  }

  /** The grant's session as a request would see it now: usable, slid, upstream token fresh. */
  private Mono<Session> grantOf(SessionId sessionId) {
    return sessions
        .resolveSession(sessionId)
        .onErrorMap(
            SessionRejected.class,
            rejected -> invalidGrant("the sign-in behind this grant has ended; sign in again"));
  }

  /** Public clients authenticate by naming themselves; an unknown one registers again. */
  private Mono<OAuthClient> client(String clientId) {
    if (isBlank(clientId)) {
      return Mono.error(invalidRequest("client_id is required"));
    }
    return clients
        .find(clientId)
        .switchIfEmpty(
            Mono.error(
                () ->
                    new GrantRefused(
                        GrantRefused.Reason.INVALID_CLIENT,
                        "the client is unknown; register again")));
  }

  private GrantRefused wrongResource() {
    return new GrantRefused(
        GrantRefused.Reason.INVALID_TARGET,
        "resource must be this server's MCP endpoint, " + settings.resource());
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
