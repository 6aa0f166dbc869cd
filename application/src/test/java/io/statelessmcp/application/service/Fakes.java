package io.statelessmcp.application.service;

import io.statelessmcp.application.failure.LoginRejected;
import io.statelessmcp.application.port.out.AuthorizationCodes;
import io.statelessmcp.application.port.out.Consents;
import io.statelessmcp.application.port.out.GrantTokens;
import io.statelessmcp.application.port.out.IdentityProvider;
import io.statelessmcp.application.port.out.LoginStateStore;
import io.statelessmcp.application.port.out.SessionChanges;
import io.statelessmcp.application.port.out.SessionLookup;
import io.statelessmcp.application.port.out.SessionWrites;
import io.statelessmcp.application.port.out.StoredSessionUnreadable;
import io.statelessmcp.application.port.out.WriteResult;
import io.statelessmcp.domain.AccessToken;
import io.statelessmcp.domain.AuthorizationCode;
import io.statelessmcp.domain.ClientMetadata;
import io.statelessmcp.domain.LoginState;
import io.statelessmcp.domain.OAuthTokens;
import io.statelessmcp.domain.RefreshToken;
import io.statelessmcp.domain.SecretHash;
import io.statelessmcp.domain.Session;
import io.statelessmcp.domain.SessionId;
import io.statelessmcp.domain.UserProfile;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** Small in-memory port fakes for service tests; they count what the services cost. */
final class Fakes {

  private Fakes() {}

  /** Removes the values {@code expired} picks; emits how many. */
  static <V> Mono<Integer> removed(Map<?, V> map, Predicate<V> expired) {
    return Mono.fromSupplier(
        () -> {
          int before = map.size();
          map.values().removeIf(expired);
          return before - map.size();
        });
  }

  /** Compare-and-set semantics as the real stores; counts reads and writes. */
  static final class CountingSessionStore implements SessionLookup, SessionWrites, SessionChanges {
    final Map<SessionId, Session> rows = new ConcurrentHashMap<>();
    private final Sinks.Many<SessionId> changed = Sinks.many().multicast().directBestEffort();
    final AtomicInteger reads = new AtomicInteger();
    final AtomicInteger writes = new AtomicInteger();
    volatile boolean unreadable;

    @Override
    public Mono<Session> create(Session session) {
      return Mono.fromCallable(
          () -> {
            if (rows.putIfAbsent(session.id(), session) != null) {
              throw new IllegalStateException("session " + session.id() + " already exists");
            }
            return session;
          });
    }

    @Override
    public Mono<Session> findById(SessionId id) {
      reads.incrementAndGet();
      if (unreadable) {
        return Mono.error(new StoredSessionUnreadable(id, "test"));
      }
      return Mono.justOrEmpty(rows.get(id));
    }

    @Override
    public Mono<WriteResult> compareAndSet(Session updated) {
      return Mono.fromSupplier(
          () -> {
            AtomicReference<WriteResult> result = new AtomicReference<>(WriteResult.gone());
            rows.computeIfPresent(
                updated.id(),
                (id, current) -> {
                  if (current.version() != updated.version()) {
                    result.set(WriteResult.conflict(current));
                    return current;
                  }
                  writes.incrementAndGet();
                  Session next = updated.withVersion(current.version() + 1);
                  if (current.isRevoked()) {
                    next = next.revoke(current.revokedAt());
                  }
                  result.set(WriteResult.written(next));
                  return next;
                });
            announce(updated.id());
            return result.get();
          });
    }

    /** Simulates another replica's write. */
    void write(SessionId id, Function<Session, Session> change) {
      rows.computeIfPresent(id, (k, s) -> change.apply(s).withVersion(s.version() + 1));
      announce(id);
    }

    /** Wakes waiters at once, like the database's announcements; polls every second otherwise. */
    @Override
    public Mono<Void> awaitChange(SessionId id, long seenVersion) {
      Mono<Void> announced = changed.asFlux().filter(id::equals).next().then();
      Mono<Void> alreadyChanged =
          Mono.defer(() -> versionOf(id) > seenVersion ? Mono.<Void>empty() : Mono.never());
      return Mono.firstWithSignal(
          announced, alreadyChanged, Mono.delay(Duration.ofSeconds(1)).then());
    }

    private long versionOf(SessionId id) {
      Session session = rows.get(id);
      return session == null ? Long.MAX_VALUE : session.version();
    }

    private void announce(SessionId id) {
      changed.emitNext(id, Sinks.EmitFailureHandler.busyLooping(Duration.ofMillis(10)));
    }

    @Override
    public Mono<Boolean> revoke(SessionId id, Instant now) {
      return Mono.fromSupplier(
          () -> {
            AtomicReference<Boolean> revoked = new AtomicReference<>(false);
            rows.computeIfPresent(
                id,
                (k, current) -> {
                  if (current.isRevoked() && !current.revokedAt().isAfter(now)) {
                    return current;
                  }
                  revoked.set(true);
                  return current.revoke(now).withVersion(current.version() + 1);
                });
            announce(id);
            return revoked.get();
          });
    }
  }

  /** An identity provider whose answers the test scripts; rotates refresh tokens like WorkOS. */
  static final class ScriptedIdentityProvider implements IdentityProvider {
    final AtomicInteger refreshes = new AtomicInteger();
    final AtomicInteger exchanges = new AtomicInteger();
    volatile Duration latency = Duration.ZERO;
    volatile RuntimeException failure;
    volatile Instant newAccessExpiry;
    volatile String providerUserId = "user_workos_1";

    @Override
    public URI authorizationUrl(String state, String codeChallenge, URI redirectUri) {
      return URI.create(
          "https://idp.test/authorize?state=" + state + "&code_challenge=" + codeChallenge);
    }

    @Override
    public Mono<Authenticated> exchangeCode(
        String code, String codeVerifier, ClientMetadata client) {
      exchanges.incrementAndGet();
      return answer(
          () ->
              new Authenticated(
                  providerUserId,
                  new UserProfile("ada@example.com", "Ada", "Lovelace"),
                  new OAuthTokens(
                      "access-" + code, "refresh-" + code, Instant.parse("2030-01-01T00:00:00Z"))));
    }

    @Override
    public Mono<OAuthTokens> refresh(String refreshToken) {
      int n = refreshes.incrementAndGet();
      return answer(
          () -> new OAuthTokens("access-refreshed-" + n, "refresh-rotated-" + n, newAccessExpiry));
    }

    private <T> Mono<T> answer(java.util.function.Supplier<T> value) {
      RuntimeException f = failure;
      Mono<T> result = f != null ? Mono.error(f) : Mono.fromSupplier(value);
      return latency.isZero() ? result : Mono.delay(latency).then(result);
    }

    static LoginRejected invalidGrant() {
      return new LoginRejected(LoginRejected.Reason.INVALID_GRANT, "invalid_grant");
    }
  }

  static final class MemoryLoginStates implements LoginStateStore {
    final Map<String, LoginState> states = new ConcurrentHashMap<>();

    @Override
    public Mono<Void> save(LoginState state) {
      return Mono.fromRunnable(() -> states.put(state.stateHash(), state));
    }

    @Override
    public Mono<LoginState> find(String stateHash) {
      return Mono.fromSupplier(() -> states.get(stateHash));
    }

    @Override
    public Mono<LoginState> consume(String stateHash) {
      return Mono.fromSupplier(() -> states.remove(stateHash));
    }

    @Override
    public Mono<Integer> deleteExpired(Instant now) {
      return Mono.fromSupplier(
          () -> {
            int before = states.size();
            states.values().removeIf(s -> s.isExpiredAt(now));
            return before - states.size();
          });
    }
  }

  /** Authorization codes by hash; {@code markUsed} is atomic like the database's UPDATE. */
  static final class MemoryAuthorizationCodes implements AuthorizationCodes {
    final Map<SecretHash, AuthorizationCode> codes = new ConcurrentHashMap<>();

    @Override
    public Mono<Void> save(AuthorizationCode code) {
      return Mono.fromRunnable(() -> codes.put(code.codeHash(), code));
    }

    @Override
    public Mono<AuthorizationCode> find(SecretHash codeHash) {
      return Mono.fromSupplier(() -> codes.get(codeHash));
    }

    @Override
    public Mono<Boolean> markUsed(SecretHash codeHash, Instant now) {
      return Mono.fromSupplier(
          () -> {
            boolean[] taken = {false};
            codes.computeIfPresent(
                codeHash,
                (hash, code) -> {
                  if (code.isUsed()) {
                    return code;
                  }
                  taken[0] = true;
                  return code.usedAt(now);
                });
            return taken[0];
          });
    }

    @Override
    public Mono<Integer> deleteExpired(Instant now) {
      return removed(codes, code -> code.isExpiredAt(now));
    }
  }

  /** Access and refresh tokens by hash, as the database keeps them. */
  static final class MemoryGrantTokens implements GrantTokens {
    final Map<SecretHash, AccessToken> access = new ConcurrentHashMap<>();
    final Map<SecretHash, RefreshToken> refresh = new ConcurrentHashMap<>();

    @Override
    public Mono<Void> saveAccessToken(AccessToken token) {
      return Mono.fromRunnable(() -> access.put(token.tokenHash(), token));
    }

    @Override
    public Mono<AccessToken> findAccessToken(SecretHash tokenHash) {
      return Mono.fromSupplier(() -> access.get(tokenHash));
    }

    @Override
    public Mono<Void> saveRefreshToken(RefreshToken token) {
      return Mono.fromRunnable(() -> refresh.put(token.tokenHash(), token));
    }

    @Override
    public Mono<RefreshToken> findRefreshToken(SecretHash tokenHash) {
      return Mono.fromSupplier(() -> refresh.get(tokenHash));
    }

    @Override
    public Mono<Void> saveSuccessor(RefreshToken successor) {
      return Mono.fromRunnable(() -> refresh.putIfAbsent(successor.tokenHash(), successor));
    }

    @Override
    public Mono<Void> markUsed(SecretHash tokenHash, Instant now) {
      return Mono.fromRunnable(
          () -> refresh.computeIfPresent(tokenHash, (hash, token) -> token.usedAt(now)));
    }

    @Override
    public Mono<Void> revokeGrant(SessionId sessionId, Instant now) {
      return Mono.fromRunnable(
          () -> {
            access.values().removeIf(token -> token.sessionId().equals(sessionId));
            refresh.replaceAll(
                (hash, token) ->
                    token.sessionId().equals(sessionId) ? token.revokedAt(now) : token);
          });
    }

    @Override
    public Mono<Integer> deleteExpiredAccessTokens(Instant now) {
      return removed(access, token -> token.isExpiredAt(now));
    }
  }

  /** Consents by browser and client. */
  static final class MemoryConsents implements Consents {
    final Map<String, Instant> given = new ConcurrentHashMap<>();

    @Override
    public Mono<Boolean> isGiven(SecretHash browser, String clientId, Instant now) {
      return Mono.fromSupplier(
          () -> {
            Instant until = given.get(key(browser, clientId));
            return until != null && now.isBefore(until);
          });
    }

    @Override
    public Mono<Void> remember(
        SecretHash browser, String clientId, Instant now, Instant expiresAt) {
      return Mono.fromRunnable(() -> given.put(key(browser, clientId), expiresAt));
    }

    @Override
    public Mono<Integer> deleteExpired(Instant now) {
      return removed(given, until -> !now.isBefore(until));
    }

    private static String key(SecretHash browser, String clientId) {
      return java.util.HexFormat.of().formatHex(browser.bytes()) + " " + clientId;
    }
  }
}
