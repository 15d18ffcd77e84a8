#!/usr/bin/env bash
# The Flink end-to-end suite against a real standalone cluster, as CI runs it: builds Kiln's shaded jar
# (the job jar staged to the cluster), starts the cluster of scripts/flink-cluster.sh unless one is
# already running, runs the e2e tests of the runners module (direct vs embedded Flink vs the cluster),
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
export KILN_TEST_FLINK_JAR="${KILN_TEST_FLINK_JAR:-$here/cli/target/kiln.jar}"
mvn -q -o -Pe2e -pl runners -am test -Dtest='FlinkEndToEndTest' -Dsurefire.failIfNoSpecifiedTests=false
