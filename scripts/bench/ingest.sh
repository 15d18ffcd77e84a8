#!/usr/bin/env bash
# The data path alone: `kiln run` of csv -> split (both written as Avro) on one CSV file, with the
# current kiln.jar and a baseline kiln.jar alternately, in one series, on the runners named. Prints one
# markdown row per run (wall, CPU = user + sys, peak RSS) and the median ratio current / baseline.
#
#   scripts/bench/ingest.sh --baseline /path/to/baseline-kiln.jar [--csv FILE] [--rounds 3] [--runners "direct flink"]
#
# A baseline jar: `git worktree add /tmp/base <rev> && (cd /tmp/base && mvn -q -o -DskipTests package -pl cli -am)`,
# then /tmp/base/cli/target/kiln.jar. FILE defaults to the flights CSV of scripts/bench/flights.sh. Each run
# uses a fresh project under $TMPDIR; JVM options from KILN_BENCH_OPTS (default -Xmx4g).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
csv="$here/bench-data/flights/flights-3m.csv"
rounds=3
runners="direct flink"
baseline=""
while [ $# -gt 0 ]; do
  case "$1" in
    --csv) csv="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --runners) runners="$2"; shift 2 ;;
    --baseline) baseline="$2"; shift 2 ;;
    *) echo "ingest: unknown option $1" >&2; exit 2 ;;
  esac
done
[ -f "$csv" ] || { echo "ingest: no CSV $csv (scripts/bench/flights.sh makes the flights one)" >&2; exit 2; }
[ -f "$baseline" ] || { echo "ingest: --baseline must name a kiln.jar" >&2; exit 2; }
current="$here/cli/target/kiln.jar"
if [ ! -f "$current" ] || [ -n "$(find "$here/core/src" "$here/cli/src" -newer "$current" -name '*.java' -print -quit)" ]; then
  (cd "$here" && mvn -q -o -DskipTests package -pl cli -am >&2)
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
printf 'kiln: 1\npipeline: ingest\nsteps:\n  data: { uses: csv, with: { path: "%s" } }\n  split: { uses: split, in: { examples: data.examples }, with: { ratios: { train: 0.8, eval: 0.2 } } }\n' \
  "$csv" > "$work/pipeline.yaml"

run() { # jar runner -> "wall cpu rss_mib"
  local project="$work/p-$RANDOM$RANDOM"
  mkdir -p "$project"
  java -cp "$1" dev.kiln.cli.KilnCli init --project "$project" >/dev/null
  /usr/bin/time -f '%e %U %S %M' -o "$work/time" java ${KILN_BENCH_OPTS:--Xmx4g} -cp "$1" dev.kiln.cli.KilnCli \
      run --project "$project" "$work/pipeline.yaml" --runner "$2" > "$work/out" 2>&1 \
    || { cat "$work/out" >&2; exit 1; }
  grep -q "COMPLETE in" "$work/out" || { cat "$work/out" >&2; exit 1; }
  rm -rf "$project"
  awk '{ printf "%.1f %.1f %.0f\n", $1, $2 + $3, $4 / 1024 }' "$work/time"
}

echo "| runner | round | jar | wall s | CPU s | peak RSS MiB | load |"
echo "| --- | ---: | --- | ---: | ---: | ---: | ---: |"
for runner in $runners; do
  : > "$work/ratios-$runner"
  for round in $(seq 1 "$rounds"); do
    for jar in baseline current; do
      file="$baseline"; [ $jar = current ] && file="$current"
      read -r wall cpu rss < <(run "$file" "$runner")
      echo "| $runner | $round | $jar | $wall | $cpu | $rss | $(cut -d' ' -f1 /proc/loadavg) |"
      echo "$jar $wall $cpu $rss" >> "$work/ratios-$runner"
    done
  done
  median() { # jar column -> the median of that column over the rounds
    awk -v j="$1" -v c="$2" '$1 == j { print $c }' "$work/ratios-$runner" | sort -g \
      | awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
  }
  awk -v r="$runner" -v w1="$(median current 2)" -v w0="$(median baseline 2)" -v c1="$(median current 3)" \
      -v c0="$(median baseline 3)" -v m1="$(median current 4)" -v m0="$(median baseline 4)" \
      'BEGIN { printf "| %s | median | current / baseline | %.2f | %.2f | %.2f | |\n", r, w1 / w0, c1 / c0, m1 / m0 }'
done
