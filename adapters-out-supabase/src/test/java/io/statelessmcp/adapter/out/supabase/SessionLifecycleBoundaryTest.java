package io.statelessmcp.adapter.out.supabase;

import static io.statelessmcp.adapter.out.supabase.SessionFixtures.aSession;
import static org.assertj.core.api.Assertions.assertThat;

import io.statelessmcp.domain.Session;
import io.statelessmcp.domain.SessionStatus;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every copy of the lifecycle rule agrees at the boundaries: the domain's {@link Session#statusAt},
 * the store's SQL conditions ({@link SessionLifecycleSql}), the view {@code active_mcp_sessions}
 * and the function {@code mcp_purge_expired_sessions}.
 *
 * <p>The view and the function read {@code now()}, which is fixed inside a transaction. So the test
 * takes T = the transaction's {@code now()}, inserts rows whose idle deadline, absolute deadline
 * and revocation lie one second before, exactly at and one second after T (or far away), asks each
 * copy which rows are active or ended at T, and rolls back.
 */
class SessionLifecycleBoundaryTest {

  /** Offsets from T, in seconds; FAR keeps a deadline out of the way. */
  private static final long FAR = 3600;

  private static final List<Long> DEADLINES = List.of(-1L, 0L, 1L, FAR);
  private static final List<Long> REVOCATIONS = Arrays.asList(null, -1L, 0L, 1L);

  /**
   * One row of the table: deadlines and revocation as offsets from T (revoked null: never). Only
   * rows the table's CHECK allows (idle deadline not after the absolute one).
   */
  record Row(long idle, long absolute, Long revoked) {

    static List<Row> everyCombination() {
      List<Row> rows = new ArrayList<>();
      for (long idle : DEADLINES) {
        for (long absolute : DEADLINES) {
          for (Long revoked : REVOCATIONS) {
            if (idle <= absolute) {
              rows.add(new Row(idle, absolute, revoked));
            }
          }
        }
      }
      return rows;
    }

    Session at(Instant t) {
      Session template = aSession().session();
      return new Session(
          template.id(),
          template.userId(),
          template.secretHash(),
          template.tokens(),
          template.profile(),
          template.client(),
          t.minus(Duration.ofDays(1)),
          t.minus(Duration.ofDays(1)),
          t.plusSeconds(idle),
          t.plusSeconds(absolute),
          0,
          revoked == null ? null : t.plusSeconds(revoked),
          null);
    }

    @Override
    public String toString() {
      return "idle T"
          + offset(idle)
          + ", absolute T"
          + offset(absolute)
          + ", revoked "
          + (revoked == null ? "never" : "T" + offset(revoked));
    }

    private static String offset(long seconds) {
      return seconds == 0 ? "" : String.format("%+ds", seconds);
    }
  }

  /** What one copy of the rule says about a row at T. */
  record Verdicts(
      SessionStatus domain, boolean sqlActive, boolean sqlEnded, boolean inView, boolean purged) {

    boolean agree() {
      boolean active = domain.isActive();
      return sqlActive == active && inView == active && sqlEnded == !active && purged == !active;
    }
  }

  static List<TestDatabase> databases() {
    return TestDatabases.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void theDomainTheStoresSqlTheViewAndThePurgeAgreeAtEveryBoundary(TestDatabase database)
      throws SQLException {
    List<Row> table = Row.everyCombination();
    Map<Row, Verdicts> verdicts;
    try (Connection connection = database.appConnection()) {
      connection.setAutoCommit(false);
      try {
        verdicts = verdictsAtNow(connection, table);
      } finally {
        connection.rollback();
      }
    }

    assertThat(verdicts.entrySet().stream().filter(row -> !row.getValue().agree()))
        .as("rows on which the copies of the lifecycle rule disagree")
        .isEmpty();
    assertThat(verdicts.values().stream().map(Verdicts::domain).collect(Collectors.toSet()))
        .as("the table reaches every status")
        .containsExactlyInAnyOrder(SessionStatus.values());
  }

  private static Map<Row, Verdicts> verdictsAtNow(Connection connection, List<Row> table)
      throws SQLException {
    Instant t = transactionNow(connection);
    Map<Row, Session> sessions =
        table.stream()
            .collect(
                Collectors.toMap(
                    Function.identity(), row -> row.at(t), (a, b) -> a, LinkedHashMap::new));
    for (Session session : sessions.values()) {
      insert(connection, session);
    }
    Array ids =
        connection.createArrayOf(
            "text", sessions.values().stream().map(s -> s.id().value()).toArray());

    // The store's conditions, with T bound as a parameter the way the store binds it.
    String bound = "WITH t AS (SELECT ?::timestamptz AS at) SELECT session_id FROM mcp_sessions, t";
    Set<String> sqlActive =
        ids(
            connection,
            bound + " WHERE session_id = ANY(?) AND " + SessionLifecycleSql.activeAt("t.at"),
            t,
            ids);
    Set<String> sqlEnded =
        ids(
            connection,
            bound + " WHERE session_id = ANY(?) AND " + SessionLifecycleSql.endedAt("t.at"),
            t,
            ids);
    Set<String> inView =
        ids(
            connection,
            "SELECT session_id FROM active_mcp_sessions WHERE session_id = ANY(?)",
            null,
            ids);
    try (Statement purge = connection.createStatement()) {
      purge.execute("SELECT public.mcp_purge_expired_sessions()");
    }
    Set<String> kept =
        ids(connection, "SELECT session_id FROM mcp_sessions WHERE session_id = ANY(?)", null, ids);

    Map<Row, Verdicts> verdicts = new LinkedHashMap<>();
    sessions.forEach(
        (row, session) -> {
          String id = session.id().value();
          verdicts.put(
              row,
              new Verdicts(
                  session.statusAt(t),
                  sqlActive.contains(id),
                  sqlEnded.contains(id),
                  inView.contains(id),
                  !kept.contains(id)));
        });
    return verdicts;
  }

  private static Instant transactionNow(Connection connection) throws SQLException {
    try (Statement sql = connection.createStatement();
        ResultSet now = sql.executeQuery("SELECT now()")) {
      now.next();
      return now.getObject(1, OffsetDateTime.class).toInstant();
    }
  }

  private static void insert(Connection connection, Session session) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO mcp_sessions (session_id, user_id, secret_hash, token_ciphertext, key_id,"
                + " created_at, last_seen_at, expires_at, absolute_expires_at, revoked_at)"
                + " VALUES (?, ?, ?, ?, 'k1', ?, ?, ?, ?, ?)")) {
      insert.setString(1, session.id().value());
      insert.setString(2, session.userId().value());
      insert.setBytes(3, session.secretHash().bytes());
      insert.setBytes(4, new byte[64]); // never decrypted here
      insert.setObject(5, timestamp(session.createdAt()));
      insert.setObject(6, timestamp(session.lastSeenAt()));
      insert.setObject(7, timestamp(session.expiresAt()));
      insert.setObject(8, timestamp(session.absoluteExpiresAt()));
      insert.setObject(9, timestamp(session.revokedAt()));
      insert.executeUpdate();
    }
  }

  private static Set<String> ids(Connection connection, String sql, Instant t, Array ids)
      throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(sql)) {
      int index = 1;
      if (t != null) {
        query.setObject(index++, timestamp(t));
      }
      query.setArray(index, ids);
      Set<String> found = new HashSet<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          found.add(rows.getString(1));
        }
      }
      return found;
    }
  }

  private static OffsetDateTime timestamp(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }
}
