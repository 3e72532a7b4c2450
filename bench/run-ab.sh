#!/usr/bin/env bash
# Side-by-side speed check of a change: the GFNCP training iteration (or another JMH benchmark) of an earlier
# revision ("before") and of the working tree ("now"), alternating in one run so that both see the same machine
# load. Each (backend, version, round) runs in its own JVM with native threads pinned to 1; the JMH harness and
# third-party jars are the working tree's, only gfncp-api, gfncp-core and the backend's classes differ.
#
# Usage: bench/run-ab.sh [revision (default HEAD)] [rounds (default 2)] [JMH regex]
#   BACKENDS="djl tensorflow" (default) chooses the backends; JMH_PARAMS adds JMH options (for example
#   JMH_PARAMS="-p n=1000" for one size of greedyClustering); results in results/bench/ab/.
set -euo pipefail
cd "$(dirname "$0")/.."

rev=${1:-HEAD}
rounds=${2:-2}
regex=${3:-GfncpBenchmarks.gfncpTrainStep}
backends=${BACKENDS:-djl tensorflow}
params=()
case "$regex" in *Gfncp*) params=(-p pretrain=100) ;; esac
if [ -n "${JMH_PARAMS:-}" ]; then
  read -ra extra <<< "$JMH_PARAMS"
  params+=("${extra[@]}")
fi
out=results/bench/ab
before=$(mktemp -d /tmp/gfncp-ab.XXXXXX)
trap 'git worktree remove --force "$before" >/dev/null 2>&1 || true' EXIT
mkdir -p "$out"

export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 TF_NUM_INTRAOP_THREADS=1 TF_NUM_INTEROP_THREADS=1
export TF_CPP_MIN_LOG_LEVEL=2 TF_ENABLE_ONEDNN_OPTS=0

echo "== building the working tree and $rev (tests skipped)"
mvn -B -ntp -q install -DskipTests
git worktree add --force --detach "$before" "$rev" >/dev/null
modules=gfncp-api,gfncp-core$(for b in $backends; do printf ',backend-%s' "$b"; done)
(cd "$before" && mvn -B -ntp -q -o package -DskipTests -pl "$modules" -am)

# third-party jars only: the project's own classes come from the version under test
third() { tr ':' '\n' < "$1" | grep -v '/gfncp-' | paste -sd: -; }
harness="bench/jmh/target/classes:$(third bench/jmh/target/classpath.txt)"
summary="$out/summary.txt"
{
  echo "A/B of $rev ($(git rev-parse --short "$rev")) against the working tree, $(date -u +%Y-%m-%dT%H:%MZ),"
  echo "$(nproc --all) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), JMH -f 1 -wi 3 -i 8 -w 2s -r 2s."
} > "$summary"
for round in $(seq 1 "$rounds"); do
  for b in $backends; do
    mvn -B -ntp -q -pl "backend-$b" dependency:build-classpath -Dmdep.includeScope=runtime \
      -Dmdep.outputFile=target/runtime-classpath.txt
    for version in before now; do
      root=$PWD
      [ "$version" = before ] && root=$before
      cp="$harness:$root/gfncp-api/target/classes:$root/gfncp-core/target/classes:$root/backend-$b/target/classes"
      cp="$cp:$(third "backend-$b/target/runtime-classpath.txt")"
      json="$out/$b-$version-$round.json"
      java -Xmx6g -Dgfncp.backend="$b" -Dgfncp.threads=1 -Dai.djl.offline=true -cp "$cp" org.openjdk.jmh.Main \
        -f 1 -wi 3 -i 8 -w 2s -r 2s "${params[@]}" -rf json -rff "$json" "$regex" > "${json%.json}.log" 2>&1
      python3 - "$json" "$b" "$version" "$round" >> "$summary" <<'EOF'
import json, sys
path, backend, version, rnd = sys.argv[1:]
for r in json.load(open(path)):
    m = r["primaryMetric"]
    params = ",".join(f"{k}={v}" for k, v in sorted(r.get("params", {}).items()))
    print(f"{r['benchmark'].split('.')[-1]} {params} {backend} {version} round {rnd}: "
          f"{m['score']:.1f} ± {m['scoreError']:.1f} {m['scoreUnit']}")
EOF
    done
  done
done
cat "$summary"
