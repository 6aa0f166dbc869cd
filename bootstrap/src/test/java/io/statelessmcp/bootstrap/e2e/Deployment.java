package io.statelessmcp.bootstrap.e2e;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.statelessmcp.adapter.out.workos.fake.FakeUser;
import io.statelessmcp.adapter.out.workos.fake.FakeWorkOs;
import io.statelessmcp.bootstrap.wiring.IdentityConfiguration.WorkOsCircuit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What an end-to-end test class runs against, as a JUnit extension: a fake WorkOS on loopback and
 * replicas of the server on the shared PostgreSQL, started once for the class. Before each test the
 * session tables are empty, WorkOS is up and healthy and signs Ada in, and no circuit is open.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final Deployment deployment = Deployment.withReplicas(2).sharedClock();
 *
 * private final App replicaA = deployment.replica(0);
 * }</pre>
 *
 * Test instances are created after the class's replicas started, so fields may read them.
 */
final class Deployment implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

  private final int replicaCount;
  private final List<App> replicas = new ArrayList<>();
  private Function<FakeWorkOs, Map<String, String>> settings = workOs -> Map.of();
  private boolean sharedClock;
  private Duration accessTokenLifetime = Duration.ofMinutes(5);
  private FakeWorkOs workOs;
  private boolean behindProxy;
  private final List<Class<?>> extraSources = new ArrayList<>();
  private RoundRobinProxy proxy;

  private Deployment(int replicaCount) {
    this.replicaCount = replicaCount;
  }

  static Deployment withReplicas(int count) {
    return new Deployment(count);
  }

  /** Only the fake WorkOS: for tests that start apps of their own. */
  static Deployment withoutReplicas() {
    return new Deployment(0);
  }

  /** Settings of every replica, over {@link App#replica}'s. */
  Deployment settings(Map<String, String> replicaSettings) {
    return settings(workOs -> replicaSettings);
  }

  /** For settings that name the fake WorkOS, e.g. its AuthKit domain. */
  Deployment settings(Function<FakeWorkOs, Map<String, String>> replicaSettings) {
    this.settings = replicaSettings;
    return this;
  }

  /**
   * The replicas and the fake WorkOS (which stamps its tokens' expiry with it) read {@link
   * SharedClock#CLOCK}, so a test moves time past a deadline instead of waiting for it.
   */
  Deployment sharedClock() {
    this.sharedClock = true;
    return this;
  }

  /** Configuration classes every replica loads besides the application, e.g. test-only tools. */
  Deployment withSources(Class<?>... sources) {
    extraSources.addAll(List.of(sources));
    return this;
  }

  /** Of the access tokens WorkOS issues; set again before each test. */
  Deployment accessTokenLifetime(Duration lifetime) {
    this.accessTokenLifetime = lifetime;
    return this;
  }

  /**
   * Puts the replicas behind one {@link RoundRobinProxy}, which is then their public address (so
   * the OAuth issuer and every redirect name it): consecutive requests land on different replicas.
   */
  Deployment behindRoundRobinProxy() {
    this.behindProxy = true;
    return this;
  }

  /** The proxy's address, for a deployment {@link #behindRoundRobinProxy() behind one}. */
  String publicUrl() {
    if (proxy == null) {
      throw new IllegalStateException("this deployment has no proxy in front");
    }
    return proxy.baseUrl();
  }

  RoundRobinProxy proxy() {
    return proxy;
  }

  FakeWorkOs workOs() {
    return workOs;
  }

  App replica(int index) {
    return replicas.get(index);
  }

  /** Starts a replica in place of the one at {@code index}, which the test stopped. */
  App replaceReplica(int index) {
    App fresh = startReplica();
    replicas.set(index, fresh);
    routeProxy();
    return fresh;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    workOs =
        sharedClock
            ? FakeWorkOs.start(
                FakeWorkOs.DEFAULT_CLIENT_ID, FakeWorkOs.DEFAULT_API_KEY, SharedClock.CLOCK)
            : FakeWorkOs.start();
    if (behindProxy) {
      proxy = RoundRobinProxy.start();
    }
    for (int i = 0; i < replicaCount; i++) {
      replicas.add(startReplica());
    }
    routeProxy();
  }

  private void routeProxy() {
    if (proxy != null) {
      proxy.route(replicas.stream().map(App::baseUrl).toList());
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (!replicas.isEmpty()) {
      SharedPostgres.reset();
    }
    workOs.restart();
    workOs.heal();
    workOs.signInAs(FakeUser.ada());
    workOs.setAccessTokenLifetime(accessTokenLifetime);
    workOs.resetCounters();
    for (App replica : replicas) {
      replica.bean(WorkOsCircuit.class).breaker().ifPresent(CircuitBreaker::reset);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    replicas.forEach(App::close);
    replicas.clear();
    if (proxy != null) {
      proxy.close();
    }
    if (workOs != null) {
      workOs.close();
    }
  }

  private App startReplica() {
    Map<String, String> replicaSettings = new java.util.HashMap<>(settings.apply(workOs));
    if (proxy != null) {
      replicaSettings.putIfAbsent("MCP_PUBLIC_BASE_URL", proxy.baseUrl());
    }
    List<Class<?>> sources = new ArrayList<>(extraSources);
    if (sharedClock) {
      sources.add(SharedClock.class);
    }
    return App.replica(workOs, replicaSettings, sources.toArray(Class<?>[]::new));
  }
}
