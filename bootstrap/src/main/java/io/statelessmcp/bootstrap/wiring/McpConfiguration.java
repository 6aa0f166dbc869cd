package io.statelessmcp.bootstrap.wiring;

import io.statelessmcp.adapter.in.http.mcp.ProtocolSessionIds;
import io.statelessmcp.adapter.out.supabase.KeyRing;
import io.statelessmcp.application.port.in.McpProtocolSessions;
import io.statelessmcp.application.port.out.ProtocolSessionStore;
import io.statelessmcp.application.service.McpProtocolSessionsService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What MCP protocol sessions need besides the endpoints ({@link HttpConfiguration}). */
@Configuration(proxyBeanMethods = false)
public class McpConfiguration {

  /**
   * Derived from the encryption key, so every replica checks every other's ids with nothing to
   * configure; rotating the key makes clients initialize again. Memory mode has one replica, and a
   * random key.
   */
  @Bean
  ProtocolSessionIds protocolSessionIds(ObjectProvider<KeyRing> keyRing) {
    KeyRing keys = keyRing.getIfAvailable();
    return keys == null
        ? ProtocolSessionIds.withRandomKey()
        : new ProtocolSessionIds(keys.derive("mcp-protocol-session-id"));
  }

  @Bean
  McpProtocolSessions mcpProtocolSessions(ProtocolSessionStore store) {
    return new McpProtocolSessionsService(store);
  }
}
