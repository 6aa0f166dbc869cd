package io.statelessmcp.adapter.out.supabase;

import static io.statelessmcp.adapter.out.supabase.GrantRows.bind;
import static io.statelessmcp.adapter.out.supabase.GrantRows.bytes;
import static io.statelessmcp.adapter.out.supabase.GrantRows.timestamp;

import io.statelessmcp.application.port.out.GrantTokens;
import io.statelessmcp.domain.AccessToken;
import io.statelessmcp.domain.RefreshToken;
import io.statelessmcp.domain.SecretHash;
import io.statelessmcp.domain.SessionId;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Objects;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import reactor.core.publisher.Mono;

/**
 * Access and refresh tokens in {@code mcp_oauth_access_tokens} and {@code
 * mcp_oauth_refresh_tokens}, shared by all replicas, stored as their SHA-256 only. They go with
 * their session ({@code ON DELETE CASCADE}); the purge deletes expired access tokens.
 *
 * <p>A refresh token has at most one live successor (the unique index {@code
 * mcp_oauth_refresh_tokens_one_live_successor}); since the successor is derived from the token it
 * replaces, two replicas rotating the same token write the same row, and the second finds it
 * stored. Every call answers within the deadline of its {@link DatabaseCalls}; a database failure
 * is signalled as {@code StorageUnavailable}.
 */
public final class R2dbcGrantTokens implements GrantTokens {

  private static final String INSERT_ACCESS_TOKEN =
      "INSERT INTO mcp_oauth_access_tokens ("
          + GrantRows.ACCESS_TOKEN_COLUMNS
          + ") VALUES ($1, $2, $3, $4, $5, $6, $7)";
  private static final String FIND_ACCESS_TOKEN =
      "SELECT "
          + GrantRows.ACCESS_TOKEN_COLUMNS
          + " FROM mcp_oauth_access_tokens WHERE token_hash = $1";
  private static final String INSERT_REFRESH_TOKEN =
      "INSERT INTO mcp_oauth_refresh_tokens ("
          + GrantRows.REFRESH_TOKEN_COLUMNS
          + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
  // Whichever unique constraint a racing replica's identical row hits, this one does nothing.
  private static final String INSERT_SUCCESSOR = INSERT_REFRESH_TOKEN + " ON CONFLICT DO NOTHING";
  // A statement of its own, so it sees the row the racing replica committed meanwhile.
  private static final String SUCCESSOR_STORED =
      "SELECT count(*) FROM mcp_oauth_refresh_tokens"
          + " WHERE token_hash = $1 AND previous_hash = $2";
  private static final String FIND_REFRESH_TOKEN =
      "SELECT "
          + GrantRows.REFRESH_TOKEN_COLUMNS
          + " FROM mcp_oauth_refresh_tokens WHERE token_hash = $1";
  private static final String MARK_USED =
      "UPDATE mcp_oauth_refresh_tokens SET first_used_at = COALESCE(first_used_at, $2)"
          + " WHERE token_hash = $1";
  // One statement, so a reader never sees the refresh tokens revoked but the access tokens alive.
  private static final String REVOKE_GRANT =
      "WITH revoked AS (UPDATE mcp_oauth_refresh_tokens SET revoked_at = COALESCE(revoked_at, $2)"
          + " WHERE session_id = $1)"
          + " DELETE FROM mcp_oauth_access_tokens WHERE session_id = $1";
  private static final String DELETE_EXPIRED_ACCESS_TOKENS =
      "DELETE FROM mcp_oauth_access_tokens WHERE expires_at <= $1";

  private final DatabaseClient db;
  private final DatabaseCalls calls;

  /** With the default call deadline, {@link DatabaseCalls#DEFAULT_DEADLINE}. */
  public R2dbcGrantTokens(DatabaseClient db) {
    this(db, DatabaseCalls.withDeadline(DatabaseCalls.DEFAULT_DEADLINE));
  }

  /**
   * @param calls the deadline of every call, and what a failure becomes
   */
  public R2dbcGrantTokens(DatabaseClient db, DatabaseCalls calls) {
    this.db = Objects.requireNonNull(db, "db");
    this.calls = Objects.requireNonNull(calls, "calls");
  }

  @Override
  public Mono<Void> saveAccessToken(AccessToken token) {
    return calls.guard(
        "saveAccessToken",
        Mono.defer(
            () -> {
              GenericExecuteSpec insert = db.sql(INSERT_ACCESS_TOKEN);
              insert = insert.bind(0, token.tokenHash().bytes());
              insert = insert.bind(1, token.sessionId().value());
              insert = insert.bind(2, token.clientId());
              insert = bind(insert, 3, token.resource(), String.class);
              insert = bind(insert, 4, token.scope(), String.class);
              insert = insert.bind(5, timestamp(token.createdAt()));
              insert = insert.bind(6, timestamp(token.expiresAt()));
              return insert.then();
            }));
  }

  @Override
  public Mono<AccessToken> findAccessToken(SecretHash tokenHash) {
    if (tokenHash == null) {
      return Mono.empty();
    }
    return calls.guard(
        "findAccessToken",
        db.sql(FIND_ACCESS_TOKEN)
            .bind(0, bytes(tokenHash))
            .map(row -> GrantRows.readable(row, GrantRows::accessToken, "access token"))
            .one()
            .flatMap(Mono::justOrEmpty));
  }

  @Override
  public Mono<Void> saveRefreshToken(RefreshToken token) {
    return calls.guard("saveRefreshToken", insertRefreshToken(INSERT_REFRESH_TOKEN, token).then());
  }

  @Override
  public Mono<Void> saveSuccessor(RefreshToken successor) {
    if (successor.previousHash() == null) {
      return Mono.error(new IllegalArgumentException("a successor names the token it replaces"));
    }
    return calls
        .guard(
            "saveRefreshTokenSuccessor",
            insertRefreshToken(INSERT_SUCCESSOR, successor)
                .flatMap(inserted -> inserted > 0 ? Mono.just(true) : isStored(successor)))
        .flatMap(
            stored ->
                stored
                    ? Mono.<Void>empty()
                    // Not an outage: a successor derived under another key is live already.
                    : Mono.error(
                        new IllegalStateException(
                            "another successor of this refresh token is stored; do all replicas"
                                + " hold the same grant key?")));
  }

  private Mono<Long> insertRefreshToken(String sql, RefreshToken token) {
    return Mono.defer(
        () -> {
          GenericExecuteSpec insert = db.sql(sql);
          insert = insert.bind(0, token.tokenHash().bytes());
          insert = insert.bind(1, token.sessionId().value());
          insert = insert.bind(2, token.clientId());
          insert = bind(insert, 3, bytes(token.previousHash()), byte[].class);
          insert = insert.bind(4, timestamp(token.createdAt()));
          insert = bind(insert, 5, timestamp(token.firstUsedAt()), OffsetDateTime.class);
          insert = bind(insert, 6, timestamp(token.revokedAt()), OffsetDateTime.class);
          insert = bind(insert, 7, token.scope(), String.class);
          return insert.fetch().rowsUpdated();
        });
  }

  private Mono<Boolean> isStored(RefreshToken successor) {
    return db.sql(SUCCESSOR_STORED)
        .bind(0, successor.tokenHash().bytes())
        .bind(1, successor.previousHash().bytes())
        .map(row -> row.get(0, Long.class))
        .one()
        .map(count -> count > 0);
  }

  @Override
  public Mono<RefreshToken> findRefreshToken(SecretHash tokenHash) {
    if (tokenHash == null) {
      return Mono.empty();
    }
    return calls.guard(
        "findRefreshToken",
        db.sql(FIND_REFRESH_TOKEN)
            .bind(0, bytes(tokenHash))
            .map(row -> GrantRows.readable(row, GrantRows::refreshToken, "refresh token"))
            .one()
            .flatMap(Mono::justOrEmpty));
  }

  @Override
  public Mono<Void> markUsed(SecretHash tokenHash, Instant now) {
    return calls.guard(
        "markRefreshTokenUsed",
        db.sql(MARK_USED).bind(0, bytes(tokenHash)).bind(1, timestamp(now)).then());
  }

  @Override
  public Mono<Void> revokeGrant(SessionId sessionId, Instant now) {
    return calls.guard(
        "revokeGrant",
        db.sql(REVOKE_GRANT).bind(0, sessionId.value()).bind(1, timestamp(now)).then());
  }

  @Override
  public Mono<Integer> deleteExpiredAccessTokens(Instant now) {
    return calls.guard(
        "deleteExpiredAccessTokens",
        db.sql(DELETE_EXPIRED_ACCESS_TOKENS)
            .bind(0, timestamp(now))
            .fetch()
            .rowsUpdated()
            .map(Long::intValue));
  }

  @Override
  public String toString() {
    return "R2dbcGrantTokens[tables=mcp_oauth_access_tokens, mcp_oauth_refresh_tokens]";
  }
}
