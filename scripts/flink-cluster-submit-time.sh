#!/usr/bin/env bash
# How long submitting Kiln's job to a Flink cluster takes with each job jar: Kiln's own shaded jar
# (cli/target/kiln.jar, what every job uploaded before) and the Flink job jar
# (flink-job/target/kiln-flink-job.jar, what FlinkJobJar stages now). Runs the full taxi pipeline
# (pipelines/taxi.yaml, one stage = one Flink job) in a fresh project per run, alternating the two jars,
# and prints per run:
#   upload      client "Submitting job" → JobManager INITIALIZING (job graph + jars over REST)
#   submission  client "Submitting job" → JobManager RUNNING (upload + scheduling)
#   wall        the whole kiln process
# Client lines come from slf4j with millisecond timestamps, the JobManager's from its REST API
# (GET /jobs/ID, "timestamps"): same machine, same clock.
#
#   scripts/flink-cluster-submit-time.sh [--master localhost:18081] [--rounds 2]
#
# Needs a running cluster (scripts/flink-cluster.sh start) and the jars (mvn -DskipTests package).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
master=localhost:18081
rounds=2
while [ $# -gt 0 ]; do
  case "$1" in
    --master) master="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    *) echo "usage: $0 [--master HOST:PORT] [--rounds N]" >&2; exit 2 ;;
  esac
done
kiln_jar="$here/cli/target/kiln.jar"
job_jar="$here/flink-job/target/kiln-flink-job.jar"
examples_jar="$here/examples/target/kiln-examples.jar"
for f in "$kiln_jar" "$job_jar" "$examples_jar"; do
  [ -f "$f" ] || { echo "$f is missing; build it with mvn -DskipTests package" >&2; exit 1; }
done
curl -fsS --max-time 3 "http://$master/overview" >/dev/null || { echo "no Flink cluster answers at $master" >&2; exit 1; }

ms() { date -d "$1" +%s%3N; }
mb() { echo "$(( $(stat -c %s "$1") / 1000000 )) MB"; }

# one run: label, the job jar to stage (named explicitly, so the choice is not left to discovery)
run() {
  local label="$1" stage="$2" dir log start end id line submitting json init running
  dir="$(mktemp -d)"
  mkdir -p "$dir/pipelines" "$dir/examples/data"
  cp "$here/pipelines/taxi.yaml" "$dir/pipelines/"
  cp "$here/examples/data/taxi.csv" "$dir/examples/data/"
  log="$dir/kiln.log"
  start=$(date +%s%3N)
  (cd "$dir" && java -Dkiln.flink.jobJar="$stage" \
      -Dorg.slf4j.simpleLogger.showDateTime=true -Dorg.slf4j.simpleLogger.dateTimeFormat="yyyy-MM-dd HH:mm:ss.SSS" \
      -Dorg.slf4j.simpleLogger.log.org.apache.flink.client.program.rest.RestClusterClient=info \
      -cp "$kiln_jar:$examples_jar" dev.kiln.cli.KilnCli run pipelines/taxi.yaml \
      --runner flink --flink-master "$master" --project "$dir" > "$log" 2>&1) \
    || { tail -20 "$log" >&2; echo "kiln failed; log: $log" >&2; exit 1; }
  end=$(date +%s%3N)
  grep -q "(11 complete)" "$log" || { tail -20 "$log" >&2; echo "the run did not complete all 11 steps; log: $log" >&2; exit 1; }
  line="$(grep -m1 "Submitting job '" "$log")"
  id="$(sed -n "s/.*Submitting job '[^']*' (\([0-9a-f]\{32\}\)).*/\1/p" <<< "$line")"
  submitting=$(ms "$(cut -c1-23 <<< "$line")")
  # the job's own timestamps come first; every vertex has a "timestamps" object too
  json="$(curl -fsS "http://$master/jobs/$id" | grep -o '"timestamps":{[^}]*}' | head -1)"
  init="$(sed -n 's/.*"INITIALIZING":\([0-9]*\).*/\1/p' <<< "$json")"
  running="$(sed -n 's/.*"RUNNING":\([0-9]*\).*/\1/p' <<< "$json")"
  awk -v l="$label ($(mb "$stage"))" -v s="$submitting" -v i="$init" -v r="$running" -v a="$start" -v b="$end" -v id="$id" \
    'BEGIN { printf "%-40s upload %6.1f s   submission %6.1f s   wall %6.1f s   job %s\n", l, (i - s) / 1000, (r - s) / 1000, (b - a) / 1000, id }'
  rm -rf "$dir"
}

echo "cluster $master · load average $(cut -d' ' -f1-3 /proc/loadavg) · $(date -u +%FT%TZ)"
for r in $(seq 1 "$rounds"); do
  if [ $((r % 2)) = 1 ]; then
    run "round $r: kiln.jar" "$kiln_jar"; run "round $r: kiln-flink-job.jar" "$job_jar"
  else
    run "round $r: kiln-flink-job.jar" "$job_jar"; run "round $r: kiln.jar" "$kiln_jar"
  fi
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
