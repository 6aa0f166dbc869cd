package io.statelessmcp.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.statelessmcp.adapter.out.supabase.KeyRing;
import io.statelessmcp.adapter.out.supabase.SupabaseDbUrl;
import io.statelessmcp.bootstrap.config.DatabaseProperties;
import io.statelessmcp.bootstrap.config.OAuthProperties;
import io.statelessmcp.bootstrap.config.PurgeProperties;
import io.statelessmcp.bootstrap.config.ServerProperties;
import io.statelessmcp.bootstrap.config.SessionProperties;
import io.statelessmcp.bootstrap.config.SupabaseProperties;
import io.statelessmcp.bootstrap.config.WorkOsProperties;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;

/**
 * {@code .env.example} works as it is for local development, and lists every setting the server
 * reads, with an example the server accepts; README's settings tables list them too.
 */
class EnvExampleTest {

  private static final String FILE = ".env.example";
  private static final Pattern ASSIGNMENT =
      Pattern.compile("^(# )?([A-Z][A-Z0-9_]*)=(.*)$", Pattern.MULTILINE);

  /** Marks a value the user must fill in, such as a password or an API key. */
  private static final String PLACEHOLDER = "YOUR-";

  /** What a shell takes literally in an unquoted assignment. */
  private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_./:,@%+=*?&-]*");

  private static final List<String> SERVER_MODULES =
      List.of(
          "domain",
          "application",
          "adapters-in-http",
          "adapters-out-supabase",
          "adapters-out-workos",
          "bootstrap");
  private static final Pattern SETTING_LITERAL =
      Pattern.compile(
          "\"((?:MCP|WORKOS|SUPABASE|NEXT_PUBLIC_SUPABASE|FASTMCP)_[A-Z0-9_]*[A-Z0-9])");

  @TempDir Path workingDirectory;

  @Test
  void listsEverySettingTheServerReads() {
    String file = RepositoryFiles.read(FILE);
    Set<String> assigned = new TreeSet<>(assignments(file, true).keySet());
    assigned.addAll(assignments(file, false).keySet());

    assertThat(assigned)
        .as("a line 'NAME=value' or '# NAME=example' for every setting of application.yaml")
        .containsAll(RepositoryFiles.settingsWithoutAliases());
    for (String alias : RepositoryFiles.settings()) {
      assertThat(file).as("%s names every alias", FILE).contains(alias);
    }
    assertThat(RepositoryFiles.settings())
        .as("every name in %s is a setting the server reads", FILE)
        .containsAll(assigned);
  }

  @Test
  void everySettingNamedInTheCodeIsOneApplicationYamlReads() throws IOException {
    Set<String> named = new TreeSet<>();
    for (String module : SERVER_MODULES) {
      try (Stream<Path> sources = Files.walk(RepositoryFiles.ROOT.resolve(module + "/src/main"))) {
        for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
          Matcher literal = SETTING_LITERAL.matcher(Files.readString(source));
          while (literal.find()) {
            named.add(literal.group(1));
          }
        }
      }
    }

    assertThat(RepositoryFiles.settings()).containsAll(named);
  }

  @Test
  void theReadmesSettingsTablesListEverySetting() {
    String settings = RepositoryFiles.section(RepositoryFiles.read("README.md"), "## Settings");

    for (String name : RepositoryFiles.settings()) {
      assertThat(settings).as("README.md, Settings").contains("`" + name + "`");
    }
  }

  @Test
  void theActiveLinesAreWhatAShellReadsAndAreSafeAnywhere() throws Exception {
    Map<String, String> active = assignments(RepositoryFiles.read(FILE), false);

    assertThat(active).as("the local setup is active").isNotEmpty();
    for (Map.Entry<String, String> setting : active.entrySet()) {
      assertThat(setting.getValue())
          .as(setting.getKey())
          .matches(SHELL_SAFE)
          .doesNotContain(PLACEHOLDER)
          .doesNotContain("example.com");
    }
    assertThat(active)
        .as("nothing active that needs an account or points at a shared database")
        .doesNotContainKeys(
            "SUPABASE_DB_URL",
            "MCP_SESSION_ENCRYPTION_KEYS",
            "WORKOS_CLIENT_ID",
            "WORKOS_API_KEY",
            "MCP_SESSION_STORE");
    assertThat(sourcedByBash()).isEqualTo(new TreeMap<>(active));
  }

  @Test
  void theActiveLinesStartAServerOnTheEmbeddedDatabase() throws Exception {
    Map<String, String> active = assignments(RepositoryFiles.read(FILE), false);
    Map<String, String> settings = new HashMap<>();
    for (Map.Entry<String, String> setting : active.entrySet()) {
      String value = setting.getValue();
      boolean relativePath = value.startsWith(".") && value.contains("/");
      // Relative paths are read from where the server starts: here, an empty temporary folder.
      settings.put(
          setting.getKey(), relativePath ? workingDirectory.resolve(value).toString() : value);
    }
    assertThat(Integer.parseInt(active.get("PORT"))).isBetween(1, 65535);

    // App.start puts a free port in place of PORT, so that a busy 8080 cannot fail the test.
    try (App app = App.start(settings)) {
      HttpResponse<String> readiness =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(app.baseUrl() + "/actuator/health/readiness"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());

      assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(200);
      assertThat(readiness.body()).contains("\"r2dbc\":{\"status\":\"UP\"}");
    }
    assertThat(workingDirectory.resolve(".data/postgres/PG_VERSION")).exists();
    assertThat(workingDirectory.resolve(".data/encryption-keys")).exists();
  }

  @Configuration
  @EnableConfigurationProperties({
    DatabaseProperties.class,
    SessionProperties.class,
    SupabaseProperties.class,
    WorkOsProperties.class,
    OAuthProperties.class,
    ServerProperties.class,
    PurgeProperties.class
  })
  static class EverySetting {}

  @Test
  void theCommentedExamplesAreAccepted() {
    Map<String, String> examples = new LinkedHashMap<>();
    List<String> urls = new ArrayList<>();
    assignments(RepositoryFiles.read(FILE), true)
        .forEach(
            (name, value) -> {
              if (!value.contains(PLACEHOLDER)) {
                examples.put(name, value);
              }
            });
    Matcher dbUrl =
        Pattern.compile("(?m)^# SUPABASE_DB_URL=(.*)$").matcher(RepositoryFiles.read(FILE));
    while (dbUrl.find()) {
      urls.add(dbUrl.group(1).replaceAll(PLACEHOLDER + "[A-Za-z0-9-]+", "x"));
    }

    new ApplicationContextRunner()
        .withInitializer(new ConfigDataApplicationContextInitializer())
        .withInitializer(
            context ->
                context
                    .getEnvironment()
                    .getPropertySources()
                    .addFirst(new MapPropertySource("examples", new HashMap<>(examples))))
        .withUserConfiguration(EverySetting.class)
        .run(
            context -> {
              assertThat(context.getStartupFailure()).as("%s", examples).isNull();
              for (Object properties :
                  context
                      .getBeansWithAnnotation(
                          org.springframework.boot.context.properties.ConfigurationProperties.class)
                      .values()) {
                readEverything(properties, examples.keySet());
              }
            });
    assertThat(urls).hasSize(2);
    assertThat(SupabaseDbUrl.parse(urls.get(0)).isTransactionPooler()).isFalse();
    assertThat(SupabaseDbUrl.parse(urls.get(1)).isTransactionPooler())
        .as("the second example is the transaction pooler")
        .isTrue();
    String key = assignments(RepositoryFiles.read(FILE), true).get("MCP_SESSION_ENCRYPTION_KEYS");
    assertThat(
            KeyRing.parse(key.replaceAll(PLACEHOLDER + "[A-Za-z0-9-]+", KeyRing.generateKey()))
                .currentKeyId())
        .isEqualTo("k1");
    assertThat(examples.get("MCP_LOG_FORMAT")).isIn("ecs", "logstash", "gelf");
  }

  /** Calls every accessor, which is where some settings are parsed; fails on an example's error. */
  private static void readEverything(Object properties, Set<String> exampleNames)
      throws IllegalAccessException {
    for (Method method : properties.getClass().getDeclaredMethods()) {
      if (method.getParameterCount() > 0
          || Modifier.isStatic(method.getModifiers())
          || !Modifier.isPublic(method.getModifiers())) {
        continue;
      }
      try {
        method.invoke(properties);
      } catch (InvocationTargetException e) {
        String message = String.valueOf(e.getCause().getMessage());
        assertThat(exampleNames)
            .as("%s.%s(): %s", properties.getClass().getSimpleName(), method.getName(), message)
            .noneMatch(message::contains);
      }
    }
  }

  /**
   * The file's assignments, active ({@code NAME=value}) or commented ({@code # NAME=value}); of a
   * name assigned twice, the first.
   */
  private static Map<String, String> assignments(String file, boolean commented) {
    Map<String, String> found = new LinkedHashMap<>();
    Matcher line = ASSIGNMENT.matcher(file);
    while (line.find()) {
      if ((line.group(1) != null) == commented) {
        found.putIfAbsent(line.group(2), line.group(3));
      }
    }
    return found;
  }

  /** {@code set -a; . ./.env; set +a} in a clean bash, and which settings it then exports. */
  private Map<String, String> sourcedByBash() throws IOException, InterruptedException {
    Files.copy(RepositoryFiles.ROOT.resolve(FILE), workingDirectory.resolve(".env"));
    ProcessBuilder builder =
        new ProcessBuilder("bash", "-c", "set -a; . ./.env; set +a; env -0")
            .directory(workingDirectory.toFile())
            .redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().put("PATH", System.getenv("PATH"));
    Process bash = builder.start();
    String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(bash.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(bash.exitValue()).as(out).isZero();
    Set<String> settings = RepositoryFiles.settings();
    Map<String, String> exported = new TreeMap<>();
    for (String variable : out.split("\0")) {
      int equals = variable.indexOf('=');
      if (equals > 0 && settings.contains(variable.substring(0, equals))) {
        exported.put(variable.substring(0, equals), variable.substring(equals + 1));
      }
    }
    return exported;
  }
}
