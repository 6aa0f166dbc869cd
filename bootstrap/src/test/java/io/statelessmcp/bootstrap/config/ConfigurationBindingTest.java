package io.statelessmcp.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.statelessmcp.adapter.out.workos.WorkOsResilienceSettings;
import io.statelessmcp.adapter.out.workos.WorkOsSettings;
import io.statelessmcp.application.port.out.IdentityProvider;
import io.statelessmcp.bootstrap.wiring.IdentityConfiguration;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Binds the real application.yaml against environment-style names, as a deployment would. */
class ConfigurationBindingTest {

  @Configuration
  @EnableConfigurationProperties({
    DatabaseProperties.class,
    SessionProperties.class,
    SupabaseProperties.class,
    WorkOsProperties.class,
    OAuthProperties.class,
    DevelopmentSignInProperties.class
  })
  static class PropertiesOnly {}

  @Configuration
  @EnableConfigurationProperties(ServerProperties.class)
  @Import(IdentityConfiguration.class)
  static class WithIdentity {}

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withInitializer(new ConfigDataApplicationContextInitializer())
          .withUserConfiguration(PropertiesOnly.class);

  @Test
  void defaultsGiveA24HourIdleTtlAnd30DayLifetime() {
    runner.run(
        context -> {
          SessionProperties session = context.getBean(SessionProperties.class);
          assertThat(session.policy().idleTtl()).isEqualTo(Duration.ofHours(24));
          assertThat(session.policy().absoluteLifetime()).isEqualTo(Duration.ofDays(30));
          assertThat(session.storeKind()).isEqualTo(SessionProperties.StoreKind.POSTGRES);
          assertThat(context.getBean(DatabaseProperties.class).migratesOnStart()).isTrue();
        });
  }

  @Test
  void everyDatabaseCallHasADocumentedDeadlineByDefault() {
    runner.run(
        context -> {
          DatabaseProperties database = context.getBean(DatabaseProperties.class);
          assertThat(database.connectTimeout()).isEqualTo(Duration.ofMillis(3000));
          assertThat(database.acquireTimeout()).isEqualTo(Duration.ofMillis(3000));
          assertThat(database.statementTimeout()).isEqualTo(Duration.ofMillis(4000));
          assertThat(database.callTimeout()).isEqualTo(Duration.ofMillis(5000));
          assertThat(database.healthTimeout()).isEqualTo(Duration.ofMillis(800));
        });
  }

  @Test
  void readsTheDatabaseDeadlinesFromTheEnvironmentNames() {
    runner
        .withPropertyValues(
            "MCP_DB_CONNECT_TIMEOUT_MS=1000",
            "MCP_DB_ACQUIRE_TIMEOUT_MS=1500",
            "MCP_DB_STATEMENT_TIMEOUT_MS=0",
            "MCP_DB_CALL_TIMEOUT_MS=2500",
            "MCP_DB_HEALTH_TIMEOUT_MS=300")
        .run(
            context -> {
              DatabaseProperties database = context.getBean(DatabaseProperties.class);
              assertThat(database.connectTimeout()).isEqualTo(Duration.ofMillis(1000));
              assertThat(database.acquireTimeout()).isEqualTo(Duration.ofMillis(1500));
              assertThat(database.statementTimeout()).as("0: not sent").isZero();
              assertThat(database.callTimeout()).isEqualTo(Duration.ofMillis(2500));
              assertThat(database.healthTimeout()).isEqualTo(Duration.ofMillis(300));
            });
  }

  @Test
  void theStatementTimeoutIsNotSentToATransactionPooler() {
    runner.run(
        context -> {
          DatabaseProperties database = context.getBean(DatabaseProperties.class);
          assertThat(database.statementTimeoutSent(false)).isEqualTo(Duration.ofMillis(4000));
          assertThat(database.statementTimeoutSent(true)).isZero();
        });
    runner
        .withPropertyValues("MCP_DB_PREPARED_STATEMENT_CACHE=off")
        .run(
            context ->
                assertThat(context.getBean(DatabaseProperties.class).statementTimeoutSent(false))
                    .as("cache off says: behind a transaction pooler")
                    .isZero());
  }

  @Test
  void readsTheTtlFromTheEnvironmentName() {
    runner
        .withPropertyValues("MCP_SESSION_TTL_HOURS=1")
        .run(
            context ->
                assertThat(context.getBean(SessionProperties.class).policy().idleTtl())
                    .isEqualTo(Duration.ofHours(1)));
  }

  @Test
  void workOsDeadlinesAndBreakerTimingDefaultToTheAdaptersDefaults() {
    runner.run(
        context -> {
          WorkOsProperties workOs = context.getBean(WorkOsProperties.class);
          assertThat(workOs.connectTimeout()).isEqualTo(WorkOsSettings.DEFAULT_CONNECT_TIMEOUT);
          assertThat(workOs.responseTimeout()).isEqualTo(WorkOsSettings.DEFAULT_RESPONSE_TIMEOUT);
          assertThat(workOs.callDeadline()).isEqualTo(WorkOsSettings.DEFAULT_CALL_DEADLINE);
          assertThat(workOs.breakerWindow())
              .isEqualTo(WorkOsResilienceSettings.DEFAULT_SLIDING_WINDOW);
          assertThat(workOs.breakerOpenWait())
              .isEqualTo(WorkOsResilienceSettings.DEFAULT_WAIT_IN_OPEN_STATE);
        });
  }

  @Test
  void readsWorkOsDeadlinesAndBreakerTimingFromTheEnvironmentNames() {
    runner
        .withPropertyValues(
            "MCP_WORKOS_CONNECT_TIMEOUT_MS=750",
            "MCP_WORKOS_TIMEOUT_MS=3000",
            "MCP_WORKOS_CALL_DEADLINE_MS=4500",
            "MCP_WORKOS_BREAKER_WINDOW_SECONDS=30",
            "MCP_WORKOS_BREAKER_OPEN_SECONDS=2")
        .run(
            context -> {
              WorkOsProperties workOs = context.getBean(WorkOsProperties.class);
              assertThat(workOs.connectTimeout()).isEqualTo(Duration.ofMillis(750));
              assertThat(workOs.responseTimeout()).isEqualTo(Duration.ofSeconds(3));
              assertThat(workOs.callDeadline()).isEqualTo(Duration.ofMillis(4500));
              assertThat(workOs.breakerWindow()).isEqualTo(Duration.ofSeconds(30));
              assertThat(workOs.breakerOpenWait()).isEqualTo(Duration.ofSeconds(2));
            });
  }

  @Test
  void theWorkOsSettingsReachTheProviderAndItsCircuitBreaker() {
    runner
        .withUserConfiguration(WithIdentity.class)
        .withPropertyValues(
            "WORKOS_CLIENT_ID=client_1",
            "WORKOS_API_KEY=sk_test_1",
            "MCP_WORKOS_CALL_DEADLINE_MS=4500",
            "MCP_WORKOS_BREAKER_WINDOW_SECONDS=30",
            "MCP_WORKOS_BREAKER_OPEN_SECONDS=2")
        .run(
            context -> {
              assertThat(context.getBean(IdentityProvider.class).toString())
                  .contains("connectTimeout=PT2S", "responseTimeout=PT5S", "callDeadline=PT4.5S");
              CircuitBreakerConfig breaker =
                  context
                      .getBean(IdentityConfiguration.WorkOsCircuit.class)
                      .breaker()
                      .orElseThrow()
                      .getCircuitBreakerConfig();
              assertThat(breaker.getSlidingWindowType())
                  .isEqualTo(CircuitBreakerConfig.SlidingWindowType.TIME_BASED);
              assertThat(breaker.getSlidingWindowSize()).as("seconds").isEqualTo(30);
              assertThat(breaker.getWaitIntervalFunctionInOpenState().apply(1)).isEqualTo(2_000L);
              assertThat(breaker.isAutomaticTransitionFromOpenToHalfOpenEnabled()).isTrue();
            });
  }

  /** The mode as the beans see it: who signs users in, then {@code MCP_AUTH_MODE}. */
  private static OAuthProperties.AuthMode mode(
      org.springframework.context.ApplicationContext context) {
    WorkOsProperties workOs = context.getBean(WorkOsProperties.class);
    LoginProvider login =
        LoginProvider.choose(
            workOs,
            context.getBean(SupabaseProperties.class),
            context.getBean(DevelopmentSignInProperties.class));
    return context.getBean(OAuthProperties.class).mode(login, workOs);
  }

  @Test
  void theAuthorizationServerIsOnWhenWorkOsCanSignUsersInUnlessAuthKitIsNamed() {
    runner
        .withPropertyValues("SUPABASE_DB_URL=postgresql://u:p@db.example.com:5432/postgres")
        .run(
            context -> {
              OAuthProperties oauth = context.getBean(OAuthProperties.class);
              assertThat(mode(context))
                  .as("no WorkOS login: nothing to be the authorization server for")
                  .isEqualTo(OAuthProperties.AuthMode.AUTHKIT);
              assertThat(oauth.cimdLoopbackAllowed()).isFalse();
              assertThat(oauth.accessTokenLifetime()).isEqualTo(Duration.ofHours(1));
              assertThat(oauth.consentLifetime()).isEqualTo(Duration.ofDays(30));
            });
    runner
        .withPropertyValues("WORKOS_CLIENT_ID=client_1", "WORKOS_API_KEY=sk_test_1")
        .run(context -> assertThat(mode(context)).isEqualTo(OAuthProperties.AuthMode.PROXY));
    runner
        .withPropertyValues(
            "WORKOS_CLIENT_ID=client_1",
            "WORKOS_API_KEY=sk_test_1",
            "WORKOS_AUTHKIT_DOMAIN=https://tenant.authkit.app")
        .run(
            context ->
                assertThat(mode(context))
                    .as("naming AuthKit keeps resource-server mode")
                    .isEqualTo(OAuthProperties.AuthMode.AUTHKIT));
    runner
        .withPropertyValues(
            "MCP_AUTH_MODE=Proxy",
            "MCP_OAUTH_CIMD_ALLOW_LOOPBACK=true",
            "MCP_OAUTH_ACCESS_TOKEN_TTL_SECONDS=600",
            "MCP_OAUTH_CONSENT_DAYS=0",
            "SUPABASE_DB_URL=postgresql://u:p@db.example.com:5432/postgres")
        .run(
            context -> {
              OAuthProperties oauth = context.getBean(OAuthProperties.class);
              assertThat(mode(context)).isEqualTo(OAuthProperties.AuthMode.PROXY);
              assertThat(oauth.cimdLoopbackAllowed()).isTrue();
              assertThat(oauth.accessTokenLifetime()).isEqualTo(Duration.ofMinutes(10));
              assertThat(oauth.consentLifetime()).isZero();
            });
  }

  @Test
  void theAuthorizationServerIsOnWhenTheDevelopmentSignInCanSignUsersIn() {
    runner.run(
        context ->
            assertThat(mode(context))
                .as("no settings at all: the embedded database and the development sign-in")
                .isEqualTo(OAuthProperties.AuthMode.PROXY));
    runner
        .withPropertyValues("MCP_SESSION_STORE=memory")
        .run(context -> assertThat(mode(context)).isEqualTo(OAuthProperties.AuthMode.PROXY));
    runner
        .withPropertyValues("WORKOS_AUTHKIT_DOMAIN=https://tenant.authkit.app")
        .run(
            context ->
                assertThat(mode(context))
                    .as("naming AuthKit keeps resource-server mode")
                    .isEqualTo(OAuthProperties.AuthMode.AUTHKIT));
    runner
        .withPropertyValues("MCP_AUTH_MODE=authkit")
        .run(context -> assertThat(mode(context)).isEqualTo(OAuthProperties.AuthMode.AUTHKIT));
  }

  @Test
  void anAccessTokenLifetimeOutOfBoundsIsRefusedByName() {
    runner
        .withPropertyValues("MCP_OAUTH_ACCESS_TOKEN_TTL_SECONDS=30")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("MCP_OAUTH_ACCESS_TOKEN_TTL_SECONDS"));
  }

  @Test
  void acceptsTheSeedsNamesAsAliases() {
    runner
        .withPropertyValues(
            "NEXT_PUBLIC_SUPABASE_URL=https://abc.supabase.co",
            "NEXT_PUBLIC_SUPABASE_ANON_KEY=anon-key",
            "SUPABASE_SERVICE_ROLE_KEY=service-key",
            "FASTMCP_SERVER_AUTH_AUTHKITPROVIDER_AUTHKIT_DOMAIN=https://example.authkit.app")
        .run(
            context -> {
              SupabaseProperties supabase = context.getBean(SupabaseProperties.class);
              assertThat(supabase.url()).isEqualTo("https://abc.supabase.co");
              assertThat(supabase.anonKey()).isEqualTo("anon-key");
              assertThat(supabase.serviceRoleKey()).isEqualTo("service-key");
              assertThat(context.getBean(WorkOsProperties.class).authkitDomain())
                  .isEqualTo("https://example.authkit.app");
            });
  }

  @Test
  void theNewNamesWinOverTheSeedsAliases() {
    runner
        .withPropertyValues(
            "SUPABASE_URL=https://new.supabase.co",
            "NEXT_PUBLIC_SUPABASE_URL=https://old.supabase.co")
        .run(
            context ->
                assertThat(context.getBean(SupabaseProperties.class).url())
                    .isEqualTo("https://new.supabase.co"));
  }

  @ParameterizedTest(name = "{0}={1} is refused: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "MCP_SESSION_TTL_HOURS|0|MCP_SESSION_TTL_HOURS must be a whole number from 1 to 8760; got 0",
        "MCP_SESSION_TTL_HOURS|-5|MCP_SESSION_TTL_HOURS must be a whole number from 1 to 8760; got -5",
        "MCP_SESSION_TTL_HOURS|abc|MCP_SESSION_TTL_HOURS must be a whole number from 1 to 8760; got 'abc'",
        "MCP_SESSION_ABSOLUTE_LIFETIME_HOURS|12|MCP_SESSION_ABSOLUTE_LIFETIME_HOURS must be at least MCP_SESSION_TTL_HOURS (24); got 12",
        "MCP_SESSION_STORE|redis|MCP_SESSION_STORE must be 'postgres' or 'memory'; got 'redis'",
        "SUPABASE_URL|ftp://abc|SUPABASE_URL must be an absolute http(s) URL without query; got 'ftp://abc'",
        "MCP_ALLOW_SUPABASE_HS256|true|MCP_ALLOW_SUPABASE_HS256 =true needs SUPABASE_JWT_SECRET to be set",
        "MCP_ALLOW_SUPABASE_HS256|maybe|MCP_ALLOW_SUPABASE_HS256 must be true or false; got 'maybe'",
        "MCP_MIGRATE_ON_START|later|MCP_MIGRATE_ON_START must be true or false; got 'later'",
        "MCP_WORKOS_CONNECT_TIMEOUT_MS|2s|MCP_WORKOS_CONNECT_TIMEOUT_MS must be a whole number from 100 to 60000; got '2s'",
        "MCP_WORKOS_TIMEOUT_MS|5|MCP_WORKOS_TIMEOUT_MS must be a whole number from 100 to 300000; got 5",
        "MCP_WORKOS_CALL_DEADLINE_MS|0|MCP_WORKOS_CALL_DEADLINE_MS must be a whole number from 100 to 600000; got 0",
        "MCP_WORKOS_BREAKER_WINDOW_SECONDS|0|MCP_WORKOS_BREAKER_WINDOW_SECONDS must be a whole number from 1 to 3600; got 0",
        "MCP_WORKOS_BREAKER_OPEN_SECONDS|soon|MCP_WORKOS_BREAKER_OPEN_SECONDS must be a whole number from 1 to 3600; got 'soon'",
        "MCP_DB_CONNECT_TIMEOUT_MS|3s|MCP_DB_CONNECT_TIMEOUT_MS must be a whole number from 1 to 600000; got '3s'",
        "MCP_DB_ACQUIRE_TIMEOUT_MS|0|MCP_DB_ACQUIRE_TIMEOUT_MS must be a whole number from 1 to 600000; got 0",
        "MCP_DB_STATEMENT_TIMEOUT_MS|-1|MCP_DB_STATEMENT_TIMEOUT_MS must be a whole number from 0 to 600000; got -1",
        "MCP_DB_CALL_TIMEOUT_MS|0|MCP_DB_CALL_TIMEOUT_MS must be a whole number from 1 to 600000; got 0",
        "MCP_DB_HEALTH_TIMEOUT_MS|120000|MCP_DB_HEALTH_TIMEOUT_MS must be a whole number from 1 to 60000; got 120000",
        "MCP_DB_CALL_TIMEOUT_MS|''|MCP_DB_CALL_TIMEOUT_MS must be a whole number from 1 to 600000; it is empty",
        "MCP_AUTH_MODE|oauth|MCP_AUTH_MODE must be 'authkit' or 'proxy'; got 'oauth'",
        "MCP_OAUTH_CIMD_ALLOW_LOOPBACK|sometimes|MCP_OAUTH_CIMD_ALLOW_LOOPBACK must be true or false; got 'sometimes'",
        "MCP_DEV_SIGN_IN_ALLOW_LOOPBACK_DB|perhaps|MCP_DEV_SIGN_IN_ALLOW_LOOPBACK_DB must be true or false; got 'perhaps'"
      })
  void refusesBadValuesNamingTheSettingAndTheRule(String setting, String value, String message) {
    runner
        .withPropertyValues(setting + "=" + value)
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure()).rootCause().hasMessage(message);
            });
  }
}
