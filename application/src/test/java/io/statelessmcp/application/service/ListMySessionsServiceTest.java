package io.statelessmcp.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.statelessmcp.application.port.in.TokenPrincipal;
import io.statelessmcp.application.port.out.UserSessions;
import io.statelessmcp.domain.OAuthClient;
import io.statelessmcp.domain.OAuthClientMetadata;
import io.statelessmcp.domain.SessionId;
import io.statelessmcp.domain.SessionSummary;
import io.statelessmcp.domain.UserId;
import io.statelessmcp.domain.UserProfile;
import io.statelessmcp.domain.testing.MutableClock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class ListMySessionsServiceTest {

  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  private static final UserId ADA = new UserId("user_ada");

  private final MutableClock clock = new MutableClock(NOW);
  private final MemoryOAuthClients clients = new MemoryOAuthClients();

  private static SessionSummary session(String oauthClientId) {
    return new SessionSummary(
        SessionId.random(), NOW, NOW, NOW.plusSeconds(3600), null, "agent", oauthClientId);
  }

  private String registered(String name) {
    OAuthClient client =
        OAuthClient.registered(
            new OAuthClientMetadata(
                List.of("http://127.0.0.1:3000/callback"),
                name,
                null,
                null,
                null,
                null,
                null,
                null),
            NOW);
    clients.register(client).block();
    return client.clientId();
  }

  @Test
  void grantsCarryTheirClientsNameAndBrowserLoginsNone() {
    String claude = registered("Claude");
    String unnamed = registered(null);
    SessionSummary browser = session(null);
    SessionSummary toClaude = session(claude);
    SessionSummary toUnnamed = session(unnamed);
    SessionSummary toForgotten = session("dcr_AAAAAAAAAAAAAAAAAAAAAA");
    UserSessions sessions =
        new UserSessions() {
          @Override
          public Flux<SessionSummary> listActive(UserId userId, Instant now) {
            return Flux.just(browser, toClaude, toUnnamed, toForgotten);
          }

          @Override
          public Mono<Boolean> revoke(UserId userId, SessionId id, Instant now) {
            return Mono.just(false);
          }
        };

    List<SessionSummary> listed =
        new ListMySessionsService(sessions, clients, clock)
            .list(new TokenPrincipal(ADA, UserProfile.empty(), NOW.plusSeconds(60)))
            .collectList()
            .block();

    Map<SessionId, String> names =
        listed.stream()
            .filter(s -> s.clientName() != null)
            .collect(Collectors.toMap(SessionSummary::id, SessionSummary::clientName));
    assertThat(listed)
        .extracting(SessionSummary::id)
        .containsExactly(browser.id(), toClaude.id(), toUnnamed.id(), toForgotten.id());
    assertThat(names)
        .containsEntry(toClaude.id(), "Claude")
        .containsEntry(toUnnamed.id(), unnamed)
        .containsEntry(toForgotten.id(), "dcr_AAAAAAAAAAAAAAAAAAAAAA")
        .doesNotContainKey(browser.id());
  }
}
