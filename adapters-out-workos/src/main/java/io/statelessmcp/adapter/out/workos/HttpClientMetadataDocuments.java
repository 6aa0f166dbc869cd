package io.statelessmcp.adapter.out.workos;

import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.client.ClientMetadata;
import com.nimbusds.oauth2.sdk.util.JSONObjectUtils;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.statelessmcp.application.failure.ClientRejected;
import io.statelessmcp.application.port.out.ClientMetadataDocuments;
import io.statelessmcp.domain.InvalidClientMetadata;
import io.statelessmcp.domain.OAuthClientMetadata;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import net.minidev.json.JSONObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientResponse;
import reactor.netty.resources.ConnectionProvider;

/**
 * Fetches Client ID Metadata Documents without letting a client point this server at anything it
 * should not reach (server-side request forgery):
 *
 * <ul>
 *   <li>https only (plain http only with the loopback test aid);
 *   <li>the host is resolved first, every address it resolves to must be public unicast ({@link
 *       PublicAddresses}), and the connection goes to the address that was checked, so a second DNS
 *       answer (rebinding) cannot swap it; TLS still verifies the certificate for the host;
 *   <li>no redirects, at most {@code maxBytes}, a short deadline, {@code application/json} only, a
 *       fresh connection each time (no pool to share with other hosts).
 * </ul>
 *
 * The document must be a JSON object whose {@code client_id} is exactly the URL it was fetched
 * from, and whose metadata this server accepts ({@link OAuthClientMetadata}).
 */
public final class HttpClientMetadataDocuments implements ClientMetadataDocuments {

  private static final Logger log = LoggerFactory.getLogger(HttpClientMetadataDocuments.class);

  private final ClientMetadataDocumentSettings settings;
  private final SslContext sslContext;

  public HttpClientMetadataDocuments(ClientMetadataDocumentSettings settings) {
    this(settings, null);
  }

  /** Tests trust their own certificate; null means the JDK's trust store. */
  HttpClientMetadataDocuments(ClientMetadataDocumentSettings settings, SslContext sslContext) {
    this.settings = Objects.requireNonNull(settings, "settings");
    try {
      this.sslContext = sslContext != null ? sslContext : SslContextBuilder.forClient().build();
    } catch (SSLException e) {
      throw new IllegalStateException("no TLS client context", e);
    }
  }

  @Override
  public Mono<Document> fetch(URI url) {
    return Mono.defer(() -> fetchChecked(url))
        .timeout(settings.deadline())
        .onErrorMap(TimeoutException.class, e -> refused(url, "did not answer within " + millis()))
        .onErrorMap(
            e -> !(e instanceof ClientRejected),
            e -> {
              log.info("client metadata document {} could not be fetched: {}", url, e.toString());
              return refused(url, "could not be fetched (" + e.getClass().getSimpleName() + ")");
            })
        .doOnError(
            ClientRejected.class,
            e -> log.info("client metadata document refused: {}", e.getMessage()));
  }

  private Mono<Document> fetchChecked(URI url) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    boolean https = scheme.equals("https");
    if (!https && !(scheme.equals("http") && settings.loopbackAllowed())) {
      return Mono.error(refused(url, "must be an https URL"));
    }
    String host = url.getHost();
    if (host == null) {
      return Mono.error(refused(url, "has no host"));
    }
    int port = url.getPort() >= 0 ? url.getPort() : https ? 443 : 80;
    return resolve(host)
        .flatMap(
            addresses -> {
              for (InetAddress address : addresses) {
                String refusal = PublicAddresses.refusal(address, settings.loopbackAllowed());
                if (refusal != null) {
                  return Mono.error(
                      refused(url, "is on a host that resolves to " + refusal + "; refused"));
                }
              }
              if (!https && !addresses.get(0).isLoopbackAddress()) {
                return Mono.error(refused(url, "must be an https URL"));
              }
              return Mono.fromCallable(() -> pinned(host, addresses.get(0), port))
                  .flatMap(address -> get(url, address, https));
            });
  }

  private static Mono<List<InetAddress>> resolve(String host) {
    // Blocking name resolution, off the event loop; bounded by the fetch deadline.
    return Mono.fromCallable(() -> List.of(InetAddress.getAllByName(host)))
        .subscribeOn(Schedulers.boundedElastic())
        .onErrorMap(UnknownHostException.class, e -> new UnknownHostException("unknown host"));
  }

  /**
   * The checked address, carrying the host name: Reactor Netty connects to the address as it is (no
   * second lookup) and uses the name for TLS server name indication and certificate checks.
   */
  private static InetSocketAddress pinned(String host, InetAddress checked, int port)
      throws UnknownHostException {
    String name = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    return new InetSocketAddress(InetAddress.getByAddress(name, checked.getAddress()), port);
  }

  private Mono<Document> get(URI url, InetSocketAddress address, boolean https) {
    HttpClient http =
        HttpClient.create(ConnectionProvider.newConnection())
            .remoteAddress(() -> address)
            .option(
                ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout().toMillis())
            .responseTimeout(settings.deadline())
            .followRedirect(false)
            .disableRetry(true)
            .headers(
                headers ->
                    headers
                        .set(HttpHeaderNames.HOST, hostHeader(url))
                        .set(HttpHeaderNames.ACCEPT, "application/json")
                        .set(
                            HttpHeaderNames.USER_AGENT,
                            "mcp-session-server (OAuth client metadata)"));
    if (https) {
      http =
          http.secure(
              spec ->
                  spec.sslContext(sslContext)
                      .handlerConfigurator(HttpClientMetadataDocuments::verifyHostName));
    }
    String pathAndQuery =
        url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
    return http.get()
        .uri(pathAndQuery)
        .responseConnection(
            (response, connection) ->
                Mono.defer(() -> checkResponse(url, response))
                    .then(
                        connection
                            .inbound()
                            .receive()
                            .asByteArray()
                            .reduce(
                                new ByteArrayOutputStream(),
                                (body, chunk) -> append(url, body, chunk)))
                    .map(body -> document(url, body.toString(StandardCharsets.UTF_8), response)))
        .next();
  }

  /** The certificate must be for the host named in the URL, not merely for some host. */
  private static void verifyHostName(SslHandler handler) {
    SSLEngine engine = handler.engine();
    SSLParameters parameters = engine.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    engine.setSSLParameters(parameters);
  }

  private Mono<Void> checkResponse(URI url, HttpClientResponse response) {
    int status = response.status().code();
    if (status >= 300 && status < 400) {
      return Mono.error(
          refused(url, "answered with a redirect (HTTP " + status + "), not followed"));
    }
    if (status != 200) {
      return Mono.error(refused(url, "answered HTTP " + status));
    }
    String type = response.responseHeaders().get(HttpHeaderNames.CONTENT_TYPE);
    String mediaType = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!mediaType.equals("application/json")) {
      return Mono.error(refused(url, "is not served as application/json"));
    }
    String length = response.responseHeaders().get(HttpHeaderNames.CONTENT_LENGTH);
    if (length != null && parsesAbove(length, settings.maxBytes())) {
      return Mono.error(tooLarge(url));
    }
    return Mono.empty();
  }

  private ByteArrayOutputStream append(URI url, ByteArrayOutputStream body, byte[] chunk) {
    if (body.size() + chunk.length > settings.maxBytes()) {
      throw tooLarge(url); // cancels the read and closes the connection
    }
    body.write(chunk, 0, chunk.length);
    return body;
  }

  private Document document(URI url, String body, HttpClientResponse response) {
    JSONObject json;
    try {
      json = JSONObjectUtils.parse(body);
    } catch (ParseException e) {
      throw refused(url, "is not a JSON object");
    }
    Object clientId = json.get("client_id");
    if (!url.toString().equals(clientId)) {
      throw refused(url, "names another client_id than its own URL");
    }
    ClientMetadata parsed;
    try {
      parsed = ClientMetadata.parse(json);
    } catch (ParseException e) {
      throw refused(url, "holds client metadata that cannot be parsed (RFC 7591)");
    }
    try {
      return new Document(
          new OAuthClientMetadata(
              parsed.getRedirectionURIs() == null
                  ? null
                  : parsed.getRedirectionURIs().stream().map(URI::toString).toList(),
              parsed.getName(),
              string(parsed.getURI()),
              string(parsed.getLogoURI()),
              parsed.getScope() == null ? null : parsed.getScope().toString(),
              parsed.getGrantTypes() == null
                  ? null
                  : parsed.getGrantTypes().stream().map(GrantType::getValue).toList(),
              responseTypes(parsed),
              parsed.getTokenEndpointAuthMethod() == null
                  ? null
                  : parsed.getTokenEndpointAuthMethod().getValue()),
          maxAge(response.responseHeaders().get(HttpHeaderNames.CACHE_CONTROL)));
    } catch (InvalidClientMetadata e) {
      throw refused(url, "is not acceptable: " + e.getMessage());
    }
  }

  private static List<String> responseTypes(ClientMetadata parsed) {
    if (parsed.getResponseTypes() == null) {
      return null;
    }
    return parsed.getResponseTypes().stream()
        .map(ResponseType::toString)
        .collect(Collectors.toList());
  }

  /**
   * What {@code Cache-Control} allows: zero for no-store or no-cache, the max-age when given,
   * otherwise empty.
   */
  static Optional<Duration> maxAge(String cacheControl) {
    if (cacheControl == null) {
      return Optional.empty();
    }
    Optional<Duration> maxAge = Optional.empty();
    for (String directive : cacheControl.toLowerCase(Locale.ROOT).split(",")) {
      String d = directive.trim();
      if (d.equals("no-store") || d.equals("no-cache")) {
        return Optional.of(Duration.ZERO);
      }
      if (d.startsWith("max-age=")) {
        try {
          long seconds = Long.parseLong(d.substring("max-age=".length()).replace("\"", ""));
          maxAge = Optional.of(Duration.ofSeconds(Math.max(0, seconds)));
        } catch (NumberFormatException e) {
          // a malformed max-age says nothing
        }
      }
    }
    return maxAge;
  }

  private static String hostHeader(URI url) {
    return url.getPort() < 0 ? url.getHost() : url.getHost() + ":" + url.getPort();
  }

  private static boolean parsesAbove(String number, long limit) {
    try {
      return Long.parseLong(number.trim()) > limit;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static String string(URI uri) {
    return uri == null ? null : uri.toString();
  }

  private String millis() {
    return settings.deadline().toMillis() + " ms";
  }

  private ClientRejected tooLarge(URI url) {
    return refused(url, "is larger than " + settings.maxBytes() + " bytes");
  }

  private static ClientRejected refused(URI url, String why) {
    return ClientRejected.unknownClient("client metadata document " + url + " " + why);
  }
}
