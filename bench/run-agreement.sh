#!/usr/bin/env bash
# Loss agreement at the official settings (issue 3): trains GFNCP (GfncpConfig.mog2d(), batch 32, N in [50, 100),
# seed 1) for 50 iterations once per backend, each in its own JVM (engines never share a process) with native
# threads pinned, then compares every backend's losses with the base backend's:
#   results/agreement/<backend>.json (losses and seconds per iteration) and results/agreement/agreement.md
#
# Usage: bench/run-agreement.sh [backend...]     (default: reference djl dl4j tensorflow)
#   GFNCP_AGREEMENT_BASE      backend compared against (default: reference if it is among the backends, else djl)
#   GFNCP_AGREEMENT_ITERATIONS iterations (default 50); GFNCP_AGREEMENT_SEED seed (default 1)
#   GFNCP_AGREEMENT_NUDGED    backend run once more with one initial weight moved by one float32 ulp, the noise
#                             floor of the comparison (default: djl if it is among the backends; 'none' skips it)
#   GFNCP_AGREEMENT_SKIP_BUILD=1 reuses the classes and class paths of the previous build
# The pure-Java reference takes minutes per iteration at these sizes; to skip it, name the engines only.
set -euo pipefail
cd "$(dirname "$0")/.."

backends=("$@")
if [ ${#backends[@]} -eq 0 ]; then
  backends=(reference djl dl4j tensorflow)
fi
base=${GFNCP_AGREEMENT_BASE:-}
if [ -z "$base" ]; then
  base=djl
  for b in "${backends[@]}"; do
    if [ "$b" = reference ]; then base=reference; fi
  done
fi
nudged=${GFNCP_AGREEMENT_NUDGED:-}
if [ -z "$nudged" ]; then
  nudged=none
  for b in "${backends[@]}"; do
    if [ "$b" = djl ]; then nudged=djl; fi
  done
fi
iterations=${GFNCP_AGREEMENT_ITERATIONS:-50}
seed=${GFNCP_AGREEMENT_SEED:-1}
threads=1
out=results/agreement
mkdir -p "$out"

export OMP_NUM_THREADS=$threads MKL_NUM_THREADS=$threads OPENBLAS_NUM_THREADS=$threads
export TF_NUM_INTRAOP_THREADS=$threads TF_NUM_INTEROP_THREADS=1 TF_CPP_MIN_LOG_LEVEL=2 TF_ENABLE_ONEDNN_OPTS=0

if [ "${GFNCP_AGREEMENT_SKIP_BUILD:-0}" != 1 ]; then
  echo "== building (one offline reactor, tests skipped; nothing is installed)"
  mvn -B -ntp -q -o -DskipTests -pl gfncp-api,gfncp-core,backend-djl,backend-dl4j,backend-tensorflow,bench/jmh -am \
    package dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile=target/runtime-classpath.txt
fi

common="bench/jmh/target/classes:$(cat bench/jmh/target/runtime-classpath.txt)"
for b in "${backends[@]}"; do
  cp="$common"
  if [ "$b" != reference ]; then
    cp="$cp:backend-$b/target/classes:$(cat "backend-$b/target/runtime-classpath.txt")"
  fi
  echo "== $b"
  java -Xmx8g -Dgfncp.backend="$b" -Dgfncp.threads="$threads" -Dai.djl.offline=true -cp "$cp" \
    org.gfncp.bench.LossAgreement train "$out" "$iterations" "$seed" 2> "$out/$b.log"
done
runs=("${backends[@]}")
if [ "$nudged" != none ]; then
  cp="$common"
  if [ "$nudged" != reference ]; then
    cp="$cp:backend-$nudged/target/classes:$(cat "backend-$nudged/target/runtime-classpath.txt")"
  fi
  echo "== $nudged, one initial weight moved by one ulp"
  java -Xmx8g -Dgfncp.backend="$nudged" -Dgfncp.threads="$threads" -Dai.djl.offline=true -cp "$cp" \
    org.gfncp.bench.LossAgreement train "$out" "$iterations" "$seed" nudged 2> "$out/$nudged-nudged.log"
  runs+=("$nudged-nudged")
fi

java -cp "$common" org.gfncp.bench.LossAgreement report "$out" "$base" "${runs[@]}"
{
  echo "Measured $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc --all) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)),"
  echo "$(java -version 2>&1 | head -1), native threads pinned to $threads, one JVM per backend."
  echo
  cat "$out/agreement.md"
} > "$out/agreement.md.new"
mv "$out/agreement.md.new" "$out/agreement.md"
cat "$out/agreement.md"
