package io.statelessmcp.bootstrap.wiring;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.statelessmcp.adapter.out.workos.JwtTokenVerifier;
import io.statelessmcp.adapter.out.workos.JwtVerifierSettings;
import io.statelessmcp.adapter.out.workos.WorkOsIdentityProvider;
import io.statelessmcp.adapter.out.workos.WorkOsResilienceSettings;
import io.statelessmcp.adapter.out.workos.WorkOsSettings;
import io.statelessmcp.application.port.out.IdentityProvider;
import io.statelessmcp.bootstrap.config.DevelopmentSignInOn;
import io.statelessmcp.bootstrap.config.DevelopmentSignInProperties;
import io.statelessmcp.bootstrap.config.LoginProvider;
import io.statelessmcp.bootstrap.config.ServerProperties;
import io.statelessmcp.bootstrap.config.SupabaseProperties;
import io.statelessmcp.bootstrap.config.WorkOsProperties;
import java.net.URI;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * WorkOS for logins and refreshes (or, on a laptop, the development sign-in of {@link
 * DevelopmentSignInConfiguration}); JWT verification for Supabase and AuthKit tokens.
 */
@Configuration(proxyBeanMethods = false)
public class IdentityConfiguration {

  private static final Logger LOG = LoggerFactory.getLogger(IdentityConfiguration.class);

  /** Who signs users in; see {@link LoginProvider} for the rule. */
  @Bean
  LoginProvider loginProvider(
      WorkOsProperties workOs,
      SupabaseProperties supabase,
      DevelopmentSignInProperties development) {
    return LoginProvider.choose(workOs, supabase, development);
  }

  /** WorkOS, or a stand-in that explains the setup; the development sign-in has its own. */
  @Bean
  @Conditional(DevelopmentSignInOn.Off.class)
  IdentityProvider identityProvider(LoginProvider login, WorkOsProperties workOs) {
    if (login != LoginProvider.WORKOS) {
      UnconfiguredIdentityProvider unconfigured = new UnconfiguredIdentityProvider(workOs);
      LOG.warn(
          "{}; /auth/login answers 503 until then. The development sign-in is off because"
              + " SUPABASE_DB_URL is set",
          unconfigured.why());
      return unconfigured;
    }
    return new WorkOsIdentityProvider(
        WorkOsSettings.of(workOs.apiBase(), workOs.clientId(), workOs.apiKey())
            .withTimeouts(workOs.connectTimeout(), workOs.responseTimeout(), workOs.callDeadline()),
        WorkOsResilienceSettings.defaults()
            .withBreakerTimes(workOs.breakerWindow(), workOs.breakerOpenWait()));
  }

  /** The WorkOS circuit breaker, when WorkOS is configured; readiness reports its state. */
  @Bean
  WorkOsCircuit workOsCircuit(IdentityProvider identityProvider) {
    return new WorkOsCircuit(
        identityProvider instanceof WorkOsIdentityProvider workOs
            ? Optional.of(workOs.circuitBreaker())
            : Optional.empty());
  }

  @Bean
  SupabaseTokens supabaseTokens(SupabaseProperties supabase) {
    URI url = supabase.projectUrl();
    if (url == null) {
      return new SupabaseTokens(Optional.empty());
    }
    return new SupabaseTokens(
        Optional.of(
            new JwtTokenVerifier(
                JwtVerifierSettings.supabase(url, supabase.hs256Allowed(), supabase.jwtSecret()))));
  }

  @Bean
  AuthKitTokens authKitTokens(WorkOsProperties workOs, ServerProperties server) {
    URI domain = workOs.authkit();
    if (domain == null) {
      return new AuthKitTokens(null, Optional.empty());
    }
    return new AuthKitTokens(
        domain,
        Optional.of(
            new JwtTokenVerifier(
                JwtVerifierSettings.authKit(domain, server.resource().toString()))));
  }

  /** The circuit breaker guarding WorkOS calls, if any. */
  public record WorkOsCircuit(Optional<CircuitBreaker> breaker) {}
}
