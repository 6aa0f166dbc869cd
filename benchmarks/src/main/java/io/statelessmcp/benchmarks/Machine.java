package io.statelessmcp.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** One line about the machine a run happened on: cores, memory, CPU model, load. */
final class Machine {

  private Machine() {}

  static String describe() {
    return String.format(
        Locale.ROOT,
        "%d cores (%s), %.1f GiB RAM, load average %.2f, driver JVM %s",
        Runtime.getRuntime().availableProcessors(),
        cpuModel(),
        memoryGiB(),
        ProcCpu.loadAverage(),
        Runtime.version());
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst()
          .orElse("unknown CPU");
    } catch (IOException e) {
      return "unknown CPU";
    }
  }

  private static double memoryGiB() {
    try {
      return Files.readAllLines(Path.of("/proc/meminfo")).stream()
              .filter(l -> l.startsWith("MemTotal:"))
              .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
              .findFirst()
              .orElse(0)
          / 1024.0
          / 1024.0;
    } catch (IOException e) {
      return 0;
    }
  }
}
