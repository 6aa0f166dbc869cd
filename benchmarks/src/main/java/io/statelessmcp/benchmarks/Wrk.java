package io.statelessmcp.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Closed-model load with {@code wrk} (Debian's package): a fixed number of connections, each
 * sending its next request as soon as the previous answer arrives. Runs under {@code bash -c '...;
 * times'} so that wrk's own CPU time is known too.
 */
final class Wrk {

  private final Path script;
  private final Path rateScript;
  private final Path credentials;
  private long lastLate;
  private long lastSlots;
  private double lastP99LateMs;

  /** Client CPU seconds (user + system) of the last run, from bash's {@code times}. */
  private double lastCpuSeconds;

  Wrk(Path workDir, List<String> credentialList) {
    try {
      this.script = writeScript(workDir, "whoami.lua");
      this.rateScript = writeScript(workDir, "whoami-rate.lua");
      this.credentials = workDir.resolve("credentials.txt");
      Files.write(credentials, credentialList, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** wrk takes one script file: the shared part goes in front of the named one. */
  private static Path writeScript(Path workDir, String name) throws IOException {
    Path script = workDir.resolve(name);
    Files.write(script, resource("whoami-common.lua"));
    Files.write(script, resource(name), StandardOpenOption.APPEND);
    return script;
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = Wrk.class.getResourceAsStream("/wrk/" + name)) {
      return in.readAllBytes();
    }
  }

  static boolean available() {
    try {
      Process p = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      p.waitFor(5, TimeUnit.SECONDS);
      return true;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  LoadResult run(String phase, String url, int threads, int connections, int seconds) {
    return execute(
        phase,
        String.format(
            "wrk -t%d -c%d -d%ds --timeout 5s -s '%s' '%s' -- '%s'; times",
            threads, connections, seconds, script, url, credentials),
        seconds,
        0);
  }

  /**
   * Open model: a fixed arrival rate ({@code whoami-rate.lua}). Latency is measured from the actual
   * send; {@link #lastLate()} and {@link #lastP99LateMs()} say whether sends fell behind schedule.
   */
  LoadResult runRate(
      String phase, String url, int threads, int connections, double seconds, double rate) {
    int duration = (int) Math.max(1, Math.round(seconds));
    return execute(
        phase,
        String.format(
            java.util.Locale.ROOT,
            "wrk -t%d -c%d -d%ds --timeout 5s -s '%s' '%s' -- '%s' %.3f %d; times",
            threads,
            connections,
            duration,
            rateScript,
            url,
            credentials,
            rate / threads,
            connections / threads),
        duration,
        rate);
  }

  long lastLate() {
    return lastLate;
  }

  long lastSlots() {
    return lastSlots;
  }

  double lastP99LateMs() {
    return lastP99LateMs;
  }

  private LoadResult execute(String phase, String command, int seconds, double rate) {
    try {
      Process process = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(seconds + 60L, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("wrk did not finish");
      }
      return parse(phase, output, rate);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  double lastCpuSeconds() {
    return lastCpuSeconds;
  }

  private LoadResult parse(String phase, String output, double rate) {
    String line =
        output
            .lines()
            .filter(l -> l.startsWith("WRK_RESULT "))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("wrk printed no result:\n" + output));
    Map<String, String> values = new HashMap<>();
    for (String pair : line.substring("WRK_RESULT ".length()).trim().split(" ")) {
      String[] kv = pair.split("=", 2);
      values.put(kv[0], kv[1]);
    }
    // bash `times`: line 1 the shell, line 2 its children (wrk), e.g. "0m1.234s 0m0.567s"
    List<String> times =
        output.lines().filter(l -> l.matches("\\d+m[\\d.]+s \\d+m[\\d.]+s")).toList();
    lastCpuSeconds = times.size() >= 2 ? cpuSeconds(times.get(1)) : Double.NaN;
    lastLate = Long.parseLong(values.getOrDefault("late", "0"));
    lastSlots = Long.parseLong(values.getOrDefault("slots", "0"));
    lastP99LateMs = Double.parseDouble(values.getOrDefault("p99_late_ms", "0"));
    long socket =
        Long.parseLong(values.get("connect"))
            + Long.parseLong(values.get("read"))
            + Long.parseLong(values.get("write"))
            + Long.parseLong(values.get("timeout"));
    return new LoadResult(
        phase,
        rate > 0 ? "wrk-rate" : "wrk",
        Long.parseLong(values.get("requests")),
        Long.parseLong(values.get("duration_us")) / 1e6,
        rate,
        Long.parseLong(values.get("p50_us")) / 1e3,
        Long.parseLong(values.get("p90_us")) / 1e3,
        Long.parseLong(values.get("p99_us")) / 1e3,
        Long.parseLong(values.get("max_us")) / 1e3,
        Long.parseLong(values.get("status")),
        socket,
        Long.parseLong(values.get("rpc")));
  }

  private static double cpuSeconds(String timesLine) {
    double total = 0;
    for (String part : timesLine.split(" ")) {
      int m = part.indexOf('m');
      total += Integer.parseInt(part.substring(0, m)) * 60.0;
      total += Double.parseDouble(part.substring(m + 1, part.length() - 1));
    }
    return total;
  }
}
