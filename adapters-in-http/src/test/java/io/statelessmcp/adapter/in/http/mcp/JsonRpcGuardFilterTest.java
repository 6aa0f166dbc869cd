package io.statelessmcp.adapter.in.http.mcp;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.core.io.buffer.NettyDataBuffer;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class JsonRpcGuardFilterTest {

  private static final DefaultDataBufferFactory BUFFERS = DefaultDataBufferFactory.sharedInstance;
  private static final NettyDataBufferFactory NETTY =
      new NettyDataBufferFactory(UnpooledByteBufAllocator.DEFAULT);
  private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
  private static final String NOT_JSON = "Parse error: the body is not JSON";
  private static final String WRONG_VERSION = "Invalid Request: jsonrpc must be \\\"2.0\\\"";
  private static final String NO_METHOD = "Invalid Request: method must be a non-empty string";
  private static final String BAD_ID = "Invalid Request: id must be a string or an integer";
  private static final String NOT_AN_OBJECT = "Invalid params: params must be an object";
  private static final String NOT_JSON_TYPE =
      "Invalid Request: Content-Type must be application/json";
  private static final String TOO_LARGE = "Invalid Request: the body exceeds 4096 bytes";
  private static final String SDK_EXCEPTION_BODY =
      "{\"jsonRpcError\":{\"code\":-32600},\"stackTrace\":[{\"className\":"
          + "\"io.modelcontextprotocol.spec.McpError$Builder\"}]}";

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

    exchange(json("/mcp").body(Flux.just(BUFFERS.wrap(body))))
        .assertRejected(HttpStatus.BAD_REQUEST, "null", -32700, NOT_JSON);
  }

  @Test
  void aBodyInManyBuffersIsForwardedWhole() {
    String body =
        "{\"jsonrpc\":\"2.0\",\"id\":\"é\",\"method\":\"ping\",\"params\":{\"a\":\"😀\"}}";
    byte[] bytes = body.getBytes(UTF_8);
    // cut inside the two-byte é and inside the four-byte emoji
    int emoji = body.substring(0, body.indexOf("😀")).getBytes(UTF_8).length;
    int[] cuts = {0, body.indexOf('é') + 1, emoji + 2, bytes.length};
    Flux<DataBuffer> buffers =
        Flux.range(0, cuts.length - 1)
            .map(i -> BUFFERS.wrap(Arrays.copyOfRange(bytes, cuts[i], cuts[i + 1])));

    assertThat(exchange(json("/mcp").body(buffers)).forwarded()).isEqualTo(body);
  }

  @Test
  void nonAsciiTextIsForwarded() {
    String body =
        "{\"jsonrpc\":\"2.0\",\"id\":\"é\",\"method\":\"ping\",\"params\":{\"a\":[\"😀 ü\"]}}";

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
  void aDeclaredLengthOverTheLimitIs413() {
    MockServerHttpRequest request = json("/mcp").contentLength(4097).body(PING);

    exchange(request).assertRejected(HttpStatus.CONTENT_TOO_LARGE, "null", -32600, TOO_LARGE);
  }

  @Test
  void aStreamedBodyOverTheLimitIs413() {
    String body =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":\""
            + "x".repeat(5000)
            + "\"}";

    post("/mcp", body).assertRejected(HttpStatus.CONTENT_TOO_LARGE, "null", -32600, TOO_LARGE);
  }

  // --- params ---

  @ParameterizedTest
  @ValueSource(strings = {"\"whoami\"", "[\"whoami\"]", "[]", "42", "true", "null"})
  void paramsThatAreNotAnObjectAreInvalidParamsEchoingTheId(String params) {
    for (String method : new String[] {"tools/call", "tools/list", "ping", "initialize"}) {
      String body =
          "{\"jsonrpc\":\"2.0\",\"id\":\"p-1\",\"method\":\""
              + method
              + "\",\"params\":"
              + params
              + "}";

      post("/mcp", body).assertRejected(HttpStatus.BAD_REQUEST, "\"p-1\"", -32602, NOT_AN_OBJECT);
    }
  }

  @Test
  void aNotificationWithParamsThatAreNotAnObjectIsRefusedWithANullId() {
    post("/mcp", "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\",\"params\":\"x\"}")
        .assertRejected(HttpStatus.BAD_REQUEST, "null", -32602, NOT_AN_OBJECT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"{}\"", "[]", "[{}]", "7", "false", "null"})
  void toolArgumentsThatAreNotAnObjectAreInvalidParams(String arguments) {
    String body =
        "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\","
            + "\"params\":{\"name\":\"whoami\",\"arguments\":"
            + arguments
            + "}}";

    post("/mcp", body)
        .assertRejected(
            HttpStatus.BAD_REQUEST, "3", -32602, "Invalid params: arguments must be an object");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":3,\"params\":{\"name\":\"whoami\"},\"params\":\"x\","
            + "\"method\":\"tools/call\"}"
      })
  void toolsCallWithoutObjectParamsIsInvalidParams(String body) {
    assertThat(post("/mcp", body).status()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(post("/mcp", body).response()).contains("\"code\":-32602").contains("\"id\":3");
  }

  @Test
  void toolsCallWithoutParamsSaysWhatIsMissing() {
    post("/mcp", "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\"}")
        .assertRejected(
            HttpStatus.BAD_REQUEST,
            "3",
            -32602,
            "Invalid params: tools/call needs params naming the tool");
  }

  @ParameterizedTest
  @ValueSource(strings = {"5", "\"m\"", "[]", "null"})
  void aMetaThatIsNotAnObjectIsInvalidParams(String meta) {
    String body =
        "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\",\"params\":{\"_meta\":"
            + meta
            + "}}";

    post("/mcp", body)
        .assertRejected(
            HttpStatus.BAD_REQUEST, "3", -32602, "Invalid params: _meta must be an object");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{}}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"whoami\"}}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"whoami\","
            + "\"arguments\":{\"arguments\":\"nested is the tool's business\"},"
            + "\"_meta\":{\"progressToken\":1}}}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"x\":{\"arguments\":7}}}",
        // other methods' arguments are theirs to judge
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"prompts/get\",\"params\":{\"name\":\"p\","
            + "\"arguments\":{}}}",
        // the last of repeated members counts
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":\"x\",\"params\":{}}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"whoami\","
            + "\"arguments\":\"x\",\"arguments\":{}}}",
        // a response has no params to judge
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{},\"params\":\"x\"}"
      })
  void objectParamsAreForwarded(String body) {
    assertThat(post("/mcp", body).forwarded()).isEqualTo(body);
  }

  // --- media type ---

  @ParameterizedTest
  @ValueSource(
      strings = {
        "text/plain",
        "text/plain; charset=utf-8",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/json-patch+json",
        "application/jsonx",
        "json",
        "no type at all"
      })
  void aBodyNotDeclaredJsonIs415AndNotForwarded(String contentType) {
    for (String path : new String[] {"/mcp", "/mcp/message"}) {
      Outcome outcome =
          exchange(
              MockServerHttpRequest.post(path)
                  .header("Content-Type", contentType)
                  .body(Flux.just(BUFFERS.wrap(PING.getBytes(UTF_8)))));

      outcome.assertRejected(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "null", -32600, NOT_JSON_TYPE);
      assertThat(outcome.headers().getFirst("Accept-Post")).isEqualTo("application/json");
    }
  }

  @Test
  void aBodyWithoutContentTypeIs415() {
    exchange(MockServerHttpRequest.post("/mcp").body(PING))
        .assertRejected(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "null", -32600, NOT_JSON_TYPE);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"application/json; charset=UTF-8", "Application/JSON", "application/json;v=1"})
  void jsonWithParametersOrAnyCaseIsForwarded(String contentType) {
    Outcome outcome =
        exchange(MockServerHttpRequest.post("/mcp").header("Content-Type", contentType).body(PING));

    assertThat(outcome.forwarded()).isEqualTo(PING);
  }

  @Test
  void otherRoutesMayPostAnyMediaType() {
    Outcome outcome =
        exchange(
            MockServerHttpRequest.post("/auth/logout")
                .contentType(MediaType.TEXT_PLAIN)
                .body("anything"));

    assertThat(outcome.forwarded()).isEqualTo("anything");
  }

  // --- a refusal the client can read ---

  @Test
  void aStreamedBodyOverTheLimitIsReadToItsEndBeforeThe413() {
    CountingBody body = new CountingBody(40, 1024); // 40 KiB: over 4 KiB, within 16 x 4 KiB

    Outcome outcome = exchange(json("/mcp").body(body.flux()));

    outcome.assertRejected(HttpStatus.CONTENT_TOO_LARGE, "null", -32600, TOO_LARGE);
    assertThat(body.emitted()).isEqualTo(40);
    assertThat(body.allReleased()).isTrue();
    assertThat(outcome.headers().getConnection()).isEmpty();
  }

  @Test
  void aDeclaredLengthOverTheLimitIsStillReadBeforeThe413() {
    CountingBody body = new CountingBody(8, 1024);

    Outcome outcome = exchange(json("/mcp").contentLength(8 * 1024).body(body.flux()));

    outcome.assertRejected(HttpStatus.CONTENT_TOO_LARGE, "null", -32600, TOO_LARGE);
    assertThat(body.emitted()).isEqualTo(8);
    assertThat(body.allReleased()).isTrue();
    assertThat(outcome.headers().getConnection()).isEmpty();
  }

  @Test
  void aBodyPastTheDiscardBoundIsNotReadToItsEndAndTheConnectionIsClosed() {
    CountingBody body = new CountingBody(1000, 1024); // 1000 KiB: past 16 x 4 KiB

    Outcome outcome = exchange(json("/mcp").body(body.flux()));

    outcome.assertRejected(HttpStatus.CONTENT_TOO_LARGE, "null", -32600, TOO_LARGE);
    assertThat(body.emitted()).isBetween(64, 66);
    assertThat(body.allReleased()).isTrue();
    assertThat(outcome.headers().getConnection()).containsExactly("close");
  }

  @Test
  void aDeclaredLengthPastTheDiscardBoundIsAnsweredWithoutReading() {
    CountingBody body = new CountingBody(1000, 1024);

    Outcome outcome = exchange(json("/mcp").contentLength(1000 * 1024).body(body.flux()));

    outcome.assertRejected(HttpStatus.CONTENT_TOO_LARGE, "null", -32600, TOO_LARGE);
    assertThat(body.emitted()).isZero();
    assertThat(outcome.headers().getConnection()).containsExactly("close");
  }

  @Test
  void aClientWaitingFor100ContinueIsAnsweredWithoutReading() {
    CountingBody body = new CountingBody(8, 1024);

    Outcome outcome =
        exchange(
            json("/mcp")
                .header("Expect", "100-continue")
                .contentLength(8 * 1024)
                .body(body.flux()));

    outcome.assertRejected(HttpStatus.CONTENT_TOO_LARGE, "null", -32600, TOO_LARGE);
    assertThat(body.emitted()).isZero();
    assertThat(outcome.headers().getConnection()).containsExactly("close");
  }

  @Test
  void aBodyOfTheWrongTypeIsReadToItsEndBeforeThe415() {
    CountingBody body = new CountingBody(10, 1024);

    Outcome outcome =
        exchange(
            MockServerHttpRequest.post("/mcp").contentType(MediaType.TEXT_PLAIN).body(body.flux()));

    outcome.assertRejected(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "null", -32600, NOT_JSON_TYPE);
    assertThat(body.emitted()).isEqualTo(10);
    assertThat(body.allReleased()).isTrue();
    assertThat(outcome.headers().getConnection()).isEmpty();
  }

  // --- what the SDK would answer with an exception ---

  @ParameterizedTest
  @ValueSource(ints = {400, 404})
  void anSdkClientErrorBodyBecomesAJsonRpcErrorWithTheSameStatus(int status) {
    Outcome outcome = answeredBySdk(PING, HttpStatus.valueOf(status), SDK_EXCEPTION_BODY);

    assertThat(outcome.status().value()).isEqualTo(status);
    assertThat(outcome.contentType()).isEqualTo(MediaType.APPLICATION_JSON);
    assertThat(outcome.response())
        .isEqualTo(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32600,"
                + "\"message\":\"Invalid Request: the message does not fit the MCP schema\"}}");
  }

  @Test
  void anSdkServerErrorBodyBecomesAnInternalError() {
    Outcome outcome = answeredBySdk(PING, HttpStatus.INTERNAL_SERVER_ERROR, SDK_EXCEPTION_BODY);

    assertThat(outcome.status()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
    assertThat(outcome.response())
        .isEqualTo(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32603,\"message\":\"Internal error\"}}");
  }

  @Test
  void aSuccessfulSdkAnswerIsUntouched() {
    String result = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}";

    Outcome outcome = answeredBySdk(PING, HttpStatus.OK, result);

    assertThat(outcome.status()).isEqualTo(HttpStatus.OK);
    assertThat(outcome.response()).isEqualTo(result);
  }

  private Outcome post(String path, String body) {
    return exchange(json(path).body(body));
  }

  /** A POST that declares a JSON body, as every client of these endpoints must. */
  private static MockServerHttpRequest.BodyBuilder json(String path) {
    return MockServerHttpRequest.post(path).contentType(MediaType.APPLICATION_JSON);
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
    return Outcome.of(exchange, forwarded.get());
  }

  /** Lets {@code body} through the guard to a handler that answers like the SDK. */
  private Outcome answeredBySdk(String body, HttpStatus status, String answer) {
    MockServerWebExchange exchange = MockServerWebExchange.from(json("/mcp").body(body));
    guard
        .filter(
            exchange,
            next -> {
              next.getResponse().setStatusCode(status);
              next.getResponse().getHeaders().setContentLength(answer.length());
              return next.getResponse().writeWith(Mono.just(BUFFERS.wrap(answer.getBytes(UTF_8))));
            })
        .block();
    return Outcome.of(exchange, null);
  }

  /** A body of reference-counted buffers made on demand, so a test sees how many were read. */
  private static final class CountingBody {

    private final int buffers;
    private final int size;
    private final List<DataBuffer> made = new ArrayList<>();

    CountingBody(int buffers, int size) {
      this.buffers = buffers;
      this.size = size;
    }

    Flux<DataBuffer> flux() {
      return Flux.range(0, buffers)
          .map(
              i -> {
                DataBuffer buffer = NETTY.allocateBuffer(size);
                buffer.write(new byte[size]);
                made.add(buffer);
                return buffer;
              });
    }

    int emitted() {
      return made.size();
    }

    boolean allReleased() {
      return made.stream().allMatch(b -> ((NettyDataBuffer) b).getNativeBuffer().refCnt() == 0);
    }
  }

  /** What the guard answered, or, when it let the request through, the body the chain read. */
  private record Outcome(
      HttpStatus status,
      MediaType contentType,
      HttpHeaders headers,
      String response,
      String forwarded) {

    /** {@code forwarded} null: the guard answered itself, and its answer is read. */
    static Outcome of(MockServerWebExchange exchange, String forwarded) {
      return new Outcome(
          (HttpStatus) exchange.getResponse().getStatusCode(),
          exchange.getResponse().getHeaders().getContentType(),
          exchange.getResponse().getHeaders(),
          forwarded == null ? exchange.getResponse().getBodyAsString().block() : null,
          forwarded);
    }

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
