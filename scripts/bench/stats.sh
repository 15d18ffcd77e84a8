#!/usr/bin/env bash
# Issue 3's statistics benchmark: the taxi rows replicated (default 100 x 10,000 = 1M rows, in 8 Avro
# files under bench-data/stats/), statistics on the DirectRunner (enforcement off) and on embedded
# Flink against a plain single-threaded Java loop computing the same figures. Two settings: in memory
# (DatasetStatistics over Rows) and from the Avro files (the Row path, AvroFiles.read + DatasetStatistics,
# and the folded path AvroFileStatistics that the statistics step uses for a committed Avro dataset).
# Prints every run, then per setting a table of median wall and CPU time with the ratio to the loop.
#
#   scripts/bench/stats.sh [replicas=100] [files=8] [repetitions=3]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$here"
cp_file="ml/target/bench-classpath.txt"
echo "stats bench: compiling ml and its test classes …" >&2
mvn -o -q -pl ml -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >&2
cp="ml/target/test-classes:ml/target/classes:core/target/test-classes:core/target/classes:metadata/target/classes:$(cat "$cp_file")"
exec java ${BENCH_JAVA_OPTS:--Xmx6g} -Dorg.slf4j.simpleLogger.defaultLogLevel=error -cp "$cp" dev.kiln.ml.stats.StatisticsBenchmark "$@"
