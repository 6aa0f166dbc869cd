package io.statelessmcp.adapter.out.supabase;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Who may do what to user A's session row, asserted cell by cell on the real database, on both
 * kinds of database. Each cell runs in its own transaction, the way PostgREST and the store do it
 * ({@code SET LOCAL ROLE} + {@code set_config('request.jwt.claims', ..., true)}), and is rolled
 * back.
 */
class RowLevelSecurityMatrixTest {

  static final String A_USER_ID = "user_01HAAAAAAAAAAAAAAAAAAAAAAA";
  static final String B_USER_ID = "3f0c8a52-6d1e-4e8b-9a0f-2b7c1d9e4a10"; // a Supabase-style uuid
  static final String A_SESSION = "AAAAAAAAAAAAAAAAAAAAAA";
  static final String B_SESSION = "BBBBBBBBBBBBBBBBBBBBBB";

  /** The rows of the matrix: who is asking. */
  enum Who {
    ANON("anon", "{\"role\":\"anon\",\"sub\":\"" + A_USER_ID + "\"}"),
    USER_A("authenticated", "{\"role\":\"authenticated\",\"sub\":\"" + A_USER_ID + "\"}"),
    USER_B("authenticated", "{\"role\":\"authenticated\",\"sub\":\"" + B_USER_ID + "\"}"),
    SERVICE_ROLE("service_role", "{\"role\":\"service_role\"}"),
    /** The application's own connection, no SET ROLE: Supabase-like postgres or a superuser. */
    APP_CONNECTION(null, null);

    final String role;
    final String claims;

    Who(String role, String claims) {
      this.role = role;
      this.claims = claims;
    }
  }

  /** The columns of the matrix: what they try on A's row. */
  enum Action {
    SELECT(
        "SELECT session_id, user_id, expires_at, created_at FROM mcp_sessions WHERE session_id = ?"),
    SELECT_SECRET_COLUMNS(
        "SELECT secret_hash, token_ciphertext, key_id FROM mcp_sessions WHERE session_id = ?"),
    SELECT_VIEW("SELECT * FROM active_mcp_sessions WHERE session_id = ?"),
    INSERT(
        "INSERT INTO mcp_sessions (session_id, user_id, secret_hash, token_ciphertext, key_id,"
            + " expires_at, absolute_expires_at) VALUES ('CCCCCCCCCCCCCCCCCCCCCC', '"
            + A_USER_ID
            + "', decode(repeat('ab', 32), 'hex'), decode(repeat('cd', 40), 'hex'), 'k1',"
            + " now() + interval '1 hour', now() + interval '1 day')"),
    REVOKE("UPDATE mcp_sessions SET revoked_at = now() WHERE session_id = ?"),
    EXTEND_EXPIRY("UPDATE mcp_sessions SET expires_at = absolute_expires_at WHERE session_id = ?"),
    REWRITE_TOKENS(
        "UPDATE mcp_sessions SET token_ciphertext = decode(repeat('ee', 40), 'hex'),"
            + " key_id = 'attacker' WHERE session_id = ?"),
    DELETE("DELETE FROM mcp_sessions WHERE session_id = ?");

    final String sql;

    Action(String sql) {
      this.sql = sql;
    }
  }

  static final String DENIED = "permission denied";

  static String rows(int n) {
    return n + (n == 1 ? " row" : " rows");
  }

  /** The expected matrix. */
  static String expected(Who who, Action action) {
    return switch (who) {
      case ANON -> DENIED;
      case USER_A ->
          switch (action) {
            case SELECT, SELECT_VIEW, REVOKE -> rows(1);
            case SELECT_SECRET_COLUMNS, INSERT, EXTEND_EXPIRY, REWRITE_TOKENS, DELETE -> DENIED;
          };
      case USER_B ->
          switch (action) {
            case SELECT, SELECT_VIEW, REVOKE -> rows(0);
            case SELECT_SECRET_COLUMNS, INSERT, EXTEND_EXPIRY, REWRITE_TOKENS, DELETE -> DENIED;
          };
      case SERVICE_ROLE, APP_CONNECTION -> rows(1);
    };
  }

  static Stream<Arguments> matrix() {
    List<Arguments> cells = new ArrayList<>();
    for (TestDatabase database : TestDatabases.all()) {
      for (Who who : Who.values()) {
        for (Action action : Action.values()) {
          cells.add(Arguments.of(database, who, action, expected(who, action)));
        }
      }
    }
    return cells.stream();
  }

  @ParameterizedTest(name = "[{0}] {1} {2} on A''s row: {3}")
  @MethodSource("matrix")
  void cell(TestDatabase database, Who who, Action action, String expected) throws SQLException {
    seed(database);

    String actual = attempt(database, who, action.sql, A_SESSION);

    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void eachUserSeesTheirOwnRowAndOnlyThat() throws SQLException {
    for (TestDatabase database : TestDatabases.all()) {
      seed(database);
      String everything =
          "SELECT session_id FROM mcp_sessions WHERE session_id IS NOT NULL AND ? <> ''";
      assertThat(ids(database, Who.USER_A, everything)).containsExactly(A_SESSION);
      assertThat(ids(database, Who.USER_B, everything)).containsExactly(B_SESSION);
      assertThat(ids(database, Who.SERVICE_ROLE, everything))
          .containsExactlyInAnyOrder(A_SESSION, B_SESSION);
    }
  }

  @Test
  void authenticatedWithoutClaimsSeesNothing() throws SQLException {
    for (TestDatabase database : TestDatabases.all()) {
      seed(database);
      try (Connection connection = database.appConnection()) {
        connection.setAutoCommit(false);
        try (Statement sql = connection.createStatement()) {
          sql.execute("SET LOCAL ROLE authenticated");
          ResultSet count = sql.executeQuery("SELECT count(*) FROM active_mcp_sessions");
          count.next();
          assertThat(count.getInt(1)).isZero();
        } finally {
          connection.rollback();
        }
      }
    }
  }

  @Test
  void aUserCanNeitherUndoNorRedateARevocation() throws SQLException {
    for (TestDatabase database : TestDatabases.all()) {
      seed(database);
      attempt(database, Who.SERVICE_ROLE, Action.REVOKE.sql, A_SESSION, true);

      assertThat(
              attempt(
                  database,
                  Who.USER_A,
                  "UPDATE mcp_sessions SET revoked_at = NULL WHERE session_id = ?",
                  A_SESSION))
          .isEqualTo(rows(0));
      assertThat(
              attempt(
                  database,
                  Who.USER_A,
                  "UPDATE mcp_sessions SET revoked_at = now() + interval '10 years'"
                      + " WHERE session_id = ?",
                  A_SESSION))
          .isEqualTo(rows(0));
    }
  }

  @Test
  void aUserCannotGiveTheirSessionToSomeoneElse() throws SQLException {
    for (TestDatabase database : TestDatabases.all()) {
      seed(database);

      assertThat(
              attempt(
                  database,
                  Who.USER_A,
                  "UPDATE mcp_sessions SET user_id = '" + B_USER_ID + "' WHERE session_id = ?",
                  A_SESSION))
          .isEqualTo(DENIED);
    }
  }

  @Test
  void onlyTheServiceRoleAndTheAppTouchPendingLogins() throws SQLException {
    for (TestDatabase database : TestDatabases.all()) {
      seed(database);
      String select = "SELECT state_hash FROM mcp_login_states WHERE state_hash <> ?";
      assertThat(attempt(database, Who.ANON, select, "x")).isEqualTo(DENIED);
      assertThat(attempt(database, Who.USER_A, select, "x")).isEqualTo(DENIED);
      assertThat(attempt(database, Who.SERVICE_ROLE, select, "x")).isEqualTo(rows(1));
      assertThat(attempt(database, Who.APP_CONNECTION, select, "x")).isEqualTo(rows(1));
    }
  }

  /** Resets the tables to A's and B's active session and one pending login. */
  static void seed(TestDatabase database) throws SQLException {
    database.deleteAllRows();
    Instant now = Instant.now();
    try (Connection connection = database.appConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO mcp_sessions (session_id, user_id, secret_hash, token_ciphertext,"
                    + " key_id, created_at, last_seen_at, expires_at, absolute_expires_at,"
                    + " user_agent, ip) VALUES (?, ?, ?, ?, 'k1', ?, ?, ?, ?, 'JUnit', '192.0.2.1')");
        Statement sql = connection.createStatement()) {
      for (String[] row : new String[][] {{A_SESSION, A_USER_ID}, {B_SESSION, B_USER_ID}}) {
        insert.setString(1, row[0]);
        insert.setString(2, row[1]);
        insert.setBytes(3, filled(32, 1));
        insert.setBytes(4, filled(64, 2));
        insert.setTimestamp(5, Timestamp.from(now.minusSeconds(60)));
        insert.setTimestamp(6, Timestamp.from(now.minusSeconds(60)));
        insert.setTimestamp(7, Timestamp.from(now.plus(Duration.ofHours(1))));
        insert.setTimestamp(8, Timestamp.from(now.plus(Duration.ofDays(1))));
        insert.executeUpdate();
      }
      sql.executeUpdate(
          "INSERT INTO mcp_login_states (state_hash, code_verifier_ciphertext, key_id, expires_at)"
              + " VALUES ('SSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSS', decode(repeat('ab', 40),"
              + " 'hex'), 'k1', now() + interval '10 minutes')");
    }
  }

  static String attempt(TestDatabase database, Who who, String sql, String parameter)
      throws SQLException {
    return attempt(database, who, sql, parameter, false);
  }

  /** Runs one statement as {@code who} in its own transaction; rolled back unless told. */
  static String attempt(
      TestDatabase database, Who who, String sql, String parameter, boolean commit)
      throws SQLException {
    try (Connection connection = database.appConnection()) {
      connection.setAutoCommit(false);
      try {
        becomeUser(connection, who);
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
          if (sql.contains("?")) {
            statement.setString(1, parameter);
          }
          if (statement.execute()) {
            int count = 0;
            try (ResultSet result = statement.getResultSet()) {
              while (result.next()) {
                count++;
              }
            }
            return rows(count);
          }
          return rows(statement.getUpdateCount());
        }
      } catch (SQLException e) {
        if ("42501".equals(e.getSQLState())) {
          return DENIED;
        }
        throw e;
      } finally {
        if (commit) {
          connection.commit();
        } else {
          connection.rollback();
        }
      }
    }
  }

  static List<String> ids(TestDatabase database, Who who, String sql) throws SQLException {
    try (Connection connection = database.appConnection()) {
      connection.setAutoCommit(false);
      try {
        becomeUser(connection, who);
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
          statement.setString(1, "x");
          List<String> ids = new ArrayList<>();
          try (ResultSet result = statement.executeQuery()) {
            while (result.next()) {
              ids.add(result.getString(1));
            }
          }
          return ids;
        }
      } finally {
        connection.rollback();
      }
    }
  }

  private static void becomeUser(Connection connection, Who who) throws SQLException {
    if (who.role == null) {
      return;
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET LOCAL ROLE " + who.role);
    }
    try (PreparedStatement claims =
        connection.prepareStatement("SELECT set_config('request.jwt.claims', ?, true)")) {
      claims.setString(1, who.claims);
      claims.execute();
    }
  }

  private static byte[] filled(int length, int value) {
    byte[] bytes = new byte[length];
    Arrays.fill(bytes, (byte) value);
    return bytes;
  }
}
