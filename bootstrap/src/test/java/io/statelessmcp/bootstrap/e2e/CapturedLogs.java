package io.statelessmcp.bootstrap.e2e;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.LoggerFactory;

/**
 * Every log line of every logger from the moment of {@link #capture()}, as rendered text: logger
 * name, message with its arguments, and any exception chain.
 */
final class CapturedLogs extends AppenderBase<ILoggingEvent> {

  private static final String NAME = "e2e-captured-logs";
  private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();

  static CapturedLogs capture() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.detachAppender(NAME);
    CapturedLogs appender = new CapturedLogs();
    appender.setName(NAME);
    appender.setContext(context);
    appender.start();
    root.addAppender(appender);
    return appender;
  }

  @Override
  protected void append(ILoggingEvent event) {
    StringBuilder line =
        new StringBuilder(event.getLoggerName()).append(' ').append(event.getFormattedMessage());
    for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
      line.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
    }
    lines.add(line.toString());
  }

  List<String> lines() {
    return List.copyOf(lines);
  }

  void awaitLine(String text, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (lines.stream().anyMatch(l -> l.contains(text))) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no log line containing: " + text);
  }
}
