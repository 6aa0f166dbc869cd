package io.statelessmcp.bootstrap.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import io.statelessmcp.adapter.in.http.DevelopmentSignInRoutes;
import io.statelessmcp.adapter.in.http.FailureResponses;
import io.statelessmcp.adapter.in.http.HttpSettings;
import io.statelessmcp.adapter.out.workos.DevelopmentIdentityProvider;
import io.statelessmcp.adapter.out.workos.WorkOsIdentityProvider;
import io.statelessmcp.application.failure.ProviderNotConfigured;
import io.statelessmcp.application.port.in.DevelopmentSignIn;
import io.statelessmcp.application.port.out.IdentityProvider;
import io.statelessmcp.bootstrap.config.DevelopmentSignInProperties;
import io.statelessmcp.bootstrap.config.LoginProvider;
import io.statelessmcp.bootstrap.config.ServerProperties;
import io.statelessmcp.bootstrap.config.SupabaseProperties;
import io.statelessmcp.bootstrap.config.WorkOsProperties;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The identity provider the application wires, from the real application.yaml and environment-style
 * settings: the development sign-in only without WorkOS and without a real database, saying so at
 * start; with {@code SUPABASE_DB_URL} the stand-in that explains the setup.
 */
@ExtendWith(OutputCaptureExtension.class)
class LoginProviderSelectionTest {

  private static final String SUPABASE =
      "SUPABASE_DB_URL=postgresql://postgres:pw@db.abcdefghijkl.supabase.co:5432/postgres";

  @Configuration
  @EnableConfigurationProperties({
    WorkOsProperties.class,
    SupabaseProperties.class,
    DevelopmentSignInProperties.class,
    ServerProperties.class
  })
  @Import({IdentityConfiguration.class, DevelopmentSignInConfiguration.class})
  static class Identity {
    @Bean
    Clock clock() {
      return Clock.systemUTC();
    }

    @Bean
    HttpSettings httpSettings(ServerProperties server) {
      return new HttpSettings(
          server.baseUrl(), server.resource(), null, List.of(), Duration.ofHours(1), 4096, 30);
    }

    @Bean
    FailureResponses failureResponses(HttpSettings settings) {
      return new FailureResponses(settings);
    }
  }

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withInitializer(new ConfigDataApplicationContextInitializer())
          .withUserConfiguration(Identity.class);

  @Test
  void withoutWorkOsOrADatabaseUrlTheDevelopmentSignInIsOnAndSaysSo(CapturedOutput output) {
    runner
        .withPropertyValues("MCP_PUBLIC_BASE_URL=http://localhost:8080")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(LoginProvider.class)).isEqualTo(LoginProvider.DEVELOPMENT);
              assertThat(context.getBean(IdentityProvider.class))
                  .isInstanceOf(DevelopmentIdentityProvider.class);
              assertThat(context).hasSingleBean(DevelopmentSignIn.class);
              assertThat(context).hasSingleBean(DevelopmentSignInRoutes.class);
              assertThat(
                      context
                          .getBean(IdentityProvider.class)
                          .authorizationUrl(
                              "s", "c", URI.create("http://localhost:8080/auth/complete")))
                  .hasPath("/auth/dev/sign-in")
                  .hasHost("localhost");
            });
    assertThat(output.getOut().lines().filter(line -> line.contains("Development sign-in is ON")))
        .singleElement()
        .satisfies(
            line -> assertThat(line).contains("WARN").contains("Never use it in production"));
  }

  @Test
  void withASupabaseDatabaseAndNoWorkOsLoginsExplainTheSetupInstead(CapturedOutput output) {
    runner
        .withPropertyValues(SUPABASE, "WORKOS_CLIENT_ID=client_1")
        .run(
            context -> {
              assertThat(context.getBean(LoginProvider.class)).isEqualTo(LoginProvider.NONE);
              IdentityProvider provider = context.getBean(IdentityProvider.class);
              assertThat(provider).isInstanceOf(UnconfiguredIdentityProvider.class);
              assertThat(context).doesNotHaveBean(DevelopmentSignInRoutes.class);
              assertThat(context).doesNotHaveBean(DevelopmentSignIn.class);
              Assertions.assertThatThrownBy(
                      () ->
                          provider.authorizationUrl(
                              "s", "c", URI.create("http://localhost:8080/auth/complete")))
                  .isInstanceOfSatisfying(
                      ProviderNotConfigured.class,
                      failure ->
                          assertThat(failure.missingSettings())
                              .as("only what is missing")
                              .containsExactly("WORKOS_API_KEY"));
            });
    assertThat(output.getOut()).doesNotContain("Development sign-in is ON");
    assertThat(output.getOut()).contains("WorkOS is not configured: set WORKOS_API_KEY");
  }

  @Test
  void withWorkOsConfiguredTheDevelopmentSignInIsOff() {
    runner
        .withPropertyValues("WORKOS_CLIENT_ID=client_1", "WORKOS_API_KEY=sk_test_1")
        .run(
            context -> {
              assertThat(context.getBean(LoginProvider.class)).isEqualTo(LoginProvider.WORKOS);
              assertThat(context.getBean(IdentityProvider.class))
                  .isInstanceOf(WorkOsIdentityProvider.class);
              assertThat(context).doesNotHaveBean(DevelopmentSignInRoutes.class);
            });
  }

  @Test
  void theTestAidWithARealDatabaseRefusesToStart() {
    runner
        .withPropertyValues(SUPABASE, "MCP_DEV_SIGN_IN_ALLOW_LOOPBACK_DB=true")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("MCP_DEV_SIGN_IN_ALLOW_LOOPBACK_DB")
                    .hasMessageContaining("never used with another database"));
  }

  @Test
  void theTestAidWithADatabaseOnThisMachineTurnsTheDevelopmentSignInOn() {
    runner
        .withPropertyValues(
            "SUPABASE_DB_URL=postgresql://postgres:postgres@localhost:5432/postgres",
            "MCP_DEV_SIGN_IN_ALLOW_LOOPBACK_DB=true")
        .run(
            context ->
                assertThat(context.getBean(IdentityProvider.class))
                    .isInstanceOf(DevelopmentIdentityProvider.class));
  }
}
