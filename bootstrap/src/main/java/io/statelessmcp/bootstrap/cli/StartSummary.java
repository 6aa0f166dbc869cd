package io.statelessmcp.bootstrap.cli;

import io.statelessmcp.application.port.out.IdentityProvider;
import io.statelessmcp.bootstrap.config.ServerProperties;
import io.statelessmcp.bootstrap.database.DatabaseConfiguration.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * The last line of a start: where the server listens, where sessions live, who signs users in and
 * where to log in. Logged once the server is ready to take requests.
 */
@Component
public class StartSummary implements ApplicationListener<ApplicationReadyEvent> {

  private static final Logger LOG = LoggerFactory.getLogger(StartSummary.class);

  private final ServerProperties server;
  private final ObjectProvider<Database> database;
  private final ObjectProvider<IdentityDescription> identityDescription;
  private final ObjectProvider<IdentityProvider> identityProvider;

  StartSummary(
      ServerProperties server,
      ObjectProvider<Database> database,
      ObjectProvider<IdentityDescription> identityDescription,
      ObjectProvider<IdentityProvider> identityProvider) {
    this.server = server;
    this.database = database;
    this.identityDescription = identityDescription;
    this.identityProvider = identityProvider;
  }

  @Override
  public void onApplicationEvent(ApplicationReadyEvent event) {
    WebServer webServer =
        event.getApplicationContext() instanceof WebServerApplicationContext web
            ? web.getWebServer()
            : null;
    if (webServer == null) {
      return;
    }
    LOG.info(line(webServer.getPort(), server.baseUrl().toString(), store(), identity()));
  }

  static String line(int port, String baseUrl, String store, String identity) {
    String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    return "ready: listening on port "
        + port
        + " ("
        + base
        + "); sessions in "
        + store
        + "; identity provider: "
        + identity
        + "; log in at "
        + base
        + "/auth/login";
  }

  private String store() {
    Database used = database.getIfAvailable();
    return used == null ? "memory (this process only)" : used.description();
  }

  private String identity() {
    IdentityDescription described = identityDescription.getIfAvailable();
    if (described != null) {
      return described.text();
    }
    IdentityProvider provider = identityProvider.getIfAvailable();
    return provider == null ? "none" : IdentityDescription.of(provider).text();
  }
}
