package io.statelessmcp.bootstrap.wiring;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.statelessmcp.adapter.in.http.AuthRateLimitFilter;
import io.statelessmcp.adapter.in.http.AuthRoutes;
import io.statelessmcp.adapter.in.http.FailureResponses;
import io.statelessmcp.adapter.in.http.HttpSettings;
import io.statelessmcp.adapter.in.http.InboundRoutes;
import io.statelessmcp.adapter.in.http.OAuthCorsFilter;
import io.statelessmcp.adapter.in.http.OriginCheckFilter;
import io.statelessmcp.adapter.in.http.SessionWebFilter;
import io.statelessmcp.adapter.in.http.WellKnownRoutes;
import io.statelessmcp.adapter.in.http.mcp.JsonRpcGuardFilter;
import io.statelessmcp.adapter.in.http.mcp.ListMySessionsTool;
import io.statelessmcp.adapter.in.http.mcp.McpEndpoints;
import io.statelessmcp.adapter.in.http.mcp.McpFeatures;
import io.statelessmcp.adapter.in.http.mcp.McpPrompt;
import io.statelessmcp.adapter.in.http.mcp.McpResource;
import io.statelessmcp.adapter.in.http.mcp.McpResourceTemplate;
import io.statelessmcp.adapter.in.http.mcp.McpTool;
import io.statelessmcp.adapter.in.http.mcp.ProtocolSessionIds;
import io.statelessmcp.adapter.in.http.mcp.RevokeSessionTool;
import io.statelessmcp.adapter.in.http.mcp.WhoAmITool;
import io.statelessmcp.application.port.in.Authenticate;
import io.statelessmcp.application.port.in.CompleteLogin;
import io.statelessmcp.application.port.in.EndSession;
import io.statelessmcp.application.port.in.ListMySessions;
import io.statelessmcp.application.port.in.McpProtocolSessions;
import io.statelessmcp.application.port.in.RevokeMySession;
import io.statelessmcp.application.port.in.StartLogin;
import io.statelessmcp.bootstrap.config.LoginProvider;
import io.statelessmcp.bootstrap.config.OAuthProperties;
import io.statelessmcp.bootstrap.config.ServerProperties;
import io.statelessmcp.bootstrap.config.WorkOsProperties;
import io.statelessmcp.domain.SessionPolicy;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/** Routes, filters and the MCP endpoints. */
@Configuration(proxyBeanMethods = false)
public class HttpConfiguration {

  /**
   * The protected-resource metadata names AuthKit in resource-server mode, this server in proxy
   * mode.
   */
  @Bean
  HttpSettings httpSettings(
      ServerProperties server,
      SessionPolicy policy,
      AuthKitTokens authKit,
      OAuthProperties oauth,
      LoginProvider login,
      WorkOsProperties workOs) {
    HttpSettings settings =
        new HttpSettings(
            server.baseUrl(),
            server.resource(),
            authKit.domain(),
            server.origins(),
            policy.idleTtl(),
            server.maxBytes(),
            server.authRequestsPerMinute());
    return oauth.mode(login, workOs) == OAuthProperties.AuthMode.PROXY
        ? settings.withThisServerAsAuthorizationServer()
        : settings;
  }

  @Bean
  FailureResponses failureResponses(HttpSettings settings) {
    return new FailureResponses(settings);
  }

  @Bean
  OriginCheckFilter originCheckFilter(HttpSettings settings) {
    return new OriginCheckFilter(settings);
  }

  /** Browser-based clients (MCP Inspector) read the metadata, register and get tokens. */
  @Bean
  OAuthCorsFilter oauthCorsFilter() {
    return new OAuthCorsFilter();
  }

  @Bean
  AuthRateLimitFilter authRateLimitFilter(HttpSettings settings) {
    return new AuthRateLimitFilter(settings);
  }

  @Bean
  SessionWebFilter sessionWebFilter(
      Authenticate authenticate, FailureResponses failures, List<InboundRoutes> routes) {
    return new SessionWebFilter(authenticate, failures, routes);
  }

  @Bean
  JsonRpcGuardFilter jsonRpcGuardFilter(HttpSettings settings) {
    return new JsonRpcGuardFilter(settings.maxRequestBytes());
  }

  @Bean
  AuthRoutes authRoutes(
      StartLogin startLogin,
      CompleteLogin completeLogin,
      EndSession endSession,
      FailureResponses failures,
      HttpSettings settings) {
    return new AuthRoutes(startLogin, completeLogin, endSession, failures, settings);
  }

  @Bean
  WellKnownRoutes wellKnownRoutes(HttpSettings settings) {
    return new WellKnownRoutes(settings);
  }

  @Bean
  McpTool whoAmITool() {
    return new WhoAmITool();
  }

  @Bean
  McpTool listMySessionsTool(ListMySessions listMySessions) {
    return new ListMySessionsTool(listMySessions);
  }

  @Bean
  McpTool revokeSessionTool(RevokeMySession revokeMySession) {
    return new RevokeSessionTool(revokeMySession);
  }

  @Bean
  McpJsonMapper mcpJsonMapper() {
    return McpJsonDefaults.getMapper();
  }

  /**
   * Every {@link McpTool}, {@link McpResource}, {@link McpResourceTemplate} and {@link McpPrompt}
   * bean is served, and the contents of every {@link McpFeatures} bean; adding a tool is adding a
   * bean.
   */
  @Bean(destroyMethod = "")
  McpEndpoints mcpEndpoints(
      List<McpTool> tools,
      ObjectProvider<McpResource> resources,
      ObjectProvider<McpResourceTemplate> resourceTemplates,
      ObjectProvider<McpPrompt> prompts,
      ObjectProvider<McpFeatures> bundles,
      McpJsonMapper jsonMapper,
      ProtocolSessionIds protocolSessionIds,
      McpProtocolSessions protocolSessions) {
    List<McpTool> allTools = new ArrayList<>(tools);
    List<McpResource> allResources = new ArrayList<>(resources.orderedStream().toList());
    List<McpResourceTemplate> allTemplates =
        new ArrayList<>(resourceTemplates.orderedStream().toList());
    List<McpPrompt> allPrompts = new ArrayList<>(prompts.orderedStream().toList());
    bundles
        .orderedStream()
        .forEach(
            bundle -> {
              allTools.addAll(bundle.tools());
              allResources.addAll(bundle.resources());
              allTemplates.addAll(bundle.resourceTemplates());
              allPrompts.addAll(bundle.prompts());
            });
    return new McpEndpoints(
        new McpFeatures(allTools, allResources, allTemplates, allPrompts),
        jsonMapper,
        "mcp-session-server",
        version(),
        protocolSessionIds,
        protocolSessions);
  }

  /** Every inbound adapter's routes; the same beans tell the session filter what to protect. */
  @Bean
  RouterFunction<ServerResponse> inboundRoutes(List<InboundRoutes> adapters) {
    return adapters.stream()
        .map(InboundRoutes::routes)
        .reduce(RouterFunction::and)
        .orElseThrow(() -> new IllegalStateException("no inbound routes"));
  }

  private static String version() {
    String version = HttpConfiguration.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }
}
