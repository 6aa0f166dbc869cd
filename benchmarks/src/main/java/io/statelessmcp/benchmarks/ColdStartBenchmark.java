package io.statelessmcp.benchmarks;

import io.statelessmcp.adapter.out.workos.fake.FakeWorkOs;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cold start: wall time from {@code ProcessBuilder.start()} of the server JVM to the first
 * successful authenticated {@code tools/call whoami}.
 *
 * <p>Postgres mode runs against an already-running PostgreSQL 17 (started here, reached through
 * {@code SUPABASE_DB_URL}, as production reaches Supabase), with a credential created beforehand by
 * a login on an earlier server process; the clock stops at the first 200 with a successful tool
 * result. Memory mode has no session that survives a restart, so its clock stops at the first
 * successful call after a login made as soon as {@code /auth/login} answers.
 *
 * <p>Variants: the fat jar; the extracted jar ({@code -Djarmode=tools extract}); the extracted jar
 * with an AppCDS archive from a training run ({@code -XX:ArchiveClassesAtExit} with {@code
 * -Dspring.context.exit=onRefresh}); and, with {@code --java25}, the extracted jar on JDK 25 plain
 * and with a JEP 483/514 AOT cache ({@code -XX:AOTCacheOutput} / {@code -XX:AOTCache}). Runs are
 * interleaved (run 1 of every variant, then run 2, ...) so drift in machine load spreads evenly.
 */
public final class ColdStartBenchmark {

  private static final Pattern STARTED =
      Pattern.compile("Started \\S+ in ([0-9.]+) seconds \\(process running for ([0-9.]+)\\)");

  record Variant(String name, String java, List<String> jvmOptions, Path jar) {}

  record Sample(String variant, String mode, double firstCallSeconds, double springSeconds) {}

  public static void main(String[] args) throws Exception {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    Path jar = Path.of("bootstrap/target/mcp-session-server.jar");
    String java17 = "java";
    String java25 = null;
    int runs = 3;
    // postgres-migrated: MCP_MIGRATE_ON_START=false, the schema applied by a release step
    List<String> modes = List.of("postgres", "postgres-migrated", "memory");
    boolean skipJdk17Archives = false;
    Path out = Path.of("benchmarks/target/results");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--jar" -> jar = Path.of(args[++i]);
        case "--java" -> java17 = args[++i];
        case "--java25" -> java25 = args[++i];
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--modes" -> modes = List.of(args[++i].split(","));
        case "--out" -> out = Path.of(args[++i]);
        case "--skip-jdk17-archives" -> skipJdk17Archives = true;
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Files.createDirectories(out);
    jar = jar.toAbsolutePath();
    StringBuilder report = new StringBuilder();
    Path work = Files.createTempDirectory("mcp-coldstart-");
    try (FakeWorkOs workOs = FakeWorkOs.start();
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
      workOs.setAccessTokenLifetime(Duration.ofHours(2));
      int port = ServerProcess.freePort();
      Map<String, String> common = new LinkedHashMap<>();
      common.put("WORKOS_CLIENT_ID", workOs.clientId());
      common.put("WORKOS_API_KEY", workOs.apiKey());
      common.put("WORKOS_API_BASE_URL", workOs.baseUrl().toString());
      common.put("MCP_PUBLIC_BASE_URL", "http://localhost:" + port);
      common.put("MCP_AUTH_RATE_LIMIT_PER_MINUTE", "100000");
      Map<String, String> pgEnv = new LinkedHashMap<>(common);
      pgEnv.put(
          "SUPABASE_DB_URL",
          "postgresql://postgres:postgres@localhost:" + postgres.getPort() + "/postgres");
      pgEnv.put("MCP_SESSION_ENCRYPTION_KEYS", "k1:" + randomKey());
      Map<String, String> migratedEnv = new LinkedHashMap<>(pgEnv);
      migratedEnv.put("MCP_MIGRATE_ON_START", "false");
      Map<String, String> memEnv = new LinkedHashMap<>(common);
      memEnv.put("MCP_SESSION_STORE", "memory");

      say(report, "# Cold start to the first authenticated tools/call (%s)", Instant.now());
      say(report, "machine: %s", Machine.describe());
      Logins logins = new Logins(workOs);

      // A session that exists before the measured starts (the schema is migrated here, too).
      String credential;
      try (ServerProcess setup =
          ServerProcess.start(
              ServerProcess.javaJar(java17, List.of(), jar),
              pgEnv,
              port,
              work,
              work.resolve("setup.log"),
              null)) {
        setup.awaitHealthy(Duration.ofSeconds(120));
        credential = logins.login(setup.baseUrl(), 0);
        logins.verifyAll(setup.baseUrl(), List.of(credential));
      }

      Path extracted = work.resolve("app");
      exec(
          List.of(
              java17,
              "-Djarmode=tools",
              "-jar",
              jar.toString(),
              "extract",
              "--destination",
              extracted.toString()),
          Map.of(),
          work,
          work.resolve("extract.log"));
      Path extractedJar = extracted.resolve(jar.getFileName());

      List<Variant> variants = new ArrayList<>();
      variants.add(new Variant("JDK 17, fat jar (java -jar)", java17, List.of(), jar));
      if (!skipJdk17Archives) {
        addArchivedVariants(
            variants, report, java17, Archiving.APP_CDS, extractedJar, pgEnv, work, logins);
      }
      if (java25 != null) {
        addArchivedVariants(
            variants, report, java25, Archiving.AOT_CACHE, extractedJar, pgEnv, work, logins);
      }

      List<Sample> samples = new ArrayList<>();
      for (int run = 1; run <= runs; run++) {
        for (Variant variant : variants) {
          for (String mode : modes) {
            Map<String, String> env =
                switch (mode) {
                  case "memory" -> memEnv;
                  case "postgres-migrated" -> migratedEnv;
                  default -> pgEnv;
                };
            Sample sample = measure(variant, mode, env, port, work, logins, credential, run);
            samples.add(sample);
            System.out.printf(
                Locale.ROOT,
                "  run %d  %-36s %-8s first call %.2f s (Spring 'started in' %.2f s)%n",
                run,
                variant.name(),
                mode,
                sample.firstCallSeconds(),
                sample.springSeconds());
          }
        }
      }
      say(report, "");
      say(
          report,
          "| variant | mode | first authenticated tools/call, median of %d (min-max) s |"
              + " Spring 'started in' s |",
          runs);
      say(report, "|---|---|---:|---:|");
      for (Variant variant : variants) {
        for (String mode : modes) {
          List<Sample> mine =
              samples.stream()
                  .filter(s -> s.variant().equals(variant.name()) && s.mode().equals(mode))
                  .toList();
          double[] firsts = mine.stream().mapToDouble(Sample::firstCallSeconds).sorted().toArray();
          double[] springs = mine.stream().mapToDouble(Sample::springSeconds).sorted().toArray();
          say(
              report,
              "| %s | %s | %.2f (%.2f-%.2f) | %.2f |",
              variant.name(),
              mode,
              firsts[firsts.length / 2],
              firsts[0],
              firsts[firsts.length - 1],
              springs[springs.length / 2]);
        }
      }
      say(report, "load average now: %.2f", ProcCpu.loadAverage());
    }
    Files.writeString(out.resolve("coldstart.md"), report.toString());
  }

  /**
   * How a JDK writes and reads its class archive: AppCDS on 17, the JEP 483/514 AOT cache on 25.
   */
  private record Archiving(
      String jdk,
      String name,
      String noun,
      String writeFlag,
      String readFlag,
      String fileStem,
      String extension,
      String trainingLog) {
    static final Archiving APP_CDS =
        new Archiving(
            "JDK 17",
            "AppCDS",
            "archive",
            "-XX:ArchiveClassesAtExit",
            "-XX:SharedArchiveFile",
            "app-jdk17",
            ".jsa",
            "cds-training.log");
    static final Archiving AOT_CACHE =
        new Archiving(
            "JDK 25",
            "AOT cache",
            "cache",
            "-XX:AOTCacheOutput",
            "-XX:AOTCache",
            "app-jdk25",
            ".aot",
            "aot-training.log");
  }

  /**
   * Three variants on {@code java}: the extracted jar plain, with an archive written by a training
   * run that exits on refresh, and with one written by a training run that served requests.
   */
  private static void addArchivedVariants(
      List<Variant> variants,
      StringBuilder report,
      String java,
      Archiving archiving,
      Path extractedJar,
      Map<String, String> env,
      Path work,
      Logins logins)
      throws IOException, InterruptedException {
    String plain = archiving.jdk() + ", extracted jar";
    String archived = plain + " + " + archiving.name();
    variants.add(new Variant(plain, java, List.of(), extractedJar));

    Path onRefresh = work.resolve(archiving.fileStem() + archiving.extension());
    double onRefreshTraining =
        exec(
            List.of(
                java,
                archiving.writeFlag() + "=" + onRefresh,
                "-Dspring.context.exit=onRefresh",
                "-jar",
                extractedJar.toString()),
            env,
            work,
            work.resolve(archiving.trainingLog()));
    variants.add(
        new Variant(archived, java, List.of(archiving.readFlag() + "=" + onRefresh), extractedJar));
    say(
        report,
        "%s training run (%s, %s, spring.context.exit=onRefresh): %.1f s, %s %d MiB",
        archiving.name(),
        archiving.jdk(),
        archiving.writeFlag(),
        onRefreshTraining,
        archiving.noun(),
        Files.size(onRefresh) >> 20);

    Path served = work.resolve(archiving.fileStem() + "-served" + archiving.extension());
    double servedTraining =
        trainServing(java, archiving.writeFlag() + "=" + served, extractedJar, env, work, logins);
    variants.add(
        new Variant(
            archived + " trained by serving",
            java,
            List.of(archiving.readFlag() + "=" + served),
            extractedJar));
    say(
        report,
        "%s training by serving (start, 1 login, 200 tools/call, SIGTERM): %.1f s, %s %d MiB",
        archiving.name(),
        servedTraining,
        archiving.noun(),
        Files.size(served) >> 20);
  }

  private static Sample measure(
      Variant variant,
      String mode,
      Map<String, String> env,
      int port,
      Path work,
      Logins logins,
      String credential,
      int run)
      throws IOException {
    Path log =
        work.resolve(
            "start-" + run + "-" + variant.name().replaceAll("[^A-Za-z0-9]+", "_") + mode + ".log");
    long t0 = System.nanoTime();
    try (ServerProcess server =
        ServerProcess.start(
            ServerProcess.javaJar(variant.java(), variant.jvmOptions(), variant.jar()),
            env,
            port,
            work,
            log,
            null)) {
      String base = server.baseUrl();
      long deadline = t0 + TimeUnit.SECONDS.toNanos(90);
      while (System.nanoTime() < deadline) {
        if (!server.isAlive()) {
          throw new IllegalStateException("server exited during start; see " + log);
        }
        try {
          String presented = mode.equals("memory") ? logins.login(base, run) : credential;
          HttpResponse<String> response = logins.callWhoAmI(base, presented, Duration.ofSeconds(5));
          if (Logins.isSuccess(response.statusCode(), response.body())) {
            double first = (System.nanoTime() - t0) / 1e9;
            return new Sample(variant.name(), mode, first, springStarted(log));
          }
        } catch (IOException | RuntimeException notYet) {
          // not listening yet (connection refused) or not ready
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
        ServerProcess.sleep(5);
      }
      throw new IllegalStateException("no successful call within 90 s; see " + log);
    }
  }

  /**
   * A training run that does real work: start, log in, serve 200 calls, then SIGTERM; the JVM
   * writes the archive or cache as it exits, so it holds the classes (and, on JDK 25, the profiles)
   * of the request path too, not only those of the context refresh.
   */
  private static double trainServing(
      String java, String option, Path jar, Map<String, String> env, Path work, Logins logins)
      throws IOException, InterruptedException {
    int port = ServerProcess.freePort();
    Map<String, String> settings = new LinkedHashMap<>(env);
    settings.put("MCP_PUBLIC_BASE_URL", "http://localhost:" + port);
    long t0 = System.nanoTime();
    ServerProcess server =
        ServerProcess.start(
            ServerProcess.javaJar(java, List.of(option), jar),
            settings,
            port,
            work,
            work.resolve("training-" + option.replaceAll("[^A-Za-z0-9]+", "_") + ".log"),
            null);
    try {
      server.awaitHealthy(Duration.ofSeconds(120));
      String credential = logins.login(server.baseUrl(), 1);
      for (int i = 0; i < 200; i++) {
        HttpResponse<String> response =
            logins.callWhoAmI(server.baseUrl(), credential, Duration.ofSeconds(5));
        if (!Logins.isSuccess(response.statusCode(), response.body())) {
          throw new IllegalStateException("training call failed: " + response.body());
        }
      }
    } finally {
      server.stop(Duration.ofSeconds(180));
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  private static double springStarted(Path log) {
    for (int i = 0; i < 20; i++) {
      try {
        Matcher m = STARTED.matcher(Files.readString(log));
        if (m.find()) {
          return Double.parseDouble(m.group(1));
        }
      } catch (IOException e) {
        return Double.NaN;
      }
      ServerProcess.sleep(50);
    }
    return Double.NaN;
  }

  /** Runs a command to completion; returns its wall time in seconds. */
  private static double exec(List<String> command, Map<String, String> env, Path dir, Path log)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(k -> k.startsWith("MCP_") || k.startsWith("SUPABASE_"));
    builder.environment().putAll(env);
    builder.environment().put("PORT", Integer.toString(ServerProcess.freePort()));
    builder.directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
    long t0 = System.nanoTime();
    Process process = builder.start();
    if (!process.waitFor(180, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(command + " did not finish; see " + log);
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException(
          command + " exited with " + process.exitValue() + "; see " + log);
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  private static String randomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  private static void say(StringBuilder report, String format, Object... args) {
    String line = String.format(Locale.ROOT, format, args);
    System.out.println(line);
    report.append(line).append('\n');
  }
}
