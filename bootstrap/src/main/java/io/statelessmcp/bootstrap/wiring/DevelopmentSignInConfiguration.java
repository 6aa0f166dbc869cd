package io.statelessmcp.bootstrap.wiring;

import io.statelessmcp.adapter.in.http.DevelopmentSignInRoutes;
import io.statelessmcp.adapter.in.http.FailureResponses;
import io.statelessmcp.adapter.in.http.HttpSettings;
import io.statelessmcp.adapter.out.supabase.KeyRing;
import io.statelessmcp.adapter.out.workos.DevelopmentIdentityProvider;
import io.statelessmcp.application.port.in.DevelopmentSignIn;
import io.statelessmcp.application.port.out.DevelopmentCodes;
import io.statelessmcp.application.service.DevelopmentSignInService;
import io.statelessmcp.bootstrap.config.DevelopmentSignInOn;
import io.statelessmcp.bootstrap.config.DevelopmentSignInProperties;
import io.statelessmcp.bootstrap.config.ServerProperties;
import io.statelessmcp.bootstrap.config.SupabaseProperties;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The development sign-in: the identity provider of a laptop without a WorkOS account, on only when
 * {@link io.statelessmcp.bootstrap.config.LoginProvider} chooses it (no WorkOS, the embedded
 * development database). Its one bean is both the {@code IdentityProvider} and the {@code
 * DevelopmentCodes} that the sign-in page's use case issues codes with.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(DevelopmentSignInOn.class)
public class DevelopmentSignInConfiguration {

  private static final Logger LOG = LoggerFactory.getLogger(DevelopmentSignInConfiguration.class);

  /** The purpose the MAC key of development codes and tokens is derived for. */
  static final String KEY_PURPOSE = "mcp-development-sign-in";

  /**
   * Keyed from the encryption key, so every replica on the shared database accepts the others'
   * codes and tokens; in memory mode (one process, nothing shared) a random key does.
   */
  @Bean
  DevelopmentIdentityProvider developmentIdentityProvider(
      ObjectProvider<KeyRing> keyRing,
      ServerProperties server,
      SupabaseProperties supabase,
      Clock clock) {
    KeyRing keys = keyRing.getIfAvailable();
    byte[] key;
    if (keys != null) {
      key = keys.derive(KEY_PURPOSE);
    } else {
      key = new byte[32];
      new SecureRandom().nextBytes(key);
    }
    URI page = server.baseUrl().resolve(DevelopmentSignInRoutes.SIGN_IN);
    LOG.warn(
        "Development sign-in is ON (WorkOS is not configured, {}): anyone who can open {} can sign"
            + " in as anyone. Never use it in production; set WORKOS_CLIENT_ID and WORKOS_API_KEY.",
        supabase.hasDbUrl()
            ? "test aid " + DevelopmentSignInProperties.ALLOW_LOOPBACK_DB + " with a local database"
            : "the database is the embedded development one",
        page);
    return new DevelopmentIdentityProvider(key, page, clock);
  }

  @Bean
  DevelopmentSignIn developmentSignIn(DevelopmentCodes codes) {
    return new DevelopmentSignInService(codes);
  }

  @Bean
  DevelopmentSignInRoutes developmentSignInRoutes(
      DevelopmentSignIn signIn, FailureResponses failures, HttpSettings settings) {
    return new DevelopmentSignInRoutes(signIn, failures, settings);
  }
}
