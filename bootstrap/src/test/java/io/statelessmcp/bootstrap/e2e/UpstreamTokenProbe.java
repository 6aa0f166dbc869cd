package io.statelessmcp.bootstrap.e2e;

import io.statelessmcp.adapter.in.http.mcp.McpTool;
import io.statelessmcp.adapter.in.http.mcp.ToolContext;
import io.statelessmcp.adapter.in.http.mcp.ToolResult;
import io.statelessmcp.domain.SecretHash;
import java.util.HexFormat;
import java.util.Map;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import reactor.core.publisher.Mono;

/**
 * A test-only tool that shows which upstream WorkOS token a call ran with (as its SHA-256, so the
 * token itself never reaches a test log): proves tools get the user's token, whatever credential
 * the client presented.
 */
@TestConfiguration(proxyBeanMethods = false)
class UpstreamTokenProbe {

  static final String NAME = "upstream_token_sha256";

  static String sha256(String token) {
    return HexFormat.of().formatHex(SecretHash.of(token).bytes());
  }

  @Bean
  McpTool upstreamTokenProbeTool() {
    return new McpTool() {
      @Override
      public String name() {
        return NAME;
      }

      @Override
      public String description() {
        return "Test aid: the SHA-256 of the caller's upstream access token.";
      }

      @Override
      public Mono<ToolResult> call(ToolContext context, Map<String, Object> arguments) {
        return Mono.just(
            context
                .upstreamAccessToken()
                .map(token -> ToolResult.ok(sha256(token)))
                .orElse(ToolResult.error("no upstream token")));
      }
    };
  }
}
