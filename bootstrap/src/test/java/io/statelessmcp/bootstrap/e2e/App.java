package io.statelessmcp.bootstrap.e2e;

import io.statelessmcp.adapter.out.workos.fake.FakeWorkOs;
import io.statelessmcp.bootstrap.McpSessionServerApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** One replica of the server: a whole Spring Boot application on its own loopback port. */
final class App implements AutoCloseable {

  static final String ENCRYPTION_KEYS = "k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

  private final ConfigurableApplicationContext context;
  private final int port;

  private App(ConfigurableApplicationContext context, int port) {
    this.context = context;
    this.port = port;
  }

  /** A replica on the shared PostgreSQL, logging in through the fake WorkOS. */
  static App replica(FakeWorkOs workOs, Map<String, String> overrides, Class<?>... extraSources) {
    Map<String, String> settings = new HashMap<>();
    settings.put("SUPABASE_DB_URL", SharedPostgres.supabaseDbUrl());
    settings.put("MCP_SESSION_ENCRYPTION_KEYS", ENCRYPTION_KEYS);
    settings.put("MCP_AUTH_RATE_LIMIT_PER_MINUTE", "10000");
    // Replicas see each other's revocations at once; SessionCacheEndToEndTest covers the cache.
    settings.put("MCP_SESSION_CACHE_SECONDS", "0");
    settings.putAll(overrides);
    return start(loggingInThrough(workOs, settings), extraSources);
  }

  /**
   * {@code settings} and what points an app at the fake WorkOS; the scheduled purge is off unless
   * {@code settings} turn it on, so tests count the rows they made.
   */
  static Map<String, String> loggingInThrough(FakeWorkOs workOs, Map<String, String> settings) {
    Map<String, String> all = new HashMap<>();
    all.put("WORKOS_CLIENT_ID", workOs.clientId());
    all.put("WORKOS_API_KEY", workOs.apiKey());
    all.put("WORKOS_API_BASE_URL", workOs.baseUrl().toString());
    all.put("MCP_PURGE_ENABLED", "false");
    all.putAll(settings);
    return all;
  }

  static App start(Map<String, String> settings, Class<?>... extraSources) {
    int port = freePort();
    Map<String, Object> properties = new HashMap<>(settings);
    properties.put("PORT", port);
    properties.putIfAbsent("MCP_PUBLIC_BASE_URL", "http://localhost:" + port);
    Class<?>[] sources = new Class<?>[extraSources.length + 2];
    sources[0] = McpSessionServerApplication.class;
    sources[1] = IsolatedNettyResources.class;
    System.arraycopy(extraSources, 0, sources, 2, extraSources.length);
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(sources).properties(properties).run();
    return new App(context, port);
  }

  String baseUrl() {
    return "http://localhost:" + port;
  }

  <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  <T> java.util.Map<String, T> beansOf(Class<T> type) {
    return context.getBeansOfType(type);
  }

  @Override
  public void close() {
    context.close();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
