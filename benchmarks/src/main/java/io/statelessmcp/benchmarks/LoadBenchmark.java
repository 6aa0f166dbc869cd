package io.statelessmcp.benchmarks;

import io.statelessmcp.adapter.out.workos.fake.FakeWorkOs;
import io.statelessmcp.domain.SessionPolicy;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;

/**
 * The end-to-end benchmark: the real server jar in its own JVM, first in memory mode, then in
 * Postgres mode on its embedded PostgreSQL 17 (fresh data directory), with the fake WorkOS in this
 * JVM. Per mode: one login per virtual user, warm-up, a closed-model saturation run with wrk, an
 * open-model run at half the measured saturation throughput, and (Postgres mode) database round
 * trips per request and row writes per session per minute from {@code pg_stat_statements}.
 *
 * <p>{@code --smoke}: a few seconds per mode, and the exit status says whether any error occurred
 * (no speed is asserted). See docs/performance.md.
 */
public final class LoadBenchmark {

  /** Options, with the defaults of a full run. */
  static final class Options {
    Path jar = Path.of("bootstrap/target/mcp-session-server.jar");
    Path postgresJar; // a different build for Postgres mode (what-if comparisons)
    String java = "java";
    List<String> serverJvmOptions = new ArrayList<>();
    List<String> modes = List.of("memory", "postgres");
    int users = 50;
    int connections = 50;
    int wrkThreads = 1;
    int warmupSeconds = 10; // one warm-up round; rounds repeat until the server is steady
    int maxWarmupSeconds = 120;
    int trials = 2; // memory, Postgres, memory, Postgres, ...: runs of one mode vary by several %
    int saturationSeconds = 30;
    int openSeconds = 20;
    double openRate = 0; // 0: half the saturation throughput of the mode
    int steadySeconds = 130; // Postgres mode: row writes are counted over this long after login
    int ttlHours = 1; // the touch throttle is then at its 60 s floor: the worst case for writes
    boolean smoke;
    boolean javaClient; // use the Java client even when wrk is installed
    Path out = Path.of("benchmarks/target/results");
    Path chart;
    Path jfrDir;

    static Options parse(String[] args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "--jar" -> o.jar = Path.of(args[++i]);
          case "--postgres-jar" -> o.postgresJar = Path.of(args[++i]);
          case "--java" -> o.java = args[++i];
          case "--server-jvm-option" -> o.serverJvmOptions.add(args[++i]);
          case "--modes" -> o.modes = List.of(args[++i].split(","));
          case "--users" -> o.users = Integer.parseInt(args[++i]);
          case "--connections" -> o.connections = Integer.parseInt(args[++i]);
          case "--wrk-threads" -> o.wrkThreads = Integer.parseInt(args[++i]);
          case "--warmup" -> o.warmupSeconds = Integer.parseInt(args[++i]);
          case "--max-warmup" -> o.maxWarmupSeconds = Integer.parseInt(args[++i]);
          case "--trials" -> o.trials = Integer.parseInt(args[++i]);
          case "--duration" -> o.saturationSeconds = Integer.parseInt(args[++i]);
          case "--open-duration" -> o.openSeconds = Integer.parseInt(args[++i]);
          case "--open-rate" -> o.openRate = Double.parseDouble(args[++i]);
          case "--steady" -> o.steadySeconds = Integer.parseInt(args[++i]);
          case "--ttl-hours" -> o.ttlHours = Integer.parseInt(args[++i]);
          case "--out" -> o.out = Path.of(args[++i]);
          case "--chart" -> o.chart = Path.of(args[++i]);
          case "--jfr" -> o.jfrDir = Path.of(args[++i]);
          case "--java-client" -> o.javaClient = true;
          case "--smoke" -> {
            o.smoke = true;
            o.users = 4;
            o.connections = 8;
            o.warmupSeconds = 2;
            o.saturationSeconds = 3;
            o.openSeconds = 3;
            o.openRate = 100;
            o.steadySeconds = 0;
            o.trials = 1;
          }
          default -> throw new IllegalArgumentException("unknown option " + a);
        }
      }
      return o;
    }
  }

  /** Everything measured in one mode. */
  record ModeResult(
      String mode,
      int trial,
      double startSeconds,
      List<LoadResult> phases,
      LoadResult saturation,
      LoadResult half,
      double serverCpuUsPerRequest,
      double postgresCpuUsPerRequest,
      double clientCpuUsPerRequest,
      double coresBusy,
      Optional<Db> db,
      long loginErrors) {

    long errors() {
      return loginErrors + phases.stream().mapToLong(LoadResult::errors).sum();
    }

    String label() {
      return trial == 0 ? mode : mode + " #" + trial;
    }
  }

  /** Database figures of Postgres mode. */
  record Db(
      double roundTripsPerRequest,
      double roundTripsPerRequestHalf,
      PgStatements.Delta saturationStatements,
      long sessionRowWrites,
      double steadyMinutes,
      int sessions) {

    double writesPerSessionPerMinute() {
      return steadyMinutes <= 0 ? Double.NaN : sessionRowWrites / (double) sessions / steadyMinutes;
    }
  }

  private final Options options;
  private final FakeWorkOs workOs;
  private final boolean useWrk;
  private final StringBuilder report = new StringBuilder();

  private LoadBenchmark(Options options, FakeWorkOs workOs) {
    this.options = options;
    this.workOs = workOs;
    this.useWrk = !options.javaClient && Wrk.available();
  }

  public static void main(String[] args) throws Exception {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    Options options = Options.parse(args);
    Files.createDirectories(options.out);
    int status;
    try (FakeWorkOs workOs = FakeWorkOs.start()) {
      // No upstream refresh falls due during a run: the figures are for the common path.
      workOs.setAccessTokenLifetime(Duration.ofHours(2));
      status = new LoadBenchmark(options, workOs).run();
    }
    System.exit(status);
  }

  private int run() throws Exception {
    say(
        "# MCP session server load benchmark (%s), %s",
        options.smoke ? "smoke" : "full", Instant.now());
    say("machine: %s", Machine.describe());
    say("server jar: %s, java: %s %s", options.jar, options.java, options.serverJvmOptions);
    say(
        "load: %s, %d users, %d connections, warm-up in rounds of %d s until steady, saturation %d s, open model %d s;"
            + " MCP_SESSION_TTL_HOURS=%d",
        useWrk
            ? "wrk (closed model at saturation, fixed-rate script for the open model)"
            : "Java client (wrk not found, or --java-client): closed model, and open model at a fixed rate",
        options.users,
        options.connections,
        options.warmupSeconds,
        options.saturationSeconds,
        options.openSeconds,
        options.ttlHours);
    List<ModeResult> results = new ArrayList<>();
    for (int trial = 1; trial <= options.trials; trial++) {
      for (String mode : options.modes) {
        // row writes are counted once, in the last trial (the steady phase takes minutes)
        results.add(runMode(mode, options.trials == 1 ? 0 : trial, trial == options.trials));
      }
    }
    summarise(results);
    Files.writeString(
        options.out.resolve(options.smoke ? "smoke.md" : "results.md"), report.toString());
    if (options.chart != null && !options.smoke) {
      Chart.draw(results, options.chart);
      say("chart: %s", options.chart);
    }
    long errors = results.stream().mapToLong(ModeResult::errors).sum();
    long failedModes = results.stream().filter(r -> r.errors() > 0).count();
    if (errors > 0) {
      say("FAILED: %d errors during the run", errors);
    } else {
      say("OK: 0 errors during the run");
    }
    // one check per mode, in the plain form CI logs recognise
    say("benchmark: %d passed, %d failed", results.size() - failedModes, failedModes);
    return errors > 0 ? 1 : 0;
  }

  private ModeResult runMode(String mode, int trial, boolean countWrites) throws Exception {
    say("");
    say("## %s mode%s", mode, trial == 0 ? "" : ", trial " + trial);
    Path work = Files.createTempDirectory("mcp-bench-" + mode + "-");
    Map<String, String> settings = new LinkedHashMap<>();
    int port = ServerProcess.freePort();
    settings.put("WORKOS_CLIENT_ID", workOs.clientId());
    settings.put("WORKOS_API_KEY", workOs.apiKey());
    settings.put("WORKOS_API_BASE_URL", workOs.baseUrl().toString());
    settings.put("MCP_PUBLIC_BASE_URL", "http://localhost:" + port);
    settings.put("MCP_AUTH_RATE_LIMIT_PER_MINUTE", "100000");
    settings.put("MCP_SESSION_TTL_HOURS", Integer.toString(options.ttlHours));
    Path dataDir = null;
    if (mode.equals("memory")) {
      settings.put("MCP_SESSION_STORE", "memory");
    } else if (mode.equals("postgres")) {
      dataDir = work.resolve("postgres");
      prepareDataDirectory(dataDir);
      settings.put("MCP_SESSION_STORE", "postgres");
      settings.put("MCP_EMBEDDED_POSTGRES_DIR", dataDir.toString());
    } else {
      throw new IllegalArgumentException("mode must be memory or postgres: " + mode);
    }
    List<String> jvmOptions = new ArrayList<>(options.serverJvmOptions);
    jvmOptions.add(GcLog.option(work.resolve("gc.log")));
    Path jar =
        mode.equals("postgres") && options.postgresJar != null
            ? options.postgresJar.toAbsolutePath()
            : jar();
    if (!jar.equals(jar())) {
      say("server jar for this mode: %s", jar);
    }
    List<String> command = ServerProcess.javaJar(options.java, jvmOptions, jar);
    long started = System.nanoTime();
    try (ServerProcess server =
        ServerProcess.start(command, settings, port, work, work.resolve("server.log"), dataDir)) {
      server.awaitHealthy(Duration.ofSeconds(120));
      double startSeconds = (System.nanoTime() - started) / 1e9;
      say("server up in %.1f s (pid %d, log %s)", startSeconds, server.pid(), server.log());
      PgStatements pg =
          dataDir == null ? null : new PgStatements(server.embeddedPostgresPort().orElseThrow());
      try {
        return drive(mode, trial, countWrites, server, work, pg, startSeconds);
      } finally {
        if (pg != null) {
          pg.close();
        }
      }
    }
  }

  private ModeResult drive(
      String mode,
      int trial,
      boolean countWrites,
      ServerProcess server,
      Path work,
      PgStatements pg,
      double startSeconds)
      throws Exception {
    Logins logins = new Logins(workOs);
    long loginStart = System.nanoTime();
    List<String> credentials = logins.loginAll(server.baseUrl(), options.users);
    logins.verifyAll(server.baseUrl(), credentials);
    say(
        "%d logins in %.1f s, each credential checked with one tools/call",
        credentials.size(), (System.nanoTime() - loginStart) / 1e9);
    long sessionsBorn = System.nanoTime();
    Map<String, PgStatements.Counter> s0 = pg == null ? null : pg.snapshot();

    List<LoadResult> phases = new ArrayList<>();
    String url = "http://127.0.0.1:" + server.port() + "/mcp";
    Wrk wrk = useWrk ? new Wrk(work, credentials) : null;
    try (JavaLoad java = new JavaLoad("http://127.0.0.1:" + server.port(), credentials)) {
      warmUp(wrk, java, url, server.pid(), phases);

      Optional<Path> jfr = startJfr(mode, server);
      Map<String, PgStatements.Counter> s1 = pg == null ? null : pg.snapshot();
      double serverCpu = ProcCpu.processSeconds(server.pid());
      double[] serverUserSystem = ProcCpu.userSystemSeconds(server.pid());
      long serverSwitches = ProcCpu.contextSwitches(server.pid());
      Map<String, Double> threadsBefore = ProcCpu.threadGroups(server.pid());
      long postmaster = server.embeddedPostmasterPid().orElse(-1L);
      double pgCpu = postmaster > 0 ? ProcCpu.postgresSeconds(postmaster) : 0;
      double selfCpu = ProcCpu.selfSeconds();
      long[] machine = ProcCpu.machine();
      Instant saturationStart = Instant.now();
      LoadResult saturation = closed(wrk, java, "saturation", url, options.saturationSeconds);
      long[] machineAfter = ProcCpu.machine();
      double serverCpuUs =
          (ProcCpu.processSeconds(server.pid()) - serverCpu) * 1e6 / saturation.requests();
      double[] serverUserSystemAfter = ProcCpu.userSystemSeconds(server.pid());
      double switchesPerRequest =
          (ProcCpu.contextSwitches(server.pid()) - serverSwitches) / (double) saturation.requests();
      double pgCpuUs =
          postmaster > 0
              ? (ProcCpu.postgresSeconds(postmaster) - pgCpu) * 1e6 / saturation.requests()
              : 0;
      double clientCpu =
          wrk != null ? wrk.lastCpuSeconds() : ProcCpu.selfSeconds() - selfCpu; // approx.
      double clientCpuUs = clientCpu * 1e6 / saturation.requests();
      double cores = ProcCpu.coresBusy(machine, machineAfter);
      double driverCpu = ProcCpu.selfSeconds() - selfCpu;
      // CPU of processes that are not part of the benchmark (other builds on the machine)
      double others =
          cores
              - (serverCpuUs + pgCpuUs) * saturation.requests() / 1e6 / saturation.seconds()
              - (wrk != null ? clientCpu + driverCpu : driverCpu) / saturation.seconds();
      Map<String, PgStatements.Counter> s2 = pg == null ? null : pg.snapshot();
      phases.add(saturation);
      say(saturation.line());
      say(
          "  CPU per request: server JVM %.0f us, PostgreSQL %.0f us, load client %.0f us;"
              + " machine busy %.2f of %d cores",
          serverCpuUs, pgCpuUs, clientCpuUs, cores, Runtime.getRuntime().availableProcessors());
      say(
          "  server JVM: user %.0f us + system %.0f us per request, %.2f thread context switches"
              + " per request",
          (serverUserSystemAfter[0] - serverUserSystem[0]) * 1e6 / saturation.requests(),
          (serverUserSystemAfter[1] - serverUserSystem[1]) * 1e6 / saturation.requests(),
          switchesPerRequest);
      Map<String, Double> threadsAfter = ProcCpu.threadGroups(server.pid());
      StringBuilder groups = new StringBuilder();
      threadsAfter.entrySet().stream()
          .map(
              e ->
                  Map.entry(
                      e.getKey(),
                      (e.getValue() - threadsBefore.getOrDefault(e.getKey(), 0.0))
                          * 1e6
                          / saturation.requests()))
          .filter(e -> e.getValue() >= 1)
          .sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
          .limit(8)
          .forEach(
              e ->
                  groups.append(
                      String.format(
                          Locale.ROOT,
                          "%s%s %.0f",
                          groups.length() == 0 ? "" : ", ",
                          e.getKey(),
                          e.getValue())));
      say("  server JVM CPU us per request by thread: %s", groups);
      say("  CPU used by other processes during the run: %.2f cores", Math.max(0, others));
      say("  server %s", GcLog.pauses(work.resolve("gc.log"), saturationStart, Instant.now()));
      if (others > 0.15) {
        say("  WARNING: the machine was busy with other work; figures are noisy, re-run when idle");
      }
      jfr.ifPresent(file -> awaitJfr(file, server));

      double rate =
          options.openRate > 0 ? options.openRate : Math.max(10, saturation.throughput() / 2);
      if (wrk == null) {
        // warm the Java open-model client (its JIT, its connections); not measured
        java.openModel("open-model warm-up", rate, Math.min(3, options.openSeconds));
      }
      Map<String, PgStatements.Counter> s3 = pg == null ? null : pg.snapshot();
      double driverBefore = ProcCpu.selfSeconds();
      double serverBeforeHalf = ProcCpu.processSeconds(server.pid());
      Instant halfStart = Instant.now();
      LoadResult half = open(wrk, java, "half-saturation", url, rate, options.openSeconds);
      String halfGc = GcLog.pauses(work.resolve("gc.log"), halfStart, Instant.now());
      double driverUs =
          (wrk != null ? wrk.lastCpuSeconds() : ProcCpu.selfSeconds() - driverBefore)
              * 1e6
              / Math.max(1, half.requests());
      double serverHalfUs =
          (ProcCpu.processSeconds(server.pid()) - serverBeforeHalf)
              * 1e6
              / Math.max(1, half.requests());
      Map<String, PgStatements.Counter> s4 = pg == null ? null : pg.snapshot();
      phases.add(half);
      say(half.line());
      say(
          "  CPU per request at half saturation: server JVM %.0f us, load client %.0f us",
          serverHalfUs, driverUs);
      say("  server %s", halfGc);
      if (wrk == null) {
        long halfStartedAfterLogin =
            Math.round((System.nanoTime() - sessionsBorn) / 1e9 - half.seconds());
        say("  slowest seconds (the phase began %d s after the logins):", halfStartedAfterLogin);
        java.lastTimeline().forEach(l -> say("    %s", l));
      }
      say(
          "  p99 / p50 at half saturation: %.2f (target <= 3)",
          half.p99Ms() / Math.max(1e-9, half.p50Ms()));

      Optional<Db> db = Optional.empty();
      if (pg != null) {
        PgStatements.Delta sat = PgStatements.delta(s1, s2);
        PgStatements.Delta halfDelta = PgStatements.delta(s3, s4);
        double rtSat = sat.calls() / (double) saturation.requests();
        double rtHalf = halfDelta.calls() / (double) half.requests();
        say(
            "  database round trips per request: %.3f (saturation), %.3f (half saturation)",
            rtSat, rtHalf);
        say("  stored token ciphertext: %s bytes per session (average)", pg.ciphertextBytes());
        say("  statements during the saturation run (calls per request, rows):");
        for (PgStatements.Counter c : sat.statements()) {
          say(
              "    %8.4f  %9d rows  %s",
              c.calls() / (double) saturation.requests(), c.rows(), c.query());
        }
        say("  statements during the half-saturation run (calls per request, rows):");
        for (PgStatements.Counter c : halfDelta.statements()) {
          say("    %8.4f  %9d rows  %s", c.calls() / (double) half.requests(), c.rows(), c.query());
        }
        long writes = 0;
        double minutes = 0;
        if (countWrites && options.steadySeconds > 0) {
          double elapsed = (System.nanoTime() - sessionsBorn) / 1e9;
          double remaining = options.steadySeconds - elapsed;
          if (remaining > 1) {
            LoadResult steady = open(wrk, java, "steady (writes)", url, rate, remaining);
            phases.add(steady);
            say(steady.line());
          }
          PgStatements.Delta all = PgStatements.delta(s0, pg.snapshot());
          minutes = (System.nanoTime() - sessionsBorn) / 60e9;
          writes = all.rowsMatching("UPDATE mcp_sessions");
          say(
              "  row writes to mcp_sessions over %.2f min of steady load since login: %d for %d"
                  + " sessions = %.2f per session per minute (touch throttle %s)",
              minutes,
              writes,
              credentials.size(),
              writes / (double) credentials.size() / minutes,
              touchThrottle(options.ttlHours).toSeconds() + " s");
        }
        db = Optional.of(new Db(rtSat, rtHalf, sat, writes, minutes, credentials.size()));
      }
      return new ModeResult(
          mode,
          trial,
          startSeconds,
          phases,
          saturation,
          half,
          serverCpuUs,
          pgCpuUs,
          clientCpuUs,
          cores,
          db,
          0);
    }
  }

  /** Fixed arrival rate: wrk with the pacing script, or the Java open-model client without wrk. */
  private LoadResult open(
      Wrk wrk, JavaLoad java, String phase, String url, double rate, double seconds) {
    if (wrk != null) {
      // enough connections that a free one is there when a slot comes due (rate x latency), but
      // not so many that wrk's first requests (sent on connect, unpaced) make a large burst
      int connections = (int) Math.max(8, Math.min(MAX_OPEN_CONNECTIONS, Math.ceil(rate / 100)));
      LoadResult result = wrk.runRate(phase, url, 1, connections, seconds, rate);
      say(
          "  schedule: %d of %d sends late by more than 1 ms, p99 lateness %.0f ms (late sends mean"
              + " every connection was busy: a stall, or the load tool fell behind)",
          wrk.lastLate(), wrk.lastSlots(), wrk.lastP99LateMs());
      return result;
    }
    LoadResult result = java.openModel(phase, rate, seconds);
    say(
        "  open-model driver: send lag p99 %.2f ms (scheduled vs actual send; large means the"
            + " driver could not keep the rate and the figures are not valid)",
        java.lastSendLagP99Ms());
    return result;
  }

  /** Most connections of a fixed-rate run. */
  private static final int MAX_OPEN_CONNECTIONS = 64;

  /**
   * Warms the server up in rounds of {@code --warmup} seconds until it is steady: the JIT compiler
   * threads take under 2 % of the server's CPU and throughput moved under 3 % from the round before
   * (so at least two rounds), or {@code --max-warmup} seconds have passed. A fixed warm-up measured
   * a JVM that was still compiling, more so in Postgres mode, whose code path is larger.
   */
  private void warmUp(Wrk wrk, JavaLoad java, String url, long pid, List<LoadResult> phases) {
    double previousThroughput = 0;
    int spent = 0;
    for (int round = 1; ; round++) {
      double cpuBefore = ProcCpu.processSeconds(pid);
      double jitBefore = compilerSeconds(pid);
      LoadResult result = closed(wrk, java, "warm-up " + round, url, options.warmupSeconds);
      spent += options.warmupSeconds;
      double cpu = ProcCpu.processSeconds(pid) - cpuBefore;
      double jitShare = cpu > 0 ? (compilerSeconds(pid) - jitBefore) / cpu : 0;
      double change =
          previousThroughput > 0
              ? Math.abs(result.throughput() - previousThroughput) / previousThroughput
              : 1;
      phases.add(result);
      say(result.line());
      say(
          "  JIT compiler threads %.1f %% of the server's CPU, throughput %s",
          jitShare * 100,
          previousThroughput > 0 ? String.format(Locale.ROOT, "%+.1f %%", change * 100) : "first");
      boolean steady = jitShare < 0.02 && change < 0.03;
      if (options.smoke || steady) {
        return;
      }
      if (spent + options.warmupSeconds > options.maxWarmupSeconds) {
        say("  not steady after %d s of warm-up; measuring anyway", spent);
        return;
      }
      previousThroughput = result.throughput();
    }
  }

  private static double compilerSeconds(long pid) {
    return ProcCpu.threadGroups(pid).entrySet().stream()
        .filter(group -> group.getKey().contains("CompilerThre"))
        .mapToDouble(Map.Entry::getValue)
        .sum();
  }

  private LoadResult closed(Wrk wrk, JavaLoad java, String phase, String url, int seconds) {
    if (wrk != null) {
      return wrk.run(phase, url, options.wrkThreads, options.connections, seconds);
    }
    return java.closedModel(phase, options.connections, seconds);
  }

  /**
   * Adds pg_stat_statements to a fresh data directory. zonky's initdb creates it; the server's own
   * embedded PostgreSQL then starts on it (it keeps an existing data directory).
   */
  private static void prepareDataDirectory(Path dataDir) throws IOException {
    try (EmbeddedPostgres init =
        EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).start()) {
      // initdb ran; stop again
    }
    Files.writeString(
        dataDir.resolve("postgresql.conf"),
        "\n# added by the benchmark\nshared_preload_libraries = 'pg_stat_statements'\n"
            + "pg_stat_statements.track = top\n",
        StandardOpenOption.APPEND);
  }

  private Path jar() {
    return options.jar.toAbsolutePath();
  }

  private Optional<Path> startJfr(String mode, ServerProcess server) throws IOException {
    if (options.jfrDir == null) {
      return Optional.empty();
    }
    Files.createDirectories(options.jfrDir);
    Path file = options.jfrDir.toAbsolutePath().resolve(mode + ".jfr");
    Files.deleteIfExists(file);
    String jcmd = Path.of(options.java).resolveSibling("jcmd").toString();
    if (!options.java.contains("/")) {
      jcmd = "jcmd";
    }
    run(
        List.of(
            jcmd,
            Long.toString(server.pid()),
            "JFR.start",
            "name=bench",
            "settings=profile",
            "duration=" + options.saturationSeconds + "s",
            "filename=" + file));
    return Optional.of(file);
  }

  private void awaitJfr(Path file, ServerProcess server) {
    for (int i = 0; i < 100 && !Files.exists(file); i++) {
      ServerProcess.sleep(100);
    }
    ServerProcess.sleep(1000);
    say("  JFR recording of the saturation run: %s", file);
    try {
      for (String line : JfrTopFrames.summary(file, 15)) {
        say("  %s", line);
      }
    } catch (IOException e) {
      say("  could not read %s: %s", file, e.getMessage());
    }
  }

  private static void run(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      p.waitFor(30, TimeUnit.SECONDS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void summarise(List<ModeResult> results) {
    say("");
    say("## Summary");
    say("");
    say(
        "| mode | saturation req/s | p50 ms | p99 ms | half-sat. rate | p50 ms | p99 ms | p99/p50"
            + " | DB round trips/req | row writes/session/min | errors |");
    say("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (ModeResult r : results) {
      say(
          "| %s | %.0f | %.2f | %.2f | %.0f | %.2f | %.2f | %.2f | %s | %s | %d |",
          r.label(),
          r.saturation().throughput(),
          r.saturation().p50Ms(),
          r.saturation().p99Ms(),
          r.half().throughput(),
          r.half().p50Ms(),
          r.half().p99Ms(),
          r.half().p99Ms() / Math.max(1e-9, r.half().p50Ms()),
          r.db().map(d -> String.format(Locale.ROOT, "%.3f", d.roundTripsPerRequest())).orElse("0"),
          r.db()
              .filter(d -> d.steadyMinutes() > 0)
              .map(d -> String.format(Locale.ROOT, "%.2f", d.writesPerSessionPerMinute()))
              .orElse("n/a"),
          r.errors());
    }
    say("");
    say(
        "| mode | server CPU us/req | PostgreSQL CPU us/req | load client CPU us/req | cores busy |");
    say("|---|---:|---:|---:|---:|");
    for (ModeResult r : results) {
      say(
          "| %s | %.0f | %.0f | %.0f | %.2f |",
          r.label(),
          r.serverCpuUsPerRequest(),
          r.postgresCpuUsPerRequest(),
          r.clientCpuUsPerRequest(),
          r.coresBusy());
    }
    OptionalDouble ratio = throughputRatio(results);
    if (ratio.isPresent()) {
      say("");
      for (int trial = 1; options.trials > 1 && trial <= options.trials; trial++) {
        int t = trial;
        say(
            "trial %d: Postgres / memory %.3f",
            trial,
            throughputRatio(results.stream().filter(r -> r.trial() == t).toList()).orElse(0));
      }
      say(
          "throughput ratio Postgres / memory (same run%s): %.3f (target >= 0.9)",
          options.trials > 1 ? ", mean throughput of " + options.trials + " trials each" : "",
          ratio.getAsDouble());
    }
    say("load average now: %.2f", ProcCpu.loadAverage());
  }

  /** Mean saturation throughput of the Postgres runs over that of the memory runs. */
  /** The server's throttle for this TTL; the absolute lifetime does not affect it. */
  static Duration touchThrottle(int ttlHours) {
    Duration ttl = Duration.ofHours(ttlHours);
    Duration absolute =
        ttl.compareTo(SessionPolicy.DEFAULT_ABSOLUTE_LIFETIME) > 0
            ? ttl
            : SessionPolicy.DEFAULT_ABSOLUTE_LIFETIME;
    return new SessionPolicy(ttl, absolute, SessionPolicy.DEFAULT_REFRESH_SKEW).touchThrottle();
  }

  static OptionalDouble throughputRatio(List<ModeResult> results) {
    OptionalDouble memory = meanThroughput(results, "memory");
    OptionalDouble postgres = meanThroughput(results, "postgres");
    return memory.isPresent() && postgres.isPresent()
        ? OptionalDouble.of(postgres.getAsDouble() / memory.getAsDouble())
        : OptionalDouble.empty();
  }

  private static OptionalDouble meanThroughput(List<ModeResult> results, String mode) {
    return results.stream()
        .filter(r -> r.mode().equals(mode))
        .mapToDouble(r -> r.saturation().throughput())
        .average();
  }

  private void say(String format, Object... args) {
    String line = args.length == 0 ? format : String.format(Locale.ROOT, format, args);
    System.out.println(line);
    System.out.flush();
    report.append(line).append('\n');
  }
}
