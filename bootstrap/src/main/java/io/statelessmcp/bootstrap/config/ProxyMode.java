package io.statelessmcp.bootstrap.config;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code MCP_AUTH_MODE=proxy}: the OAuth authorization server's beans exist only then.
 */
public final class ProxyMode implements Condition {

  @Override
  public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
    Environment environment = context.getEnvironment();
    boolean workOsLogin =
        !environment.getProperty("workos.client-id", "").isBlank()
            && !environment.getProperty("workos.api-key", "").isBlank();
    boolean authKitDomain = !environment.getProperty("workos.authkit-domain", "").isBlank();
    return OAuthProperties.authMode(
            environment.getProperty(OAuthProperties.AUTH_MODE_PROPERTY), workOsLogin, authKitDomain)
        == OAuthProperties.AuthMode.PROXY;
  }
}
