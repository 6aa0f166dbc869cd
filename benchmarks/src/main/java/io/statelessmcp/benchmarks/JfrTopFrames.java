package io.statelessmcp.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Reads a JFR recording's {@code jdk.ExecutionSample} events: the hottest methods by self time (top
 * frame), and the share of samples whose stack passes through each component (inclusive), which
 * says what the CPU is spent on.
 *
 * <p>Usage: {@code JfrTopFrames recording.jfr [top-n]}
 */
public final class JfrTopFrames {

  /** Components, matched against frames' class names in this order; a stack counts once each. */
  private static final Map<String, String> COMPONENTS = new LinkedHashMap<>();

  static {
    COMPONENTS.put("session resolution (SessionResolver and below)", "SessionResolver");
    COMPONENTS.put("R2DBC PostgreSQL driver + pool", "io.r2dbc.");
    COMPONENTS.put("Spring R2DBC DatabaseClient", "org.springframework.r2dbc.");
    COMPONENTS.put("AES-GCM (JCA)", "com.sun.crypto.provider.GaloisCounterMode");
    COMPONENTS.put("SHA-256 (secret hash)", "sun.security.provider.SHA2");
    COMPONENTS.put("Jackson (any)", "tools.jackson.");
    COMPONENTS.put("MCP SDK", "io.modelcontextprotocol.");
    COMPONENTS.put("Spring WebFlux / web", "org.springframework.web.");
    COMPONENTS.put("Micrometer / observability", "io.micrometer.");
    COMPONENTS.put("Reactor Netty", "reactor.netty.");
    COMPONENTS.put("Netty", "io.netty.");
    COMPONENTS.put("Logging (slf4j/logback)", "ch.qos.logback.");
  }

  private JfrTopFrames() {}

  public static void main(String[] args) throws IOException {
    int top = args.length > 1 ? Integer.parseInt(args[1]) : 25;
    summary(Path.of(args[0]), top).forEach(System.out::println);
  }

  static List<String> summary(Path file, int top) throws IOException {
    Map<String, Integer> self = new HashMap<>();
    Map<String, Integer> inclusive = new LinkedHashMap<>();
    COMPONENTS.keySet().forEach(k -> inclusive.put(k, 0));
    int samples = 0;
    for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
      if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
        continue;
      }
      RecordedStackTrace stack = event.getStackTrace();
      if (stack == null || stack.getFrames().isEmpty()) {
        continue;
      }
      samples++;
      self.merge(name(stack.getFrames().get(0)), 1, Integer::sum);
      Set<String> seen = new HashSet<>();
      for (RecordedFrame frame : stack.getFrames()) {
        String type = frame.getMethod().getType().getName();
        for (Map.Entry<String, String> component : COMPONENTS.entrySet()) {
          if (type.startsWith(component.getValue()) || type.contains(component.getValue())) {
            if (seen.add(component.getKey())) {
              inclusive.merge(component.getKey(), 1, Integer::sum);
            }
          }
        }
      }
    }
    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, "%d execution samples in %s", samples, file));
    lines.add("hottest methods (self):");
    int total = Math.max(1, samples);
    self.entrySet().stream()
        .sorted((a, b) -> b.getValue() - a.getValue())
        .limit(top)
        .forEach(
            e ->
                lines.add(
                    String.format(
                        Locale.ROOT, "  %5.1f%%  %s", 100.0 * e.getValue() / total, e.getKey())));
    lines.add("stacks passing through (inclusive, a stack counts once per component):");
    inclusive.entrySet().stream()
        .sorted((a, b) -> b.getValue() - a.getValue())
        .forEach(
            e ->
                lines.add(
                    String.format(
                        Locale.ROOT, "  %5.1f%%  %s", 100.0 * e.getValue() / total, e.getKey())));
    return lines;
  }

  private static String name(RecordedFrame frame) {
    RecordedMethod method = frame.getMethod();
    return method.getType().getName() + "." + method.getName();
  }
}
