package io.statelessmcp.adapter.out.supabase;

import io.statelessmcp.application.port.out.GrantTokens;
import io.statelessmcp.application.port.out.GrantTokensContract;
import io.statelessmcp.domain.SessionId;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** The grant tokens' contract on both kinds of database, and on the in-memory twin. */
class R2dbcGrantTokensTest {

  @Nested
  @ParameterizedClass
  @MethodSource("io.statelessmcp.adapter.out.supabase.TestDatabases#all")
  class OnDatabase extends GrantTokensContract {
    @Parameter TestDatabase database;

    @Override
    protected GrantTokens freshTokens() {
      database.deleteAllRows();
      return new R2dbcGrantTokens(database.sharedClient());
    }

    @Override
    protected SessionId aGrantTo(String clientId) {
      return OAuthRows.grant(database, clientId);
    }

    @Override
    protected void sessionDeleted(SessionId sessionId) {
      OAuthRows.executeOrFail(
          database, "DELETE FROM mcp_sessions WHERE session_id = '" + sessionId.value() + "'");
    }
  }

  @Nested
  class InMemory extends GrantTokensContract {
    private final Set<SessionId> sessions = ConcurrentHashMap.newKeySet();

    @Override
    protected GrantTokens freshTokens() {
      sessions.clear();
      return new InMemoryGrantTokens(sessions::contains);
    }

    @Override
    protected SessionId aGrantTo(String clientId) {
      SessionId id = SessionId.random();
      sessions.add(id);
      return id;
    }

    @Override
    protected void sessionDeleted(SessionId sessionId) {
      sessions.remove(sessionId);
    }
  }
}
