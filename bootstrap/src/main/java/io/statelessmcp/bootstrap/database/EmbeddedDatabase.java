package io.statelessmcp.bootstrap.database;

import io.statelessmcp.adapter.out.supabase.SupabaseDbUrl;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The development default: a real PostgreSQL 17 whose data directory persists (by default under
 * {@code .data/postgres}), so a restart keeps every session. Used only when {@code SUPABASE_DB_URL}
 * is not set.
 */
public final class EmbeddedDatabase implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

  private final EmbeddedPostgres postgres;
  private final Path dataDirectory;

  private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDirectory) {
    this.postgres = postgres;
    this.dataDirectory = dataDirectory;
  }

  public static EmbeddedDatabase start(Path dataDirectory) {
    Path directory = dataDirectory.toAbsolutePath().normalize();
    try {
      Files.createDirectories(directory.getParent());
      EmbeddedPostgres postgres =
          EmbeddedPostgres.builder()
              .setDataDirectory(directory)
              .setCleanDataDirectory(false)
              .start();
      LOG.info(
          "embedded PostgreSQL started on port {} with data in {}; set SUPABASE_DB_URL to use"
              + " Supabase instead",
          postgres.getPort(),
          directory);
      return new EmbeddedDatabase(postgres, directory);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the embedded PostgreSQL in " + directory, e);
    }
  }

  /** Where to connect, in the same form as {@code SUPABASE_DB_URL}. */
  public SupabaseDbUrl url() {
    return SupabaseDbUrl.parse(
        "postgresql://postgres@localhost:" + postgres.getPort() + "/postgres");
  }

  public Path dataDirectory() {
    return dataDirectory;
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
