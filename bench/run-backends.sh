#!/usr/bin/env bash
# Backend comparison: runs the JMH benchmarks once per backend, each in its own JVM (engines never share a
# process), with native threads pinned, then merges the results into one side-by-side table:
#   results/bench/backends.md and results/bench/backends.json
#
# Usage: bench/run-backends.sh [quick|full] [JMH regex]
#   quick (default): 1 fork, 3 warm-up + 5 measured iterations of 1 s; full: 2 forks, 5 + 10.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-quick}
regex=${2:-org.gfncp.bench.*}
threads=${GFNCP_BENCH_THREADS:-1}
out=results/bench
mkdir -p "$out"

case "$mode" in
  quick) jmh_opts=(-f 1 -wi 3 -i 5 -w 1s -r 1s) ;;
  full) jmh_opts=(-f 2 -wi 5 -i 10 -w 1s -r 1s) ;;
  *) echo "unknown mode '$mode' (quick|full)" >&2; exit 2 ;;
esac

export OMP_NUM_THREADS=$threads MKL_NUM_THREADS=$threads
export TF_NUM_INTRAOP_THREADS=$threads TF_NUM_INTEROP_THREADS=1 TF_CPP_MIN_LOG_LEVEL=2 TF_ENABLE_ONEDNN_OPTS=0

echo "== building (tests skipped)"
mvn -B -ntp -q install -DskipTests
for b in djl dl4j tensorflow; do
  mvn -B -ntp -q -pl "backend-$b" dependency:build-classpath -Dmdep.includeScope=runtime \
    -Dmdep.outputFile=target/runtime-classpath.txt
done

base="bench/jmh/target/classes:$(cat bench/jmh/target/classpath.txt)"
{
  echo "Measured $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc --all) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)),"
  echo "$(java -version 2>&1 | head -1), native threads pinned to $threads, one JVM per backend, JMH mode '$mode'."
} > "$out/environment.txt"

for b in reference djl dl4j tensorflow; do
  cp="$base"
  if [ "$b" != reference ]; then
    cp="$cp:backend-$b/target/classes:$(cat "backend-$b/target/runtime-classpath.txt")"
  fi
  echo "== $b"
  java -Xmx6g -Dgfncp.backend="$b" -Dgfncp.threads="$threads" -Dai.djl.offline=true -cp "$cp" \
    org.openjdk.jmh.Main "${jmh_opts[@]}" -rf json -rff "$out/$b.json" "$regex"
done

java -cp "$base" org.gfncp.bench.BenchReport "$out" reference djl dl4j tensorflow
echo "table: $out/backends.md"
