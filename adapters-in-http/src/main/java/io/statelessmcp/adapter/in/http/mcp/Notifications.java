package io.statelessmcp.adapter.in.http.mcp;

import io.statelessmcp.domain.LogLevel;

/** Where a request's notifications to the client go: its response stream, or nowhere. */
interface Notifications {

  Notifications NONE =
      new Notifications() {
        @Override
        public void progress(Object token, double progress, Double total, String message) {}

        @Override
        public void log(LogLevel level, String logger, String data) {}
      };

  void progress(Object token, double progress, Double total, String message);

  /** Sent if {@code level} is at or above the level the client set. */
  void log(LogLevel level, String logger, String data);
}
