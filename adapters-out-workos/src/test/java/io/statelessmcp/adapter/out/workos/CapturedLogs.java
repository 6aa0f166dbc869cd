package io.statelessmcp.adapter.out.workos;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Captures everything logged under a logger name (all levels) while open. */
final class CapturedLogs implements AutoCloseable {

  private final Logger logger;
  private final Level previousLevel;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  private CapturedLogs(String name) {
    this.logger = (Logger) LoggerFactory.getLogger(name);
    this.previousLevel = logger.getLevel();
    logger.setLevel(Level.ALL);
    appender.start();
    logger.addAppender(appender);
  }

  static CapturedLogs of(String name) {
    return new CapturedLogs(name);
  }

  /** Level and formatted message of every event, in order. */
  List<String> formatted() {
    return appender.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    logger.setLevel(previousLevel);
  }
}
