package io.statelessmcp.adapter.out.supabase;

import static io.statelessmcp.adapter.out.supabase.GrantRows.timestamp;

import io.statelessmcp.application.port.out.Consents;
import io.statelessmcp.domain.SecretHash;
import java.time.Instant;
import java.util.Objects;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * Consents in {@code mcp_oauth_consents}, one row per browser (the SHA-256 of its consent cookie)
 * and client, shared by all replicas. A consent goes with its client ({@code ON DELETE CASCADE});
 * the purge deletes expired ones. Every call answers within the deadline of its {@link
 * DatabaseCalls}; a database failure is signalled as {@code StorageUnavailable}.
 */
public final class R2dbcConsents implements Consents {

  private static final String IS_GIVEN =
      "SELECT count(*) FROM mcp_oauth_consents"
          + " WHERE browser_hash = $1 AND client_id = $2 AND expires_at > $3";
  // Consenting again counts as a new consent: both instants are taken as given.
  private static final String REMEMBER =
      "INSERT INTO mcp_oauth_consents (browser_hash, client_id, created_at, expires_at)"
          + " VALUES ($1, $2, $3, $4) ON CONFLICT (browser_hash, client_id)"
          + " DO UPDATE SET created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at";
  private static final String DELETE_EXPIRED =
      "DELETE FROM mcp_oauth_consents WHERE expires_at <= $1";

  private final DatabaseClient db;
  private final DatabaseCalls calls;

  /** With the default call deadline, {@link DatabaseCalls#DEFAULT_DEADLINE}. */
  public R2dbcConsents(DatabaseClient db) {
    this(db, DatabaseCalls.withDeadline(DatabaseCalls.DEFAULT_DEADLINE));
  }

  /**
   * @param calls the deadline of every call, and what a failure becomes
   */
  public R2dbcConsents(DatabaseClient db, DatabaseCalls calls) {
    this.db = Objects.requireNonNull(db, "db");
    this.calls = Objects.requireNonNull(calls, "calls");
  }

  @Override
  public Mono<Boolean> isGiven(SecretHash browser, String clientId, Instant now) {
    if (browser == null || clientId == null) {
      return Mono.just(false);
    }
    return calls.guard(
        "isConsentGiven",
        db.sql(IS_GIVEN)
            .bind(0, browser.bytes())
            .bind(1, clientId)
            .bind(2, timestamp(now))
            .map(row -> row.get(0, Long.class))
            .one()
            .map(count -> count > 0));
  }

  @Override
  public Mono<Void> remember(SecretHash browser, String clientId, Instant now, Instant expiresAt) {
    if (!expiresAt.isAfter(now)) {
      return Mono.error(new IllegalArgumentException("a consent must expire after it is given"));
    }
    return calls.guard(
        "rememberConsent",
        db.sql(REMEMBER)
            .bind(0, browser.bytes())
            .bind(1, clientId)
            .bind(2, timestamp(now))
            .bind(3, timestamp(expiresAt))
            .then());
  }

  @Override
  public Mono<Integer> deleteExpired(Instant now) {
    return calls.guard(
        "deleteExpiredConsents",
        db.sql(DELETE_EXPIRED).bind(0, timestamp(now)).fetch().rowsUpdated().map(Long::intValue));
  }

  @Override
  public String toString() {
    return "R2dbcConsents[table=mcp_oauth_consents]";
  }
}
