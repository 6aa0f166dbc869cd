package io.statelessmcp.application.service;

import io.statelessmcp.application.failure.InvalidRequest;
import io.statelessmcp.application.failure.ServiceFailure;
import io.statelessmcp.application.failure.SessionRejected;
import io.statelessmcp.application.failure.TokenRejected;
import io.statelessmcp.application.port.in.Authenticate;
import io.statelessmcp.application.port.in.Principal;
import io.statelessmcp.application.port.in.TokenPrincipal;
import io.statelessmcp.application.port.out.GrantTokens;
import io.statelessmcp.application.port.out.SessionEvents;
import io.statelessmcp.application.port.out.TokenVerifier;
import io.statelessmcp.domain.OAuthSecret;
import io.statelessmcp.domain.SecretHash;
import io.statelessmcp.domain.SessionCredential;
import io.statelessmcp.domain.UserProfile;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import reactor.core.publisher.Mono;

/**
 * Decides which credential of a request counts and how it is checked: the {@code X-MCP-Session-ID}
 * header, then the session cookie, then {@code Authorization: Bearer}; a request presenting two
 * different values is refused rather than served under either. A bearer value is a session
 * credential unless this server accepts foreign tokens (resource-server mode) and the value is a
 * JWT rather than a credential of ours. Every outcome is counted in one metric.
 *
 * @param foreignTokens present in resource-server mode: verifies AuthKit access tokens
 * @param grantTokens present when this server is the authorization server: its access tokens
 */
public record AuthenticateService(
    SessionResolver sessions,
    Optional<TokenVerifier> foreignTokens,
    Optional<GrantTokens> grantTokens,
    SessionEvents events)
    implements Authenticate {

  /** Without an authorization server of its own (resource-server or plain session mode). */
  public AuthenticateService(
      SessionResolver sessions, Optional<TokenVerifier> foreignTokens, SessionEvents events) {
    this(sessions, foreignTokens, Optional.empty(), events);
  }

  private static final String AMBIGUOUS =
      "the request presents more than one credential and they differ; present exactly one";

  @Override
  public Mono<Principal> authenticate(PresentedCredentials presented) {
    return Mono.defer(
        () -> {
          long started = System.nanoTime();
          return check(presented)
              .doOnSuccess(principal -> report("ok", started))
              .doOnError(ServiceFailure.class, failure -> report(outcome(failure), started));
        });
  }

  private Mono<Principal> check(PresentedCredentials presented) {
    if (ambiguous(presented)) {
      return Mono.error(new InvalidRequest(AMBIGUOUS));
    }
    String header = first(presented.sessionHeaders());
    if (header != null) {
      return sessions.resolve(header.trim()).cast(Principal.class);
    }
    String cookie = first(presented.sessionCookies());
    if (cookie != null) {
      return sessions.resolve(cookie).cast(Principal.class);
    }
    String bearer = first(presented.bearerTokens());
    if (bearer == null) {
      return Mono.error(new SessionRejected(SessionRejected.Reason.MISSING));
    }
    if (grantTokens.isPresent() && OAuthSecret.ACCESS_TOKEN.isWellFormed(bearer)) {
      return accessToken(grantTokens.get(), bearer);
    }
    if (foreignTokens.isPresent() && isForeignToken(bearer)) {
      return foreignTokens.get().verify(bearer).map(AuthenticateService::tokenPrincipal);
    }
    return sessions.resolve(bearer).cast(Principal.class);
  }

  /**
   * An access token of this server: it names its grant's session, which is then served as for a
   * session credential. The clock is the session's: a token past its own end is refused here.
   */
  private Mono<Principal> accessToken(GrantTokens tokens, String bearer) {
    return tokens
        .findAccessToken(SecretHash.of(bearer))
        .switchIfEmpty(
            Mono.error(() -> new TokenRejected("the access token is unknown or revoked")))
        .flatMap(
            token ->
                token.isExpiredAt(sessions.clock().instant())
                    ? Mono.error(new TokenRejected("the access token has expired; refresh it"))
                    : sessions.resolveGrant(token.sessionId()).cast(Principal.class));
  }

  /**
   * Two different values leave no safe choice (RFC 6750 section 2: one method per request): picking
   * one would let whoever can add a header or cookie decide which session a request runs as. The
   * same value presented in several places, like a browser's cookie plus the header, is not.
   */
  private static boolean ambiguous(PresentedCredentials presented) {
    Set<String> distinct = new HashSet<>();
    presented.sessionHeaders().forEach(value -> distinct.add(value.trim()));
    distinct.addAll(presented.sessionCookies());
    distinct.addAll(presented.bearerTokens());
    return distinct.size() > 1;
  }

  private static boolean isForeignToken(String bearer) {
    boolean notOurs = SessionCredential.parse(bearer) instanceof SessionCredential.Parsed.Rejected;
    boolean jwtShaped = bearer.chars().filter(c -> c == '.').count() == 2;
    return notOurs && jwtShaped;
  }

  private static Principal tokenPrincipal(TokenVerifier.VerifiedToken token) {
    return new TokenPrincipal(
        token.subject(), new UserProfile(token.email(), null, null), token.expiresAt());
  }

  private static String first(List<String> values) {
    return values.isEmpty() ? null : values.get(0);
  }

  private void report(String outcome, long startedNanos) {
    events.sessionResolved(outcome, Duration.ofNanos(System.nanoTime() - startedNanos));
  }

  /** The outcome label of the resolve metric. */
  private static String outcome(ServiceFailure failure) {
    return switch (failure.kind()) {
      case SESSION_REJECTED ->
          switch (((SessionRejected) failure).reason()) {
            case EXPIRED -> "expired";
            case REVOKED -> "revoked";
            case UNKNOWN -> "unknown";
            case MISSING, MALFORMED, INVALID, UPSTREAM_EXPIRED -> "invalid";
          };
      case PROVIDER_UNAVAILABLE, PROVIDER_NOT_CONFIGURED, STORAGE_UNAVAILABLE -> "unavailable";
      case TOKEN_REJECTED, LOGIN_REJECTED, INVALID_REQUEST, CLIENT_REJECTED, GRANT_REFUSED ->
          "invalid";
    };
  }
}
