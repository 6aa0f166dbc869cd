package io.statelessmcp.bootstrap.database;

import io.statelessmcp.adapter.out.supabase.SupabaseDbUrl;
import io.statelessmcp.bootstrap.SetupProblem;
import io.statelessmcp.bootstrap.config.DatabaseProperties;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.Closeable;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The development default: a real PostgreSQL 17 whose data directory persists (by default under
 * {@code .data/postgres}), so a restart keeps every session. Used only when {@code SUPABASE_DB_URL}
 * is not set.
 *
 * <p>Several instances started in the same folder share it, so that two replicas can run on one
 * laptop: the first one starts PostgreSQL, the others attach to it (its port is in {@code
 * postmaster.pid}), and each registers in {@link InstanceRegistry}. PostgreSQL keeps running while
 * any registered instance lives, whoever started it; the last one to exit stops it. All of this
 * happens under a file lock beside the data directory, so starts and stops never overlap.
 */
public final class EmbeddedDatabase implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

  /** Waiting for another instance that is starting or stopping the database. */
  private static final Duration LOCK_WAIT = Duration.ofSeconds(60);

  private static final Duration ANSWER_WAIT = Duration.ofSeconds(10);
  private static final Duration STOP_WAIT = Duration.ofSeconds(30);

  /** Serialises this JVM's own starts and stops: a file lock is held per process, not thread. */
  private static final ReentrantLock IN_THIS_PROCESS = new ReentrantLock();

  private final Path dataDirectory;
  private final Postmaster postmaster;
  private final boolean startedHere;
  private final Path registration;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedDatabase(
      Path dataDirectory, Postmaster postmaster, boolean startedHere, Path registration) {
    this.dataDirectory = dataDirectory;
    this.postmaster = postmaster;
    this.startedHere = startedHere;
    this.registration = registration;
  }

  /**
   * Attaches to the PostgreSQL already running on {@code dataDirectory}, or starts it (creating the
   * cluster on first use).
   *
   * @throws SetupProblem in one line saying what to do, when neither is possible
   */
  public static EmbeddedDatabase start(Path dataDirectory) {
    Path directory = dataDirectory.toAbsolutePath().normalize();
    return underLock(
        directory,
        () -> {
          InstanceRegistry registry = InstanceRegistry.beside(directory);
          registry.forgetTheDead();
          Optional<Postmaster> running = Postmaster.runningOn(directory);
          if (running.isPresent()) {
            Postmaster postmaster = running.get();
            awaitAnswer(directory, postmaster);
            Path registration = registry.register();
            LOG.info(
                "embedded PostgreSQL in {} is already running on port {} (started by another"
                    + " instance): attached to it; set SUPABASE_DB_URL to use Supabase instead",
                directory,
                postmaster.port());
            return new EmbeddedDatabase(directory, postmaster, false, registration);
          }
          Postmaster started = startPostgres(directory);
          Path registration = registry.register();
          LOG.info(
              "embedded PostgreSQL started on port {} with data in {}; set SUPABASE_DB_URL to use"
                  + " Supabase instead",
              started.port(),
              directory);
          return new EmbeddedDatabase(directory, started, true, registration);
        });
  }

  /** Where to connect, in the same form as {@code SUPABASE_DB_URL}. */
  public SupabaseDbUrl url() {
    return SupabaseDbUrl.parse(
        "postgresql://postgres@localhost:" + postmaster.port() + "/postgres");
  }

  public Path dataDirectory() {
    return dataDirectory;
  }

  public int port() {
    return postmaster.port();
  }

  /** False when this instance attached to a PostgreSQL another instance had started. */
  public boolean startedHere() {
    return startedHere;
  }

  /** For the start summary: where the data is and how this instance reached it. */
  public String description() {
    return "embedded PostgreSQL at "
        + dataDirectory
        + (startedHere ? " (started on port " : " (attached to port ")
        + postmaster.port()
        + ")";
  }

  /**
   * Leaves the database: stops it when no other instance uses it any more, else leaves it running
   * for them, whichever instance started it.
   */
  @Override
  public void close() {
    if (closed.getAndSet(true)) {
      return;
    }
    if (!Files.isDirectory(dataDirectory)) {
      // Deleted under it (a test's temporary folder): nobody can attach any more.
      stop(postmaster);
      return;
    }
    underLock(
        dataDirectory,
        () -> {
          InstanceRegistry registry = InstanceRegistry.beside(dataDirectory);
          registry.unregister(registration);
          List<Long> others = registry.forgetTheDead();
          if (!others.isEmpty()) {
            LOG.info(
                "left the embedded PostgreSQL in {} running for {} other instance(s): pid {}",
                dataDirectory,
                others.size(),
                others);
            return null;
          }
          // Its pid file names it; failing that, the one this instance used, if still there.
          stop(Postmaster.runningOn(dataDirectory).orElse(postmaster));
          return null;
        });
  }

  /**
   * PostgreSQL's fast shutdown (SIGINT, what {@code pg_ctl stop -m fast} sends): clients are
   * disconnected, the data is flushed. Sent directly rather than through {@code pg_ctl}, which
   * refuses to run as root where the library works around that with a user namespace.
   */
  private void stop(Postmaster postmaster) {
    try {
      Optional<ProcessHandle> process = postmaster.process();
      if (process.isEmpty()) {
        return;
      }
      if (!interrupt(postmaster.pid())) {
        process.get().destroy(); // SIGTERM: a smart shutdown, which waits for clients to leave
      }
      process.get().onExit().get(STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
      LOG.info("stopped the embedded PostgreSQL in {}: no other instance uses it", dataDirectory);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      LOG.warn(
          "could not stop the embedded PostgreSQL in {} (pid {}): {}; the next start attaches to it",
          dataDirectory,
          postmaster.pid(),
          e.toString());
    }
  }

  private static boolean interrupt(long pid) throws InterruptedException {
    try {
      Process kill = new ProcessBuilder("kill", "-INT", Long.toString(pid)).start();
      return kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0;
    } catch (IOException noKillCommand) {
      return false;
    }
  }

  private static Postmaster startPostgres(Path directory) {
    Path log = logFile(directory);
    try {
      Files.createDirectories(directory.getParent());
      // Its output goes to a file: the server outlives the JVM that started it, and its chatter
      // does not belong in the application's log.
      EmbeddedPostgres postgres =
          EmbeddedPostgres.builder()
              .setDataDirectory(directory)
              .setCleanDataDirectory(false)
              .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      keepRunningAfterThisProcess(postgres);
      return Postmaster.runningOn(directory)
          .orElseThrow(() -> new IOException("PostgreSQL started but wrote no postmaster.pid"));
    } catch (IOException | RuntimeException e) {
      throw new SetupProblem(
          "could not start the embedded PostgreSQL in "
              + directory
              + " ("
              + firstLine(e)
              + "); its log is "
              + log
              + ". Fix what it says, or set SUPABASE_DB_URL to use another PostgreSQL");
    }
  }

  /**
   * The library stops its PostgreSQL when the JVM that started it exits (a shutdown hook) and holds
   * a lock on the data directory meanwhile. Here the lifetime is the instances' to decide ({@link
   * #close()}), so the hook is disarmed and the lock released. The library offers no switch for
   * that, hence the reflection; if it fails (another library version), the server still works, but
   * other instances lose the database when this one exits.
   */
  private static void keepRunningAfterThisProcess(EmbeddedPostgres postgres) {
    try {
      Field closed = EmbeddedPostgres.class.getDeclaredField("closed");
      closed.setAccessible(true);
      ((AtomicBoolean) closed.get(postgres)).set(true);
      Field lockStream = EmbeddedPostgres.class.getDeclaredField("lockStream");
      lockStream.setAccessible(true);
      ((Closeable) lockStream.get(postgres)).close();
    } catch (ReflectiveOperationException | RuntimeException | IOException e) {
      LOG.warn(
          "the embedded PostgreSQL will stop when this instance exits, even if others use it: {}",
          e.toString());
    }
  }

  /** Waits briefly for a running PostgreSQL to accept a connection (it may be starting). */
  private static void awaitAnswer(Path directory, Postmaster postmaster) {
    long deadline = System.nanoTime() + ANSWER_WAIT.toNanos();
    SQLException last;
    do {
      try (Connection connection =
          DriverManager.getConnection(
              "jdbc:postgresql://localhost:"
                  + postmaster.port()
                  + "/postgres?connectTimeout=3&socketTimeout=5",
              "postgres",
              "")) {
        if (connection.isValid(3)) {
          return;
        }
        last = new SQLException("the connection is not valid");
      } catch (SQLException e) {
        last = e;
      }
      sleep(Duration.ofMillis(200));
    } while (System.nanoTime() < deadline);
    throw new SetupProblem(
        "the embedded PostgreSQL in "
            + directory
            + " is running (pid "
            + postmaster.pid()
            + ") but does not answer on port "
            + postmaster.port()
            + " ("
            + firstLine(last)
            + "): stop it with `kill "
            + postmaster.pid()
            + "`, then start again");
  }

  /** The data directory's PostgreSQL log: {@code <data directory>.log}, beside it. */
  static Path logFile(Path directory) {
    return directory.resolveSibling(directory.getFileName() + ".log");
  }

  @FunctionalInterface
  private interface Locked<T> {
    T run();
  }

  /**
   * Runs {@code body} holding {@code <data directory>.lock}: one instance at a time decides whether
   * to start, attach or stop.
   */
  private static <T> T underLock(Path directory, Locked<T> body) {
    Path lockFile = directory.resolveSibling(directory.getFileName() + ".lock");
    IN_THIS_PROCESS.lock();
    try {
      Files.createDirectories(lockFile.getParent());
      try (FileChannel channel =
              FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock lock = acquire(channel, lockFile)) {
        return body.run();
      }
    } catch (IOException e) {
      throw new SetupProblem(
          "could not write "
              + lockFile
              + " ("
              + e
              + "): make the folder writable, or set "
              + DatabaseProperties.EMBEDDED_DIRECTORY
              + " to a directory that is");
    } finally {
      IN_THIS_PROCESS.unlock();
    }
  }

  private static FileLock acquire(FileChannel channel, Path lockFile) throws IOException {
    long deadline = System.nanoTime() + LOCK_WAIT.toNanos();
    while (true) {
      FileLock lock = channel.tryLock();
      if (lock != null) {
        return lock;
      }
      if (System.nanoTime() > deadline) {
        throw new SetupProblem(
            "another instance has been starting or stopping the embedded PostgreSQL for "
                + LOCK_WAIT.toSeconds()
                + " s (it holds "
                + lockFile
                + "): wait for it to finish, or stop it, then start again");
      }
      sleep(Duration.ofMillis(100));
    }
  }

  private static String firstLine(Throwable e) {
    String message = String.valueOf(e.getMessage());
    int newline = message.indexOf('\n');
    return (newline < 0 ? message : message.substring(0, newline)).trim();
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
