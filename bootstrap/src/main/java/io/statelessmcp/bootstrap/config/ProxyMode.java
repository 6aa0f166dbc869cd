package io.statelessmcp.bootstrap.config;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code MCP_AUTH_MODE=proxy}, said or by default: the OAuth authorization server's
 * beans exist only then.
 */
public final class ProxyMode implements Condition {

  @Override
  public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
    Environment environment = context.getEnvironment();
    boolean authKitDomain = !environment.getProperty("workos.authkit-domain", "").isBlank();
    return OAuthProperties.authMode(
            environment.getProperty(OAuthProperties.AUTH_MODE_PROPERTY),
            LoginProvider.choose(environment).signsUsersIn(),
            authKitDomain)
        == OAuthProperties.AuthMode.PROXY;
  }
}
