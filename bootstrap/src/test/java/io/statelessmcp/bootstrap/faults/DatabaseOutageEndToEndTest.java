package io.statelessmcp.bootstrap.faults;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.statelessmcp.adapter.out.workos.fake.FakeWorkOs;
import io.statelessmcp.bootstrap.McpSessionServerApplication;
import io.statelessmcp.bootstrap.postgres.DebianPostgres;
import io.statelessmcp.domain.SessionCredential;
import io.statelessmcp.domain.testing.FaultyTcpProxy;
import io.statelessmcp.domain.testing.Pause;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.ReactorResourceFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What users and load balancers see while the database is down or frozen: the packaged server on a
 * random port, reaching its own PostgreSQL through a proxy the test can stop or freeze. Requests
 * that need the database answer 503 {@code storage_unavailable} with Retry-After within the call
 * deadline; readiness answers 503 within about a second, so the replica leaves rotation; the log
 * gets a line per kind of failure rather than a stack trace per request; and all of it heals when
 * the database is back. Self-contained on purpose: its setup is its own, but for the settings every
 * replica of the suite shares.
 */
class DatabaseOutageEndToEndTest {

  static final Duration CALL_DEADLINE = Duration.ofMillis(2000);

  /**
   * The deadline plus room for a loaded machine. Before the deadlines, a frozen wait never ended.
   */
  static final Duration REQUEST_BOUND = CALL_DEADLINE.plusSeconds(2);

  /** The database check's default timeout is 800 ms; a probe's default timeout is 1 s. */
  static final Duration READINESS_BOUND = Duration.ofMillis(1500);

  static final JsonMapper JSON = JsonMapper.builder().build();

  private static EmbeddedPostgres postgres;
  private static FaultyTcpProxy proxy;
  private static FakeWorkOs workOs;
  private static ConfigurableApplicationContext app;
  private static String baseUrl;

  /** Own Netty loops, so closing this app cannot stop another test's. */
  @TestConfiguration(proxyBeanMethods = false)
  static class IsolatedNetty {
    @Bean
    ReactorResourceFactory reactorResourceFactory() {
      ReactorResourceFactory factory = new ReactorResourceFactory();
      factory.setUseGlobalResources(false);
      return factory;
    }
  }

  @BeforeAll
  static void start() throws IOException {
    postgres = EmbeddedPostgres.builder().start();
    proxy = FaultyTcpProxy.to(postgres.getPort());
    workOs = FakeWorkOs.start();
    int port = DebianPostgres.freePort();
    baseUrl = "http://localhost:" + port;
    Map<String, Object> settings =
        new HashMap<>(
            ServerProcess.settings(
                "postgresql://postgres:postgres@127.0.0.1:"
                    + proxy.port()
                    + "/postgres?sslmode=disable",
                workOs));
    settings.put("PORT", port);
    settings.put("MCP_PUBLIC_BASE_URL", baseUrl);
    settings.put("MCP_DB_CALL_TIMEOUT_MS", String.valueOf(CALL_DEADLINE.toMillis()));
    app =
        new SpringApplicationBuilder(McpSessionServerApplication.class, IsolatedNetty.class)
            .properties(settings)
            .run();
  }

  @AfterAll
  static void stop() {
    FaultSuite.closeAll(app, proxy, workOs, postgres);
  }

  @AfterEach
  void heal() {
    proxy.pass();
    awaitReadiness(200);
  }

  @Test
  void readinessIs200AndUpWhileTheDatabaseAnswers() {
    HttpResponse<String> readiness = get("/actuator/health/readiness");

    assertThat(readiness.statusCode()).isEqualTo(200);
    JsonNode body = json(readiness);
    assertThat(body.get("status").asText()).isEqualTo("UP");
    assertThat(body.get("components").get("r2dbc").get("status").asText()).isEqualTo("UP");
  }

  @Test
  void readinessIs503WhenTheDatabaseIsDown() {
    proxy.down();

    Timed<HttpResponse<String>> readiness = timed(() -> get("/actuator/health/readiness"));

    assertThat(readiness.value().statusCode()).isEqualTo(503);
    JsonNode body = json(readiness.value());
    assertThat(body.get("status").asText()).isEqualTo("DOWN");
    assertThat(body.get("components").get("r2dbc").get("status").asText()).isEqualTo("DOWN");
    assertThat(readiness.took()).isLessThan(READINESS_BOUND);
  }

  @Test
  void readinessAnswers503WithinASecondWhenTheDatabaseIsFrozen() {
    proxy.freeze();

    for (int probe = 0; probe < 3; probe++) {
      Timed<HttpResponse<String>> readiness = timed(() -> get("/actuator/health/readiness"));

      assertThat(readiness.value().statusCode()).as("probe %d", probe).isEqualTo(503);
      assertThat(json(readiness.value()).get("status").asText()).isEqualTo("DOWN");
      assertThat(readiness.took())
          .as("a load balancer's probe gets its answer in time, probe %d", probe)
          .isLessThan(READINESS_BOUND);
    }
  }

  @Test
  void readinessIs503WhenTheReplicaRefusesTraffic() {
    AvailabilityChangeEvent.publish(app, ReadinessState.REFUSING_TRAFFIC);
    try {
      HttpResponse<String> readiness = get("/actuator/health/readiness");

      assertThat(readiness.statusCode()).isEqualTo(503);
      assertThat(json(readiness).get("status").asText()).isEqualTo("OUT_OF_SERVICE");
    } finally {
      AvailabilityChangeEvent.publish(app, ReadinessState.ACCEPTING_TRAFFIC);
    }
  }

  @Test
  void mcpWithACredentialAnswers503StorageUnavailableWhenTheDatabaseIsDown() {
    proxy.down();

    assertStorageUnavailableInTime(this::mcpCall);
  }

  @Test
  void mcpWithACredentialAnswers503WithinTheDeadlineWhenTheDatabaseIsFrozen() {
    proxy.freeze();

    assertStorageUnavailableInTime(this::mcpCall);
  }

  @Test
  void loginAnswers503StorageUnavailableWhenTheDatabaseIsDown() {
    proxy.down();

    assertStorageUnavailableInTime(() -> get("/auth/login"));
  }

  @Test
  void loginAnswers503WithinTheDeadlineWhenTheDatabaseIsFrozen() {
    proxy.freeze();

    assertStorageUnavailableInTime(() -> get("/auth/login"));
  }

  @Test
  void anOutageIsALineOrTwoInTheLogNotAStackTracePerRequest() {
    try (WarningsAndErrors logs = WarningsAndErrors.capture()) {
      proxy.down();
      for (int i = 0; i < 20; i++) {
        assertThat(mcpCall().statusCode()).isEqualTo(503);
        assertThat(get("/auth/login").statusCode()).isEqualTo(503);
        get("/actuator/health/readiness");
      }

      assertThat(logs.events())
          .as("no stack trace")
          .allSatisfy(event -> assertThat(event.hasThrowable()).as(event.text()).isFalse());
      assertThat(logs.events())
          .as("nothing at ERROR")
          .noneSatisfy(event -> assertThat(event.level()).isEqualTo(Level.ERROR));
      assertThat(logs.events())
          .as("60 failed requests and probes, a few lines at most")
          .hasSizeLessThanOrEqualTo(3);
    }
  }

  @Test
  void whenTheDatabaseIsBackTheReplicaServesAgainWithoutARestart() {
    proxy.freeze();
    assertStorageUnavailable(get("/auth/login"));
    proxy.down();
    assertStorageUnavailable(get("/auth/login"));

    proxy.pass();

    awaitReadiness(200);
    assertThat(get("/auth/login").statusCode()).as("302 to AuthKit").isEqualTo(302);
  }

  /** 503 {@code storage_unavailable}, and in time: bounded by {@code MCP_DB_CALL_TIMEOUT_MS}. */
  private static void assertStorageUnavailableInTime(Supplier<HttpResponse<String>> request) {
    Timed<HttpResponse<String>> answer = timed(request);

    assertStorageUnavailable(answer.value());
    assertThat(answer.took()).as("bounded by MCP_DB_CALL_TIMEOUT_MS").isLessThan(REQUEST_BOUND);
  }

  private static void assertStorageUnavailable(HttpResponse<String> answer) {
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
    assertThat(json(answer).get("error").asText()).isEqualTo("storage_unavailable");
    assertThat(answer.headers().firstValue("Retry-After")).isPresent();
  }

  /** A tool listing with a well-formed credential: its lookup needs the database. */
  private HttpResponse<String> mcpCall() {
    String credential = SessionCredential.issue().encoded();
    return send(
        HttpRequest.newBuilder(URI.create(baseUrl + "/mcp"))
            .header("X-MCP-Session-ID", credential)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}")));
  }

  private HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
  }

  /**
   * One connection per request: Reactor Netty 1.3.6 can stop reading a keep-alive connection when a
   * request arrives before the previous, quickly answered one has terminated
   * (reactor/reactor-netty#4361), which would hang this test for reasons not its own.
   */
  private HttpResponse<String> send(HttpRequest.Builder request) {
    HttpClient http =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    try {
      return http.send(
          request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void awaitReadiness(int status) {
    long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    int last = -1;
    while (System.nanoTime() < end) {
      last = get("/actuator/health/readiness").statusCode();
      if (last == status) {
        return;
      }
      Pause.of(Duration.ofMillis(200));
    }
    throw new AssertionError("readiness stayed " + last + ", expected " + status);
  }

  private static JsonNode json(HttpResponse<String> response) {
    return JSON.readTree(response.body());
  }

  record Timed<T>(T value, Duration took) {}

  private static <T> Timed<T> timed(Supplier<T> action) {
    long started = System.nanoTime();
    T value = action.get();
    return new Timed<>(value, Duration.ofNanos(System.nanoTime() - started));
  }

  /** WARN and ERROR lines of every logger while open. */
  static final class WarningsAndErrors extends AppenderBase<ILoggingEvent>
      implements AutoCloseable {

    record Line(Level level, String text, boolean hasThrowable) {}

    private final ConcurrentLinkedQueue<Line> lines = new ConcurrentLinkedQueue<>();
    private Logger root;

    static WarningsAndErrors capture() {
      LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
      WarningsAndErrors appender = new WarningsAndErrors();
      appender.setContext(context);
      appender.start();
      appender.root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
      appender.root.addAppender(appender);
      return appender;
    }

    @Override
    protected void append(ILoggingEvent event) {
      if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
        lines.add(
            new Line(
                event.getLevel(),
                event.getLoggerName() + " " + event.getFormattedMessage(),
                event.getThrowableProxy() != null));
      }
    }

    List<Line> events() {
      return List.copyOf(lines);
    }

    @Override
    public void close() {
      root.detachAppender(this);
      stop();
    }
  }
}
