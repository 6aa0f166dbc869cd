package io.statelessmcp.bootstrap.database;

import io.statelessmcp.adapter.out.supabase.KeyRing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With the embedded database and no {@code MCP_SESSION_ENCRYPTION_KEYS}, a key is generated once
 * and kept beside the data ({@code encryption-keys}, mode 0600), so sessions survive restarts.
 * Never used with {@code SUPABASE_DB_URL}: there the app refuses to start without a key.
 */
final class DevelopmentKey {

  private static final Logger LOG = LoggerFactory.getLogger(DevelopmentKey.class);
  static final String FILE_NAME = "encryption-keys";

  private DevelopmentKey() {}

  static KeyRing loadOrCreate(Path dataDirectory) {
    Path file = dataDirectory.toAbsolutePath().normalize().resolveSibling(FILE_NAME);
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "dev:" + KeyRing.generateKey(), StandardCharsets.US_ASCII);
        try {
          Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
          // best effort on non-POSIX file systems
        }
        LOG.warn(
            "MCP_SESSION_ENCRYPTION_KEYS is not set: generated a development key in {}. Set the"
                + " variable for any shared or production deployment.",
            file);
      }
      return KeyRing.parse(Files.readString(file, StandardCharsets.US_ASCII).trim());
    } catch (IOException e) {
      throw new UncheckedIOException("could not read or write the development key " + file, e);
    }
  }
}
