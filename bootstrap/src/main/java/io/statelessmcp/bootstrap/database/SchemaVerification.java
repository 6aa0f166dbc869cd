package io.statelessmcp.bootstrap.database;

import io.statelessmcp.bootstrap.config.DatabaseProperties;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * With {@code MCP_MIGRATE_ON_START=false}: refuses to start on a database that lacks a changeset of
 * this release, instead of failing later on a missing column. One query, sent as soon as the pool
 * exists so that it overlaps the rest of the start; it also opens the pool's first connection
 * before the first request needs it. The result is awaited once every bean exists, before the web
 * server starts (Spring runs {@link SmartInitializingSingleton}s before any lifecycle starts).
 */
public final class SchemaVerification implements SmartInitializingSingleton {

  private static final Logger LOG = LoggerFactory.getLogger(SchemaVerification.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  static final String HOW_TO_MIGRATE =
      "run `java -jar mcp-session-server.jar migrate` with the same SUPABASE_DB_URL first, or set "
          + DatabaseProperties.MIGRATE_ON_START
          + "=true";

  private final Set<String> required;
  private final CompletableFuture<List<String>> recorded;

  private SchemaVerification(Set<String> required, CompletableFuture<List<String>> recorded) {
    this.required = required;
    this.recorded = recorded;
  }

  /** With {@code MCP_MIGRATE_ON_START=true}: the start migrated, there is nothing to check. */
  public static SchemaVerification notNeeded() {
    return new SchemaVerification(null, null);
  }

  /** Sends the query now; {@link #afterSingletonsInstantiated()} judges its answer. */
  public static SchemaVerification start(DatabaseClient database, Set<String> required) {
    return new SchemaVerification(
        required,
        database
            .sql("SELECT id FROM databasechangelog")
            .map(row -> row.get(0, String.class))
            .all()
            .collectList()
            .toFuture());
  }

  @Override
  public void afterSingletonsInstantiated() {
    if (required == null) {
      return;
    }
    List<String> ids = awaitRecorded();
    Set<String> missing = new TreeSet<>(required);
    missing.removeAll(new HashSet<>(ids));
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "the database schema is behind this release; changesets not applied: "
              + missing
              + ". "
              + HOW_TO_MIGRATE);
    }
    LOG.info(
        "{}=false: the database has all {} changesets of this release",
        DatabaseProperties.MIGRATE_ON_START,
        required.size());
  }

  private List<String> awaitRecorded() {
    try {
      return recorded.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (String.valueOf(cause.getMessage()).contains("databasechangelog")) {
        throw new IllegalStateException(
            "the database has no schema yet (no databasechangelog table): " + HOW_TO_MIGRATE,
            cause);
      }
      throw new IllegalStateException(
          "could not check the database schema: " + cause.getMessage(), cause);
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "could not check the database schema within " + TIMEOUT.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking the database schema", e);
    }
  }
}
