package io.statelessmcp.adapter.out.workos;

import io.netty.channel.ChannelOption;
import java.time.Duration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/** WebClients over Reactor Netty with explicit timeouts and no hidden retries. */
final class HttpClients {

  private static final int MAX_BODY_BYTES = 256 * 1024;

  private HttpClients() {}

  static ConnectionProvider pool(String name) {
    return ConnectionProvider.builder(name)
        .maxConnections(50)
        .pendingAcquireMaxCount(500)
        .pendingAcquireTimeout(Duration.ofSeconds(5))
        // shorter than the idle timeouts of typical load balancers, so we rarely write a request
        // into a connection the other side is closing
        .maxIdleTime(Duration.ofSeconds(20))
        .maxLifeTime(Duration.ofMinutes(5))
        .evictInBackground(Duration.ofSeconds(30))
        .build();
  }

  /**
   * {@code disableRetry(true)}: Reactor Netty would otherwise silently resend a request once when a
   * pooled connection turns out to be closed, and a WorkOS code or refresh token is single use. The
   * only retry is the explicit, connect-failure-only one in {@link WorkOsIdentityProvider}.
   */
  static WebClient webClient(
      ConnectionProvider pool, Duration connectTimeout, Duration responseTimeout) {
    HttpClient http =
        HttpClient.create(pool)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
            .responseTimeout(responseTimeout)
            .followRedirect(false)
            .disableRetry(true);
    return WebClient.builder()
        .clientConnector(new ReactorClientHttpConnector(http))
        .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(MAX_BODY_BYTES))
        .build();
  }
}
