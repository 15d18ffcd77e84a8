#!/usr/bin/env bash
# Issue 4's benchmark: ingest (csv step) + statistics + split of the 3M-row flights data, one `kiln run`
# each on the DirectRunner (checks off), embedded Flink and the local Flink cluster of
# scripts/flink-cluster.sh, side by side: wall time, CPU, peak RSS, and the cluster's submission phases.
#
#   scripts/bench/flights.sh [--no-cluster] [--rounds 3] [--jvm-opt -Xmx4g] [other BenchMain options]
#   scripts/bench/flights.sh --prepare-only      # only the data (below), then prints the CSV's path
#   scripts/bench/flights.sh --prepare-only --times 10   # also flights-30m.csv (below), prints its path
#
# The data folder is $KILN_BENCH_DATA when set (one copy shared by several checkouts, e.g.
# KILN_BENCH_DATA=/work/bench-data), else bench-data/ in the checkout (git-ignored).
# Preparation (untimed, once): `npm pack vega-datasets@3.2.1` into bench-data/npm/, only
# data/flights-3m.parquet unpacked, converted to bench-data/flights/flights-3m.csv with DuckDB's JDBC
# driver (dev.kiln.bench.ParquetToCsv; DuckDB is on the converter's class path only). Starts the cluster
# when it is not running and then stops it at the end; a cluster that was already running is left running.
# --times N (N >= 2) also writes bench-data/flights/flights-<3N>m.csv once: the header, then N copies of
# the 3M rows in order (issue 10's scale benchmark, scripts/bench/scale.sh: N = 10 is 30M rows, 1.06 GB);
# the benchmark then reads that file. Written to a temporary name first, so a stopped copy is never used.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$here"
data="${KILN_BENCH_DATA:-$here/bench-data}"
say() { echo "flights: $*" >&2; }

cluster=1
prepare_only=0
times=1
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --no-cluster) cluster=0 ;;
    --prepare-only) prepare_only=1 ;;
    --times)
      times="${2:-}"
      [[ "$times" =~ ^[1-9][0-9]*$ ]] || { echo "flights: --times needs a whole number >= 1, got '$times'" >&2; exit 2; }
      shift ;;
    *) args+=("$1") ;;
  esac
  shift
done

# 1. jars (as scripts/bench/bench.sh: rebuilt when a source is newer than the bench jar)
jars=("$here/cli/target/kiln.jar" "$here/examples/target/kiln-examples.jar" "$here/bench/target/kiln-bench.jar")
stale() {
  for j in "${jars[@]}"; do [ -f "$j" ] || return 0; done
  [ -n "$(find "$here" \( -path "$here/.git" -o -path "$data" -o -name target \) -prune -o \
      \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) -newer "${jars[2]}" -print -quit 2>/dev/null)" ]
}
if stale; then
  say "building …"
  mvn -q -o -DskipTests package >&2 2>/dev/null || mvn -q -DskipTests package >&2
  touch "${jars[@]}"
fi
cp="$(IFS=:; echo "${jars[*]}")"   # kiln.jar holds the ml module (DatasetStatistics) too

# 2. data: the npm package, and from it only the Parquet file
parquet="$data/flights/flights-3m.parquet"
csv="$data/flights/flights-3m.csv"
mkdir -p "$data/npm" "$data/flights"
if [ ! -s "$parquet" ]; then
  tgz="$data/npm/vega-datasets-3.2.1.tgz"
  if [ ! -s "$tgz" ]; then
    say "npm pack vega-datasets@3.2.1 …"
    (cd "$data/npm" && npm pack --silent vega-datasets@3.2.1 >/dev/null)
  fi
  tar -xzf "$tgz" -C "$data/flights" --strip-components=2 package/data/flights-3m.parquet
fi

# 3. Parquet → CSV, once (DuckDB's JDBC driver from Maven, the version bench/pom.xml names)
duckdb_version="$(sed -n 's|.*<artifactId>duckdb_jdbc</artifactId><version>\([^<]*\)</version>.*|\1|p' bench/pom.xml)"
duckdb_jar="$HOME/.m2/repository/org/duckdb/duckdb_jdbc/$duckdb_version/duckdb_jdbc-$duckdb_version.jar"
if [ ! -f "$duckdb_jar" ]; then
  mvn -q dependency:get -Dartifact="org.duckdb:duckdb_jdbc:$duckdb_version" >&2
fi
java -cp "${jars[2]}:$duckdb_jar" dev.kiln.bench.ParquetToCsv "$parquet" "$csv" >&2

# 3b. N copies of the rows under one header, once (plain text: no Java, no second conversion)
if [ "$times" -gt 1 ]; then
  big="$data/flights/flights-$((3 * times))m.csv"
  if [ ! -s "$big" ] || [ "$csv" -nt "$big" ]; then
    say "writing $big ($times copies of the rows) …"
    { head -n 1 "$csv"; for _ in $(seq "$times"); do tail -n +2 "$csv"; done; } > "$big.tmp"
    mv "$big.tmp" "$big"
  fi
  csv="$big"
fi
if [ $prepare_only = 1 ]; then
  echo "$csv"
  exit 0
fi

# 4. the cluster (REST address from its config)
master=()
started=0
if [ $cluster = 1 ]; then
  conf="$here/scripts/flink-cluster/conf/config.yaml"
  rest="$(sed -n 's/^rest.address:[[:space:]]*//p' "$conf"):$(sed -n 's/^rest.port:[[:space:]]*//p' "$conf")"
  if ! scripts/flink-cluster.sh status >/dev/null 2>&1; then
    scripts/flink-cluster.sh start >&2
    started=1
  fi
  [ $started = 0 ] || trap 'scripts/flink-cluster.sh stop >&2' EXIT
  master=(--flink-master "$rest")
fi

# 5. the benchmark (BenchMain adds -Xmx4g for every child unless an -Xmx is given with --jvm-opt)
java ${BENCH_JAVA_OPTS:-} -cp "$cp" dev.kiln.bench.BenchMain flights --csv "$csv" "${master[@]}" "${args[@]}"
