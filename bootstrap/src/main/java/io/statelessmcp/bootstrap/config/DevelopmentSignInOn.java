package io.statelessmcp.bootstrap.config;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@link LoginProvider} chooses the development sign-in; its beans exist only then.
 */
public final class DevelopmentSignInOn implements Condition {

  @Override
  public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
    return LoginProvider.choose(context.getEnvironment()) == LoginProvider.DEVELOPMENT;
  }

  /** The opposite: WorkOS, or nobody, signs users in. */
  public static final class Off implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      return LoginProvider.choose(context.getEnvironment()) != LoginProvider.DEVELOPMENT;
    }
  }
}
