package io.statelessmcp.adapter.in.http.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;

/** The one place the SPI's types become the SDK's wire types. */
final class SdkMapping {

  private static final TypeRef<Map<String, Object>> OBJECT = new TypeRef<>() {};

  private final McpJsonMapper json;

  SdkMapping(McpJsonMapper json) {
    this.json = json;
  }

  McpSchema.Tool tool(McpTool tool) {
    McpSchema.Tool.Builder builder =
        McpSchema.Tool.builder()
            .name(tool.name())
            .title(tool.title())
            .description(tool.description())
            .inputSchema(json, tool.inputSchema());
    if (tool.outputSchema() != null) {
      builder.outputSchema(json, tool.outputSchema());
    }
    ToolHints hints = tool.hints();
    if (hints != null && !hints.isEmpty()) {
      builder.annotations(
          new McpSchema.ToolAnnotations(
              null,
              hints.readOnly(),
              hints.destructive(),
              hints.idempotent(),
              hints.openWorld(),
              null));
    }
    return builder.build();
  }

  McpSchema.CallToolResult result(ToolResult result) {
    Object structured = result.structuredContent();
    if (structured != null && !(structured instanceof Map)) {
      structured = json.convertValue(structured, OBJECT);
    }
    return new McpSchema.CallToolResult(
        result.content().stream().map(SdkMapping::content).toList(),
        result.isError(),
        structured,
        null);
  }

  static McpSchema.Content content(Content content) {
    if (content instanceof Content.Text text) {
      return new McpSchema.TextContent(null, text.text(), null);
    }
    if (content instanceof Content.Image image) {
      return new McpSchema.ImageContent(null, image.base64Data(), image.mimeType(), null);
    }
    if (content instanceof Content.Audio audio) {
      return new McpSchema.AudioContent(null, audio.base64Data(), audio.mimeType(), null);
    }
    if (content instanceof Content.ResourceLink link) {
      return McpSchema.ResourceLink.builder()
          .uri(link.uri())
          .name(link.name())
          .description(link.description())
          .mimeType(link.mimeType())
          .build();
    }
    Content.Embedded embedded = (Content.Embedded) content;
    return new McpSchema.EmbeddedResource(null, contents(embedded.resource()), null);
  }

  static McpSchema.ResourceContents contents(ResourceContents contents) {
    if (contents instanceof ResourceContents.Text text) {
      return new McpSchema.TextResourceContents(text.uri(), text.mimeType(), text.text(), null);
    }
    ResourceContents.Blob blob = (ResourceContents.Blob) contents;
    return new McpSchema.BlobResourceContents(blob.uri(), blob.mimeType(), blob.base64Data(), null);
  }

  static McpSchema.ReadResourceResult read(List<ResourceContents> contents) {
    return new McpSchema.ReadResourceResult(
        contents.stream().map(SdkMapping::contents).toList(), null);
  }

  static McpSchema.Resource resource(McpResource resource) {
    return McpSchema.Resource.builder()
        .uri(resource.uri())
        .name(resource.name())
        .title(resource.title())
        .description(resource.description())
        .mimeType(resource.mimeType())
        .build();
  }

  static McpSchema.ResourceTemplate template(McpResourceTemplate template) {
    return McpSchema.ResourceTemplate.builder()
        .uriTemplate(template.uriTemplate())
        .name(template.name())
        .title(template.title())
        .description(template.description())
        .mimeType(template.mimeType())
        .build();
  }

  static McpSchema.Prompt prompt(McpPrompt prompt) {
    List<McpSchema.PromptArgument> arguments =
        prompt.arguments().stream()
            .map(a -> new McpSchema.PromptArgument(a.name(), null, a.description(), a.required()))
            .toList();
    return new McpSchema.Prompt(
        prompt.name(),
        prompt.title(),
        prompt.description(),
        arguments.isEmpty() ? null : arguments,
        null,
        null);
  }

  static McpSchema.GetPromptResult promptResult(McpPrompt.PromptResult result) {
    return new McpSchema.GetPromptResult(
        result.description(),
        result.messages().stream()
            .map(
                m ->
                    new McpSchema.PromptMessage(
                        m.role() == McpPrompt.Role.USER
                            ? McpSchema.Role.USER
                            : McpSchema.Role.ASSISTANT,
                        content(m.content())))
            .toList(),
        null);
  }

  /** At most 100 values, as the specification allows; {@code hasMore} says if some were cut. */
  static McpSchema.CompleteResult completion(List<String> values) {
    List<String> sent = values.size() > 100 ? values.subList(0, 100) : values;
    return new McpSchema.CompleteResult(
        new McpSchema.CompleteResult.CompleteCompletion(
            List.copyOf(sent), values.size(), values.size() > sent.size()));
  }
}
