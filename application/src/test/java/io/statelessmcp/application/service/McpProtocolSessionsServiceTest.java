package io.statelessmcp.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.statelessmcp.application.port.in.Principal;
import io.statelessmcp.application.port.in.SessionPrincipal;
import io.statelessmcp.application.port.in.TokenPrincipal;
import io.statelessmcp.application.port.out.ProtocolSessionStore;
import io.statelessmcp.domain.LogLevel;
import io.statelessmcp.domain.SessionId;
import io.statelessmcp.domain.UserId;
import io.statelessmcp.domain.UserProfile;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class McpProtocolSessionsServiceTest {

  private static final UserId ADA = new UserId("user_ada");
  private static final Instant LATER = Instant.parse("2030-01-01T00:00:00Z");

  private final Store store = new Store();
  private final McpProtocolSessionsService service = new McpProtocolSessionsService(store);

  @Test
  void aSessionCallersLevelIsStoredWithItsSession() {
    SessionPrincipal caller =
        new SessionPrincipal(ADA, SessionId.random(), UserProfile.empty(), "token", LATER);

    LogLevel before = service.logLevel(caller, "p-1").block();
    service.setLogLevel(caller, "p-1", LogLevel.ERROR).block();

    assertThat(before).isEqualTo(LogLevel.INFO);
    assertThat(store.levels).containsEntry(caller.sessionId().value() + "/p-1", LogLevel.ERROR);
    assertThat(service.logLevel(caller, "p-1").block()).isEqualTo(LogLevel.ERROR);
  }

  @Test
  void aTokenCallersLevelIsKeptInThisReplica() {
    Principal caller = tokenCaller();

    service.setLogLevel(caller, "p-1", LogLevel.DEBUG).block();

    assertThat(store.levels).isEmpty();
    assertThat(service.logLevel(caller, "p-1").block()).isEqualTo(LogLevel.DEBUG);
    assertThat(service.logLevel(caller, "p-2").block()).isEqualTo(LogLevel.INFO);
  }

  private static Principal tokenCaller() {
    return new TokenPrincipal(ADA, UserProfile.empty(), LATER);
  }

  private static final class Store implements ProtocolSessionStore {
    final Map<String, LogLevel> levels = new ConcurrentHashMap<>();
    final Map<String, String> owners = new ConcurrentHashMap<>();

    @Override
    public Mono<Void> saveLogLevel(
        SessionId session, UserId user, String protocolSessionId, LogLevel level) {
      return Mono.fromRunnable(
          () -> {
            levels.put(session.value() + "/" + protocolSessionId, level);
            owners.put(user.value() + "/" + protocolSessionId, session.value());
          });
    }

    @Override
    public Mono<LogLevel> findLogLevel(UserId user, String protocolSessionId) {
      return Mono.justOrEmpty(owners.get(user.value() + "/" + protocolSessionId))
          .mapNotNull(session -> levels.get(session + "/" + protocolSessionId));
    }

    @Override
    public Mono<Void> announceCancellation(String requestKey) {
      return Mono.empty();
    }

    @Override
    public Flux<String> cancellations() {
      return Flux.never();
    }
  }
}
