package io.statelessmcp.bootstrap.database;

import io.r2dbc.spi.ConnectionFactories;
import io.statelessmcp.adapter.out.supabase.DatabaseCalls;
import io.statelessmcp.adapter.out.supabase.InMemoryProtocolSessions;
import io.statelessmcp.adapter.out.supabase.PostgresProtocolSessions;
import io.statelessmcp.adapter.out.supabase.SupabaseDbUrl;
import io.statelessmcp.application.port.out.ProtocolSessionStore;
import io.statelessmcp.bootstrap.config.DatabaseProperties;
import io.statelessmcp.bootstrap.database.DatabaseConfiguration.Database;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Where MCP protocol sessions keep their log levels and announce cancellations: the session store's
 * database, or process memory in memory mode.
 */
public class ProtocolSessionStorage {

  @Configuration(proxyBeanMethods = false)
  @Conditional(DatabaseConfiguration.PostgresStore.class)
  static class Postgres {

    /** LISTEN needs a connection of its own, as for the session changes. */
    @Bean(destroyMethod = "close")
    PostgresProtocolSessions protocolSessionStore(
        DatabaseClient databaseClient,
        DatabaseCalls calls,
        Database database,
        DatabaseProperties properties) {
      SupabaseDbUrl url = database.url();
      Duration connect = url.connectTimeout(properties.connectTimeout());
      return new PostgresProtocolSessions(
          databaseClient,
          calls,
          ConnectionFactories.get(url.r2dbcOptions(true, connect, Duration.ZERO)),
          !url.isTransactionPooler());
    }
  }

  @Configuration(proxyBeanMethods = false)
  @Conditional(DatabaseConfiguration.MemoryStore.class)
  static class Memory {

    @Bean
    ProtocolSessionStore protocolSessionStore() {
      return new InMemoryProtocolSessions();
    }
  }
}
