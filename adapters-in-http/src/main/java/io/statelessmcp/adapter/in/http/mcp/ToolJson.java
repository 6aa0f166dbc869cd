package io.statelessmcp.adapter.in.http.mcp;

import tools.jackson.databind.json.JsonMapper;

/** Tools answer with JSON text that models and humans both read well. */
final class ToolJson {

  private static final JsonMapper JSON = JsonMapper.shared();

  private ToolJson() {}

  static String write(Object value) {
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value);
  }
}
