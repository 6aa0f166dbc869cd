package io.statelessmcp.adapter.out.supabase;

import static io.statelessmcp.adapter.out.supabase.GrantRows.bind;
import static io.statelessmcp.adapter.out.supabase.GrantRows.bytes;
import static io.statelessmcp.adapter.out.supabase.GrantRows.timestamp;

import io.statelessmcp.application.port.out.AuthorizationCodes;
import io.statelessmcp.domain.AuthorizationCode;
import io.statelessmcp.domain.SecretHash;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Objects;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import reactor.core.publisher.Mono;

/**
 * Authorization codes in {@code mcp_oauth_authorization_codes}, shared by all replicas, stored as
 * their SHA-256 only. A code goes with its session and its client ({@code ON DELETE CASCADE}); the
 * purge deletes expired ones. Marking a code used is one conditional {@code UPDATE}, so of two
 * replicas redeeming the same code exactly one wins. Every call answers within the deadline of its
 * {@link DatabaseCalls}; a database failure is signalled as {@code StorageUnavailable}.
 */
public final class R2dbcAuthorizationCodes implements AuthorizationCodes {

  private static final String INSERT =
      "INSERT INTO mcp_oauth_authorization_codes ("
          + GrantRows.CODE_COLUMNS
          + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
  private static final String FIND =
      "SELECT "
          + GrantRows.CODE_COLUMNS
          + " FROM mcp_oauth_authorization_codes WHERE code_hash = $1";
  private static final String MARK_USED =
      "UPDATE mcp_oauth_authorization_codes SET used_at = $2"
          + " WHERE code_hash = $1 AND used_at IS NULL";
  private static final String DELETE_EXPIRED =
      "DELETE FROM mcp_oauth_authorization_codes WHERE expires_at <= $1";

  private final DatabaseClient db;
  private final DatabaseCalls calls;

  /** With the default call deadline, {@link DatabaseCalls#DEFAULT_DEADLINE}. */
  public R2dbcAuthorizationCodes(DatabaseClient db) {
    this(db, DatabaseCalls.withDeadline(DatabaseCalls.DEFAULT_DEADLINE));
  }

  /**
   * @param calls the deadline of every call, and what a failure becomes
   */
  public R2dbcAuthorizationCodes(DatabaseClient db, DatabaseCalls calls) {
    this.db = Objects.requireNonNull(db, "db");
    this.calls = Objects.requireNonNull(calls, "calls");
  }

  @Override
  public Mono<Void> save(AuthorizationCode code) {
    return calls.guard(
        "saveAuthorizationCode",
        Mono.defer(
            () -> {
              GenericExecuteSpec insert = db.sql(INSERT);
              insert = insert.bind(0, code.codeHash().bytes());
              insert = insert.bind(1, code.clientId());
              insert = insert.bind(2, code.sessionId().value());
              insert = insert.bind(3, code.redirectUri());
              insert = insert.bind(4, code.codeChallenge());
              insert = bind(insert, 5, code.resource(), String.class);
              insert = bind(insert, 6, code.scope(), String.class);
              insert = insert.bind(7, timestamp(code.createdAt()));
              insert = insert.bind(8, timestamp(code.expiresAt()));
              insert = bind(insert, 9, timestamp(code.usedAt()), OffsetDateTime.class);
              return insert.then();
            }));
  }

  @Override
  public Mono<AuthorizationCode> find(SecretHash codeHash) {
    if (codeHash == null) {
      return Mono.empty();
    }
    return calls.guard(
        "findAuthorizationCode",
        db.sql(FIND)
            .bind(0, bytes(codeHash))
            .map(row -> GrantRows.readable(row, GrantRows::code, "authorization code"))
            .one()
            .flatMap(Mono::justOrEmpty));
  }

  @Override
  public Mono<Boolean> markUsed(SecretHash codeHash, Instant now) {
    return calls.guard(
        "markAuthorizationCodeUsed",
        db.sql(MARK_USED)
            .bind(0, bytes(codeHash))
            .bind(1, timestamp(now))
            .fetch()
            .rowsUpdated()
            .map(count -> count > 0));
  }

  @Override
  public Mono<Integer> deleteExpired(Instant now) {
    return calls.guard(
        "deleteExpiredAuthorizationCodes",
        db.sql(DELETE_EXPIRED).bind(0, timestamp(now)).fetch().rowsUpdated().map(Long::intValue));
  }

  @Override
  public String toString() {
    return "R2dbcAuthorizationCodes[table=mcp_oauth_authorization_codes]";
  }
}
