#!/usr/bin/env bash
# The Flink end-to-end suites against a real standalone cluster, as CI runs them: builds Kiln's jars
# (kiln.jar, and kiln-flink-job.jar staged to the cluster), starts the cluster of scripts/flink-cluster.sh unless one is
# already running, runs the Flink e2e tests of the runners and examples modules (direct vs embedded Flink vs the cluster),
# and stops the cluster it started — also when the tests fail. Exit code: the tests'.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

mvn -q -o -DskipTests package || mvn -q -DskipTests package

started=0
scripts/flink-cluster.sh status >/dev/null 2>&1 || started=1  # stop afterwards only what we started
scripts/flink-cluster.sh start
stop_cluster() {
  if [ $started = 1 ]; then
    scripts/flink-cluster.sh stop
  fi
}
trap stop_cluster EXIT

export KILN_TEST_FLINK_MASTER="${KILN_TEST_FLINK_MASTER:-localhost:18081}"
export KILN_TEST_FLINK_JAR="${KILN_TEST_FLINK_JAR:-$here/flink-job/target/kiln-flink-job.jar}"
# runners: csv → split → user step on the three; examples: the full taxi pipeline through the CLI, and
# the job jar's contents (both need the jars built above)
mvn -q -o -Pe2e -pl runners,examples -am test -Dtest='FlinkEndToEndTest,TaxiOnFlinkE2eTest,FlinkJobJarContentsTest' \
  -Dsurefire.failIfNoSpecifiedTests=false
