package io.statelessmcp.bootstrap.config;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code MCP_AUTH_MODE=proxy}: the OAuth authorization server's beans exist only then.
 */
public final class ProxyMode implements Condition {

  @Override
  public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
    return OAuthProperties.authMode(
            context.getEnvironment().getProperty(OAuthProperties.AUTH_MODE_PROPERTY))
        == OAuthProperties.AuthMode.PROXY;
  }
}
