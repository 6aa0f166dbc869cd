package io.statelessmcp.bootstrap.wiring;

import io.statelessmcp.adapter.in.http.HttpSettings;
import io.statelessmcp.application.port.in.Authenticate;
import io.statelessmcp.application.port.in.CompleteLogin;
import io.statelessmcp.application.port.in.EndSession;
import io.statelessmcp.application.port.in.ListMySessions;
import io.statelessmcp.application.port.in.PurgeExpiredSessions;
import io.statelessmcp.application.port.in.RevokeMySession;
import io.statelessmcp.application.port.in.StartLogin;
import io.statelessmcp.application.port.out.AuthorizationCodes;
import io.statelessmcp.application.port.out.GrantTokens;
import io.statelessmcp.application.port.out.IdentityProvider;
import io.statelessmcp.application.port.out.LoginStateStore;
import io.statelessmcp.application.port.out.OAuthClientRegistry;
import io.statelessmcp.application.port.out.SessionEvents;
import io.statelessmcp.application.service.AuthenticateService;
import io.statelessmcp.application.service.CompleteLoginService;
import io.statelessmcp.application.service.EndSessionService;
import io.statelessmcp.application.service.ListMySessionsService;
import io.statelessmcp.application.service.PurgeExpiredSessionsService;
import io.statelessmcp.application.service.RevokeMySessionService;
import io.statelessmcp.application.service.SessionResolver;
import io.statelessmcp.application.service.StartLoginService;
import io.statelessmcp.bootstrap.config.LoginProvider;
import io.statelessmcp.bootstrap.config.OAuthProperties;
import io.statelessmcp.bootstrap.config.PurgeProperties;
import io.statelessmcp.bootstrap.config.ServerProperties;
import io.statelessmcp.bootstrap.config.SessionProperties;
import io.statelessmcp.bootstrap.config.WorkOsProperties;
import io.statelessmcp.bootstrap.database.SessionStorage;
import io.statelessmcp.domain.SessionPolicy;
import java.time.Clock;
import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The use cases, built with {@code new} from the ports the adapters provide. */
@Configuration(proxyBeanMethods = false)
public class UseCaseConfiguration {

  /** Tests add a {@code @Primary} controllable clock. */
  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  SessionPolicy sessionPolicy(SessionProperties session) {
    return session.policy();
  }

  /** Serves a session: shared by authentication and the token endpoint. */
  @Bean
  SessionResolver sessionResolver(
      SessionStorage sessions,
      IdentityProvider identityProvider,
      SessionPolicy policy,
      Clock clock,
      SessionEvents events) {
    return new SessionResolver(
        sessions.lookup(),
        sessions.writes(),
        sessions.changes(),
        identityProvider,
        policy,
        clock,
        events);
  }

  @Bean
  Authenticate authenticate(
      SessionResolver resolver,
      SessionEvents events,
      AuthKitTokens authKit,
      GrantTokens grantTokens,
      OAuthProperties oauth,
      LoginProvider login,
      WorkOsProperties workOs) {
    boolean authorizationServer = oauth.mode(login, workOs) == OAuthProperties.AuthMode.PROXY;
    return new AuthenticateService(
        resolver,
        authKit.verifier(),
        authorizationServer ? Optional.of(grantTokens) : Optional.empty(),
        events);
  }

  @Bean
  StartLogin startLogin(
      LoginStateStore loginStates,
      IdentityProvider identityProvider,
      SupabaseTokens supabaseTokens,
      ServerProperties server,
      Clock clock) {
    return new StartLoginService(
        loginStates, identityProvider, supabaseTokens.verifier(), server.returnTo(), clock);
  }

  @Bean
  CompleteLogin completeLogin(
      LoginStateStore loginStates,
      IdentityProvider identityProvider,
      SessionStorage sessions,
      AuthorizationCodes codes,
      HttpSettings http,
      SessionPolicy policy,
      Clock clock,
      SessionEvents events) {
    return new CompleteLoginService(
        loginStates,
        identityProvider,
        sessions.writes(),
        codes,
        http.issuer(),
        policy,
        clock,
        events);
  }

  @Bean
  EndSession endSession(SessionStorage sessions, Clock clock) {
    return new EndSessionService(sessions.writes(), clock);
  }

  @Bean
  ListMySessions listMySessions(SessionStorage sessions, OAuthClientRegistry clients, Clock clock) {
    return new ListMySessionsService(sessions.users(), clients, clock);
  }

  @Bean
  RevokeMySession revokeMySession(SessionStorage sessions, Clock clock) {
    return new RevokeMySessionService(sessions.users(), clock);
  }

  @Bean
  PurgeExpiredSessions purgeExpiredSessions(
      SessionStorage sessions,
      LoginStateStore loginStates,
      PurgeProperties purge,
      Clock clock,
      SessionEvents events) {
    return new PurgeExpiredSessionsService(
        sessions.housekeeping(), loginStates, purge.batch(), 100, clock, events);
  }
}
