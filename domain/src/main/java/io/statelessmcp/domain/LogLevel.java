package io.statelessmcp.domain;

import java.util.Locale;
import java.util.Optional;

/**
 * The severities of MCP log messages (RFC 5424's, as MCP names them), least severe first. A client
 * sets the least severe level it wants to receive for its protocol session; {@link #DEFAULT}
 * applies until it does.
 */
public enum LogLevel {
  DEBUG,
  INFO,
  NOTICE,
  WARNING,
  ERROR,
  CRITICAL,
  ALERT,
  EMERGENCY;

  /** What a session that never set a level receives, as in the MCP SDKs' stateful servers. */
  public static final LogLevel DEFAULT = INFO;

  /** The name on the wire and in storage, e.g. {@code warning}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The level with this wire name; empty for anything else. */
  public static Optional<LogLevel> fromWireName(String name) {
    for (LogLevel level : values()) {
      if (level.wireName().equals(name)) {
        return Optional.of(level);
      }
    }
    return Optional.empty();
  }

  /** Whether a session that set this level receives a message at {@code message}. */
  public boolean admits(LogLevel message) {
    return message.compareTo(this) >= 0;
  }
}
