#!/usr/bin/env bash
# Issue 10's taxi demo target (at most 10 s of run time on the DirectRunner): `kiln run pipelines/taxi.yaml`
# in a fresh project per run, a baseline kiln.jar and this checkout's alternating; per run and median: kiln's
# "COMPLETE in" run time, wall, CPU, peak RSS, and the ratio this checkout / baseline.
#
#   scripts/bench/taxi-demo.sh --baseline KILN_JAR [--rounds N] [--jvm-opt OPT]
#
# --baseline is required (e.g. a kiln.jar built from an older commit); the kiln-examples.jar beside it is used with it. Logs and the
# report go to bench-data/ ($KILN_BENCH_DATA when set).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
data=()
[ -n "${KILN_BENCH_DATA:-}" ] && data=(--data "$KILN_BENCH_DATA")
exec "$here/scripts/bench/bench.sh" taxi-demo --repo "$here" ${data[@]+"${data[@]}"} "$@"
