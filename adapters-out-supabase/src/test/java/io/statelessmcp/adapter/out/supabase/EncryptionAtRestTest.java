package io.statelessmcp.adapter.out.supabase;

import static io.statelessmcp.domain.testing.TestSessions.T0;
import static io.statelessmcp.domain.testing.TestSessions.aSession;
import static io.statelessmcp.domain.testing.TestSessions.uniqueTokens;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.r2dbc.pool.ConnectionPool;
import io.statelessmcp.application.port.out.StoredSessionUnreadable;
import io.statelessmcp.domain.LoginState;
import io.statelessmcp.domain.Session;
import io.statelessmcp.domain.SessionId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Tokens at rest: AES-256-GCM, the row's id as associated data, the key id beside the ciphertext.
 * Tampering or a foreign key id makes the session invalid (never a server error), and key rotation
 * re-encrypts on the next write.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EncryptionAtRestTest {

  static final String OLD_KEY = KeyRing.generateKey();
  static final String NEW_KEY = KeyRing.generateKey();
  static final KeyRing OLD_ONLY = KeyRing.parse("old:" + OLD_KEY);
  static final KeyRing ROTATED = KeyRing.parse("new:" + NEW_KEY + ",old:" + OLD_KEY);
  static final KeyRing NEW_ONLY = KeyRing.parse("new:" + NEW_KEY);

  final TestDatabase database = TestDatabases.supabaseLike();
  ConnectionPool connections;
  DatabaseClient db;

  @BeforeAll
  void connect() {
    connections = (ConnectionPool) database.connectionFactory(2);
    db = DatabaseClient.create(connections);
  }

  @AfterAll
  void disconnect() {
    connections.dispose();
  }

  @BeforeEach
  void empty() {
    database.deleteAllRows();
  }

  R2dbcSessionStore storeWith(KeyRing keys) {
    return new R2dbcSessionStore(db, keys);
  }

  @Test
  void theSameTokensEncryptDifferentlyEveryTime() throws SQLException {
    R2dbcSessionStore store = storeWith(OLD_ONLY);
    Session session = store.create(aSession().session()).block();
    byte[] first = column(session.id(), "token_ciphertext");

    store.compareAndSet(session).block();

    assertThat(column(session.id(), "token_ciphertext")).isNotEqualTo(first);
    assertThat(store.findById(session.id()).block().tokens()).isEqualTo(session.tokens());
  }

  @Test
  void oneFlippedByteMakesTheSessionUnreadableAndIsLoggedWithoutSecrets() throws SQLException {
    R2dbcSessionStore store = storeWith(OLD_ONLY);
    Session session = store.create(aSession().session()).block();
    execute(
        "UPDATE mcp_sessions SET token_ciphertext = set_byte(token_ciphertext, 20,"
            + " get_byte(token_ciphertext, 20) # 1) WHERE session_id = ?",
        session.id().value());

    try (LogCapture log = new LogCapture(R2dbcSessionStore.class)) {
      Throwable failure = catchThrowable(() -> store.findById(session.id()).block());

      assertThat(failure).isInstanceOf(StoredSessionUnreadable.class);
      assertThat(((StoredSessionUnreadable) failure).sessionId()).isEqualTo(session.id());
      assertThat(log.warnings()).hasSize(1);
      String warning = log.warnings().get(0);
      assertThat(warning).contains(session.id().value()).contains("authentication");
      assertThat(warning)
          .doesNotContain(session.tokens().accessToken())
          .doesNotContain(session.tokens().refreshToken())
          .doesNotContain(session.profile().email())
          .doesNotContain(OLD_KEY);
    }
  }

  @Test
  void ciphertextsSwappedBetweenRowsAreBothRejected() throws SQLException {
    R2dbcSessionStore store = storeWith(ROTATED);
    Session first = store.create(aSession().session()).block();
    Session second = storeWith(OLD_ONLY).create(aSession().session()).block();
    execute(
        "UPDATE mcp_sessions AS t SET token_ciphertext = o.token_ciphertext, key_id = o.key_id"
            + " FROM mcp_sessions AS o WHERE t.session_id <> o.session_id AND t.session_id IN (?,"
            + " '"
            + second.id().value()
            + "') AND o.session_id IN ('"
            + first.id().value()
            + "', '"
            + second.id().value()
            + "')",
        first.id().value());
    assertThat(keyId(first.id())).isEqualTo("old");
    assertThat(keyId(second.id())).isEqualTo("new");

    for (Session swapped : new Session[] {first, second}) {
      assertThat(catchThrowable(() -> store.findById(swapped.id()).block()))
          .isInstanceOf(StoredSessionUnreadable.class);
    }
  }

  @Test
  void anUnknownKeyIdMakesTheSessionUnreadable() throws SQLException {
    Session session = storeWith(OLD_ONLY).create(aSession().session()).block();

    assertThat(catchThrowable(() -> storeWith(NEW_ONLY).findById(session.id()).block()))
        .isInstanceOf(StoredSessionUnreadable.class)
        .hasMessageContaining("not configured");

    execute(
        "UPDATE mcp_sessions SET key_id = 'retired' WHERE session_id = ?", session.id().value());
    assertThat(catchThrowable(() -> storeWith(ROTATED).findById(session.id()).block()))
        .isInstanceOf(StoredSessionUnreadable.class);
  }

  @Test
  void afterRotationOldRowsStillReadAndTheNextWriteReEncryptsThemUnderTheNewKey()
      throws SQLException {
    Session session = storeWith(OLD_ONLY).create(aSession().session()).block();
    R2dbcSessionStore rotated = storeWith(ROTATED);

    assertThat(rotated.findById(session.id()).block()).isEqualTo(session);
    assertThat(keyId(session.id())).isEqualTo("old");

    Session refreshed =
        rotated
            .compareAndSet(session.withRefreshedTokens(uniqueTokens(T0.plusSeconds(3600))))
            .block()
            .storedNow()
            .orElseThrow();

    assertThat(keyId(session.id())).isEqualTo("new");
    assertThat(rotated.findById(session.id()).block()).isEqualTo(refreshed);
    assertThat(storeWith(NEW_ONLY).findById(session.id()).block()).isEqualTo(refreshed);
    assertThat(catchThrowable(() -> storeWith(OLD_ONLY).findById(session.id()).block()))
        .isInstanceOf(StoredSessionUnreadable.class);
  }

  @Test
  void aTamperedPendingLoginIsTreatedAsUnknown() throws SQLException {
    R2dbcLoginStateStore logins = new R2dbcLoginStateStore(db, OLD_ONLY);
    LoginState state = LoginState.start("/", null, T0).stored();
    logins.save(state).block();
    execute(
        "UPDATE mcp_login_states SET code_verifier_ciphertext = set_byte(code_verifier_ciphertext,"
            + " 15, get_byte(code_verifier_ciphertext, 15) # 1) WHERE state_hash = ?",
        state.stateHash());

    try (LogCapture log = new LogCapture(R2dbcLoginStateStore.class)) {
      assertThat(logins.consume(state.stateHash()).blockOptional()).isEmpty();
      assertThat(log.warnings()).hasSize(1);
      assertThat(log.warnings().get(0)).doesNotContain(state.codeVerifier());
    }
  }

  private byte[] column(SessionId id, String column) throws SQLException {
    try (Connection connection = database.appConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT " + column + " FROM mcp_sessions WHERE session_id = ?")) {
      select.setString(1, id.value());
      try (ResultSet row = select.executeQuery()) {
        assertThat(row.next()).isTrue();
        return row.getBytes(1);
      }
    }
  }

  private String keyId(SessionId id) throws SQLException {
    try (Connection connection = database.appConnection();
        PreparedStatement select =
            connection.prepareStatement("SELECT key_id FROM mcp_sessions WHERE session_id = ?")) {
      select.setString(1, id.value());
      try (ResultSet row = select.executeQuery()) {
        assertThat(row.next()).isTrue();
        return row.getString(1);
      }
    }
  }

  private void execute(String sql, String parameter) throws SQLException {
    try (Connection connection = database.appConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, parameter);
      assertThat(statement.executeUpdate()).isPositive();
    }
  }
}
