package io.statelessmcp.adapter.in.http.mcp;

import java.util.List;

/** Everything the server offers: the beans of each SPI, served on every transport. */
public record McpFeatures(
    List<McpTool> tools,
    List<McpResource> resources,
    List<McpResourceTemplate> resourceTemplates,
    List<McpPrompt> prompts) {

  public McpFeatures {
    tools = List.copyOf(tools);
    resources = List.copyOf(resources);
    resourceTemplates = List.copyOf(resourceTemplates);
    prompts = List.copyOf(prompts);
  }

  public static McpFeatures tools(List<McpTool> tools) {
    return new McpFeatures(tools, List.of(), List.of(), List.of());
  }
}
