package io.statelessmcp.adapter.out.supabase;

import static io.statelessmcp.domain.testing.TestSessions.ALICE;
import static io.statelessmcp.domain.testing.TestSessions.BOB;
import static io.statelessmcp.domain.testing.TestSessions.T0;
import static io.statelessmcp.domain.testing.TestSessions.aSession;
import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactoryProvider;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.statelessmcp.domain.Session;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * What the pooled, transaction-mode world needs: the user scope ends with its transaction (a pooled
 * connection goes back as the app's role), and concurrent purges skip rows that another transaction
 * holds instead of waiting for them.
 */
class UserScopeAndPurgeLockingTest {

  static final KeyRing KEYS = KeyRing.parse("k1:" + KeyRing.generateKey());

  @Test
  void onASingleConnectionTheUserScopeEndsWithItsTransaction() {
    TestDatabase database = TestDatabases.supabaseLike();
    database.deleteAllRows();
    ConnectionPool onlyOne = (ConnectionPool) database.connectionFactory(1);
    try {
      DatabaseClient db = DatabaseClient.create(onlyOne);
      R2dbcSessionStore store = new R2dbcSessionStore(db, KEYS);
      Session alices = store.create(aSession().of(ALICE).session()).block();
      Session bobs = store.create(aSession().of(BOB).session()).block();

      assertThat(store.listActive(ALICE, T0).collectList().block()).hasSize(1);

      assertThat(
              db.sql("SELECT current_user AS who")
                  .map(row -> row.get("who", String.class))
                  .one()
                  .block())
          .isEqualTo(TestDatabases.APP_ROLE);
      assertThat(
              db.sql("SELECT current_setting('request.jwt.claims', true) AS claims")
                  .map(row -> row.get("claims", String.class))
                  .one()
                  .blockOptional()
                  .filter(claims -> !claims.isEmpty()))
          .isEmpty();
      assertThat(store.findById(bobs.id()).block()).isEqualTo(bobs);
      assertThat(store.findById(alices.id()).block()).isEqualTo(alices);
    } finally {
      onlyOne.dispose();
    }
  }

  @Test
  void aPurgeSkipsRowsThatAnotherTransactionHoldsInsteadOfWaiting() throws SQLException {
    TestDatabase database = TestDatabases.supabaseLike();
    database.deleteAllRows();
    // A lock wait would fail fast with lock_not_available instead of hanging the build.
    ConnectionFactoryOptions options =
        database
            .url()
            .r2dbcOptions(true)
            .mutate()
            .option(PostgresqlConnectionFactoryProvider.OPTIONS, Map.of("lock_timeout", "5s"))
            .build();
    ConnectionPool pool =
        new ConnectionPool(
            ConnectionPoolConfiguration.builder(ConnectionFactories.get(options))
                .maxSize(2)
                .build());
    try {
      R2dbcSessionStore store = new R2dbcSessionStore(DatabaseClient.create(pool), KEYS);
      Instant now = T0;
      List<Session> expired =
          IntStream.range(0, 5)
              .mapToObj(
                  i ->
                      store
                          .create(
                              aSession()
                                  .createdAt(now.minus(Duration.ofHours(3)).plusSeconds(i))
                                  .idleFor(Duration.ofHours(1))
                                  .session())
                          .block())
              .toList();

      try (Connection other = database.appConnection()) {
        other.setAutoCommit(false);
        try (PreparedStatement lock =
            other.prepareStatement(
                "SELECT session_id FROM mcp_sessions WHERE session_id IN (?, ?) FOR UPDATE")) {
          lock.setString(1, expired.get(0).id().value());
          lock.setString(2, expired.get(1).id().value());
          try (ResultSet locked = lock.executeQuery()) {
            int rows = 0;
            while (locked.next()) {
              rows++;
            }
            assertThat(rows).isEqualTo(2);
          }
        }

        assertThat(store.deleteExpired(now, 100).block()).isEqualTo(3);
        assertThat(store.findById(expired.get(0).id()).blockOptional()).isPresent();

        other.rollback();
      }

      assertThat(store.deleteExpired(now, 100).block()).isEqualTo(2);
    } finally {
      pool.dispose();
    }
  }
}
