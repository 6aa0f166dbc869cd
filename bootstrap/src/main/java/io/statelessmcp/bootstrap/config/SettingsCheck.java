package io.statelessmcp.bootstrap.config;

import io.statelessmcp.adapter.out.supabase.KeyRing;
import io.statelessmcp.adapter.out.supabase.SupabaseDbUrl;
import io.statelessmcp.bootstrap.SetupProblem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

/**
 * Every setting, checked before anything starts (no database, no Spring context): the environment
 * and application.yaml are bound to the same records the application binds, whose constructors
 * refuse bad values, plus the checks that span settings or sit outside those records. A start with
 * a bad setting thus ends in a second or so with one line that names the variable and the rule,
 * instead of after the embedded database has started and migrated.
 */
public final class SettingsCheck {

  /**
   * Every {@code @ConfigurationProperties} record of the application (a test keeps this list in
   * step with the classes that carry the annotation).
   */
  static final List<Class<?>> PROPERTIES =
      List.of(
          SessionProperties.class,
          DatabaseProperties.class,
          ServerProperties.class,
          SupabaseProperties.class,
          WorkOsProperties.class,
          OAuthProperties.class,
          PurgeProperties.class,
          DevelopmentSignInProperties.class);

  public static final String PORT = "PORT";
  public static final String LOG_LEVEL = "MCP_LOG_LEVEL";
  public static final String LOG_FORMAT = "MCP_LOG_FORMAT";

  public static final String KEYS_REQUIRED =
      KeyRing.SETTING
          + " must be set when SUPABASE_DB_URL is set: the OAuth tokens are encrypted at rest."
          + " Generate a key with: echo \"k1:$(openssl rand -base64 32)\"";

  private static final String WHERE_THEY_ARE_LISTED =
      " (every setting: README.md, section Settings, and .env.example)";

  private static final Set<String> LOG_LEVELS =
      Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");
  private static final Set<String> LOG_FORMATS = Set.of("ecs", "logstash", "gelf");

  private SettingsCheck() {}

  /** Where the HTTP server will listen, for a check that the port is free. */
  public record Listening(int port, String address) {}

  /**
   * Checks the settings of a start with these command-line arguments.
   *
   * @throws SetupProblem one line naming the setting and its rule
   */
  public static Listening check(String[] args) {
    return check(environment(args));
  }

  /**
   * @throws SetupProblem one line naming the setting and its rule
   */
  static Listening check(ConfigurableEnvironment environment) {
    try {
      return checkEach(environment);
    } catch (IllegalArgumentException e) {
      throw new SetupProblem("invalid setting: " + e.getMessage() + WHERE_THEY_ARE_LISTED);
    }
  }

  /**
   * The environment the application would see: command-line properties, system properties, the
   * process environment and application.yaml. Read directly rather than through Spring Boot's
   * config data processing, which would double the time to a refusal; other config files are not
   * used by this server (its settings are environment variables), and the records check them again
   * when the application binds them.
   */
  static ConfigurableEnvironment environment(String[] args) {
    StandardEnvironment environment = new StandardEnvironment();
    if (args.length > 0) {
      environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
    }
    try {
      for (PropertySource<?> yaml :
          new YamlPropertySourceLoader()
              .load("application.yaml", new ClassPathResource("application.yaml"))) {
        environment.getPropertySources().addLast(yaml);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not read application.yaml", e);
    }
    ConfigurationPropertySources.attach(environment);
    return environment;
  }

  /**
   * @throws IllegalArgumentException naming the setting and its rule
   */
  private static Listening checkEach(ConfigurableEnvironment environment) {
    // First: the default public URL is made of it, and would be refused in its name.
    int port = (int) Settings.wholeNumber(PORT, environment.getProperty("server.port"), 0, 65_535);
    Map<Class<?>, Object> bound = new LinkedHashMap<>();
    for (Class<?> type : PROPERTIES) {
      bound.put(type, bind(environment, type));
    }
    SessionProperties session = (SessionProperties) bound.get(SessionProperties.class);
    SupabaseProperties supabase = (SupabaseProperties) bound.get(SupabaseProperties.class);
    if (session.storeKind() == SessionProperties.StoreKind.POSTGRES) {
      if (supabase.hasDbUrl()) {
        SupabaseDbUrl.parse(supabase.dbUrl());
        if (blank(session.encryptionKeys())) {
          throw new IllegalArgumentException(KEYS_REQUIRED);
        }
      }
      if (!blank(session.encryptionKeys())) {
        KeyRing.parse(session.encryptionKeys());
      }
    }
    logLevel(environment.getProperty(LOG_LEVEL));
    logFormat(environment.getProperty("logging.structured.format.console"));
    return new Listening(port, environment.getProperty("server.address"));
  }

  /**
   * Binds a record the way Spring Boot would. The records hold raw strings (so that their
   * constructors can name the variable of a bad value), which are read straight from the
   * environment, without the time Spring's binder and its conversion service take to load.
   */
  private static Object bind(ConfigurableEnvironment environment, Class<?> type) {
    ConfigurationProperties annotation = type.getAnnotation(ConfigurationProperties.class);
    String prefix = annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
    RecordComponent[] components = type.getRecordComponents();
    if (components == null
        || Arrays.stream(components).anyMatch(component -> component.getType() != String.class)) {
      return bindWithSpring(environment, prefix, type);
    }
    Object[] values = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      values[i] = environment.getProperty(prefix + "." + kebabCase(components[i].getName()));
      types[i] = String.class;
    }
    try {
      return type.getDeclaredConstructor(types).newInstance(values);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof IllegalArgumentException refused) {
        throw refused; // the record's constructor, naming the variable
      }
      throw new IllegalStateException("could not check " + type.getSimpleName(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("could not check " + type.getSimpleName(), e);
    }
  }

  private static Object bindWithSpring(
      ConfigurableEnvironment environment, String prefix, Class<?> type) {
    try {
      return Binder.get(environment).bindOrCreate(prefix, Bindable.of(type));
    } catch (RuntimeException e) {
      Throwable cause = e;
      while (cause.getCause() != null && cause.getCause() != cause) {
        cause = cause.getCause();
      }
      if (cause instanceof IllegalArgumentException refused) {
        throw refused;
      }
      throw e;
    }
  }

  /** {@code refreshSkewSeconds} to {@code refresh-skew-seconds}, as Spring Boot names it. */
  static String kebabCase(String name) {
    StringBuilder kebab = new StringBuilder();
    for (char c : name.toCharArray()) {
      if (Character.isUpperCase(c)) {
        kebab.append('-').append(Character.toLowerCase(c));
      } else {
        kebab.append(c);
      }
    }
    return kebab.toString();
  }

  private static void logLevel(String raw) {
    if (!blank(raw) && !LOG_LEVELS.contains(raw.trim().toUpperCase(Locale.ROOT))) {
      throw new Settings.InvalidSetting(
          LOG_LEVEL, "must be TRACE, DEBUG, INFO, WARN, ERROR or OFF; got '" + raw.trim() + "'");
    }
  }

  private static void logFormat(String raw) {
    if (!blank(raw) && !LOG_FORMATS.contains(raw.trim())) {
      throw new Settings.InvalidSetting(
          LOG_FORMAT, "must be ecs, logstash or gelf, or unset for plain text; got '" + raw + "'");
    }
  }

  /** The message of a bad setting refused by a settings record, when {@code failure} is one. */
  public static Optional<String> invalidSetting(Throwable failure) {
    return failure instanceof Settings.InvalidSetting
        ? Optional.of("invalid setting: " + failure.getMessage() + WHERE_THEY_ARE_LISTED)
        : Optional.empty();
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
