package io.statelessmcp.bootstrap.database;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The PostgreSQL server running on a data directory, as its {@code postmaster.pid} describes it
 * (line 1: process id, line 4: port): how a second instance finds the database the first one
 * started.
 */
record Postmaster(long pid, int port) {

  private static final int PID_LINE = 0;
  private static final int PORT_LINE = 3;

  /** The server on {@code dataDirectory}, if its pid file names a live process. */
  static Optional<Postmaster> runningOn(Path dataDirectory) {
    Path pidFile = dataDirectory.resolve("postmaster.pid");
    List<String> lines;
    try {
      lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
    } catch (IOException noFile) {
      return Optional.empty();
    }
    if (lines.size() <= PORT_LINE) {
      return Optional.empty(); // being written, or left half-written by a crash
    }
    long pid;
    int port;
    try {
      pid = Long.parseLong(lines.get(PID_LINE).trim());
      port = Integer.parseInt(lines.get(PORT_LINE).trim());
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    // A stale file (PostgreSQL killed) names a dead process, or after a reboot maybe another
    // program; PostgreSQL itself ignores the file then.
    Postmaster postmaster = new Postmaster(pid, port);
    return postmaster.process().isPresent() ? Optional.of(postmaster) : Optional.empty();
  }

  /** The server's process, while it runs (and its pid is not another program's by now). */
  Optional<ProcessHandle> process() {
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(process -> process.info().command().map(Postmaster::isPostgres).orElse(true));
  }

  private static boolean isPostgres(String command) {
    String name = Path.of(command).getFileName().toString();
    return name.equals("postgres") || name.equals("postgres.exe");
  }
}
