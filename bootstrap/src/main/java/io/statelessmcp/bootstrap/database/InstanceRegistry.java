package io.statelessmcp.bootstrap.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The instances that use an embedded database: one file each in {@code <data directory>.instances},
 * named after the process id and holding the process's start time (so a recycled process id is not
 * taken for the instance that had it). An instance killed with {@code kill -9} leaves its file
 * behind; it is recognised as dead and removed. Used under {@link EmbeddedDatabase}'s lock only.
 */
final class InstanceRegistry {

  private final Path directory;

  private InstanceRegistry(Path directory) {
    this.directory = directory;
  }

  static InstanceRegistry beside(Path dataDirectory) {
    return new InstanceRegistry(
        dataDirectory.resolveSibling(dataDirectory.getFileName() + ".instances"));
  }

  /** Registers this process; returns its entry for {@link #unregister}. */
  Path register() {
    ProcessHandle self = ProcessHandle.current();
    Path entry = directory.resolve(self.pid() + "-" + UUID.randomUUID());
    try {
      Files.createDirectories(directory);
      Files.writeString(entry, startTime(self).map(Instant::toString).orElse(""));
      return entry;
    } catch (IOException e) {
      throw new UncheckedIOException("could not register in " + directory, e);
    }
  }

  void unregister(Path entry) {
    try {
      Files.deleteIfExists(entry);
    } catch (IOException e) {
      throw new UncheckedIOException("could not unregister " + entry, e);
    }
  }

  /** Removes the entries of processes that no longer run; returns the pids of the live ones. */
  List<Long> forgetTheDead() {
    List<Long> alive = new ArrayList<>();
    if (!Files.isDirectory(directory)) {
      return alive;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      for (Path entry : entries) {
        Optional<Long> pid = pidOf(entry);
        if (pid.isPresent() && isAlive(pid.get(), entry)) {
          alive.add(pid.get());
        } else {
          Files.deleteIfExists(entry);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + directory, e);
    }
    return alive;
  }

  private static boolean isAlive(long pid, Path entry) throws IOException {
    Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    if (process.isEmpty()) {
      return false;
    }
    String recorded = Files.readString(entry, StandardCharsets.UTF_8).trim();
    Optional<Instant> started = startTime(process.get());
    return recorded.isEmpty() || started.isEmpty() || recorded.equals(started.get().toString());
  }

  private static Optional<Long> pidOf(Path entry) {
    String name = entry.getFileName().toString();
    int dash = name.indexOf('-');
    try {
      return Optional.of(Long.parseLong(dash < 0 ? name : name.substring(0, dash)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Optional<Instant> startTime(ProcessHandle process) {
    return process.info().startInstant();
  }
}
