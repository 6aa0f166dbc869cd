#!/usr/bin/env bash
# Benchmarks of the MCP session server (docs/performance.md). Builds the server jar and the driver,
# then runs:
#   benchmarks/run.sh            load benchmark: memory mode, then Postgres mode (embedded PG 17)
#   benchmarks/run.sh smoke      a few seconds per mode; exits non-zero on any error (CI)
#   benchmarks/run.sh coldstart  process start -> first authenticated tools/call (JDK 17/25, CDS, AOT)
#   benchmarks/run.sh jmh        JMH microbenchmarks of the per-request pieces
#   benchmarks/run.sh profile    load benchmark with a JFR recording of each saturation run
#   benchmarks/run.sh all        load + coldstart + jmh
# Extra arguments go to the driver (e.g. `benchmarks/run.sh load --users 20 --duration 15`).
# Environment: BENCH_JAR (server jar to measure), BENCH_SKIP_BUILD=1, MVN_ARGS (e.g. -o),
# JAVA (server/driver JDK, default: java on PATH), JAVA25 (for the AOT-cache variants).
# Load goes to loopback only. Results: benchmarks/target/results/.
set -euo pipefail
cd "$(dirname "$0")/.."

what="${1:-load}"
[ $# -gt 0 ] && shift

JAVA="${JAVA:-$(command -v java)}"
JAVA25="${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
JAR="${BENCH_JAR:-bootstrap/target/mcp-session-server.jar}"
OUT="benchmarks/target/results"

ensure_wrk() {
  command -v wrk >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing wrk (Debian package)..."
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null 2>&1 ||
      { apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null 2>&1; } ||
      echo "warning: could not install wrk; the driver falls back to its own closed-model client"
  else
    echo "warning: wrk not found; the driver falls back to its own closed-model client"
  fi
}

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  # shellcheck disable=SC2086
  mvn -B -q ${MVN_ARGS:-} -Pbenchmarks -DskipTests -pl bootstrap,benchmarks -am package
fi
CP="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
mkdir -p "$OUT"
echo "machine: $(nproc) cores, load average: $(cut -d' ' -f1-3 /proc/loadavg)"

load() {
  ensure_wrk
  "$JAVA" -cp "$CP" io.statelessmcp.benchmarks.LoadBenchmark \
    --jar "$JAR" --java "$JAVA" --out "$OUT" --chart "$OUT/performance.png" "$@"
}

smoke() {
  ensure_wrk
  "$JAVA" -cp "$CP" io.statelessmcp.benchmarks.LoadBenchmark \
    --smoke --jar "$JAR" --java "$JAVA" --out "$OUT" "$@"
}

coldstart() {
  local aot=()
  [ -x "$JAVA25" ] && aot=(--java25 "$JAVA25")
  "$JAVA" -cp "$CP" io.statelessmcp.benchmarks.ColdStartBenchmark \
    --jar "$JAR" --java "$JAVA" "${aot[@]}" --out "$OUT" "$@"
}

jmh() {
  "$JAVA" -cp "$CP" org.openjdk.jmh.Main -rf json -rff "$OUT/jmh.json" "$@" 2>&1 |
    tee "$OUT/jmh.txt"
}

profile() {
  ensure_wrk
  "$JAVA" -cp "$CP" io.statelessmcp.benchmarks.LoadBenchmark \
    --jar "$JAR" --java "$JAVA" --out "$OUT/profile" --jfr "$OUT/jfr" \
    --open-duration 5 --steady 0 "$@"
}

case "$what" in
  load) load "$@" ;;
  smoke) smoke "$@" ;;
  coldstart) coldstart "$@" ;;
  jmh) jmh "$@" ;;
  profile) profile "$@" ;;
  all) load "$@"; coldstart; jmh ;;
  *) echo "usage: $0 [load|smoke|coldstart|jmh|profile|all] [driver options]" >&2; exit 2 ;;
esac
