package io.statelessmcp.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CPU time from Linux's {@code /proc}: of a process, of a PostgreSQL postmaster with all its
 * backends, of this JVM, and of the whole machine (busy vs. idle jiffies), so that each phase can
 * say where the two cores went.
 */
final class ProcCpu {

  /** USER_HZ: Linux reports {@code /proc} times in 1/100 s on every common architecture. */
  private static final double TICKS_PER_SECOND = 100.0;

  private ProcCpu() {}

  /** user + system CPU seconds of one process; 0 if it is gone. */
  static double processSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // fields after the ")" that closes the command name: state is field 3, utime 14, stime 15
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** {user seconds, system seconds} of one process; zeros if it is gone. */
  static double[] userSystemSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return new double[] {
        Long.parseLong(f[11]) / TICKS_PER_SECOND, Long.parseLong(f[12]) / TICKS_PER_SECOND
      };
    } catch (IOException | RuntimeException e) {
      return new double[] {0, 0};
    }
  }

  /**
   * CPU seconds per thread group of a process: threads are grouped by name with digits removed
   * ({@code reactor-http-epoll-3} and {@code -4} are one group), so JIT, GC and event loops show
   * apart.
   */
  static java.util.Map<String, Double> threadGroups(long pid) {
    java.util.Map<String, Double> groups = new java.util.TreeMap<>();
    try (DirectoryStream<Path> tasks =
        Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
      for (Path task : tasks) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          double seconds = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
          groups.merge(name.replaceAll("[0-9]+", "#"), seconds, Double::sum);
        } catch (IOException | RuntimeException gone) {
          // the thread ended
        }
      }
    } catch (IOException e) {
      return groups;
    }
    return groups;
  }

  /** Context switches (voluntary + involuntary) summed over a process's threads. */
  static long contextSwitches(long pid) {
    long total = 0;
    try (DirectoryStream<Path> tasks =
        Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
      for (Path task : tasks) {
        try {
          for (String line : Files.readAllLines(task.resolve("status"))) {
            if (line.startsWith("voluntary_ctxt_switches")
                || line.startsWith("nonvoluntary_ctxt_switches")) {
              total += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
          }
        } catch (IOException | RuntimeException gone) {
          // the thread ended
        }
      }
    } catch (IOException e) {
      return total;
    }
    return total;
  }

  /** The postmaster and its live children (backends, background workers). */
  static double postgresSeconds(long postmasterPid) {
    double total = processSeconds(postmasterPid);
    for (long child : children(postmasterPid)) {
      total += processSeconds(child);
    }
    return total;
  }

  /**
   * Backends that exit during a phase take their CPU time with them; the benchmark's connections
   * are pooled and long-lived, so this undercounts only short-lived ones (our own stats queries).
   */
  private static List<Long> children(long parent) {
    List<Long> children = new ArrayList<>();
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path proc : procs) {
        try {
          String stat = Files.readString(proc.resolve("stat"));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          if (Long.parseLong(f[1]) == parent) {
            children.add(Long.parseLong(proc.getFileName().toString()));
          }
        } catch (IOException | RuntimeException gone) {
          // the process ended while we looked
        }
      }
    } catch (IOException e) {
      return children;
    }
    return children;
  }

  static double selfSeconds() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime()
        / 1e9;
  }

  /** {busy, total} jiffies of all CPUs since boot. */
  static long[] machine() {
    try {
      String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
      String[] f = cpu.trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < f.length && i <= 8; i++) {
        total += Long.parseLong(f[i]);
      }
      long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
      return new long[] {total - idle, total};
    } catch (IOException | RuntimeException e) {
      return new long[] {0, 1};
    }
  }

  /** Machine utilisation between two {@link #machine()} readings, in cores busy. */
  static double coresBusy(long[] before, long[] after) {
    long busy = after[0] - before[0];
    long total = after[1] - before[1];
    return total <= 0 ? 0 : (double) busy / total * Runtime.getRuntime().availableProcessors();
  }

  static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
