package io.statelessmcp.bootstrap.database;

import io.statelessmcp.bootstrap.config.DatabaseProperties;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * With {@code MCP_MIGRATE_ON_START=false}: refuses to start on a database that lacks a changeset of
 * this release, instead of failing later on a missing column. One query, which also opens the
 * pool's first connection before the first request needs it.
 */
public final class SchemaVerification {

  static final String HOW_TO_MIGRATE =
      "run `java -jar mcp-session-server.jar migrate` with the same SUPABASE_DB_URL first, or set "
          + DatabaseProperties.MIGRATE_ON_START
          + "=true";

  private SchemaVerification() {}

  public static void requireMigrated(DatabaseClient database, Set<String> required) {
    List<String> recorded;
    try {
      recorded =
          database
              .sql("SELECT id FROM databasechangelog")
              .map(row -> row.get(0, String.class))
              .all()
              .collectList()
              .block(Duration.ofSeconds(30));
    } catch (RuntimeException e) {
      if (String.valueOf(e.getMessage()).contains("databasechangelog")) {
        throw new IllegalStateException(
            "the database has no schema yet (no databasechangelog table): " + HOW_TO_MIGRATE, e);
      }
      throw new IllegalStateException("could not check the database schema: " + e.getMessage(), e);
    }
    Set<String> missing = new TreeSet<>(required);
    missing.removeAll(new HashSet<>(recorded == null ? List.of() : recorded));
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "the database schema is behind this release; changesets not applied: "
              + missing
              + ". "
              + HOW_TO_MIGRATE);
    }
  }
}
