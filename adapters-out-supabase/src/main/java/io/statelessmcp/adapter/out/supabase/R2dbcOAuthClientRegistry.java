package io.statelessmcp.adapter.out.supabase;

import io.statelessmcp.application.port.out.OAuthClientRegistry;
import io.statelessmcp.domain.OAuthClient;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import reactor.core.publisher.Mono;

/**
 * OAuth clients in {@code mcp_oauth_clients}, shared by all replicas: a client registered on one
 * replica is known on every other at once. A client's rows of codes, tokens and consents go with it
 * ({@code ON DELETE CASCADE}); this registry deletes only clients that expired unused.
 */
public final class R2dbcOAuthClientRegistry implements OAuthClientRegistry {

  private static final Logger log = LoggerFactory.getLogger(R2dbcOAuthClientRegistry.class);

  private static final String VALUES =
      " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)";
  private static final String INSERT =
      "INSERT INTO mcp_oauth_clients ("
          + OAuthClientRow.COLUMNS
          + ")"
          + VALUES
          + " RETURNING "
          + OAuthClientRow.COLUMNS;
  // A document's client never replaces a registration (their ids cannot collide anyway).
  private static final String UPSERT_DOCUMENT =
      "INSERT INTO mcp_oauth_clients ("
          + OAuthClientRow.COLUMNS
          + ")"
          + VALUES
          + " ON CONFLICT (client_id) DO UPDATE SET redirect_uris = EXCLUDED.redirect_uris,"
          + " client_name = EXCLUDED.client_name, client_uri = EXCLUDED.client_uri,"
          + " logo_uri = EXCLUDED.logo_uri, scope = EXCLUDED.scope,"
          + " grant_types = EXCLUDED.grant_types, response_types = EXCLUDED.response_types,"
          + " token_endpoint_auth_method = EXCLUDED.token_endpoint_auth_method,"
          + " expires_at = GREATEST(mcp_oauth_clients.expires_at, EXCLUDED.expires_at),"
          + " cache_until = EXCLUDED.cache_until"
          + " WHERE mcp_oauth_clients.registration = 'cimd'"
          + " RETURNING "
          + OAuthClientRow.COLUMNS;
  private static final String FIND =
      "SELECT " + OAuthClientRow.COLUMNS + " FROM mcp_oauth_clients WHERE client_id = $1";
  // OAuthClient.usedAt and useIsWorthRecordingAt, in SQL.
  private static final String TOUCH =
      "UPDATE mcp_oauth_clients SET last_used_at = $2, expires_at = GREATEST(expires_at, $3)"
          + " WHERE client_id = $1 AND (last_used_at IS NULL OR last_used_at <= $4)";
  private static final String DELETE_EXPIRED =
      "DELETE FROM mcp_oauth_clients c WHERE c.expires_at <= $1"
          + " AND NOT EXISTS (SELECT 1 FROM mcp_sessions s WHERE s.client_id = c.client_id)";

  private final DatabaseClient db;
  private final DatabaseCalls calls;

  /** With the default call deadline, {@link DatabaseCalls#DEFAULT_DEADLINE}. */
  public R2dbcOAuthClientRegistry(DatabaseClient db) {
    this(db, DatabaseCalls.withDeadline(DatabaseCalls.DEFAULT_DEADLINE));
  }

  /**
   * @param calls the deadline of every call, and what a failure becomes ({@code
   *     StorageUnavailable}), as for the other stores
   */
  public R2dbcOAuthClientRegistry(DatabaseClient db, DatabaseCalls calls) {
    this.db = Objects.requireNonNull(db, "db");
    this.calls = Objects.requireNonNull(calls, "calls");
  }

  @Override
  public Mono<OAuthClient> register(OAuthClient client) {
    return calls.guard("registerClient", write(INSERT, client));
  }

  @Override
  public Mono<OAuthClient> saveDocument(OAuthClient client) {
    return calls.guard("saveClientDocument", write(UPSERT_DOCUMENT, client));
  }

  private Mono<OAuthClient> write(String sql, OAuthClient client) {
    return Mono.defer(
        () -> {
          OAuthClientRow row = OAuthClientRow.of(client);
          GenericExecuteSpec insert = db.sql(sql);
          insert = bind(insert, 0, row.clientId(), String.class);
          insert = bind(insert, 1, row.registration(), String.class);
          insert = bind(insert, 2, row.redirectUris(), String[].class);
          insert = bind(insert, 3, row.clientName(), String.class);
          insert = bind(insert, 4, row.clientUri(), String.class);
          insert = bind(insert, 5, row.logoUri(), String.class);
          insert = bind(insert, 6, row.scope(), String.class);
          insert = bind(insert, 7, row.grantTypes(), String[].class);
          insert = bind(insert, 8, row.responseTypes(), String[].class);
          insert = bind(insert, 9, row.tokenEndpointAuthMethod(), String.class);
          insert = bind(insert, 10, row.createdAt(), OffsetDateTime.class);
          insert = bind(insert, 11, row.lastUsedAt(), OffsetDateTime.class);
          insert = bind(insert, 12, row.expiresAt(), OffsetDateTime.class);
          insert = bind(insert, 13, row.cacheUntil(), OffsetDateTime.class);
          return insert.map(OAuthClientRow::read).one().map(OAuthClientRow::toClient);
        });
  }

  @Override
  public Mono<OAuthClient> find(String clientId) {
    if (clientId == null || clientId.isEmpty()) {
      return Mono.empty();
    }
    return calls
        .guard("findClient", db.sql(FIND).bind(0, clientId).map(OAuthClientRow::read).one())
        .handle(
            (row, sink) -> {
              try {
                sink.next(row.toClient());
              } catch (IllegalArgumentException e) {
                // A row written under older rules is treated as unknown: the client registers
                // again or its document is fetched again.
                log.warn("OAuth client {} no longer meets the rules: {}", clientId, e.getMessage());
              }
            });
  }

  @Override
  public Mono<Void> touch(String clientId, Instant now) {
    return calls.guard(
        "touchClient",
        db.sql(TOUCH)
            .bind(0, clientId)
            .bind(1, OAuthClientRow.timestamp(now))
            .bind(2, OAuthClientRow.timestamp(now.plus(OAuthClient.IDLE_LIFETIME)))
            .bind(3, OAuthClientRow.timestamp(now.minus(OAuthClient.TOUCH_INTERVAL)))
            .then());
  }

  @Override
  public Mono<Integer> deleteExpired(Instant now) {
    return calls.guard(
        "deleteExpiredClients",
        db.sql(DELETE_EXPIRED)
            .bind(0, OAuthClientRow.timestamp(now))
            .fetch()
            .rowsUpdated()
            .map(Long::intValue));
  }

  private static GenericExecuteSpec bind(
      GenericExecuteSpec spec, int index, Object value, Class<?> type) {
    return value == null ? spec.bindNull(index, type) : spec.bind(index, value);
  }
}
