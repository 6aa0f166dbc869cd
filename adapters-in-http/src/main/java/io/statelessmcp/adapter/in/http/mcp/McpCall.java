package io.statelessmcp.adapter.in.http.mcp;

/** What the transport gives a request's handler besides the principal: the way back, and stop. */
record McpCall(Notifications notifications, Cancellation cancellation) {

  static final String CONTEXT_KEY = McpCall.class.getName();
}
