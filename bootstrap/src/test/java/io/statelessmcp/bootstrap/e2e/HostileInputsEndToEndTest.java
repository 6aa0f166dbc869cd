package io.statelessmcp.bootstrap.e2e;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.statelessmcp.adapter.out.workos.fake.FakeUser;
import io.statelessmcp.adapter.out.workos.fake.FakeWorkOs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Inputs from a battery of hostile cases that once got through: two different credentials in one
 * request, params that are not objects, bodies that are not JSON, and a body far over the limit.
 * Self-contained on purpose: its own replica (memory store, fake WorkOS) and its own HTTP helpers.
 */
class HostileInputsEndToEndTest {

  /** The default MCP_MAX_REQUEST_BYTES, as the hostile battery ran it. */
  private static final int LIMIT = 1_048_576;

  private static final int TEN_MEGABYTES = 10 * 1024 * 1024;
  private static final JsonMapper JSON = JsonMapper.shared();
  private static final String WHOAMI =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
          + "\"params\":{\"name\":\"whoami\",\"arguments\":{}}}";

  private static FakeWorkOs workOs;
  private static App app;
  private static String baseUrl;

  private final Browser client = new Browser();
  private String credential;

  @BeforeAll
  static void start() {
    workOs = FakeWorkOs.start();
    workOs.signInAs(FakeUser.ada());
    app =
        App.start(
            App.loggingInThrough(
                workOs,
                Map.of(
                    "MCP_SESSION_STORE", "memory",
                    "MCP_AUTH_RATE_LIMIT_PER_MINUTE", "10000",
                    "MCP_MAX_REQUEST_BYTES", Integer.toString(LIMIT))));
    baseUrl = app.baseUrl();
  }

  @AfterAll
  static void stop() {
    app.close();
    workOs.close();
  }

  @BeforeEach
  void login() {
    credential = newLogin();
  }

  // --- one credential per request ---

  @ParameterizedTest(name = "valid first: {0}")
  @ValueSource(booleans = {true, false})
  void theSessionHeaderTwiceWithDifferentValuesIs400AndNothingRuns(boolean validFirst) {
    String bogus = newLogin(); // a real credential of the same user: still not the same one
    String revokeOwn = revokeCall(sessionIdOf(credential));
    String first = validFirst ? credential : bogus;
    String second = validFirst ? bogus : credential;

    HttpResponse<String> response =
        send(
            mcpPost(revokeOwn)
                .header("X-MCP-Session-ID", first)
                .header("X-MCP-Session-ID", second));

    assertAmbiguous(response, credential, bogus);
    assertThat(whoamiWith("X-MCP-Session-ID", credential).statusCode())
        .as("the session the request named is untouched")
        .isEqualTo(200);
    assertThat(whoamiWith("X-MCP-Session-ID", bogus).statusCode()).isEqualTo(200);
  }

  @Test
  void aBogusSecondHeaderIsRefusedToo() {
    String bogus = sessionIdOf(credential) + "." + "A".repeat(43);

    HttpResponse<String> response =
        whoamiWith("X-MCP-Session-ID", credential, "X-MCP-Session-ID", bogus);

    assertAmbiguous(response, credential, bogus);
  }

  @Test
  void theSameCredentialAsHeaderCookieAndBearerIsOneCredential() {
    HttpResponse<String> headerAndCookie =
        whoamiWith("X-MCP-Session-ID", credential, "Cookie", "mcp_session=" + credential);
    HttpResponse<String> everywhere =
        whoamiWith(
            "X-MCP-Session-ID",
            credential,
            "Cookie",
            "mcp_session=" + credential,
            "Authorization",
            "Bearer " + credential);

    assertThat(headerAndCookie.statusCode()).as(headerAndCookie.body()).isEqualTo(200);
    assertThat(everywhere.statusCode()).as(everywhere.body()).isEqualTo(200);
  }

  @Test
  void differentValuesInHeaderCookieOrBearerAre400() {
    String other = newLogin();

    assertAmbiguous(
        whoamiWith("X-MCP-Session-ID", credential, "Authorization", "Bearer " + other),
        credential,
        other);
    assertAmbiguous(
        whoamiWith("X-MCP-Session-ID", credential, "Cookie", "mcp_session=" + other),
        credential,
        other);
    assertAmbiguous(
        whoamiWith("Cookie", "mcp_session=" + credential + "; mcp_session=" + other),
        credential,
        other);
    assertAmbiguous(
        whoamiWith("Authorization", "Bearer " + credential, "Authorization", "Bearer " + other),
        credential,
        other);
  }

  // --- params ---

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":\"whoami\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":[\"whoami\"]}",
        "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\","
            + "\"params\":{\"name\":\"whoami\",\"arguments\":\"{}\"}}",
        "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\","
            + "\"params\":{\"name\":\"whoami\",\"arguments\":[]}}",
        "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":null}",
        "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\","
            + "\"params\":{\"name\":\"whoami\",\"_meta\":5}}",
        "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/list\",\"params\":42}",
        "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"initialize\",\"params\":\"x\"}"
      })
  void paramsThatAreNotAnObjectAreInvalidParamsWithoutAJavaClassName(String body) {
    HttpResponse<String> response = send(mcpPost(body).header("X-MCP-Session-ID", credential));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    JsonNode answer = JSON.readTree(response.body());
    assertThat(answer.get("id").asInt()).isEqualTo(5);
    assertThat(answer.get("error").get("code").asInt()).isEqualTo(-32602);
    assertThat(response.body())
        .doesNotContain("io.modelcontextprotocol")
        .doesNotContain("McpError")
        .doesNotContain("Exception")
        .doesNotContain("$");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/mcp", "/mcp/message", "/mcp/message?sessionId=no-such-session"})
  void whatTheSdkRefusesItselfComesBackWithoutAJavaClassName(String path) {
    String response = "{\"jsonrpc\":\"2.0\",\"id\":9,\"result\":{}}";

    HttpResponse<String> answer =
        send(
            HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("X-MCP-Session-ID", credential)
                .POST(HttpRequest.BodyPublishers.ofString(response)));

    assertThat(answer.statusCode()).as(answer.body()).isBetween(400, 499);
    assertThat(JSON.readTree(answer.body()).get("error").get("code").asInt()).isEqualTo(-32600);
    assertThat(answer.body())
        .doesNotContain("stackTrace")
        .doesNotContain("io.modelcontextprotocol")
        .doesNotContain("Exception");
  }

  // --- media type ---

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data", "none"})
  void aBodyThatIsNotDeclaredJsonIs415AndNothingRuns(String contentType) {
    String revokeOwn = revokeCall(sessionIdOf(credential));
    for (String path : new String[] {"/mcp", "/mcp/message"}) {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(baseUrl + path))
              .timeout(Duration.ofSeconds(20))
              .header("Accept", "application/json, text/event-stream")
              .header("X-MCP-Session-ID", credential)
              .POST(HttpRequest.BodyPublishers.ofString(revokeOwn));
      if (!contentType.equals("none")) {
        request.header("Content-Type", contentType);
      }

      HttpResponse<String> response = send(request);

      assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(415);
      assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(JSON.readTree(response.body()).get("error").get("message").asText())
          .contains("application/json");
    }
    assertThat(whoamiWith("X-MCP-Session-ID", credential).statusCode())
        .as("the session is not revoked")
        .isEqualTo(200);
  }

  @Test
  void jsonWithACharsetParameterIsAccepted() {
    HttpResponse<String> response =
        send(
            mcpPost(WHOAMI)
                .setHeader("Content-Type", "Application/JSON; charset=UTF-8")
                .header("X-MCP-Session-ID", credential));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  // --- size ---

  @ParameterizedTest(name = "chunked: {0}")
  @ValueSource(booleans = {false, true})
  void tenMegabytesGetA413TheClientCanReadEveryTime(boolean chunked) {
    for (int attempt = 1; attempt <= 5; attempt++) {
      byte[] body = hugeToolCall();
      HttpRequest.BodyPublisher publisher =
          chunked
              ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
              : HttpRequest.BodyPublishers.ofByteArray(body);

      HttpResponse<String> response =
          send(
              HttpRequest.newBuilder(URI.create(baseUrl + "/mcp"))
                  .timeout(Duration.ofSeconds(60))
                  .header("Content-Type", "application/json")
                  .header("Accept", "application/json, text/event-stream")
                  .header("X-MCP-Session-ID", credential)
                  .POST(publisher));

      assertThat(response.statusCode()).as("attempt " + attempt).isEqualTo(413);
      assertThat(JSON.readTree(response.body()).get("error").get("code").asInt()).isEqualTo(-32600);
    }
  }

  @ParameterizedTest(name = "chunked: {0}, Connection: close: {1}")
  @CsvSource({"false,false", "true,false", "false,true", "true,true"})
  void aClientThatSendsAllTenMegabytesBeforeReadingStillReadsThe413(
      boolean chunked, boolean connectionClose) throws IOException {
    for (int attempt = 1; attempt <= 3; attempt++) {
      byte[] body = hugeToolCall();
      try (Socket socket = new Socket("localhost", URI.create(baseUrl).getPort())) {
        socket.setSoTimeout(60_000);
        OutputStream out = socket.getOutputStream();
        out.write(
            ("POST /mcp HTTP/1.1\r\n"
                    + "Host: localhost\r\n"
                    + "Content-Type: application/json\r\n"
                    + "Accept: application/json, text/event-stream\r\n"
                    + (connectionClose ? "Connection: close\r\n" : "")
                    + "X-MCP-Session-ID: "
                    + credential
                    + "\r\n"
                    + (chunked
                        ? "Transfer-Encoding: chunked\r\n"
                        : "Content-Length: " + body.length + "\r\n")
                    + "\r\n")
                .getBytes(US_ASCII));
        int chunk = 64 * 1024;
        for (int offset = 0; offset < body.length; offset += chunk) {
          int length = Math.min(chunk, body.length - offset);
          if (chunked) {
            out.write((Integer.toHexString(length) + "\r\n").getBytes(US_ASCII));
          }
          out.write(body, offset, length);
          if (chunked) {
            out.write("\r\n".getBytes(US_ASCII));
          }
        }
        if (chunked) {
          out.write("0\r\n\r\n".getBytes(US_ASCII));
        }
        out.flush();

        RawResponse response = RawResponse.read(socket.getInputStream());

        assertThat(response.statusLine()).as("attempt " + attempt).startsWith("HTTP/1.1 413 ");
        assertThat(response.body()).contains("\"code\":-32600");
      }
    }
  }

  /** A response read off a socket by its Content-Length, so a kept-alive connection is fine. */
  private record RawResponse(String statusLine, String body) {

    static RawResponse read(InputStream in) throws IOException {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      while (!head.toString(US_ASCII).endsWith("\r\n\r\n")) {
        int next = in.read();
        if (next < 0) {
          throw new IOException("connection closed within the headers: " + head.toString(US_ASCII));
        }
        head.write(next);
      }
      String[] lines = head.toString(US_ASCII).split("\r\n");
      int length =
          Arrays.stream(lines)
              .filter(line -> line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:"))
              .map(line -> Integer.parseInt(line.substring(line.indexOf(':') + 1).trim()))
              .findFirst()
              .orElseThrow(() -> new IOException("no Content-Length: " + Arrays.toString(lines)));
      return new RawResponse(lines[0], new String(in.readNBytes(length), UTF_8));
    }
  }

  // --- helpers ---

  private static void assertAmbiguous(HttpResponse<String> response, String... credentials) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode answer = JSON.readTree(response.body());
    assertThat(answer.get("error").asText()).isEqualTo("invalid_request");
    assertThat(answer.get("error_description").asText()).isNotBlank();
    for (String presented : credentials) {
      assertThat(response.body()).doesNotContain(presented).doesNotContain(sessionIdOf(presented));
    }
  }

  private static String revokeCall(String sessionId) {
    return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":"
        + "\"revoke_session\",\"arguments\":{\"session_id\":\""
        + sessionId
        + "\"}}}";
  }

  private static String sessionIdOf(String credential) {
    int dot = credential.indexOf('.');
    return dot < 0 ? credential : credential.substring(0, dot);
  }

  /** A well-formed tools/call, ten megabytes long. */
  private static byte[] hugeToolCall() {
    String head =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"whoami\","
            + "\"arguments\":{\"padding\":\"";
    String tail = "\"}}}";
    byte[] body = new byte[TEN_MEGABYTES];
    Arrays.fill(body, (byte) 'x');
    System.arraycopy(head.getBytes(UTF_8), 0, body, 0, head.length());
    System.arraycopy(tail.getBytes(UTF_8), 0, body, body.length - tail.length(), tail.length());
    return body;
  }

  /**
   * A login on a connection of its own. Reactor Netty 1.3.6 can stop reading a keep-alive
   * connection whose next request arrives while a response finished off the connection's event loop
   * (as {@code /auth/complete} does, after the call to WorkOS) is still terminating
   * (reactor/reactor-netty#4361); a fresh client per login keeps that out of these tests.
   */
  private String newLogin() {
    Browser browser = new Browser();
    HttpResponse<String> started = browser.get(baseUrl + "/auth/login", null, null, null);
    assertThat(started.statusCode()).as(started.body()).isEqualTo(302);
    String stateCookie = WebForms.cookie(started, "mcp_login_state");
    URI callback =
        workOs.followAuthorize(URI.create(started.headers().firstValue("Location").orElseThrow()));
    HttpResponse<String> done =
        browser.get(
            baseUrl + callback.getRawPath() + "?" + callback.getRawQuery(),
            null,
            stateCookie,
            "application/json");
    assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
    return JSON.readTree(done.body()).get("credential").asText();
  }

  private HttpRequest.Builder mcpPost(String body) {
    return HttpRequest.newBuilder(URI.create(baseUrl + "/mcp"))
        .timeout(Duration.ofSeconds(20))
        .header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    return client.send(request.build());
  }

  private HttpResponse<String> whoamiWith(String... headersAndValues) {
    return send(mcpPost(WHOAMI).headers(headersAndValues));
  }
}
