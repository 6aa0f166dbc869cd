package io.statelessmcp.adapter.out.supabase;

import static io.statelessmcp.adapter.out.supabase.SessionFixtures.ALICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.ConnectionFactories;
import io.statelessmcp.application.failure.StorageUnavailable;
import io.statelessmcp.domain.AccessToken;
import io.statelessmcp.domain.AuthorizationCode;
import io.statelessmcp.domain.AuthorizationRequest;
import io.statelessmcp.domain.GrantKey;
import io.statelessmcp.domain.LoginState;
import io.statelessmcp.domain.OAuthSecret;
import io.statelessmcp.domain.RefreshToken;
import io.statelessmcp.domain.SecretHash;
import io.statelessmcp.domain.Session;
import io.statelessmcp.domain.testing.FaultyTcpProxy;
import io.statelessmcp.domain.testing.MutableClock;
import io.statelessmcp.domain.testing.Pause;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.reactivestreams.Publisher;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;

/**
 * What a caller meets when the database is stopped, unreachable or frozen: every store call ends
 * within its deadline with {@link StorageUnavailable} (which the HTTP adapter answers with 503 and
 * Retry-After), never a raw driver exception (a 500) and never an unbounded wait; the log gets one
 * line per kind of failure, not a stack trace per request; and the store recovers by itself.
 */
class StoreOutageTest {

  static final Duration CONNECT_TIMEOUT = Duration.ofMillis(300);
  static final Duration ACQUIRE_TIMEOUT = Duration.ofMillis(500);
  static final Duration CALL_DEADLINE = Duration.ofMillis(700);

  /**
   * The deadline plus room for a loaded machine; before the deadlines a frozen call never ended.
   */
  static final Duration UPPER_BOUND = Duration.ofSeconds(3);

  static final KeyRing KEYS = KeyRing.parse("k1:" + KeyRing.generateKey());

  static final AuthorizationRequest REQUEST =
      new AuthorizationRequest(
          "dcr_outageOutageOutageOu01",
          "http://127.0.0.1:33418/callback",
          LoginState.hash("verifier"),
          null,
          null,
          null);
  static final GrantKey GRANT_KEY = new GrantKey(new byte[GrantKey.MIN_LENGTH]);

  /** The stores over one pool, as bootstrap wires them. */
  record Stores(
      R2dbcSessionStore sessions,
      R2dbcLoginStateStore logins,
      R2dbcAuthorizationCodes codes,
      R2dbcGrantTokens tokens,
      R2dbcConsents consents,
      R2dbcOAuthClientRegistry clients,
      Session stored,
      Instant now) {

    AuthorizationCode code() {
      return AuthorizationCode.issue(REQUEST, stored.id(), now).stored();
    }

    RefreshToken.Issued refreshToken() {
      return RefreshToken.first(stored.id(), REQUEST.clientId(), now);
    }

    AccessToken accessToken() {
      return new AccessToken(
          SecretHash.of(OAuthSecret.ACCESS_TOKEN.issue()),
          stored.id(),
          REQUEST.clientId(),
          null,
          null,
          now,
          now.plusSeconds(3600));
    }
  }

  /** One call of a store port, named for the test report. */
  record Call(String name, Function<Stores, Publisher<?>> call) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> everyCall() {
    List<Call> calls =
        List.of(
            new Call("lookup: findById", s -> s.sessions().findById(s.stored().id())),
            new Call(
                "write: create", s -> s.sessions().create(SessionFixtures.aSession().session())),
            new Call("write: compareAndSet", s -> s.sessions().compareAndSet(s.stored())),
            new Call("write: revoke", s -> s.sessions().revoke(s.stored().id(), s.now())),
            new Call("user-scoped: listActive", s -> s.sessions().listActive(ALICE, s.now())),
            new Call(
                "user-scoped: revoke", s -> s.sessions().revoke(ALICE, s.stored().id(), s.now())),
            new Call("housekeeping: deleteExpired", s -> s.sessions().deleteExpired(s.now(), 100)),
            new Call("housekeeping: countActive", s -> s.sessions().countActive(s.now())),
            new Call(
                "login: save",
                s -> s.logins().save(LoginState.start(null, ALICE, s.now()).stored())),
            new Call("login: find", s -> s.logins().find(LoginState.hash("some-state"))),
            new Call("login: consume", s -> s.logins().consume(LoginState.hash("some-state"))),
            new Call("login: deleteExpired", s -> s.logins().deleteExpired(s.now())),
            new Call("code: save", s -> s.codes().save(s.code())),
            new Call("code: find", s -> s.codes().find(s.code().codeHash())),
            new Call("code: markUsed", s -> s.codes().markUsed(s.code().codeHash(), s.now())),
            new Call("token: saveAccessToken", s -> s.tokens().saveAccessToken(s.accessToken())),
            new Call(
                "token: findAccessToken",
                s -> s.tokens().findAccessToken(s.accessToken().tokenHash())),
            new Call(
                "token: saveRefreshToken",
                s -> s.tokens().saveRefreshToken(s.refreshToken().stored())),
            new Call(
                "token: findRefreshToken",
                s -> s.tokens().findRefreshToken(s.refreshToken().stored().tokenHash())),
            new Call(
                "token: saveSuccessor",
                s -> {
                  RefreshToken.Issued first = s.refreshToken();
                  return s.tokens()
                      .saveSuccessor(
                          first.stored().successor(first.token(), GRANT_KEY, s.now()).stored());
                }),
            new Call(
                "token: markUsed",
                s -> s.tokens().markUsed(s.refreshToken().stored().tokenHash(), s.now())),
            new Call("token: revokeGrant", s -> s.tokens().revokeGrant(s.stored().id(), s.now())),
            new Call(
                "consent: isGiven",
                s ->
                    s.consents()
                        .isGiven(
                            SecretHash.of(OAuthSecret.BROWSER.issue()),
                            REQUEST.clientId(),
                            s.now())),
            new Call(
                "consent: remember",
                s ->
                    s.consents()
                        .remember(
                            SecretHash.of(OAuthSecret.BROWSER.issue()),
                            REQUEST.clientId(),
                            s.now(),
                            s.now().plusSeconds(3600))),
            new Call("client: find", s -> s.clients().find(REQUEST.clientId())),
            new Call("client: touch", s -> s.clients().touch(REQUEST.clientId(), s.now())),
            new Call("client: deleteExpired", s -> s.clients().deleteExpired(s.now())));
    return calls.stream().map(Arguments::of);
  }

  private final TestDatabase database = TestDatabases.plainSuperuser();
  private FaultyTcpProxy proxy;
  private final List<ConnectionPool> pools = new ArrayList<>();
  private Stores stores;

  @BeforeEach
  void connectThroughTheProxy() {
    proxy = FaultyTcpProxy.to(database.url().port());
    stores = storesOn(urlAt(proxy.port()), false, 2);
    // Pooled connections exist before the fault, as in a running replica.
    assertThat(stores.sessions().findById(stores.stored().id()).block()).isNotNull();
  }

  @AfterEach
  void disconnect() {
    pools.forEach(ConnectionPool::dispose);
    proxy.close();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyCall")
  void aStoppedDatabaseAnswersStorageUnavailableWithinTheDeadline(Call call) {
    proxy.down();

    assertAnswersStorageUnavailableInTime(stores, call);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyCall")
  void aFrozenDatabaseAnswersStorageUnavailableWithinTheDeadline(Call call) {
    proxy.freeze();

    assertAnswersStorageUnavailableInTime(stores, call);
  }

  @Test
  void aDatabaseThatWasNeverReachableAnswersStorageUnavailable() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    Stores unreachable = storesOn(urlAt(closedPort), false, 2);

    for (Call call : everyCall().map(arguments -> (Call) arguments.get()[0]).toList()) {
      assertAnswersStorageUnavailableInTime(unreachable, call);
    }
  }

  @Test
  void aServerThatAcceptsButNeverAnswersCostsACallerOnlyTheDeadline() throws IOException {
    List<Socket> held = new ArrayList<>();
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread accepting =
          new Thread(
              () -> {
                while (!silent.isClosed()) {
                  try {
                    held.add(silent.accept()); // and never answer
                  } catch (IOException closed) {
                    return;
                  }
                }
              });
      accepting.setDaemon(true);
      accepting.start();
      Stores silentStores = storesOn(urlAt(silent.getLocalPort()), false, 2);

      assertAnswersStorageUnavailableInTime(
          silentStores, everyCall().findFirst().map(a -> (Call) a.get()[0]).orElseThrow());
      assertAnswersStorageUnavailableInTime(
          silentStores,
          new Call(
              "login: save", s -> s.logins().save(LoginState.start(null, null, s.now()).stored())));
    } finally {
      for (Socket socket : held) {
        socket.close();
      }
    }
  }

  @Test
  void afterTheDatabaseComesBackCallsSucceedWithoutARestart() {
    proxy.down();
    assertAnswersStorageUnavailableInTime(
        stores, new Call("lookup", s -> s.sessions().findById(s.stored().id())));

    proxy.pass();

    assertThat(eventually(() -> stores.sessions().findById(stores.stored().id()).block()))
        .isEqualTo(stores.stored());
  }

  @Test
  void afterAFreezeEndsCallsSucceedWithoutARestart() {
    proxy.freeze();
    assertAnswersStorageUnavailableInTime(
        stores, new Call("lookup", s -> s.sessions().findById(s.stored().id())));
    assertAnswersStorageUnavailableInTime(
        stores, new Call("count", s -> s.sessions().countActive(s.now())));

    proxy.pass();

    assertThat(eventually(() -> stores.sessions().findById(stores.stored().id()).block()))
        .isEqualTo(stores.stored());
  }

  @Test
  void anOutageLogsOneLinePerKindOfFailureAndNoStackTrace() {
    try (LogCapture log = new LogCapture(DatabaseCalls.class)) {
      proxy.down();
      for (int i = 0; i < 30; i++) {
        catchThrowable(() -> stores.sessions().findById(stores.stored().id()).block());
        catchThrowable(() -> stores.logins().consume(LoginState.hash("x")).block());
      }

      assertThat(log.warnings())
          .as("60 failures, one kind, one line within the interval")
          .hasSize(1);
      assertThat(log.warnings().get(0)).contains("cannot reach the database");
      assertThat(log.events())
          .as("no stack trace, at any level")
          .allSatisfy(event -> assertThat(event.getThrowableProxy()).isNull());
      assertThat(log.events().stream().filter(e -> e.getLevel() == Level.DEBUG).count())
          .as("each failure is still visible at DEBUG, one line each")
          .isEqualTo(60);
    }
  }

  @Test
  void theSuppressedFailuresAreCountedInTheNextLine() {
    DatabaseCalls quicklyRepeating = new DatabaseCalls(CALL_DEADLINE, Duration.ofMillis(200));
    R2dbcSessionStore store =
        new R2dbcSessionStore(DatabaseClient.create(pools.get(0)), KEYS, quicklyRepeating);
    try (LogCapture log = new LogCapture(DatabaseCalls.class)) {
      proxy.down();
      for (int i = 0; i < 5; i++) {
        catchThrowable(() -> store.countActive(Instant.now()).block());
      }
      Pause.of(Duration.ofMillis(300));
      catchThrowable(() -> store.countActive(Instant.now()).block());

      assertThat(log.warnings()).hasSize(2);
      assertThat(log.warnings().get(1)).contains("and 4 more failures like it");
    }
  }

  @Test
  void theCacheAnswersABusySessionFromItsCopyAndItsFailedRereadStaysQuiet() {
    MutableClock clock = MutableClock.startingNow();
    R2dbcSessionStore store = stores.sessions();
    CachingSessionStore cache =
        new CachingSessionStore(store, store, store, Duration.ofSeconds(1), 100, clock);
    Session stored = stores.stored();
    cache.findById(stored.id()).block();

    try (LogCapture cacheLog = new LogCapture(CachingSessionStore.class)) {
      proxy.freeze();
      clock.advance(Duration.ofMillis(600)); // past half the copy's age: re-read in the background

      long started = System.nanoTime();
      Session answered = cache.findById(stored.id()).block(UPPER_BOUND);
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      assertThat(answered).isEqualTo(stored);
      assertThat(took)
          .as("the request did not wait for the frozen database")
          .isLessThan(CALL_DEADLINE);
      eventually(
          () -> {
            assertThat(cacheLog.events()).isNotEmpty();
            return true;
          });
      assertThat(cacheLog.events())
          .as("the failed background re-read is logged at DEBUG only")
          .allSatisfy(event -> assertThat(event.getLevel()).isEqualTo(Level.DEBUG));
    }
  }

  @Test
  void aPreparedStatementClashAnswersStorageUnavailableAndSaysWhatToSet() {
    // What a transaction pooler does: another client's statement "S_0" is already on the server
    // connection when the driver's cache prepares its own "S_0".
    Stores oneConnection = storesOn(urlAt(proxy.port()), false, 1);
    ConnectionPool pool = pools.get(pools.size() - 1);
    DatabaseClient.create(pool).sql("PREPARE \"S_0\" AS SELECT 1").then().block();

    try (LogCapture log = new LogCapture(DatabaseCalls.class)) {
      Throwable failure =
          catchThrowable(
              () -> oneConnection.sessions().findById(oneConnection.stored().id()).block());

      assertThat(failure).isInstanceOf(StorageUnavailable.class);
      assertThat(log.warnings())
          .singleElement()
          .asString()
          .contains("prepared statement clash", "MCP_DB_PREPARED_STATEMENT_CACHE=off", "42P05");
    }
  }

  private void assertAnswersStorageUnavailableInTime(Stores on, Call call) {
    long started = System.nanoTime();
    Throwable failure =
        catchThrowable(() -> Flux.from(call.call().apply(on)).collectList().block(UPPER_BOUND));
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(failure).as(call.name()).isInstanceOf(StorageUnavailable.class);
    assertThat(failure.getMessage())
        .as("what a caller reads")
        .startsWith("session storage unavailable, retry shortly");
    assertThat(took).as(call.name() + " ended within the deadline").isLessThan(UPPER_BOUND);
  }

  /** Stores over their own pool, configured with deadlines as bootstrap configures them. */
  private Stores storesOn(SupabaseDbUrl url, boolean disableCache, int poolSize) {
    ConnectionPool pool =
        new ConnectionPool(
            ConnectionPoolConfiguration.builder(
                    ConnectionFactories.get(
                        url.r2dbcOptions(disableCache, CONNECT_TIMEOUT, Duration.ofSeconds(5))))
                .initialSize(0)
                .maxSize(poolSize)
                .maxAcquireTime(ACQUIRE_TIMEOUT)
                .maxCreateConnectionTime(CONNECT_TIMEOUT)
                .build());
    pools.add(pool);
    DatabaseCalls calls = DatabaseCalls.withDeadline(CALL_DEADLINE);
    DatabaseClient client = DatabaseClient.create(pool);
    R2dbcSessionStore sessions = new R2dbcSessionStore(client, KEYS, calls);
    R2dbcLoginStateStore logins = new R2dbcLoginStateStore(client, KEYS, calls);
    R2dbcAuthorizationCodes codes = new R2dbcAuthorizationCodes(client, calls);
    R2dbcGrantTokens tokens = new R2dbcGrantTokens(client, calls);
    R2dbcConsents consents = new R2dbcConsents(client, calls);
    R2dbcOAuthClientRegistry clients = new R2dbcOAuthClientRegistry(client, calls);
    Instant now = Instant.now();
    Session stored =
        stores == null
            ? sessions
                .create(SessionFixtures.aSession().createdAt(now.minusSeconds(60)).session())
                .block()
            : stores.stored();
    return new Stores(sessions, logins, codes, tokens, consents, clients, stored, now);
  }

  private SupabaseDbUrl urlAt(int port) {
    SupabaseDbUrl real = database.url();
    return SupabaseDbUrl.parse(
        "postgresql://"
            + real.username()
            + ":"
            + real.password()
            + "@127.0.0.1:"
            + port
            + "/"
            + real.database()
            + "?sslmode=disable");
  }

  private static <T> T eventually(java.util.function.Supplier<T> attempt) {
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      try {
        return attempt.get();
      } catch (RuntimeException | AssertionError e) {
        if (System.nanoTime() > end) {
          throw e;
        }
        Pause.of(Duration.ofMillis(100));
      }
    }
  }
}
