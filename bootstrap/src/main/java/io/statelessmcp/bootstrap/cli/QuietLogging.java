package io.statelessmcp.bootstrap.cli;

import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * Before Spring Boot configures logging, Logback's default prints everything down to DEBUG; work
 * done then (the settings check) runs with the root logger off, so the console shows only its
 * result.
 */
final class QuietLogging {

  private QuietLogging() {}

  static <T> T during(Supplier<T> work) {
    if (!(LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
        instanceof ch.qos.logback.classic.Logger root)) {
      return work.get();
    }
    ch.qos.logback.classic.Level level = root.getLevel();
    root.setLevel(ch.qos.logback.classic.Level.OFF);
    try {
      return work.get();
    } finally {
      root.setLevel(level);
    }
  }
}
