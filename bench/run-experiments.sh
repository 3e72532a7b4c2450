#!/usr/bin/env bash
# Experiment runner across backends: runs one experiment command once per backend, each in its own JVM (engines
# never share a process), with native threads pinned, like bench/run-backends.sh.
#
# Usage: bench/run-experiments.sh [timing|table2|table3|sdpp] [extra options for that command]
#   timing (default): training iterations/s and greedy clustering time per set on every backend, merged into
#     results/experiments/timing/timing.md (+ timing.json, timing-clustering.png) with ratios to the fastest
#     backend and to the official PyTorch code's 1.85 s/iteration.
#   table2|table3|sdpp: the table on every backend, written to results/experiments/<command>/<backend>/; models are
#     trained once (by the first backend) into results/experiments/checkpoints and reused by the others.
# Environment: GFNCP_BACKENDS (default "reference djl dl4j tensorflow"), GFNCP_BENCH_THREADS (default 1),
#   GFNCP_SKIP_BUILD=1 to reuse an earlier build.
# Examples:
#   bench/run-experiments.sh timing
#   bench/run-experiments.sh timing --sizes 100,300,1000 --measured 5
#   GFNCP_BACKENDS="reference djl" bench/run-experiments.sh table3 --iterations gfncp=2000,ncp=1000 --test-sets 300
set -euo pipefail
cd "$(dirname "$0")/.."

command=${1:-timing}
[ $# -gt 0 ] && shift
case "$command" in
  timing|table2|table3|sdpp) ;;
  *) echo "unknown command '$command' (timing|table2|table3|sdpp)" >&2; exit 2 ;;
esac
threads=${GFNCP_BENCH_THREADS:-1}
backends=${GFNCP_BACKENDS:-reference djl dl4j tensorflow}
out=results/experiments/$command
mkdir -p "$out"

export OMP_NUM_THREADS=$threads MKL_NUM_THREADS=$threads
export TF_NUM_INTRAOP_THREADS=$threads TF_NUM_INTEROP_THREADS=1 TF_CPP_MIN_LOG_LEVEL=2 TF_ENABLE_ONEDNN_OPTS=0

if [ "${GFNCP_SKIP_BUILD:-0}" != 1 ]; then
  echo "== building (tests skipped)"
  mvn -B -ntp -q install -DskipTests
  for b in $backends; do
    [ "$b" = reference ] && continue
    mvn -B -ntp -q -pl "backend-$b" dependency:build-classpath -Dmdep.includeScope=runtime \
      -Dmdep.outputFile=target/runtime-classpath.txt
  done
fi

base="bench/experiments/target/classes:$(cat bench/experiments/target/classpath.txt)"
merged=()
for b in $backends; do
  cp="$base"
  if [ "$b" != reference ]; then
    cp="$cp:backend-$b/target/classes:$(cat "backend-$b/target/runtime-classpath.txt")"
  fi
  echo "== $command on $b"
  if java -Xmx8g -Djava.awt.headless=true -Dgfncp.threads="$threads" -Dai.djl.offline=true -cp "$cp" \
      org.gfncp.experiments.Main "$command" --backend "$b" --threads "$threads" --out "$out/$b" "$@"; then
    merged+=("$b")
  else
    echo "!! $command failed on $b; continuing with the other backends" >&2
  fi
done

if [ "$command" = timing ] && [ ${#merged[@]} -gt 0 ]; then
  java -Djava.awt.headless=true -cp "$base" org.gfncp.experiments.Main merge-timing "$out" "${merged[@]}"
  echo "table: $out/timing.md"
else
  echo "results: $out/<backend>/"
fi
