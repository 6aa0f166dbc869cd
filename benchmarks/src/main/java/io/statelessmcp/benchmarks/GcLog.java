package io.statelessmcp.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stop-the-world pauses from the server's unified GC log ({@code -Xlog:gc:file=...:time}), within a
 * wall-clock window: a latency percentile can only be as low as the pauses allow.
 */
final class GcLog {

  private static final Pattern PAUSE = Pattern.compile("^\\[([^\\]]+)\\].*Pause.* ([0-9.]+)ms$");
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

  private GcLog() {}

  static String option(Path file) {
    return "-Xlog:gc:file=" + file + ":time";
  }

  static String pauses(Path file, Instant from, Instant to) {
    int count = 0;
    double total = 0;
    double max = 0;
    try {
      for (String line : Files.readAllLines(file)) {
        Matcher m = PAUSE.matcher(line.trim());
        if (!m.find()) {
          continue;
        }
        Instant at = OffsetDateTime.parse(m.group(1), TIME).toInstant();
        if (at.isBefore(from) || at.isAfter(to)) {
          continue;
        }
        double ms = Double.parseDouble(m.group(2));
        count++;
        total += ms;
        max = Math.max(max, ms);
      }
    } catch (IOException | RuntimeException e) {
      return "GC log unreadable: " + e.getMessage();
    }
    return String.format(
        Locale.ROOT, "%d GC pauses, %.1f ms in all, longest %.1f ms", count, total, max);
  }
}
