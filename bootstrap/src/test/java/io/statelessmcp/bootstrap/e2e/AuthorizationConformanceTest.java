package io.statelessmcp.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.htmlunit.Page;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official MCP conformance suite's authorization-server scenarios against two replicas behind a
 * round-robin load balancer: the metadata, and a whole authorization code grant in which the suite
 * plays the client (registered beforehand, as the suite requires) and a headless browser the user
 * who consents.
 */
class AuthorizationConformanceTest {

  @RegisterExtension
  static final Deployment deployment =
      Deployment.withReplicas(2).behindRoundRobinProxy().settings(Map.of("MCP_AUTH_MODE", "proxy"));

  private static final String URL_FOLLOWS = "Access the following URL in your browser";

  @TempDir Path output;

  @Test
  void theAuthorizationServerScenariosPass() {
    ConformanceSuite suite = ConformanceSuite.installedOrSkip();
    String issuer = deployment.publicUrl();
    int callbackPort = freePort();
    try (OAuthClientPlayer user = new OAuthClientPlayer(issuer)) {
      String clientId =
          user.register("MCP conformance suite", "http://127.0.0.1:" + callbackPort + "/callback");
      AtomicBoolean urlFollows = new AtomicBoolean();
      List<CompletableFuture<Void>> browsing = new java.util.concurrent.CopyOnWriteArrayList<>();

      ConformanceSuite.Run run =
          suite.run(
              List.of(
                  "authorization",
                  "--url",
                  issuer,
                  "--client-id",
                  clientId,
                  "--resource",
                  issuer + "/mcp",
                  "-p",
                  String.valueOf(callbackPort)),
              output,
              line -> {
                if (urlFollows.getAndSet(false) && line.startsWith("http")) {
                  browsing.add(CompletableFuture.runAsync(() -> approve(user, line.trim())));
                }
                if (line.startsWith(URL_FOLLOWS)) {
                  urlFollows.set(true);
                }
              });

      browsing.forEach(CompletableFuture::join);
      assertThat(run.exitCode()).as(String.join("\n", run.output())).isZero();
      assertThat(run.statuses("authorization-server-metadata")).containsExactly("SUCCESS");
      assertThat(run.statuses("authorization-server-metadata-cimd")).containsExactly("SUCCESS");
      assertThat(run.statuses("authorization-code-grant"))
          .as("the whole grant ran, not skipped")
          .containsExactly("SUCCESS");
      assertThat(run.checks())
          .allSatisfy(check -> assertThat(check.path("status").asString()).isEqualTo("SUCCESS"));
    }
  }

  /** The user's part: the consent page, then the browser follows the redirects to the suite. */
  private static void approve(OAuthClientPlayer user, String authorizationUrl) {
    Page page = user.open(authorizationUrl);
    assertThat(OAuthClientPlayer.isConsentPage(page)).as("the consent page").isTrue();
    user.answerConsent((HtmlPage) page, "approve");
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
