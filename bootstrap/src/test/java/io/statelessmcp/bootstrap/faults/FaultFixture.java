package io.statelessmcp.bootstrap.faults;

import io.statelessmcp.adapter.out.workos.fake.FakeWorkOs;
import io.statelessmcp.bootstrap.postgres.DebianPostgres;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What every real-process fault test stands on: a Debian PostgreSQL 15 cluster and the fake WorkOS,
 * started before the class's own {@code @BeforeAll} (which adds replicas and whatever else it
 * needs), and everything closed after the class in reverse order of start, whatever failed in
 * between. Use as a {@code @RegisterExtension static} field.
 */
final class FaultFixture implements BeforeAllCallback, AfterAllCallback {

  /** The upstream access token lifetime outside of a test that sets its own. */
  static final Duration FRESH = Duration.ofMinutes(10);

  private final String directoryPrefix;
  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private DebianPostgres database;
  private FakeWorkOs workOs;

  private FaultFixture(String directoryPrefix) {
    this.directoryPrefix = directoryPrefix;
  }

  /** A fixture whose cluster lives in a temporary directory starting with {@code prefix}. */
  static FaultFixture cluster(String directoryPrefix) {
    return new FaultFixture(directoryPrefix);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    FaultSuite.assumePostgres();
    database = closedLast(DebianPostgres.start(directoryPrefix, List.of()));
    workOs = closedLast(FakeWorkOs.start());
    workOs.setAccessTokenLifetime(FRESH);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    FaultSuite.closeAll(started.toArray(AutoCloseable[]::new));
    started.clear();
  }

  /** Closes {@code resource} after the class, before everything started earlier. */
  <T extends AutoCloseable> T closedLast(T resource) {
    started.push(resource);
    return resource;
  }

  DebianPostgres database() {
    return database;
  }

  FakeWorkOs workOs() {
    return workOs;
  }

  /** {@link ServerProcess#settings}: the cluster's direct connection and the fake WorkOS. */
  Map<String, String> settings() {
    return settings(database.supabaseDbUrl());
  }

  /** {@link ServerProcess#settings} with another way to the database (a pooler, say). */
  Map<String, String> settings(String supabaseDbUrl) {
    return ServerProcess.settings(supabaseDbUrl, workOs);
  }

  /** A replica, ready, closed after the class. */
  ServerProcess start(String name, Map<String, String> settings) {
    return closedLast(ServerProcess.start(name, settings));
  }

  /** A replica still booting ({@link ServerProcess#awaitReady()}), closed after the class. */
  ServerProcess launch(String name, Map<String, String> settings) {
    return closedLast(ServerProcess.launch(name, settings));
  }

  /**
   * A login on {@code server} whose upstream access token has {@code lifetime} (negative: already
   * expired); later tokens are {@link #FRESH} again and WorkOS's counters start from zero.
   */
  String loginWithTokenLifetime(UserAgent user, ServerProcess server, Duration lifetime) {
    workOs.setAccessTokenLifetime(lifetime);
    String credential = user.login(server, workOs);
    workOs.setAccessTokenLifetime(FRESH);
    workOs.resetCounters();
    return credential;
  }
}
