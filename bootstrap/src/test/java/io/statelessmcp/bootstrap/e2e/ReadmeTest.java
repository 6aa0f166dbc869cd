package io.statelessmcp.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.statelessmcp.adapter.out.workos.fake.FakeUser;
import io.statelessmcp.adapter.out.workos.fake.FakeWorkOs;
import io.statelessmcp.bootstrap.e2e.RepositoryFiles.CodeBlock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;

/**
 * The README's commands, as written, against a server on the embedded database started in an empty
 * folder (the run command's setup, with a fake WorkOS to sign in through): its health claims, its
 * endpoints, its curl lines, its SQL step. And its links, paths and setting names.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadmeTest {

  /**
   * With it {@code true} (as in {@code .ci/run}) a missing curl fails the test instead of skipping
   * it.
   */
  static final String REQUIRED_ENV = "MCP_REQUIRE_README_COMMANDS";

  private static final String LOCALHOST = "localhost:8080";
  private static final Pattern ANSWERS = Pattern.compile("`curl ([^`]+)` answers `(\\{[^`]*\\})`");
  private static final Pattern ENDPOINT = Pattern.compile("`(GET|POST) (/[^`]*)`");
  private static final Pattern SETTING_LIKE =
      Pattern.compile("\\b((?:MCP|WORKOS|SUPABASE|NEXT_PUBLIC|FASTMCP)_[A-Z0-9_]*[A-Z0-9])\\b");

  /** Names in the README that are not settings of the server, and what they are. */
  private static final Map<String, String> NOT_SETTINGS =
      Map.of(
          "MCP_SESSION", "the shell variable of the curl example",
          "MCP_CONFORMANCE_HOME", "where the conformance tests find the suite");

  @TempDir static Path folder;
  private static FakeWorkOs workOs;
  private static App server;
  private static String credential;

  private final String readme = RepositoryFiles.read("README.md");
  private final Browser browser = new Browser();

  @BeforeAll
  static void startTheServerInAnEmptyFolder() {
    workOs = FakeWorkOs.start();
    server =
        App.start(
            App.loggingInThrough(
                workOs,
                Map.of(
                    "MCP_EMBEDDED_POSTGRES_DIR",
                    folder.resolve(".data/postgres").toString(),
                    "MCP_AUTH_RATE_LIMIT_PER_MINUTE",
                    "10000")));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (workOs != null) {
      workOs.close();
    }
  }

  @Test
  @Order(1)
  void everyAnswerTheReadmeQuotesIsWhatTheServerAnswers() {
    Matcher claim = ANSWERS.matcher(readme.replaceAll("\\s*\\n\\s*", " "));
    int claims = 0;
    while (claim.find()) {
      claims++;
      HttpResponse<String> answer = browser.get(local(claim.group(1)), null, null, null);
      assertThat(Browser.JSON.readTree(answer.body()))
          .as("README: `curl %s` answers `%s`", claim.group(1), claim.group(2))
          .isEqualTo(Browser.JSON.readTree(claim.group(2)));
    }
    assertThat(claims).as("README quotes at least the health answer").isPositive();
  }

  @Test
  @Order(1)
  void theFullHealthExampleHasTheServersShape() {
    Matcher example =
        Pattern.compile(
                "`curl localhost:8080/actuator/health` answers .*?for example\\s+`(\\{.*?\\})`")
            .matcher(readme.replaceAll("\\s*\\n\\s*", " "));
    assertThat(example.find()).isTrue();
    JsonNode quoted = Browser.JSON.readTree(example.group(1));
    JsonNode real =
        Browser.json(browser.get(server.baseUrl() + "/actuator/health", null, null, null));

    assertThat(real.propertyNames()).isEqualTo(quoted.propertyNames());
    assertThat(real.get("components").propertyNames())
        .isEqualTo(quoted.get("components").propertyNames());
    assertThat(real.get("groups")).isEqualTo(quoted.get("groups"));
    assertThat(real.get("status")).isEqualTo(quoted.get("status"));
  }

  @Test
  @Order(1)
  void everyEndpointTheReadmeNamesIsServed() {
    Set<String> endpoints = new LinkedHashSet<>();
    Matcher endpoint = ENDPOINT.matcher(readme);
    while (endpoint.find()) {
      String path = endpoint.group(2);
      // "/auth/login[?return_to=]" names two requests: with and without the optional part.
      endpoints.add(endpoint.group(1) + " " + path.replaceAll("\\[[^]]*]", ""));
      endpoints.add(endpoint.group(1) + " " + path.replace("[", "").replace("]", ""));
    }
    assertThat(endpoints).contains("GET /auth/login", "POST /mcp", "GET /actuator/health");

    for (String request : endpoints) {
      String[] methodAndPath = request.split(" ", 2);
      HttpResponse<String> answer =
          browser.send(
              HttpRequest.newBuilder(URI.create(server.baseUrl() + methodAndPath[1]))
                  .method(methodAndPath[0], HttpRequest.BodyPublishers.noBody())
                  .timeout(Duration.ofSeconds(10))
                  .build());
      assertThat(answer.statusCode()).as("%s: %s", request, answer.body()).isNotIn(404, 405);
    }
  }

  @Test
  @Order(2)
  void theSignInByHandShowsTheCredentialAndTheSessionCurlShowsTheUser() throws Exception {
    String section = RepositoryFiles.section(readme, "## Test the OAuth flow by hand");
    Browser.PendingLogin pending = browser.startLogin(server);
    HttpResponse<String> page =
        browser.complete(
            server,
            workOs.followAuthorize(pending.authorizationUrl()),
            pending.stateCookie(),
            "text/html");
    assertThat(section).contains("`X-MCP-Session-ID: <credential>`");
    Matcher shown = Pattern.compile("X-MCP-Session-ID: ([A-Za-z0-9_.-]+)").matcher(page.body());
    assertThat(shown.find()).as(page.body()).isTrue();
    credential = shown.group(1);

    JsonNode session = Browser.JSON.readTree(run(inlineCurl(section, "/auth/session")));

    assertThat(session.get("user_id").asText()).isEqualTo(FakeUser.ada().id());
    assertThat(session.get("expires_at").asText()).isNotBlank();
  }

  @Test
  @Order(3)
  void theMcpCurlLinesWorkAsWritten() throws Exception {
    CodeBlock block =
        RepositoryFiles.codeBlocks(readme).stream()
            .filter(b -> b.text().contains("tools/call") && b.text().contains("curl"))
            .findFirst()
            .orElseThrow();

    String out = run("MCP_SESSION='" + credential + "'\n" + block.text());

    List<JsonNode> answers = new ArrayList<>();
    try (MappingIterator<JsonNode> values =
        Browser.JSON.readerFor(JsonNode.class).readValues(out)) {
      values.forEachRemaining(answers::add);
    }
    assertThat(answers).hasSize(3);
    for (JsonNode answer : answers) {
      assertThat(answer.has("result")).as(answer.toString()).isTrue();
    }
    assertThat(answers.get(1).get("result").get("tools").findValuesAsString("name"))
        .contains("whoami", "list_my_sessions", "revoke_session");
    JsonNode whoami = answers.get(2).get("result");
    assertThat(whoami.get("isError").asBoolean()).isFalse();
    assertThat(whoami.get("content").get(0).get("text").asText()).contains(FakeUser.ada().id());
  }

  @Test
  @Order(4)
  void theSqlStepReachesTheEmbeddedDatabaseAndShowsTheRow() throws Exception {
    CodeBlock block =
        RepositoryFiles.codeBlocks(
                RepositoryFiles.section(readme, "## Test the OAuth flow by hand"))
            .stream()
            .filter(b -> b.text().contains("psql"))
            .findFirst()
            .orElseThrow();
    Matcher command =
        Pattern.compile("psql \"([^\"]+)\"\\s*\\\\?\\s*-c '([^']+)'").matcher(block.text());
    assertThat(command.find()).as(block.text()).isTrue();

    String rows;
    if (onPath("psql")) {
      rows = run(block.text());
    } else {
      String url = run("echo \"" + command.group(1) + "\"").trim();
      rows = query(url, command.group(2));
    }

    assertThat(rows).contains(FakeUser.ada().id()).contains(credential.split("\\.")[0]);
  }

  @Test
  @Order(5)
  void theLogoutCurlEndsTheSession() throws Exception {
    String section = RepositoryFiles.section(readme, "## Test the OAuth flow by hand");

    assertThat(
            Browser.JSON
                .readTree(run(inlineCurl(section, "/auth/logout")))
                .get("revoked")
                .asBoolean())
        .isTrue();
    assertThat(run(inlineCurl(section, "/auth/session"))).contains("session_revoked");
  }

  @Test
  void everySettingTheReadmeNamesIsOneTheServerReads() {
    Set<String> named = new TreeSet<>();
    Matcher name = SETTING_LIKE.matcher(readme);
    while (name.find()) {
      named.add(name.group(1));
    }
    named.removeAll(NOT_SETTINGS.keySet());

    assertThat(RepositoryFiles.settings()).containsAll(named);
    assertThat(readme).contains("$MCP_SESSION");
    assertThat(
            RepositoryFiles.read(
                "bootstrap/src/test/java/io/statelessmcp/bootstrap/e2e/ConformanceSuite.java"))
        .contains("MCP_CONFORMANCE_HOME");
  }

  @Test
  void everyLinkAndPathPointsIntoTheRepository() throws IOException {
    List<String> documents = new ArrayList<>(List.of("README.md", "liquibase/README.md"));
    try (Stream<Path> docs = Files.list(RepositoryFiles.ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md"))
          .forEach(p -> documents.add("docs/" + p.getFileName()));
    }
    for (String document : documents) {
      Path base = RepositoryFiles.ROOT.resolve(document).getParent();
      Matcher link = Pattern.compile("\\]\\(([^)\\s]+)\\)").matcher(RepositoryFiles.read(document));
      while (link.find()) {
        String target = link.group(1);
        if (target.matches("^[a-z]+:.*")) {
          continue;
        }
        String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
        Path resolved =
            file.isEmpty()
                ? RepositoryFiles.ROOT.resolve(document)
                : base.resolve(file).normalize();
        assertThat(resolved)
            .as("%s links %s", document, target)
            .startsWith(RepositoryFiles.ROOT)
            .exists();
        if (target.contains("#") && resolved.toString().endsWith(".md")) {
          assertThat(anchors(Files.readString(resolved)))
              .as("%s links %s", document, target)
              .contains(target.substring(target.indexOf('#') + 1));
        }
      }
    }
    Matcher path =
        Pattern.compile(
                "`((?:domain|application|adapters-[a-z-]+|bootstrap|liquibase|benchmarks|docs|\\.ci)/[^`\\s]*)`")
            .matcher(readme);
    while (path.find()) {
      String named = path.group(1);
      if (named.contains("/target/")) {
        continue; // build output
      }
      assertThat(exists(named)).as("README names `%s`", named).isTrue();
    }
  }

  @Test
  void noDocumentSpeaksOfWhereTheProjectCameFrom() throws IOException {
    List<Path> documents = new ArrayList<>();
    documents.add(RepositoryFiles.ROOT.resolve("README.md"));
    documents.add(RepositoryFiles.ROOT.resolve(".env.example"));
    documents.add(RepositoryFiles.ROOT.resolve("liquibase/README.md"));
    try (Stream<Path> docs = Files.list(RepositoryFiles.ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).forEach(documents::add);
    }
    Pattern history =
        Pattern.compile("(?i)\\bseed\\b|\\bseed's|\\bissue \\d+|\\.\\./shared|\\bwave \\d+");
    for (Path document : documents) {
      Matcher found = history.matcher(Files.readString(document));
      boolean speaks = found.find();
      assertThat(speaks)
          .as("%s speaks of %s", document.getFileName(), speaks ? found.group() : "")
          .isFalse();
    }
  }

  /** GitHub's anchors of a Markdown file's headings. */
  private static Set<String> anchors(String markdown) {
    Set<String> anchors = new TreeSet<>();
    boolean inCode = false;
    for (String line : markdown.split("\n")) {
      if (line.stripLeading().startsWith("```")) {
        inCode = !inCode;
      }
      if (!inCode && line.matches("^#{1,6} .*")) {
        String text = line.replaceFirst("^#+ ", "").toLowerCase(Locale.ROOT);
        anchors.add(text.replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'));
      }
    }
    return anchors;
  }

  /** A repository path as the README writes it; {@code ...} stands for any folders. */
  private static boolean exists(String named) throws IOException {
    if (!named.contains("...")) {
      return Files.exists(RepositoryFiles.ROOT.resolve(named));
    }
    String[] parts = named.split("/\\.\\.\\./", 2);
    Path start = RepositoryFiles.ROOT.resolve(parts[0]);
    try (Stream<Path> all = Files.walk(start)) {
      return all.anyMatch(p -> p.toString().endsWith("/" + parts[1].replaceAll("/$", "")));
    }
  }

  /** The README's inline {@code curl} command for this path, aimed at the test's server. */
  private static String inlineCurl(String section, String path) {
    Matcher curl = Pattern.compile("`(curl [^`]*" + Pattern.quote(path) + ")`").matcher(section);
    assertThat(curl.find()).as("a `curl ... %s` in the README", path).isTrue();
    return curl.group(1);
  }

  /** Runs a README command with bash in the server's folder, aimed at the test's server. */
  private static String run(String script) throws IOException, InterruptedException {
    if (script.contains("curl") && !onPath("curl")) {
      assertThat(System.getenv(REQUIRED_ENV))
          .as("curl is not installed, and %s=true", REQUIRED_ENV)
          .isNotEqualTo("true");
      assumeTrue(false, "curl is not installed");
    }
    String aimed =
        script
            .replace(LOCALHOST, URI.create(server.baseUrl()).getAuthority())
            .replace("<credential>", credential == null ? "" : credential);
    Process bash =
        new ProcessBuilder("bash", "-c", "set -e\n" + aimed)
            .directory(folder.toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(bash.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(bash.exitValue()).as("%s\n%s", aimed, out).isZero();
    return out;
  }

  private static boolean onPath(String program) throws IOException, InterruptedException {
    return new ProcessBuilder("bash", "-c", "command -v " + program).start().waitFor() == 0;
  }

  private static String local(String url) {
    String aimed = url.replace(LOCALHOST, URI.create(server.baseUrl()).getAuthority());
    return aimed.startsWith("http") ? aimed : "http://" + aimed;
  }

  /** The SQL through JDBC, for machines without psql; rows as text. */
  private static String query(String postgresUrl, String sql) throws Exception {
    URI url = URI.create(postgresUrl);
    String jdbc = "jdbc:postgresql://" + url.getHost() + ":" + url.getPort() + url.getPath();
    StringBuilder rows = new StringBuilder();
    try (Connection connection = DriverManager.getConnection(jdbc, url.getUserInfo(), "");
        ResultSet result = connection.createStatement().executeQuery(sql)) {
      while (result.next()) {
        for (int column = 1; column <= result.getMetaData().getColumnCount(); column++) {
          rows.append(result.getString(column)).append(" | ");
        }
        rows.append('\n');
      }
    }
    return rows.toString();
  }
}
