package io.statelessmcp.adapter.out.supabase;

import io.statelessmcp.adapter.out.supabase.SessionRow.Column;
import io.statelessmcp.application.port.out.SessionHousekeeping;
import io.statelessmcp.application.port.out.SessionLookup;
import io.statelessmcp.application.port.out.SessionWrites;
import io.statelessmcp.application.port.out.StoredSessionUnreadable;
import io.statelessmcp.application.port.out.UserSessions;
import io.statelessmcp.application.port.out.WriteResult;
import io.statelessmcp.domain.Session;
import io.statelessmcp.domain.SessionId;
import io.statelessmcp.domain.SessionSummary;
import io.statelessmcp.domain.UserId;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Sessions in the {@code mcp_sessions} table (PostgreSQL or Supabase), through R2DBC with explicit
 * SQL. Tokens and profile are AES-256-GCM encrypted under the key ring's current key on every
 * write, so a row under a retired key is re-encrypted on its next write.
 *
 * <p>The connection's role must be a superuser, have BYPASSRLS, or inherit {@code service_role}
 * (the changelog arranges the latter), and be a member of {@code authenticated} for the user-scoped
 * methods. No statement relies on session state, so a transaction-mode pooler works (turn the
 * prepared statement cache off there, see {@link SupabaseDbUrl}).
 *
 * <p>Every method answers within the deadline of its {@link DatabaseCalls}, and any failure of the
 * database, the driver or the pool is signalled as {@code StorageUnavailable}.
 */
public final class R2dbcSessionStore
    implements SessionLookup, SessionWrites, UserSessions, SessionHousekeeping {

  private static final Logger log = LoggerFactory.getLogger(R2dbcSessionStore.class);
  private static final String TABLE = "mcp_sessions";

  private static final SessionBinds INSERT_BINDS = SessionBinds.of(Column.values());
  private static final String INSERT =
      "INSERT INTO mcp_sessions ("
          + INSERT_BINDS.names()
          + ") VALUES ("
          + INSERT_BINDS.placeholders()
          + ") RETURNING "
          + SessionRow.COLUMNS;
  private static final String SELECT_BY_ID =
      "SELECT " + SessionRow.COLUMNS + " FROM mcp_sessions WHERE session_id = $1";
  private static final SessionBinds COMPARE_AND_SET_BINDS =
      SessionBinds.of(
          Column.SESSION_ID,
          Column.VERSION,
          Column.TOKEN_CIPHERTEXT,
          Column.KEY_ID,
          Column.LAST_SEEN_AT,
          Column.EXPIRES_AT,
          Column.REVOKED_AT,
          Column.REFRESH_LEASE_UNTIL);
  // revoked_at is sticky: a writer that read the session before it was revoked cannot undo it.
  private static final String COMPARE_AND_SET =
      "UPDATE mcp_sessions SET "
          + COMPARE_AND_SET_BINDS.assignments(
              Column.TOKEN_CIPHERTEXT,
              Column.KEY_ID,
              Column.LAST_SEEN_AT,
              Column.EXPIRES_AT,
              Column.REFRESH_LEASE_UNTIL)
          + ", revoked_at = "
          + SessionLifecycleSql.stickyRevocation(
              COMPARE_AND_SET_BINDS.placeholder(Column.REVOKED_AT))
          + ", version = version + 1 WHERE "
          + COMPARE_AND_SET_BINDS.matches(Column.SESSION_ID, Column.VERSION)
          + " RETURNING "
          + SessionRow.COLUMNS;
  private static final String REVOKE =
      "UPDATE mcp_sessions SET revoked_at = $2, version = version + 1"
          + " WHERE session_id = $1 AND "
          + SessionLifecycleSql.notRevokedAt("$2");
  // SKIP LOCKED: concurrent purges never wait for each other and never take the same row.
  private static final String DELETE_EXPIRED =
      "WITH doomed AS (SELECT session_id FROM mcp_sessions WHERE "
          + SessionLifecycleSql.endedAt("$1")
          + " LIMIT $2 FOR UPDATE SKIP LOCKED)"
          + " DELETE FROM mcp_sessions s USING doomed WHERE s.session_id = doomed.session_id";
  private static final String COUNT_ACTIVE =
      "SELECT count(*) FROM mcp_sessions WHERE " + SessionLifecycleSql.activeAt("$1");
  // No user_id condition: under SET LOCAL ROLE authenticated, row-level security decides.
  private static final String SELECT_ACTIVE_AS_USER =
      "SELECT "
          + SessionSummaryRow.COLUMNS
          + " FROM mcp_sessions WHERE "
          + SessionLifecycleSql.activeAt("$1")
          + " ORDER BY created_at DESC, session_id";
  private static final String REVOKE_AS_USER =
      "UPDATE mcp_sessions SET revoked_at = $2 WHERE session_id = $1 AND revoked_at IS NULL";

  private final DatabaseClient db;
  private final RlsScope asUser;
  private final AesGcm cipher;
  private final DatabaseCalls calls;
  private final RowMapper mapper = new RowMapperImpl();

  /** With the default call deadline, {@link DatabaseCalls#DEFAULT_DEADLINE}. */
  public R2dbcSessionStore(DatabaseClient db, KeyRing keys) {
    this(db, keys, DatabaseCalls.withDeadline(DatabaseCalls.DEFAULT_DEADLINE));
  }

  /** Uses its own {@link R2dbcTransactionManager} on the client's connection factory. */
  public R2dbcSessionStore(DatabaseClient db, KeyRing keys, DatabaseCalls calls) {
    this(db, new R2dbcTransactionManager(db.getConnectionFactory()), keys, calls);
  }

  /**
   * @param transactionManager a manager of the same connection factory as {@code db}, such as
   *     Spring Boot's {@code R2dbcTransactionManager} bean
   * @param calls the deadline of every call, and what a failure becomes
   */
  public R2dbcSessionStore(
      DatabaseClient db,
      ReactiveTransactionManager transactionManager,
      KeyRing keys,
      DatabaseCalls calls) {
    this.db = Objects.requireNonNull(db, "db");
    this.asUser = new RlsScope(db, TransactionalOperator.create(transactionManager));
    this.cipher = new AesGcm(Objects.requireNonNull(keys, "keys"));
    this.calls = Objects.requireNonNull(calls, "calls");
  }

  @Override
  public Mono<Session> create(Session session) {
    return calls.guard("create", write(INSERT_BINDS, INSERT, session));
  }

  @Override
  public Mono<Session> findById(SessionId id) {
    return calls.guard("findById", read(id));
  }

  private Mono<Session> read(SessionId id) {
    return db.sql(SELECT_BY_ID).bind(0, id.value()).map(SessionRow::read).one().map(this::decode);
  }

  @Override
  public Mono<WriteResult> compareAndSet(Session updated) {
    return calls.guard("compareAndSet", compareAndSetOnce(updated));
  }

  private Mono<WriteResult> compareAndSetOnce(Session updated) {
    return write(COMPARE_AND_SET_BINDS, COMPARE_AND_SET, updated)
        .map(WriteResult::written)
        // A statement of its own, so it sees the winner's committed write.
        .switchIfEmpty(
            Mono.defer(
                () ->
                    read(updated.id())
                        .map(WriteResult::conflict)
                        .defaultIfEmpty(WriteResult.gone())));
  }

  /**
   * Seals {@code session} (on subscription), runs {@code sql} with its row bound, and answers the
   * row the statement returned as a session; empty when it returned none.
   */
  private Mono<Session> write(SessionBinds binds, String sql, Session session) {
    return Mono.defer(
        () ->
            binds
                .bind(db.sql(sql), mapper.toRow(session, seal(session)))
                .map(SessionRow::read)
                .one()
                .map(stored -> mapper.toSession(stored, secretsOf(session))));
  }

  @Override
  public Mono<Boolean> revoke(SessionId id, Instant now) {
    return calls.guard(
        "revoke",
        db.sql(REVOKE)
            .bind(0, id.value())
            .bind(1, mapper.timestamp(now))
            .fetch()
            .rowsUpdated()
            .map(count -> count > 0));
  }

  @Override
  public Mono<Integer> deleteExpired(Instant now, int batchSize) {
    if (batchSize <= 0) {
      return Mono.error(new IllegalArgumentException("batch size must be positive"));
    }
    return calls.guard(
        "deleteExpired",
        db.sql(DELETE_EXPIRED)
            .bind(0, mapper.timestamp(now))
            .bind(1, batchSize)
            .fetch()
            .rowsUpdated()
            .map(Long::intValue));
  }

  @Override
  public Mono<Long> countActive(Instant now) {
    return calls.guard(
        "countActive",
        db.sql(COUNT_ACTIVE)
            .bind(0, mapper.timestamp(now))
            .map(row -> row.get(0, Long.class))
            .one());
  }

  @Override
  public Flux<SessionSummary> listActive(UserId userId, Instant now) {
    return calls.guard(
        "listActive",
        asUser.many(
            userId,
            () ->
                db.sql(SELECT_ACTIVE_AS_USER)
                    .bind(0, mapper.timestamp(now))
                    .map(SessionSummaryRow::read)
                    .all()
                    .map(mapper::toSummary)));
  }

  @Override
  public Mono<Boolean> revoke(UserId userId, SessionId id, Instant now) {
    return calls.guard(
        "revokeAsUser",
        asUser.one(
            userId,
            () ->
                db.sql(REVOKE_AS_USER)
                    .bind(0, id.value())
                    .bind(1, mapper.timestamp(now))
                    .fetch()
                    .rowsUpdated()
                    .map(count -> count > 0)));
  }

  @Override
  public String toString() {
    return "R2dbcSessionStore[table=" + TABLE + "]";
  }

  private AesGcm.Sealed seal(Session session) {
    return cipher.seal(
        secretsOf(session).toJson(), AesGcm.associatedData(TABLE, session.id().value()));
  }

  private static SessionSecrets secretsOf(Session session) {
    return new SessionSecrets(session.tokens(), session.profile());
  }

  /** Decrypts and maps a row; an unreadable row is logged (public id and reason only). */
  private Session decode(SessionRow row) {
    SessionId id = new SessionId(row.sessionId());
    try {
      byte[] json =
          cipher.open(
              row.keyId(), row.tokenCiphertext(), AesGcm.associatedData(TABLE, row.sessionId()));
      return mapper.toSession(row, SessionSecrets.fromJson(json));
    } catch (AesGcm.Unreadable e) {
      throw unreadable(id, e.getMessage());
    } catch (IllegalArgumentException | NullPointerException e) {
      throw unreadable(id, "row does not hold a valid session");
    }
  }

  private static StoredSessionUnreadable unreadable(SessionId id, String reason) {
    log.warn("Stored session {} is unreadable and will be treated as invalid: {}", id, reason);
    return new StoredSessionUnreadable(id, reason);
  }
}
