package io.statelessmcp.adapter.out.workos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.statelessmcp.application.failure.ClientRejected;
import io.statelessmcp.application.port.out.ClientMetadataDocuments.Document;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Fetching Client ID Metadata Documents from a server on loopback (the test aid allows it), and
 * what is refused: other client ids, large or non-JSON answers, redirects, slow servers, and, with
 * the aid off, loopback itself.
 */
class ClientMetadataDocumentsTest {

  private static final ClientMetadataDocumentSettings LOOPBACK_ALLOWED =
      ClientMetadataDocumentSettings.defaults()
          .withLoopbackAllowed(true)
          .withDeadline(Duration.ofMillis(2000));

  private static final AtomicReference<
          BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>>>
      HANDLER = new AtomicReference<>();
  private static final AtomicInteger REQUESTS = new AtomicInteger();
  private static DisposableServer server;

  private final HttpClientMetadataDocuments documents =
      new HttpClientMetadataDocuments(LOOPBACK_ALLOWED);

  @BeforeAll
  static void start() {
    server =
        HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .handle(
                (request, response) -> {
                  REQUESTS.incrementAndGet();
                  return HANDLER.get().apply(request, response);
                })
            .bindNow();
  }

  @AfterAll
  static void stop() {
    server.disposeNow();
  }

  @BeforeEach
  void reset() {
    REQUESTS.set(0);
    HANDLER.set((request, response) -> response.status(404).send());
  }

  private static URI url() {
    return URI.create("http://127.0.0.1:" + server.port() + "/oauth/client.json");
  }

  static String document(String clientId) {
    return "{\"client_id\":\""
        + clientId
        + "\",\"client_name\":\"Test client\",\"client_uri\":\"https://client.example\","
        + "\"redirect_uris\":[\"http://127.0.0.1:6274/callback\","
        + "\"https://client.example/callback\"],"
        + "\"grant_types\":[\"authorization_code\",\"refresh_token\"],"
        + "\"response_types\":[\"code\"],\"token_endpoint_auth_method\":\"none\"}";
  }

  private static void serve(String contentType, String cacheControl, String body) {
    HANDLER.set(
        (request, response) -> {
          HttpServerResponse answer = response.status(200);
          if (contentType != null) {
            answer = answer.header(HttpHeaderNames.CONTENT_TYPE, contentType);
          }
          if (cacheControl != null) {
            answer = answer.header(HttpHeaderNames.CACHE_CONTROL, cacheControl);
          }
          return answer.sendString(Mono.just(body));
        });
  }

  private String refusal(HttpClientMetadataDocuments fetcher, URI url) {
    ClientRejected refused =
        catchThrowableOfType(ClientRejected.class, () -> fetcher.fetch(url).block());
    assertThat(refused).as("refused").isNotNull();
    assertThat(refused.reason()).isEqualTo(ClientRejected.Reason.UNKNOWN_CLIENT);
    return refused.getMessage();
  }

  @Test
  void aValidDocumentGivesTheClientsMetadataAndHowLongItMayBeCached() {
    serve("application/json; charset=utf-8", "public, max-age=600", document(url().toString()));

    Document fetched = documents.fetch(url()).block();

    assertThat(fetched.metadata().clientName()).isEqualTo("Test client");
    assertThat(fetched.metadata().redirectUris())
        .containsExactlyInAnyOrder(
            "http://127.0.0.1:6274/callback", "https://client.example/callback");
    assertThat(fetched.metadata().clientUri()).isEqualTo("https://client.example");
    assertThat(fetched.maxAge()).contains(Duration.ofMinutes(10));
  }

  @Test
  void cacheControlSaysHowLongOrThatItMustNotBeKept() {
    assertThat(HttpClientMetadataDocuments.maxAge(null)).isEmpty();
    assertThat(HttpClientMetadataDocuments.maxAge("public")).isEmpty();
    assertThat(HttpClientMetadataDocuments.maxAge("max-age=86400, must-revalidate"))
        .contains(Duration.ofDays(1));
    assertThat(HttpClientMetadataDocuments.maxAge("max-age=60, no-cache")).contains(Duration.ZERO);
    assertThat(HttpClientMetadataDocuments.maxAge("no-store")).contains(Duration.ZERO);
    assertThat(HttpClientMetadataDocuments.maxAge("max-age=soon")).isEmpty();
  }

  @Test
  void aDocumentNamingAnotherClientIdIsRefused() {
    serve("application/json", null, document("https://evil.example/client.json"));

    assertThat(refusal(documents, url()))
        .isEqualTo(
            "client metadata document " + url() + " names another client_id than its own URL");
  }

  @Test
  void aDocumentWithoutRedirectUrisOrWithAConfidentialClientIsRefused() {
    serve(
        "application/json",
        null,
        document(url().toString()).replaceAll("\"redirect_uris\":\\[[^\\]]*\\],", ""));
    assertThat(refusal(documents, url()))
        .endsWith("is not acceptable: redirect_uris is required (at least one URI)");

    serve(
        "application/json",
        null,
        document(url().toString()).replace("\"none\"", "\"private_key_jwt\""));
    assertThat(refusal(documents, url())).contains("token_endpoint_auth_method must be none");
  }

  @Test
  void aDocumentLargerThanTheLimitIsRefusedWithOrWithoutContentLength() {
    String padded =
        document(url().toString()).replace("\"Test client\"", "\"" + "x".repeat(6000) + "\"");
    serve("application/json", null, padded);
    assertThat(refusal(documents, url())).endsWith("is larger than 5120 bytes");

    HANDLER.set(
        (request, response) ->
            response
                .status(200)
                .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .chunkedTransfer(true)
                .sendString(
                    reactor.core.publisher.Flux.just(
                        padded.substring(0, 3000), padded.substring(3000))));
    assertThat(refusal(documents, url())).endsWith("is larger than 5120 bytes");
  }

  @Test
  void somethingOtherThanJsonIsRefused() {
    serve("text/html", null, "<html>" + document(url().toString()) + "</html>");
    assertThat(refusal(documents, url())).endsWith("is not served as application/json");

    serve("application/json", null, "{\"client_id\": oops");
    assertThat(refusal(documents, url())).endsWith("is not a JSON object");

    serve("application/json", null, "[\"" + url() + "\"]");
    assertThat(refusal(documents, url())).endsWith("is not a JSON object");
  }

  @Test
  void aRedirectIsNotFollowed() {
    HANDLER.set(
        (request, response) ->
            request.uri().startsWith("/moved")
                ? response
                    .status(200)
                    .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                    .sendString(Mono.just(document(url().toString())))
                : response.status(302).header(HttpHeaderNames.LOCATION, "/moved").send());

    assertThat(refusal(documents, url()))
        .endsWith("answered with a redirect (HTTP 302), not followed");
    assertThat(REQUESTS.get()).isEqualTo(1);
  }

  @Test
  void anErrorStatusIsRefused() {
    assertThat(refusal(documents, url())).endsWith("answered HTTP 404");
  }

  @Test
  void aServerThatDoesNotAnswerInTimeIsRefusedAtTheDeadline() {
    HANDLER.set((request, response) -> Mono.never());

    long started = System.nanoTime();
    String refusal = refusal(documents, url());

    assertThat(refusal).endsWith("did not answer within 2000 ms");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void withoutTheTestAidLoopbackIsRefusedBeforeAnyConnectionAndHttpIsRefused() {
    HttpClientMetadataDocuments production =
        new HttpClientMetadataDocuments(ClientMetadataDocumentSettings.defaults());
    serve("application/json", null, document(url().toString()));
    URI byAddress = URI.create("https://127.0.0.1:" + server.port() + "/oauth/client.json");
    URI byName = URI.create("https://localhost:" + server.port() + "/oauth/client.json");
    URI v6 = URI.create("https://[::1]:" + server.port() + "/oauth/client.json");

    assertThat(refusal(production, byAddress))
        .endsWith("is on a host that resolves to a loopback address; refused");
    assertThat(refusal(production, byName)).contains("resolves to a loopback address");
    assertThat(refusal(production, v6)).contains("resolves to a loopback address");
    assertThat(refusal(production, url())).endsWith("must be an https URL");
    assertThat(refusal(production, URI.create("https://10.0.0.7/client.json")))
        .contains("resolves to a private address");
    assertThat(refusal(production, URI.create("https://169.254.169.254/latest/meta-data")))
        .contains("link-local");
    assertThat(REQUESTS.get()).as("no request reached the server").isZero();
  }

  @Test
  void theTestAidStillRefusesPlainHttpToOtherHostsAndPrivateAddresses() {
    assertThat(refusal(documents, URI.create("http://10.0.0.7/client.json")))
        .contains("resolves to a private address");
    assertThat(refusal(documents, URI.create("http://93.184.216.34/client.json")))
        .endsWith("must be an https URL");
  }

  @Test
  void overHttpsTheCertificateMustBeForTheHostNamedInTheUrl(@TempDir Path keys) throws Exception {
    Path localhost = keyStore(keys, "localhost");
    Path other = keyStore(keys, "other.example");
    HttpClientMetadataDocuments trusting =
        new HttpClientMetadataDocuments(LOOPBACK_ALLOWED, trusting(localhost, other));

    DisposableServer good = tlsServer(localhost);
    DisposableServer wrongName = tlsServer(other);
    try {
      URI goodUrl = URI.create("https://localhost:" + good.port() + "/oauth/client.json");
      serve("application/json", "max-age=60", document(goodUrl.toString()));
      assertThat(trusting.fetch(goodUrl).block().maxAge()).contains(Duration.ofMinutes(1));

      URI wrongUrl = URI.create("https://localhost:" + wrongName.port() + "/oauth/client.json");
      serve("application/json", null, document(wrongUrl.toString()));
      assertThat(refusal(trusting, wrongUrl)).contains("could not be fetched");
    } finally {
      good.disposeNow();
      wrongName.disposeNow();
    }
  }

  private static DisposableServer tlsServer(Path keyStore) throws Exception {
    KeyManagerFactory keyManagers =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(load(keyStore), "changeit".toCharArray());
    SslContext context = SslContextBuilder.forServer(keyManagers).build();
    return HttpServer.create()
        .host("127.0.0.1")
        .port(0)
        .secure(spec -> spec.sslContext(context))
        .handle((request, response) -> HANDLER.get().apply(request, response))
        .bindNow();
  }

  private static SslContext trusting(Path... keyStores) throws Exception {
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    int i = 0;
    for (Path keyStore : keyStores) {
      trusted.setCertificateEntry("cert" + i++, load(keyStore).getCertificate("doc"));
    }
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    return SslContextBuilder.forClient().trustManager(trust).build();
  }

  private static KeyStore load(Path keyStore) throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = new FileInputStream(keyStore.toFile())) {
      store.load(in, "changeit".toCharArray());
    }
    return store;
  }

  /** A self-signed certificate for {@code dnsName}, made with the JDK's keytool. */
  private static Path keyStore(Path directory, String dnsName)
      throws IOException, InterruptedException {
    Path file = directory.resolve(dnsName + ".p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process process =
        new ProcessBuilder(
                List.of(
                    keytool.toString(),
                    "-genkeypair",
                    "-alias",
                    "doc",
                    "-keyalg",
                    "EC",
                    "-groupname",
                    "secp256r1",
                    "-dname",
                    "CN=" + dnsName,
                    "-ext",
                    "SAN=dns:" + dnsName,
                    "-validity",
                    "2",
                    "-keystore",
                    file.toString(),
                    "-storetype",
                    "PKCS12",
                    "-storepass",
                    "changeit",
                    "-keypass",
                    "changeit"))
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor()).as(output).isZero();
    assertThat(Files.exists(file)).isTrue();
    return file;
  }
}
