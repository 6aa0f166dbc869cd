package io.statelessmcp.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statelessmcp.bootstrap.SetupProblem;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.type.filter.AnnotationTypeFilter;

/**
 * The check that runs before anything starts refuses what the application would refuse, with the
 * same message, and a few things the application only found out after starting its database.
 */
class SettingsCheckTest {

  @Test
  void theDefaultsPass() {
    SettingsCheck.Listening listening = check(Map.of());

    assertThat(listening.port()).isEqualTo(8080);
  }

  @Test
  void checksEverySettingsRecordOfTheApplication() {
    ClassPathScanningCandidateComponentProvider scanner =
        new ClassPathScanningCandidateComponentProvider(false);
    scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
    Set<String> annotated =
        scanner.findCandidateComponents("io.statelessmcp.bootstrap").stream()
            .map(BeanDefinition::getBeanClassName)
            .collect(Collectors.toSet());

    assertThat(SettingsCheck.PROPERTIES.stream().map(Class::getName))
        .as("a @ConfigurationProperties record missing from SettingsCheck.PROPERTIES")
        .containsExactlyInAnyOrderElementsOf(annotated);
  }

  @ParameterizedTest(name = "{0}={1} is refused: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "MCP_SESSION_TTL_HOURS|0|MCP_SESSION_TTL_HOURS must be a whole number from 1 to 8760; got 0",
        "MCP_SESSION_ABSOLUTE_LIFETIME_HOURS|12|MCP_SESSION_ABSOLUTE_LIFETIME_HOURS must be at least MCP_SESSION_TTL_HOURS (24); got 12",
        "MCP_SESSION_STORE|redis|MCP_SESSION_STORE must be 'postgres' or 'memory'; got 'redis'",
        "MCP_DB_POOL_SIZE|0|MCP_DB_POOL_SIZE must be a whole number from 1 to 1000; got 0",
        "MCP_PUBLIC_BASE_URL|localhost:8080|MCP_PUBLIC_BASE_URL must be an absolute http(s) URL without query; got 'localhost:8080'",
        "SUPABASE_URL|ftp://abc|SUPABASE_URL must be an absolute http(s) URL without query; got 'ftp://abc'",
        "MCP_WORKOS_TIMEOUT_MS|5|MCP_WORKOS_TIMEOUT_MS must be a whole number from 100 to 300000; got 5",
        "MCP_AUTH_MODE|oauth|MCP_AUTH_MODE must be 'authkit' or 'proxy'; got 'oauth'",
        "MCP_PURGE_INTERVAL_SECONDS|0|MCP_PURGE_INTERVAL_SECONDS must be a whole number from 1 to 86400; got 0",
        "PORT|http|PORT must be a whole number from 0 to 65535; got 'http'",
        "PORT|70000|PORT must be a whole number from 0 to 65535; got 70000",
        "MCP_LOG_LEVEL|LOUD|MCP_LOG_LEVEL must be TRACE, DEBUG, INFO, WARN, ERROR or OFF; got 'LOUD'",
        "MCP_LOG_FORMAT|json|MCP_LOG_FORMAT must be ecs, logstash or gelf, or unset for plain text; got 'json'"
      })
  void refusesBadValuesNamingTheSettingAndTheRule(String setting, String value, String message) {
    assertThatThrownBy(() -> check(Map.of(setting, value)))
        .isInstanceOf(SetupProblem.class)
        .hasMessageStartingWith("invalid setting: " + message)
        .hasMessageContaining("README.md")
        .hasMessageContaining(".env.example")
        .hasMessageNotContaining("\n");
  }

  @Test
  void supabaseWithoutAnEncryptionKeyIsRefusedBeforeAnyConnection() {
    assertThatThrownBy(
            () -> check(Map.of("SUPABASE_DB_URL", "postgresql://app:hunter2@db.example:5432/app")))
        .hasMessageContaining("MCP_SESSION_ENCRYPTION_KEYS must be set when SUPABASE_DB_URL is set")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void aMalformedSupabaseDbUrlOrKeyIsNamedWithoutEchoingIt() {
    assertThatThrownBy(() -> check(Map.of("SUPABASE_DB_URL", "mysql://app:hunter2@db:3306/x")))
        .hasMessageContaining("SUPABASE_DB_URL must start with postgresql://")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(
            () -> check(Map.of("MCP_SESSION_ENCRYPTION_KEYS", "k1:c2VjcmV0LWJ1dC1zaG9ydA==")))
        .hasMessageContaining("MCP_SESSION_ENCRYPTION_KEYS")
        .hasMessageNotContaining("c2VjcmV0LWJ1dC1zaG9ydA==");
  }

  @Test
  void memoryModeNeedsNoDatabaseSettings() {
    check(
        Map.of(
            "MCP_SESSION_STORE",
            "memory",
            "SUPABASE_DB_URL",
            "postgresql://app:hunter2@db.example:5432/app"));
  }

  @Test
  void readsCommandLinePropertiesAsTheApplicationDoes() {
    assertThat(
            SettingsCheck.check(SettingsCheck.environment(new String[] {"--server.port=9191"}))
                .port())
        .isEqualTo(9191);
    assertThatThrownBy(() -> SettingsCheck.check(new String[] {"--mcp.session.ttl-hours=0"}))
        .hasMessageContaining("MCP_SESSION_TTL_HOURS must be a whole number from 1 to 8760");
  }

  /** The check against these variables on top of application.yaml, as a process would see it. */
  private static SettingsCheck.Listening check(Map<String, String> variables) {
    ConfigurableEnvironment environment = SettingsCheck.environment(new String[0]);
    environment
        .getPropertySources()
        .addFirst(new MapPropertySource("test variables", new HashMap<>(variables)));
    return SettingsCheck.check(environment);
  }
}
