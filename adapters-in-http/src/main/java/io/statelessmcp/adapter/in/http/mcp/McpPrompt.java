package io.statelessmcp.adapter.in.http.mcp;

import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * One prompt template, listed by {@code prompts/list} and filled by {@code prompts/get}. Register
 * it as a bean, like an {@link McpTool}. A {@code prompts/get} missing a required argument is
 * refused (-32602) before {@link #get} runs.
 */
public interface McpPrompt {

  String name();

  default String title() {
    return null;
  }

  String description();

  default List<PromptArgument> arguments() {
    return List.of();
  }

  /** The messages, filled in with the client's arguments. */
  Mono<PromptResult> get(ToolContext context, Map<String, String> arguments);

  /**
   * Suggestions for an argument's value as the user types it ({@code completion/complete}), best
   * first; at most 100 are sent. {@code resolved} holds the arguments the client already filled.
   */
  default Mono<List<String>> complete(
      ToolContext context, String argument, String prefix, Map<String, String> resolved) {
    return Mono.just(List.of());
  }

  /** One argument a prompt takes. */
  record PromptArgument(String name, String description, boolean required) {}

  /** A filled prompt: the messages to put in the conversation. */
  record PromptResult(String description, List<PromptMessage> messages) {
    public PromptResult {
      messages = List.copyOf(messages);
    }

    public static PromptResult of(PromptMessage... messages) {
      return new PromptResult(null, List.of(messages));
    }
  }

  /** One message of a prompt: who says it, and what (text, an image, an embedded resource...). */
  record PromptMessage(Role role, Content content) {
    public static PromptMessage user(Content content) {
      return new PromptMessage(Role.USER, content);
    }

    public static PromptMessage assistant(Content content) {
      return new PromptMessage(Role.ASSISTANT, content);
    }
  }

  enum Role {
    USER,
    ASSISTANT
  }
}
