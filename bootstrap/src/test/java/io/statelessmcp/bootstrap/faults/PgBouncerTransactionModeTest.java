package io.statelessmcp.bootstrap.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.statelessmcp.adapter.out.workos.fake.FakeUser;
import io.statelessmcp.adapter.out.workos.fake.FakeWorkOs;
import io.statelessmcp.bootstrap.faults.Traffic.Sent;
import io.statelessmcp.bootstrap.faults.UserAgent.Answer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A replica (a child JVM) behind a real PgBouncer in transaction mode, as on Supabase's pooler but
 * on a port other than 6543: only {@code ?pgbouncer=true} in {@code SUPABASE_DB_URL} says it is a
 * transaction pooler. The schema is migrated over the direct connection first, as docs/deploy.md
 * says ({@code migrate}), and the replica only checks it ({@code MCP_MIGRATE_ON_START=false}).
 * Login, every built-in tool, a token refresh, and a few seconds of concurrent load work without a
 * single error.
 */
class PgBouncerTransactionModeTest {

  static final Duration LOAD = Duration.ofSeconds(10);
  static final int LOAD_CLIENTS = 4;
  static final int MAX_CALLS_PER_CLIENT = 3000;

  @RegisterExtension
  static final FaultFixture FIXTURE = FaultFixture.cluster("mcp-faults-pgbouncer-");

  private static ServerProcess server;

  private final FakeWorkOs workOs = FIXTURE.workOs();
  private final UserAgent user = new UserAgent();

  @BeforeAll
  static void start() {
    FaultSuite.assumePgBouncer();
    ServerProcess.migrate(FIXTURE.database().supabaseDbUrl());
    PgBouncer bouncer = FIXTURE.closedLast(PgBouncer.inFrontOf(FIXTURE.database()));
    Map<String, String> settings = FIXTURE.settings(bouncer.supabaseDbUrl());
    settings.put("MCP_MIGRATE_ON_START", "false");
    // Every call reads the session through PgBouncer instead of the replica's memory.
    settings.put("MCP_SESSION_CACHE_SECONDS", "0");
    server = FIXTURE.start("pgbouncer", settings);
  }

  @Test
  void loginAndEveryBuiltInToolWorkThroughTheTransactionPooler() {
    workOs.signInAs(FakeUser.random("tools@example.com", "Tool", "Tester"));
    String credential = user.login(server, workOs);
    String other = user.login(server, workOs);
    String otherId = UserAgent.sessionIdOf(other);

    Answer me = user.whoami(server, credential);
    assertThat(me.ok()).as("whoami: %s", me).isTrue();
    assertThat(me.toolJson().get("user_id").asString()).isEqualTo(workOs.currentUser().id());

    Answer sessions = user.callTool(server, credential, "list_my_sessions", "{}");
    assertThat(sessions.ok()).as("list_my_sessions: %s", sessions).isTrue();
    assertThat(sessions.toolJson().get("sessions")).hasSize(2);

    Answer revoked =
        user.callTool(server, credential, "revoke_session", "{\"session_id\":\"" + otherId + "\"}");
    assertThat(revoked.ok()).as("revoke_session: %s", revoked).isTrue();
    Answer refused = user.whoami(server, other);
    assertThat(refused.status()).as("the revoked session: %s", refused).isEqualTo(401);
    Answer left = user.callTool(server, credential, "list_my_sessions", "{}");
    assertThat(left.ok()).as("list_my_sessions: %s", left).isTrue();
    assertThat(left.toolJson().get("sessions")).hasSize(1);
  }

  @Test
  void anUpstreamTokenRefreshWorksThroughTheTransactionPooler() {
    String credential = FIXTURE.loginWithTokenLifetime(user, server, Duration.ofMinutes(-5));

    Answer refreshed = user.whoami(server, credential);
    Answer after = user.whoami(server, credential);

    assertThat(refreshed.ok()).as("%s", refreshed).isTrue();
    assertThat(after.ok()).as("%s", after).isTrue();
    assertThat(workOs.refreshes()).isEqualTo(1);
  }

  @Test
  void tenSecondsOfConcurrentCallsWithoutAnError() {
    List<String> credentials = new ArrayList<>();
    for (int i = 0; i < LOAD_CLIENTS; i++) {
      credentials.add(user.login(server, workOs));
    }

    List<Sent> calls;
    try (Traffic traffic =
        Traffic.start(
            LOAD_CLIENTS,
            MAX_CALLS_PER_CLIENT,
            LOAD,
            (client, n) ->
                new Sent(
                    client,
                    n,
                    server.name(),
                    Instant.now(),
                    user.whoami(server, credentials.get(client))))) {
      calls = traffic.awaitEnd();
    }

    Predicate<Sent> ok = s -> s.answer().ok();
    System.out.println("PgBouncer, transaction mode: " + Traffic.summary(calls, ok));
    assertThat(calls.stream().allMatch(ok))
        .as("every call through PgBouncer succeeds: %s", Traffic.summary(calls, ok))
        .isTrue();
    assertThat(calls).hasSizeGreaterThan(LOAD_CLIENTS);
  }
}
