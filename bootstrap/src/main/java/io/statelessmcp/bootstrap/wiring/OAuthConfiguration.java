package io.statelessmcp.bootstrap.wiring;

import io.statelessmcp.adapter.in.http.AuthorizeRoutes;
import io.statelessmcp.adapter.in.http.FailureResponses;
import io.statelessmcp.adapter.in.http.HttpSettings;
import io.statelessmcp.adapter.in.http.OAuthRoutes;
import io.statelessmcp.adapter.in.http.TokenRoutes;
import io.statelessmcp.adapter.out.workos.ClientMetadataDocumentSettings;
import io.statelessmcp.adapter.out.workos.HttpClientMetadataDocuments;
import io.statelessmcp.application.port.in.Authorize;
import io.statelessmcp.application.port.in.IssueTokens;
import io.statelessmcp.application.port.in.PurgeExpiredClients;
import io.statelessmcp.application.port.in.RegisterClient;
import io.statelessmcp.application.port.in.ResolveClient;
import io.statelessmcp.application.port.in.RevokeToken;
import io.statelessmcp.application.port.out.AuthorizationCodes;
import io.statelessmcp.application.port.out.ClientMetadataDocuments;
import io.statelessmcp.application.port.out.Consents;
import io.statelessmcp.application.port.out.GrantTokens;
import io.statelessmcp.application.port.out.IdentityProvider;
import io.statelessmcp.application.port.out.LoginStateStore;
import io.statelessmcp.application.port.out.OAuthClientRegistry;
import io.statelessmcp.application.service.AuthorizationServerSettings;
import io.statelessmcp.application.service.AuthorizeService;
import io.statelessmcp.application.service.GrantEnding;
import io.statelessmcp.application.service.IssueTokensService;
import io.statelessmcp.application.service.PurgeExpiredClientsService;
import io.statelessmcp.application.service.RegisterClientService;
import io.statelessmcp.application.service.ResolveClientService;
import io.statelessmcp.application.service.RevokeTokenService;
import io.statelessmcp.application.service.SessionResolver;
import io.statelessmcp.bootstrap.config.OAuthProperties;
import io.statelessmcp.bootstrap.config.ProxyMode;
import io.statelessmcp.bootstrap.config.PurgeProperties;
import io.statelessmcp.bootstrap.config.ServerProperties;
import io.statelessmcp.bootstrap.database.SessionStorage;
import io.statelessmcp.bootstrap.maintenance.PeriodicTask;
import io.statelessmcp.domain.GrantKey;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * {@code MCP_AUTH_MODE=proxy}: this server as the OAuth authorization server of its MCP clients. So
 * far client registration, metadata documents and discovery; none of these beans exist in the
 * default {@code authkit} mode.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(ProxyMode.class)
public class OAuthConfiguration {

  private static final Logger LOG = LoggerFactory.getLogger(OAuthConfiguration.class);

  @Bean
  ClientMetadataDocuments clientMetadataDocuments(OAuthProperties oauth) {
    if (oauth.cimdLoopbackAllowed()) {
      LOG.warn(
          "{}=true: client metadata documents may be fetched over http from loopback. A test aid;"
              + " never set it in production.",
          OAuthProperties.CIMD_ALLOW_LOOPBACK);
    }
    return new HttpClientMetadataDocuments(
        ClientMetadataDocumentSettings.defaults().withLoopbackAllowed(oauth.cimdLoopbackAllowed()));
  }

  @Bean
  RegisterClient registerClient(OAuthClientRegistry registry, Clock clock) {
    return new RegisterClientService(registry, clock);
  }

  @Bean
  ResolveClient resolveClient(
      OAuthClientRegistry registry, ClientMetadataDocuments documents, Clock clock) {
    return new ResolveClientService(registry, documents, clock);
  }

  @Bean
  AuthorizationServerSettings authorizationServerSettings(
      HttpSettings http, ServerProperties server, OAuthProperties oauth, GrantKey grantKey) {
    return new AuthorizationServerSettings(
        http.issuer(),
        server.resource(),
        oauth.accessTokenLifetime(),
        oauth.consentLifetime(),
        grantKey);
  }

  @Bean
  GrantEnding grantEnding(SessionStorage sessions, GrantTokens tokens) {
    return new GrantEnding(sessions.writes(), tokens);
  }

  @Bean
  Authorize authorize(
      ResolveClient clients,
      LoginStateStore loginStates,
      Consents consents,
      IdentityProvider identityProvider,
      AuthorizationServerSettings settings,
      Clock clock) {
    return new AuthorizeService(clients, loginStates, consents, identityProvider, settings, clock);
  }

  @Bean
  IssueTokens issueTokens(
      OAuthClientRegistry clients,
      AuthorizationCodes codes,
      GrantTokens tokens,
      SessionResolver resolver,
      GrantEnding grants,
      AuthorizationServerSettings settings,
      Clock clock) {
    return new IssueTokensService(clients, codes, tokens, resolver, grants, settings, clock);
  }

  @Bean
  RevokeToken revokeToken(GrantTokens tokens, GrantEnding grants, Clock clock) {
    return new RevokeTokenService(tokens, grants, clock);
  }

  @Bean
  OAuthRoutes oauthRoutes(
      RegisterClient registerClient, FailureResponses failures, HttpSettings settings) {
    LOG.info(
        "{}=proxy: this server is the OAuth authorization server at {}, in front of the sign-in",
        OAuthProperties.AUTH_MODE,
        settings.issuer());
    return new OAuthRoutes(registerClient, failures, settings);
  }

  @Bean
  AuthorizeRoutes authorizeRoutes(
      Authorize authorize, FailureResponses failures, HttpSettings settings) {
    return new AuthorizeRoutes(authorize, failures, settings);
  }

  @Bean
  TokenRoutes tokenRoutes(
      IssueTokens issueTokens, RevokeToken revokeToken, FailureResponses failures) {
    return new TokenRoutes(issueTokens, revokeToken, failures);
  }

  @Bean
  PurgeExpiredClients purgeExpiredClients(
      OAuthClientRegistry registry,
      AuthorizationCodes codes,
      GrantTokens tokens,
      Consents consents,
      Clock clock) {
    return new PurgeExpiredClientsService(registry, codes, tokens, consents, clock);
  }

  /** With the session purge, on every replica; the database's purge function does the same. */
  @Bean
  PeriodicTask expiredClientPurge(PurgeExpiredClients purge, PurgeProperties properties) {
    Duration interval = properties.interval();
    return properties.isEnabled()
        ? new PeriodicTask(
            "expired OAuth row purge",
            interval,
            interval,
            () ->
                purge
                    .purge()
                    .doOnNext(
                        deleted -> {
                          if (deleted.total() > 0) {
                            LOG.info(
                                "purge: deleted {} expired authorization codes, {} expired access"
                                    + " tokens, {} expired consents and {} OAuth clients that"
                                    + " expired unused",
                                deleted.authorizationCodesDeleted(),
                                deleted.accessTokensDeleted(),
                                deleted.consentsDeleted(),
                                deleted.clientsDeleted());
                          }
                        }))
        : PeriodicTask.off("in-app purge of expired OAuth rows", "MCP_PURGE_ENABLED=false");
  }
}
