#!/usr/bin/env bash
# Issue 10's scale target: the flights pipeline (pipelines/flights.yaml) on the 3M rows and then on ten
# copies of them (30M rows, 1.06 GB), one `kiln run` each in a fresh project on embedded Flink, every run
# with -Xmx2g for the whole JVM (the embedded TaskManager lives in the same process). Reports wall, CPU,
# peak RSS, each step's time, GC pauses / full collections / largest heap after a GC (from a GC log per
# run), the AUC, and the ratio 30M / 3M (target: at most 11). Results: printed, and saved under
# $data/results/scale-*.md; logs (and GC logs, JFR recordings) under $data/logs/scale-*.
#
#   scripts/bench/scale.sh [--times 10] [--limit-minutes 90] [--jfr true] [--pipeline FILE] [--jvm-opt -Xmx2g]
#
# The data folder is $KILN_BENCH_DATA when set (e.g. /work/bench-data), else bench-data/ of this
# checkout; scripts/bench/flights.sh --prepare-only --times N fills it once (the 3M CSV from
# vega-datasets, then N copies of its rows under one header).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$here"
export KILN_BENCH_DATA="${KILN_BENCH_DATA:-$here/bench-data}"

times=10
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --times) times="${2:?--times needs a number}"; shift 2 ;;
    --*) args+=("$1" "${2:?$1 needs a value}"); shift 2 ;;
    *) echo "scale: unexpected argument '$1'" >&2; exit 2 ;;
  esac
done

# 1. data (and the jars, which flights.sh rebuilds when a source is newer)
scripts/bench/flights.sh --prepare-only --times "$times" >/dev/null

# 2. the two runs, one after the other
jars=("$here/cli/target/kiln.jar" "$here/examples/target/kiln-examples.jar" "$here/bench/target/kiln-bench.jar")
cp="$(IFS=:; echo "${jars[*]}")"
java ${BENCH_JAVA_OPTS:-} -cp "$cp" dev.kiln.bench.BenchMain scale --data "$KILN_BENCH_DATA" --times "$times" ${args[@]+"${args[@]}"}
