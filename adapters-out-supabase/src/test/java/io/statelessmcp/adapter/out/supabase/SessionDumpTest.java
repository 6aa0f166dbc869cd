package io.statelessmcp.adapter.out.supabase;

import static io.statelessmcp.domain.testing.TestSessions.ALICE;
import static io.statelessmcp.domain.testing.TestSessions.BOB;
import static io.statelessmcp.domain.testing.TestSessions.T0;
import static io.statelessmcp.domain.testing.TestSessions.aSession;
import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.pool.ConnectionPool;
import io.statelessmcp.domain.IssuedSession;
import io.statelessmcp.domain.LoginState;
import io.statelessmcp.domain.Session;
import io.statelessmcp.domain.SessionCredential;
import io.statelessmcp.domain.UserProfile;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * A stolen dump must yield no usable credential, no plaintext token and no profile data. Sessions
 * and logins are written through the real stores with known secrets; then every column of every row
 * is read as service_role (which sees everything) and searched for them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionDumpTest {

  static final KeyRing KEYS = KeyRing.parse("k1:" + KeyRing.generateKey());

  final TestDatabase database = TestDatabases.supabaseLike();
  ConnectionPool connections;
  R2dbcSessionStore sessions;
  R2dbcLoginStateStore logins;

  @BeforeAll
  void connect() {
    connections = (ConnectionPool) database.connectionFactory(2);
    sessions = new R2dbcSessionStore(DatabaseClient.create(connections), KEYS);
    logins = new R2dbcLoginStateStore(DatabaseClient.create(connections), KEYS);
  }

  @AfterAll
  void disconnect() {
    connections.dispose();
  }

  @Test
  void noColumnOfAnyRowHoldsASecretATokenProfileDataOrACredential() throws SQLException {
    database.deleteAllRows();
    List<String> needles = new ArrayList<>();
    List<byte[]> binaryNeedles = new ArrayList<>();
    for (var user : List.of(ALICE, BOB, ALICE)) {
      String unique = UUID.randomUUID().toString();
      IssuedSession issued =
          aSession()
              .of(user)
              .createdAt(Instant.now().minusSeconds(5))
              .profile(
                  new UserProfile(
                      "person-" + unique + "@example.com", "Given" + unique, "Family" + unique))
              .build();
      sessions.create(issued.session()).block();
      Session session = issued.session();
      SessionCredential credential = issued.credential();
      needles.add(credential.encoded());
      needles.add(credential.secret().value());
      needles.add(session.tokens().accessToken());
      needles.add(session.tokens().refreshToken());
      needles.add(session.profile().email());
      needles.add(session.profile().firstName());
      needles.add(session.profile().lastName());
      binaryNeedles.add(Base64.getUrlDecoder().decode(credential.secret().value()));
    }
    LoginState.Started login = LoginState.start("https://app.example.com/", ALICE, T0);
    logins.save(login.stored()).block();
    needles.add(login.state());
    needles.add(login.stored().codeVerifier());
    for (String needle : needles) {
      binaryNeedles.add(needle.getBytes(StandardCharsets.UTF_8));
      binaryNeedles.add(
          HexFormat.of()
              .formatHex(needle.getBytes(StandardCharsets.UTF_8))
              .getBytes(StandardCharsets.UTF_8));
    }

    List<byte[]> dump = new ArrayList<>();
    for (String table : List.of("mcp_sessions", "mcp_login_states", "active_mcp_sessions")) {
      dump.addAll(everyValueAsServiceRole(table));
    }

    assertThat(dump).hasSizeGreaterThan(40);
    for (byte[] value : dump) {
      String asText = new String(value, StandardCharsets.UTF_8);
      for (String needle : needles) {
        assertThat(asText).doesNotContain(needle);
      }
      for (byte[] needle : binaryNeedles) {
        assertThat(indexOf(value, needle)).as("a secret's bytes in a stored value").isNegative();
      }
    }
  }

  @Test
  void aStoredSecretHashDoesNotWorkAsTheSecret() throws Exception {
    database.deleteAllRows();
    IssuedSession issued = aSession().build();
    sessions.create(issued.session()).block();
    byte[] storedHash;
    try (Connection connection = database.appConnection();
        Statement sql = connection.createStatement();
        ResultSet row =
            sql.executeQuery(
                "SELECT secret_hash FROM mcp_sessions WHERE session_id = '"
                    + issued.session().id().value()
                    + "'")) {
      row.next();
      storedHash = row.getBytes(1);
    }
    assertThat(storedHash)
        .isEqualTo(
            MessageDigest.getInstance("SHA-256")
                .digest(issued.credential().secret().value().getBytes(StandardCharsets.US_ASCII)));

    String forged =
        issued.session().id().value()
            + "."
            + Base64.getUrlEncoder().withoutPadding().encodeToString(storedHash);
    SessionCredential.Parsed parsed = SessionCredential.parse(forged);
    assertThat(parsed).isInstanceOf(SessionCredential.Parsed.Valid.class);
    SessionCredential forgedCredential = ((SessionCredential.Parsed.Valid) parsed).credential();

    Session loaded = sessions.findById(issued.session().id()).block();
    assertThat(loaded.acceptsSecret(forgedCredential.secret())).isFalse();
    assertThat(loaded.acceptsSecret(issued.credential().secret())).isTrue();
  }

  private List<byte[]> everyValueAsServiceRole(String table) throws SQLException {
    List<byte[]> values = new ArrayList<>();
    try (Connection connection = database.appConnection()) {
      connection.setAutoCommit(false);
      try (Statement sql = connection.createStatement()) {
        sql.execute("SET LOCAL ROLE service_role");
        try (ResultSet rows = sql.executeQuery("SELECT * FROM " + table)) {
          ResultSetMetaData columns = rows.getMetaData();
          int count = 0;
          while (rows.next()) {
            count++;
            for (int i = 1; i <= columns.getColumnCount(); i++) {
              byte[] value =
                  "bytea".equals(columns.getColumnTypeName(i))
                      ? rows.getBytes(i)
                      : bytesOf(rows.getString(i));
              if (value != null) {
                values.add(value);
              }
            }
          }
          assertThat(count).as(table + " rows").isPositive();
        }
      } finally {
        connection.rollback();
      }
    }
    return values;
  }

  private static byte[] bytesOf(String text) {
    return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
