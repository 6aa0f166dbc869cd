package io.statelessmcp.bootstrap.database;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.statelessmcp.adapter.out.supabase.CachingSessionStore;
import io.statelessmcp.adapter.out.supabase.DatabaseCalls;
import io.statelessmcp.adapter.out.supabase.InMemoryAuthorizationCodes;
import io.statelessmcp.adapter.out.supabase.InMemoryConsents;
import io.statelessmcp.adapter.out.supabase.InMemoryGrantTokens;
import io.statelessmcp.adapter.out.supabase.InMemoryLoginStateStore;
import io.statelessmcp.adapter.out.supabase.InMemoryOAuthClientRegistry;
import io.statelessmcp.adapter.out.supabase.InMemorySessionStore;
import io.statelessmcp.adapter.out.supabase.KeyRing;
import io.statelessmcp.adapter.out.supabase.PostgresSessionChanges;
import io.statelessmcp.adapter.out.supabase.R2dbcAuthorizationCodes;
import io.statelessmcp.adapter.out.supabase.R2dbcConsents;
import io.statelessmcp.adapter.out.supabase.R2dbcGrantTokens;
import io.statelessmcp.adapter.out.supabase.R2dbcLoginStateStore;
import io.statelessmcp.adapter.out.supabase.R2dbcOAuthClientRegistry;
import io.statelessmcp.adapter.out.supabase.R2dbcSessionStore;
import io.statelessmcp.adapter.out.supabase.SupabaseDbUrl;
import io.statelessmcp.application.port.out.AuthorizationCodes;
import io.statelessmcp.application.port.out.Consents;
import io.statelessmcp.application.port.out.GrantTokens;
import io.statelessmcp.application.port.out.LoginStateStore;
import io.statelessmcp.application.port.out.OAuthClientRegistry;
import io.statelessmcp.bootstrap.config.DatabaseProperties;
import io.statelessmcp.bootstrap.config.SessionProperties;
import io.statelessmcp.bootstrap.config.SettingsCheck;
import io.statelessmcp.bootstrap.config.SupabaseProperties;
import io.statelessmcp.bootstrap.observability.DatabaseHealthIndicator;
import io.statelessmcp.domain.GrantKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Where sessions live. {@code MCP_SESSION_STORE=postgres} (the default): Supabase when {@code
 * SUPABASE_DB_URL} is set, otherwise the embedded PostgreSQL. {@code MCP_SESSION_STORE=memory}:
 * process memory, the rollback path.
 */
public class DatabaseConfiguration {

  private static final Logger LOG = LoggerFactory.getLogger(DatabaseConfiguration.class);
  static final int CACHED_SESSIONS = 100_000;

  /** The database the app uses, with the embedded server that backs it, if any. */
  public record Database(SupabaseDbUrl url, Optional<EmbeddedDatabase> embedded)
      implements AutoCloseable {

    /** For the start summary: which PostgreSQL, without credentials. */
    public String description() {
      return embedded.map(EmbeddedDatabase::description).orElse("PostgreSQL at " + url.host());
    }

    @Override
    public void close() throws Exception {
      if (embedded.isPresent()) {
        embedded.get().close();
      }
    }
  }

  @Configuration(proxyBeanMethods = false)
  @Conditional(PostgresStore.class)
  static class Postgres {

    @Bean(destroyMethod = "close")
    Database database(SupabaseProperties supabase, DatabaseProperties properties) {
      Database database =
          supabase.hasDbUrl()
              ? new Database(SupabaseDbUrl.parse(supabase.dbUrl()), Optional.empty())
              : embedded(properties);
      if (!properties.migratesOnStart() && database.embedded().isPresent()) {
        LOG.warn(
            "{}=false applies to SUPABASE_DB_URL only; the embedded database is migrated at start",
            DatabaseProperties.MIGRATE_ON_START);
      }
      if (migratesOnStart(database, properties)) {
        SchemaMigration.apply(database.url());
      }
      return database;
    }

    @Bean
    KeyRing keyRing(SessionProperties session, Database database, DatabaseProperties properties) {
      String keys = session.encryptionKeys();
      if (keys != null && !keys.isBlank()) {
        return KeyRing.parse(keys);
      }
      if (database.embedded().isPresent()) {
        return DevelopmentKey.loadOrCreate(properties.embeddedDataDirectory());
      }
      throw new IllegalStateException(SettingsCheck.KEYS_REQUIRED);
    }

    @Bean(destroyMethod = "dispose")
    ConnectionPool connectionFactory(Database database, DatabaseProperties properties) {
      SupabaseDbUrl url = database.url();
      boolean noCache = properties.disablePreparedStatementCache(url.isTransactionPooler());
      Duration connect = url.connectTimeout(properties.connectTimeout());
      Duration statement = properties.statementTimeoutSent(url.isTransactionPooler());
      logConnectionRules(url, properties, noCache, connect, statement);
      ConnectionFactory connections =
          ConnectionFactories.get(url.r2dbcOptions(noCache, connect, statement));
      return new ConnectionPool(
          ConnectionPoolConfiguration.builder(connections)
              .name("mcp-sessions")
              .initialSize(Math.min(2, properties.pool()))
              .maxSize(properties.pool())
              .maxIdleTime(Duration.ofMinutes(5))
              .maxLifeTime(Duration.ofMinutes(30))
              .maxAcquireTime(properties.acquireTimeout())
              // The driver's connect timeout covers TCP only; a server that accepts and never
              // answers (frozen, or a pooler without a backend) is bounded here.
              .maxCreateConnectionTime(connect)
              // No validation query: it would cost a second round trip on every request.
              // A broken connection fails its statement and leaves the pool.
              .build());
    }

    /** The deadlines and their owner, shared by both stores. */
    @Bean
    DatabaseCalls databaseCalls(DatabaseProperties properties) {
      return new DatabaseCalls(properties.callTimeout(), DatabaseCalls.DEFAULT_LOG_INTERVAL);
    }

    /**
     * The database in health and readiness, named {@code r2dbc}; this bean name also keeps Spring
     * Boot's own indicator, which has no timeout, from being created.
     */
    @Bean
    DatabaseHealthIndicator r2dbcHealthIndicator(
        ConnectionFactory connectionFactory, DatabaseProperties properties) {
      return new DatabaseHealthIndicator(connectionFactory, properties.healthTimeout());
    }

    @Bean
    DatabaseClient databaseClient(ConnectionFactory connectionFactory) {
      return DatabaseClient.create(connectionFactory);
    }

    /**
     * Checks the schema with {@code MCP_MIGRATE_ON_START=false}; see {@link SchemaVerification}.
     */
    @Bean
    SchemaVerification schemaVerification(
        DatabaseClient databaseClient, Database database, DatabaseProperties properties) {
      return migratesOnStart(database, properties)
          ? SchemaVerification.notNeeded()
          : SchemaVerification.start(databaseClient, RequiredChangesets.ofThisRelease());
    }

    /** Behind a short cache unless {@code MCP_SESSION_CACHE_SECONDS=0}; see that setting. */
    @Bean
    SessionStorage sessionStorage(
        DatabaseClient databaseClient,
        KeyRing keyRing,
        SessionProperties session,
        Clock clock,
        PostgresSessionChanges changes,
        DatabaseCalls calls,
        SchemaVerification sentEarly) {
      R2dbcSessionStore store = new R2dbcSessionStore(databaseClient, keyRing, calls);
      Duration maxAge = session.cacheMaxAge();
      if (maxAge.isZero()) {
        return SessionStorage.of(store, changes);
      }
      CachingSessionStore cache =
          new CachingSessionStore(store, store, store, maxAge, CACHED_SESSIONS, clock);
      changes.keepFresh(cache);
      return new SessionStorage(cache, cache, cache, store, changes);
    }

    /** A connection of its own for LISTEN: a pooled one may be handed to another client. */
    @Bean(destroyMethod = "close")
    PostgresSessionChanges sessionChanges(Database database, DatabaseProperties properties) {
      SupabaseDbUrl url = database.url();
      Duration connect = url.connectTimeout(properties.connectTimeout());
      return new PostgresSessionChanges(
          ConnectionFactories.get(url.r2dbcOptions(true, connect, Duration.ZERO)),
          !url.isTransactionPooler());
    }

    @Bean
    LoginStateStore loginStateStore(
        DatabaseClient databaseClient, KeyRing keyRing, DatabaseCalls calls) {
      return new R2dbcLoginStateStore(databaseClient, keyRing, calls);
    }

    private static void logConnectionRules(
        SupabaseDbUrl url,
        DatabaseProperties properties,
        boolean noCache,
        Duration connect,
        Duration statement) {
      String pooler = url.poolerReason();
      LOG.info(
          "database: {}{}, prepared statement cache {}; deadlines: connect {} ms, acquire {} ms,"
              + " statement {}, call {} ms, health check {} ms",
          url.host(),
          pooler == null ? "" : " (transaction pooler: " + pooler + ")",
          noCache ? "off" : "on",
          connect.toMillis(),
          properties.acquireTimeout().toMillis(),
          !statement.isZero()
              ? statement.toMillis() + " ms"
              : properties.statementTimeout().isZero()
                  ? "off (" + DatabaseProperties.STATEMENT_TIMEOUT + "=0)"
                  : "not sent to a transaction pooler (set statement_timeout on the role)",
          properties.callTimeout().toMillis(),
          properties.healthTimeout().toMillis());
    }

    @Bean
    OAuthClientRegistry oauthClientRegistry(DatabaseClient databaseClient, DatabaseCalls calls) {
      return new R2dbcOAuthClientRegistry(databaseClient, calls);
    }

    @Bean
    AuthorizationCodes authorizationCodes(DatabaseClient databaseClient, DatabaseCalls calls) {
      return new R2dbcAuthorizationCodes(databaseClient, calls);
    }

    @Bean
    GrantTokens grantTokens(DatabaseClient databaseClient, DatabaseCalls calls) {
      return new R2dbcGrantTokens(databaseClient, calls);
    }

    @Bean
    Consents consents(DatabaseClient databaseClient, DatabaseCalls calls) {
      return new R2dbcConsents(databaseClient, calls);
    }

    /** Derived from the encryption key: every replica holds the same one with nothing to add. */
    @Bean
    GrantKey grantKey(KeyRing keyRing) {
      return new GrantKey(keyRing.derive("mcp-oauth-refresh-token-successor"));
    }

    /**
     * The embedded development database always migrates: {@code migrate} (the release step) only
     * targets {@code SUPABASE_DB_URL}, so skipping would leave it without a schema for good.
     */
    private static boolean migratesOnStart(Database database, DatabaseProperties properties) {
      return properties.migratesOnStart() || database.embedded().isPresent();
    }

    private static Database embedded(DatabaseProperties properties) {
      EmbeddedDatabase embedded = EmbeddedDatabase.start(properties.embeddedDataDirectory());
      return new Database(embedded.url(), Optional.of(embedded));
    }
  }

  @Configuration(proxyBeanMethods = false)
  @Conditional(MemoryStore.class)
  static class Memory {

    @Bean
    InMemorySessionStore inMemorySessionStore() {
      LOG.warn(
          "MCP_SESSION_STORE=memory: sessions live in this process only. They will not survive a"
              + " restart and are not shared between replicas. Use it only to roll back.");
      return new InMemorySessionStore();
    }

    @Bean
    SessionStorage sessionStorage(InMemorySessionStore store) {
      return SessionStorage.of(store, store);
    }

    @Bean
    AuthorizationCodes authorizationCodes() {
      return new InMemoryAuthorizationCodes();
    }

    @Bean
    GrantTokens grantTokens(InMemorySessionStore store) {
      return new InMemoryGrantTokens(store::holds);
    }

    @Bean
    Consents consents() {
      return new InMemoryConsents();
    }

    /** Grants live in this process only, and so may their key. */
    @Bean
    GrantKey grantKey() {
      byte[] key = new byte[GrantKey.MIN_LENGTH];
      new java.security.SecureRandom().nextBytes(key);
      return new GrantKey(key);
    }

    @Bean
    LoginStateStore loginStateStore() {
      return new InMemoryLoginStateStore();
    }

    /** A client that a session in memory names is kept, as the database's purge does. */
    @Bean
    OAuthClientRegistry oauthClientRegistry(InMemorySessionStore store) {
      return new InMemoryOAuthClientRegistry(store::namesClient);
    }
  }

  static final class PostgresStore implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      return storeKind(context) == SessionProperties.StoreKind.POSTGRES;
    }
  }

  static final class MemoryStore implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      return storeKind(context) == SessionProperties.StoreKind.MEMORY;
    }
  }

  private static SessionProperties.StoreKind storeKind(ConditionContext context) {
    return SessionProperties.storeKind(context.getEnvironment().getProperty("mcp.session.store"));
  }
}
