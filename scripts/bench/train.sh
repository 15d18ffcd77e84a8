#!/usr/bin/env bash
# Issue 3's training benchmark: the distributed (L-BFGS, Beam) logistic regression on the preprocessed
# taxi training rows replicated to 1M, time per iteration and held-out AUC, beside the local (Tribuo)
# trainer on the same rows. DirectRunner with enforcement off by default; "flink" runs embedded Flink.
#
#   scripts/bench/train.sh [rows=1000000] [iterations=10] [runner=direct|flink]
#   scripts/bench/train.sh sparse [rows=1000000] [passes=10] [runner=direct|flink]   # issue 10: 15, 500, 10,000 features
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$here/ml"
echo "train bench: compiling ml and its test classes …" >&2
(cd "$here" && mvn -o -q -pl ml -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >&2)
cp="target/test-classes:target/classes:../core/target/test-classes:../core/target/classes:../metadata/target/classes:$(cat target/bench-classpath.txt)"
exec java ${BENCH_JAVA_OPTS:--Xmx8g} -Dorg.slf4j.simpleLogger.defaultLogLevel=error \
    -Djava.util.logging.config.file=/dev/null -cp "$cp" dev.kiln.ml.train.TrainingBenchmark "$@"
