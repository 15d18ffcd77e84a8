#!/usr/bin/env bash
# Issue 10's peer comparison: the flights delay classifier (3M rows) as `kiln run` of a fresh project on
# embedded Flink and on the DirectRunner, and the same pipeline in Spark MLlib 3.5.3 local[2] (module
# bench-spark, its own JVM and class path, never in kiln.jar), alternating in one series; median of the
# rounds. Wall, CPU, peak RSS and AUC per run; a run past the limit is stopped and reported as
# "did not finish in N s" with what it had used. Results: printed, and saved under $data/results/.
#
#   scripts/bench/peers.sh [PIPELINE.yaml] [--rounds 3] [--limit-minutes 15] [--runners flink,direct]
#                          [--spark-input parquet|csv] [--jvm-opt -Xmx4g]
#
# PIPELINE defaults to pipelines/flights.yaml when it exists, else bench/pipelines/flights.yaml (the interim
# pipeline with a user transform from the bench jar). Its csv path is resolved in the fresh project, whose
# bench-data/ links to the data folder: write it as bench-data/flights/flights-3m.csv.
# Spark reads vega-datasets' Parquet file by default (as issue 10 measured it), or the CSV Kiln reads.
# The data folder is $KILN_BENCH_DATA when set, else bench-data/ of this checkout; scripts/bench/flights.sh
# fills it once (npm pack vega-datasets@3.2.1, Parquet → CSV). Every child JVM gets -Xmx4g unless a
# --jvm-opt -Xmx… says otherwise.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$here"
export KILN_BENCH_DATA="${KILN_BENCH_DATA:-$here/bench-data}"
export SPARK_LOCAL_IP=127.0.0.1   # Spark's own address look-up stays on loopback too (the driver binds there anyway)
say() { echo "peers: $*" >&2; }

pipeline=""
spark_input=parquet
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --spark-input) spark_input="${2:?--spark-input needs parquet or csv}"; shift 2 ;;
    --*) args+=("$1" "${2:?$1 needs a value}"); shift 2 ;;
    *) [ -z "$pipeline" ] || { echo "peers: one pipeline file only (got $pipeline and $1)" >&2; exit 2; }
       pipeline="$1"; shift ;;
  esac
done
if [ -z "$pipeline" ]; then
  if [ -f pipelines/flights.yaml ]; then pipeline=pipelines/flights.yaml; else pipeline=bench/pipelines/flights.yaml; fi
fi
[ -f "$pipeline" ] || { echo "peers: no pipeline file $pipeline" >&2; exit 2; }
case "$spark_input" in
  parquet|csv) ;;
  *) echo "peers: --spark-input must be parquet or csv, got '$spark_input'" >&2; exit 2 ;;
esac

# 1. jars: kiln's (CLI, examples, bench) and the Spark peer's, rebuilt when a source is newer
jars=("$here/cli/target/kiln.jar" "$here/examples/target/kiln-examples.jar" "$here/bench/target/kiln-bench.jar")
spark_jar="$here/bench-spark/target/kiln-bench-spark.jar"
spark_cp="$here/bench-spark/target/classpath.txt"
stale() {
  for j in "${jars[@]}" "$spark_jar" "$spark_cp"; do [ -f "$j" ] || return 0; done
  [ -n "$(find "$here" \( -path "$here/.git" -o -path "$here/bench-data" -o -name target \) -prune -o \
      \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) -newer "$spark_jar" -print -quit 2>/dev/null)" ]
}
if stale; then
  say "building …"
  mvn -q -o -DskipTests package >&2 2>/dev/null || mvn -q -DskipTests package >&2
  touch "${jars[@]}" "$spark_jar"
fi

# 2. data (fetched and converted once)
csv="$(scripts/bench/flights.sh --prepare-only)"
input="${csv%.csv}.$spark_input"
say "pipeline $pipeline · Spark reads $input · data folder $KILN_BENCH_DATA"

# 3. the series
cp="$(IFS=:; echo "${jars[*]}")"
java ${BENCH_JAVA_OPTS:-} -cp "$cp" dev.kiln.bench.BenchMain peers --data "$KILN_BENCH_DATA" --pipeline "$pipeline" \
  --spark-input "$input" --spark-classpath "$spark_cp" --spark-jar "$spark_jar" \
  --spark-jvm-options "$here/bench-spark/jvm.options" ${args[@]+"${args[@]}"}
