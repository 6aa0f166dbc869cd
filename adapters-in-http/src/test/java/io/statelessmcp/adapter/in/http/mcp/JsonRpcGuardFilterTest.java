package io.statelessmcp.adapter.in.http.mcp;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Flux;

class JsonRpcGuardFilterTest {

  private static final DefaultDataBufferFactory BUFFERS = DefaultDataBufferFactory.sharedInstance;
  private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
  private static final String NOT_JSON = "Parse error: the body is not JSON";
  private static final String WRONG_VERSION = "Invalid Request: jsonrpc must be \\\"2.0\\\"";
  private static final String NO_METHOD = "Invalid Request: method must be a non-empty string";
  private static final String BAD_ID = "Invalid Request: id must be a string or an integer";

  private final JsonRpcGuardFilter guard = new JsonRpcGuardFilter(4096);

  @ParameterizedTest
  @ValueSource(
      strings = {
        PING,
        "{\"method\":\"ping\",\"id\":\"abc\",\"jsonrpc\":\"2.0\"}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":null}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-1,\"message\":\"x\"}}",
        "{\"jsonrpc\":\"2.0\",\"id\":-9223372036854775808,\"method\":\"ping\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":123456789012345678901234567890,\"method\":\"ping\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"whoami\","
            + "\"arguments\":{\"s\":\"}]\\\"{[\\u00e9\",\"n\":[1.5e3,null,true,{\"id\":{}}]}}}",
        // the last of repeated members counts, as it did when the guard parsed a tree
        "{\"jsonrpc\":\"1.0\",\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":{},\"id\":1,\"method\":\"ping\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"\",\"method\":\"ping\"}",
        "  " + PING + "\n"
      })
  void aWellFormedMessageIsForwardedByteForByte(String body) {
    Outcome outcome = post("/mcp", body);

    assertThat(outcome.forwarded()).isEqualTo(body);
    assertThat(outcome.status()).isNull();
  }

  @Test
  void deeplyNestedParamsAreForwarded() {
    String body =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":"
            + "{\"a\":[".repeat(200)
            + "]}".repeat(200)
            + "}";

    assertThat(post("/mcp", body).forwarded()).isEqualTo(body);
  }

  @Test
  void theSseMessageEndpointIsGuardedToo() {
    assertThat(post("/mcp/message", "[]").response()).contains("batches are not supported");
    assertThat(post("/mcp/message", PING).forwarded()).isEqualTo(PING);
  }

  @Test
  void otherRoutesAndMethodsAreNotRead() {
    assertThat(post("/auth/logout", "not json").forwarded()).isEqualTo("not json");
    Outcome get = exchange(MockServerHttpRequest.get("/mcp").build());
    assertThat(get.status()).isNull();
    assertThat(get.forwarded()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{this is not json",
        PING + " trailing",
        PING + " {}",
        PING + "}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"a\":[1,}}}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"a\":\"unterminated}}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"a\":\"\\x\"}}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"a\":01}}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"a\":[1",
        "[" + PING + ",]",
        "[] []",
        "42 x",
        "\"unterminated"
      })
  void malformedJsonAnywhereIsAParseError(String body) {
    post("/mcp", body).assertRejected(HttpStatus.BAD_REQUEST, "null", -32700, NOT_JSON);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"a\":[\"%s\"]}}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"x\":\"%s\"}",
        "[\"%s\"]",
        "\"%s\""
      })
  void aUtf8EncodedSurrogateInAnyStringIsAParseError(String template) {
    // U+D800 encoded as UTF-8: only decoding a string rejects it, skipping it does not
    String surrogate = new String(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, ISO_8859_1);
    byte[] body = template.formatted(surrogate).getBytes(ISO_8859_1);

    exchange(MockServerHttpRequest.post("/mcp").body(Flux.just(BUFFERS.wrap(body))))
        .assertRejected(HttpStatus.BAD_REQUEST, "null", -32700, NOT_JSON);
  }

  @Test
  void nonAsciiTextIsForwarded() {
    String body = "{\"jsonrpc\":\"2.0\",\"id\":\"é\",\"method\":\"ping\",\"params\":[\"😀 ü\"]}";

    assertThat(post("/mcp", body).forwarded()).isEqualTo(body);
  }

  @Test
  void nestingBeyondTheParserLimitIsAParseError() {
    String body =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":"
            + "[".repeat(1000)
            + "]".repeat(1000)
            + "}";

    post("/mcp", body).assertRejected(HttpStatus.BAD_REQUEST, "null", -32700, NOT_JSON);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " \n\t "})
  void anEmptyBodyIsAParseError(String body) {
    post("/mcp", body)
        .assertRejected(HttpStatus.BAD_REQUEST, "null", -32700, "Parse error: the body is empty");
  }

  @ParameterizedTest
  @ValueSource(strings = {"[" + PING + "]", "[]"})
  void aBatchIsRefused(String body) {
    post("/mcp", body)
        .assertRejected(
            HttpStatus.BAD_REQUEST, "null", -32600, "Invalid Request: batches are not supported");
  }

  @ParameterizedTest
  @ValueSource(strings = {"42", "\"text\"", "null", "true"})
  void aScalarIsRefused(String body) {
    post("/mcp", body)
        .assertRejected(
            HttpStatus.BAD_REQUEST, "null", -32600, "Invalid Request: expected a JSON object");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.5", "1e2", "1.0", "null", "true", "{}", "{\"a\":1}", "[1]"})
  void anIdThatIsNeitherStringNorIntegerIsRefusedWithoutEcho(String id) {
    String body = "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"ping\"}";

    post("/mcp", body).assertRejected(HttpStatus.BAD_REQUEST, "null", -32600, BAD_ID);
  }

  @Test
  void theLastRepeatedIdIsTheOneJudged() {
    String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"id\":1.5,\"method\":\"ping\"}";

    post("/mcp", body).assertRejected(HttpStatus.BAD_REQUEST, "null", -32600, BAD_ID);
  }

  @Test
  void theIdIsJudgedBeforeTheVersion() {
    String body = "{\"jsonrpc\":\"1.0\",\"id\":1.5}";

    post("/mcp", body).assertRejected(HttpStatus.BAD_REQUEST, "null", -32600, BAD_ID);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"id\":7,\"method\":\"ping\"}",
        "{\"jsonrpc\":\"1.0\",\"id\":7,\"method\":\"ping\"}",
        "{\"jsonrpc\":2.0,\"id\":7,\"method\":\"ping\"}",
        "{\"jsonrpc\":null,\"id\":7,\"method\":\"ping\"}",
        "{\"jsonrpc\":{\"v\":\"2.0\"},\"id\":7,\"method\":\"ping\"}",
        "{\"jsonrpc\":\"2.0\",\"jsonrpc\":\"1.0\",\"id\":7,\"method\":\"ping\"}"
      })
  void aWrongVersionIsRefusedEchoingTheId(String body) {
    post("/mcp", body).assertRejected(HttpStatus.BAD_REQUEST, "7", -32600, WRONG_VERSION);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"jsonrpc\":\"2.0\",\"id\":\"a-1\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":\"a-1\",\"method\":\"\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":\"a-1\",\"method\":5}",
        "{\"jsonrpc\":\"2.0\",\"id\":\"a-1\",\"method\":null}",
        "{\"jsonrpc\":\"2.0\",\"id\":\"a-1\",\"method\":[\"ping\"]}",
        "{\"jsonrpc\":\"2.0\",\"id\":\"a-1\",\"method\":\"ping\",\"method\":\"\"}"
      })
  void aMissingMethodIsRefusedEchoingAStringId(String body) {
    post("/mcp", body).assertRejected(HttpStatus.BAD_REQUEST, "\"a-1\"", -32600, NO_METHOD);
  }

  @Test
  void aNotificationWithoutMethodIsRefusedWithANullId() {
    post("/mcp", "{\"jsonrpc\":\"2.0\"}")
        .assertRejected(HttpStatus.BAD_REQUEST, "null", -32600, NO_METHOD);
  }

  @Test
  void anIntegerIdBeyondLongIsEchoedExactly() {
    String body = "{\"jsonrpc\":\"1.0\",\"id\":123456789012345678901234567890,\"method\":\"ping\"}";

    post("/mcp", body)
        .assertRejected(
            HttpStatus.BAD_REQUEST, "123456789012345678901234567890", -32600, WRONG_VERSION);
  }

  @Test
  void aDeclaredLengthOverTheLimitIs413WithoutReading() {
    MockServerHttpRequest request =
        MockServerHttpRequest.post("/mcp").contentLength(4097).body(PING);

    exchange(request)
        .assertRejected(
            HttpStatus.CONTENT_TOO_LARGE,
            "null",
            -32600,
            "Invalid Request: the body exceeds 4096 bytes");
  }

  @Test
  void aStreamedBodyOverTheLimitIs413() {
    String body =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":\""
            + "x".repeat(5000)
            + "\"}";

    post("/mcp", body)
        .assertRejected(
            HttpStatus.CONTENT_TOO_LARGE,
            "null",
            -32600,
            "Invalid Request: the body exceeds 4096 bytes");
  }

  private Outcome post(String path, String body) {
    return exchange(MockServerHttpRequest.post(path).body(body));
  }

  private Outcome exchange(MockServerHttpRequest request) {
    MockServerWebExchange exchange = MockServerWebExchange.from(request);
    AtomicReference<String> forwarded = new AtomicReference<>();
    guard
        .filter(
            exchange,
            next ->
                DataBufferUtils.join(next.getRequest().getBody())
                    .map(
                        buffer -> {
                          String text = buffer.toString(UTF_8);
                          DataBufferUtils.release(buffer);
                          return text;
                        })
                    .defaultIfEmpty("")
                    .doOnNext(forwarded::set)
                    .then())
        .block();
    String response =
        forwarded.get() == null ? exchange.getResponse().getBodyAsString().block() : null;
    return new Outcome(
        (HttpStatus) exchange.getResponse().getStatusCode(),
        exchange.getResponse().getHeaders().getContentType(),
        response,
        forwarded.get());
  }

  /** What the guard answered, or, when it let the request through, the body the chain read. */
  private record Outcome(
      HttpStatus status, MediaType contentType, String response, String forwarded) {

    void assertRejected(HttpStatus expectedStatus, String id, int code, String message) {
      assertThat(forwarded).as("forwarded body").isNull();
      assertThat(status).isEqualTo(expectedStatus);
      assertThat(contentType).isEqualTo(MediaType.APPLICATION_JSON);
      assertThat(response)
          .isEqualTo(
              "{\"jsonrpc\":\"2.0\",\"id\":"
                  + id
                  + ",\"error\":{\"code\":"
                  + code
                  + ",\"message\":\""
                  + message
                  + "\"}}");
    }
  }
}
