package io.statelessmcp.bootstrap.wiring;

import io.statelessmcp.adapter.in.http.mcp.McpFeatures;
import io.statelessmcp.adapter.in.http.mcp.fixtures.ConformanceFixtures;
import java.util.Locale;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * {@value #SETTING}{@code =true}: also serves the tools, resources and prompts the official MCP
 * conformance suite calls by name. A test aid for CI; off by default.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(ConformanceFixturesConfiguration.Enabled.class)
public class ConformanceFixturesConfiguration {

  public static final String SETTING = "MCP_CONFORMANCE_FIXTURES";

  /** The property application.yaml fills from {@value #SETTING}. */
  static final String PROPERTY = "mcp.conformance.fixtures";

  @Bean
  McpFeatures conformanceFixtures() {
    return ConformanceFixtures.all();
  }

  /** True or false; anything else fails the start, naming the setting. */
  static final class Enabled implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      String raw = context.getEnvironment().getProperty(PROPERTY);
      if (raw == null || raw.isBlank()) {
        return false;
      }
      return switch (raw.trim().toLowerCase(Locale.ROOT)) {
        case "true", "1", "yes" -> true;
        case "false", "0", "no" -> false;
        default ->
            throw new IllegalArgumentException(
                SETTING + " must be true or false; got '" + raw.trim() + "'");
      };
    }
  }
}
