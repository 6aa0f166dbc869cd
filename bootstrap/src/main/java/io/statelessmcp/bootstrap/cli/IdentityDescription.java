package io.statelessmcp.bootstrap.cli;

import io.statelessmcp.application.port.out.IdentityProvider;

/**
 * How the start summary names the identity provider. The identity wiring may provide one as a bean;
 * without it, the provider's type tells ({@link #of}).
 */
public record IdentityDescription(String text) {

  public static final IdentityDescription WORKOS = new IdentityDescription("WorkOS");
  public static final IdentityDescription DEVELOPMENT =
      new IdentityDescription("development (no account needed; never use it in production)");
  public static final IdentityDescription NONE =
      new IdentityDescription("none (WORKOS_CLIENT_ID and WORKOS_API_KEY are not set)");

  /** Told from the provider's type: WorkOs..., Development..., Unconfigured..., else its name. */
  public static IdentityDescription of(IdentityProvider provider) {
    String type = provider.getClass().getSimpleName();
    if (type.startsWith("WorkOs")) {
      return WORKOS;
    }
    if (type.startsWith("Development")) {
      return DEVELOPMENT;
    }
    if (type.startsWith("Unconfigured")) {
      return NONE;
    }
    return new IdentityDescription(type);
  }
}
