package io.statelessmcp.bootstrap.config;

import io.statelessmcp.adapter.out.supabase.SupabaseDbUrl;
import java.util.Locale;
import org.springframework.core.env.Environment;

/**
 * Who signs users in, decided from the settings alone (so that conditions, which see only the
 * environment, decide the same way as beans):
 *
 * <ul>
 *   <li>{@link #WORKOS} when {@code WORKOS_CLIENT_ID} and {@code WORKOS_API_KEY} are set;
 *   <li>otherwise {@link #DEVELOPMENT}, the built-in development sign-in, when the database is the
 *       embedded development one (no {@code SUPABASE_DB_URL}; memory mode without one counts too);
 *   <li>otherwise {@link #NONE}: a real database and nobody to sign users in, a setup problem that
 *       {@code /auth/login} explains.
 * </ul>
 *
 * The development sign-in is never chosen for a real {@code SUPABASE_DB_URL}. The one exception is
 * the test aid {@value DevelopmentSignInProperties#ALLOW_LOOPBACK_DB}, and only for a database on a
 * loopback host; set with any other database it fails the start.
 */
public enum LoginProvider {
  WORKOS,
  DEVELOPMENT,
  NONE;

  /** True when users can sign in: the default {@code MCP_AUTH_MODE} is then {@code proxy}. */
  public boolean signsUsersIn() {
    return this != NONE;
  }

  public static LoginProvider choose(
      WorkOsProperties workOs,
      SupabaseProperties supabase,
      DevelopmentSignInProperties development) {
    return choose(workOs.loginConfigured(), supabase.dbUrl(), development.allowLoopbackDatabase());
  }

  /** For conditions: the same rule over the bound property names. */
  public static LoginProvider choose(Environment environment) {
    boolean workOsLogin =
        !environment.getProperty("workos.client-id", "").isBlank()
            && !environment.getProperty("workos.api-key", "").isBlank();
    return choose(
        workOsLogin,
        environment.getProperty("supabase.db-url"),
        environment.getProperty(DevelopmentSignInProperties.ALLOW_LOOPBACK_DB_PROPERTY));
  }

  static LoginProvider choose(boolean workOsLogin, String dbUrl, String allowLoopbackDatabase) {
    boolean testAid =
        Settings.flag(DevelopmentSignInProperties.ALLOW_LOOPBACK_DB, allowLoopbackDatabase);
    boolean realDatabase = dbUrl != null && !dbUrl.isBlank();
    if (testAid && realDatabase && !isLoopback(SupabaseDbUrl.parse(dbUrl).host())) {
      throw new Settings.InvalidSetting(
          DevelopmentSignInProperties.ALLOW_LOOPBACK_DB,
          "=true is a test aid for a SUPABASE_DB_URL on this machine (localhost); the development"
              + " sign-in is never used with another database");
    }
    if (workOsLogin) {
      return WORKOS;
    }
    return !realDatabase || testAid ? DEVELOPMENT : NONE;
  }

  /** Literal loopback names only: resolving a name here could be steered by DNS. */
  static boolean isLoopback(String host) {
    String name = host == null ? "" : host.trim().toLowerCase(Locale.ROOT);
    if (name.startsWith("[") && name.endsWith("]")) {
      name = name.substring(1, name.length() - 1);
    }
    return name.equals("localhost")
        || name.equals("::1")
        || name.equals("0:0:0:0:0:0:0:1")
        || name.matches("127(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}");
  }
}
