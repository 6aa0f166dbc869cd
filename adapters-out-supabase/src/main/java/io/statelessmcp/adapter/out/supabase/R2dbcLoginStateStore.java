package io.statelessmcp.adapter.out.supabase;

import io.statelessmcp.application.port.out.LoginStateStore;
import io.statelessmcp.domain.LoginState;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import reactor.core.publisher.Mono;

/**
 * Pending logins in {@code mcp_login_states}, shared by all replicas, with the OAuth client's
 * authorization request a login may answer (the {@code oauth_*} columns). The PKCE verifier is
 * encrypted like the session tokens; the raw OAuth {@code state} is never stored, only its hash.
 * Consuming is one {@code DELETE ... RETURNING}, so of two concurrent callers at most one gets the
 * state. Every call answers within the deadline of its {@link DatabaseCalls}; a database failure is
 * signalled as {@code StorageUnavailable}.
 */
public final class R2dbcLoginStateStore implements LoginStateStore {

  private static final Logger log = LoggerFactory.getLogger(R2dbcLoginStateStore.class);
  private static final String TABLE = "mcp_login_states";

  private static final String INSERT =
      "INSERT INTO mcp_login_states ("
          + LoginStateRow.COLUMNS
          + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)";
  private static final String FIND =
      "SELECT " + LoginStateRow.COLUMNS + " FROM mcp_login_states WHERE state_hash = $1";
  private static final String CONSUME =
      "DELETE FROM mcp_login_states WHERE state_hash = $1 RETURNING " + LoginStateRow.COLUMNS;
  private static final String DELETE_EXPIRED =
      "DELETE FROM mcp_login_states WHERE expires_at <= $1";

  private final DatabaseClient db;
  private final AesGcm cipher;
  private final DatabaseCalls calls;
  private final RowMapper mapper = new RowMapperImpl();

  /** With the default call deadline, {@link DatabaseCalls#DEFAULT_DEADLINE}. */
  public R2dbcLoginStateStore(DatabaseClient db, KeyRing keys) {
    this(db, keys, DatabaseCalls.withDeadline(DatabaseCalls.DEFAULT_DEADLINE));
  }

  /**
   * @param calls the deadline of every call, and what a failure becomes
   */
  public R2dbcLoginStateStore(DatabaseClient db, KeyRing keys, DatabaseCalls calls) {
    this.db = Objects.requireNonNull(db, "db");
    this.cipher = new AesGcm(Objects.requireNonNull(keys, "keys"));
    this.calls = Objects.requireNonNull(calls, "calls");
  }

  @Override
  public Mono<Void> save(LoginState state) {
    return calls.guard("saveLoginState", insert(state));
  }

  private Mono<Void> insert(LoginState state) {
    return Mono.defer(
        () -> {
          AesGcm.Sealed sealed =
              cipher.seal(
                  state.codeVerifier().getBytes(StandardCharsets.UTF_8),
                  AesGcm.associatedData(TABLE, state.stateHash()));
          LoginStateRow row = mapper.toRow(state, sealed);
          GenericExecuteSpec insert = db.sql(INSERT);
          insert = bind(insert, 0, row.stateHash(), String.class);
          insert = bind(insert, 1, row.codeVerifierCiphertext(), byte[].class);
          insert = bind(insert, 2, row.keyId(), String.class);
          insert = bind(insert, 3, row.returnTo(), String.class);
          insert = bind(insert, 4, row.linkedUserId(), String.class);
          insert = bind(insert, 5, row.createdAt(), OffsetDateTime.class);
          insert = bind(insert, 6, row.expiresAt(), OffsetDateTime.class);
          insert = bind(insert, 7, row.oauthClientId(), String.class);
          insert = bind(insert, 8, row.oauthRedirectUri(), String.class);
          insert = bind(insert, 9, row.oauthCodeChallenge(), String.class);
          insert = bind(insert, 10, row.oauthState(), String.class);
          insert = bind(insert, 11, row.oauthResource(), String.class);
          insert = bind(insert, 12, row.oauthScope(), String.class);
          return insert.then();
        });
  }

  @Override
  public Mono<LoginState> find(String stateHash) {
    if (stateHash == null || stateHash.isEmpty()) {
      return Mono.empty();
    }
    return calls.guard("findLoginState", readRow(FIND, stateHash));
  }

  @Override
  public Mono<LoginState> consume(String stateHash) {
    if (stateHash == null || stateHash.isEmpty()) {
      return Mono.empty();
    }
    return calls.guard("consumeLoginState", readRow(CONSUME, stateHash));
  }

  /** The row {@code sql} answers for the state hash, opened; an unreadable one is empty. */
  private Mono<LoginState> readRow(String sql, String stateHash) {
    return db.sql(sql)
        .bind(0, stateHash)
        .map(LoginStateRow::read)
        .one()
        .handle(
            (row, sink) -> {
              try {
                byte[] verifier =
                    cipher.open(
                        row.keyId(),
                        row.codeVerifierCiphertext(),
                        AesGcm.associatedData(TABLE, row.stateHash()));
                sink.next(mapper.toLoginState(row, new String(verifier, StandardCharsets.UTF_8)));
              } catch (AesGcm.Unreadable | IllegalArgumentException | NullPointerException e) {
                // Treated as unknown: the login is refused and the user starts again.
                log.warn("A pending login was unreadable and has been discarded: {}", reason(e));
              }
            });
  }

  @Override
  public Mono<Integer> deleteExpired(Instant now) {
    return calls.guard(
        "deleteExpiredLoginStates",
        db.sql(DELETE_EXPIRED)
            .bind(0, mapper.timestamp(now))
            .fetch()
            .rowsUpdated()
            .map(Long::intValue));
  }

  private static String reason(Exception e) {
    return e instanceof AesGcm.Unreadable ? e.getMessage() : "row does not hold a valid login";
  }

  private static GenericExecuteSpec bind(
      GenericExecuteSpec spec, int index, Object value, Class<?> type) {
    return value == null ? spec.bindNull(index, type) : spec.bind(index, value);
  }
}
