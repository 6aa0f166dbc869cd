package io.statelessmcp.bootstrap.database;

import io.statelessmcp.adapter.out.supabase.KeyRing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
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
      if (!Files.exists(file) && create(file)) {
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

  /**
   * Writes a new key to {@code file} unless another instance starting at the same moment was first:
   * the key is written whole to a private temporary file, then linked in place, which fails if the
   * file exists. Both instances then read the same key.
   */
  private static boolean create(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Path temporary = Files.createTempFile(file.getParent(), "." + FILE_NAME, ".tmp");
    try {
      try {
        Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException notPosix) {
        // best effort on non-POSIX file systems
      }
      Files.writeString(temporary, "dev:" + KeyRing.generateKey(), StandardCharsets.US_ASCII);
      try {
        Files.createLink(file, temporary);
        return true;
      } catch (FileAlreadyExistsException anotherInstanceWasFirst) {
        return false;
      } catch (UnsupportedOperationException noHardLinks) {
        try {
          Files.move(temporary, file);
          return true;
        } catch (FileAlreadyExistsException anotherInstanceWasFirst) {
          return false;
        }
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
  }
}
