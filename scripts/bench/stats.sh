#!/usr/bin/env bash
# Issue 3's statistics benchmark: DatasetStatistics on the DirectRunner (enforcement off) over the
# taxi rows replicated (default 100 x 10,000 = 1M rows, in 8 Avro files under bench-data/stats/),
# against a plain single-threaded Java loop computing the same figures. Prints both times and the ratio.
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
