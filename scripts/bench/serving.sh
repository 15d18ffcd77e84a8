#!/usr/bin/env bash
# Issue 11's serving benchmark. Runs the taxi pipeline in a throwaway project (its push writes
# models/taxi/000001), then:
#   1. the floor: the model's raw in-process scoring loop (Row -> ServingModel), and the same with the
#      server's JSON reading and writing, single-threaded (ServingBenchmark);
#   2. `kiln serve models/taxi` on a loopback port, loaded by wrk over HTTP/1.1 keep-alive: single-row
#      requests (a JSON list of one record), single-row v2 requests, and batches of 100 records.
# Prints each run and the load average (the machine may be shared: say so beside the numbers).
#
#   scripts/bench/serving.sh [seconds=20] [connections=8] [wrk-threads=1]
#   KILN_SERVE_ARGS="--threads 4" scripts/bench/serving.sh ...   # options for kiln serve, to compare settings
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
seconds="${1:-20}"
conns="${2:-8}"
threads="${3:-1}"
command -v wrk >/dev/null || { echo "serving bench: wrk is missing; install it with: sudo apt-get install -y wrk" >&2; exit 2; }

proj="$(mktemp -d)"
trap 'kill -TERM "${serve_pid:-}" 2>/dev/null || true; rm -rf "$proj"' EXIT
mkdir -p "$proj/pipelines" "$proj/examples/data"
cp "$here/pipelines/taxi.yaml" "$proj/pipelines/"
ln -s "$here/examples/data/taxi.csv" "$proj/examples/data/taxi.csv"
echo "serving bench: the taxi pipeline (builds kiln.jar when sources changed) …" >&2
"$here/scripts/kiln" run "$proj/pipelines/taxi.yaml" --project "$proj" >&2
model="$proj/models/taxi/000001/model.json"
predictions="$proj/.kiln/artifacts/taxi/infer/predictions"
[ -f "$model" ] || { echo "serving bench: no pushed model at $model" >&2; exit 1; }

(cd "$here" && mvn -o -q -pl serving -am test-compile >&2)
cp="$here/serving/target/test-classes:$here/cli/target/kiln.jar"
java -cp "$cp" dev.kiln.serving.ServingBenchmark bodies "$model" "$predictions" "$proj/bodies"

echo "== machine: $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== floor (in process, one thread)"
java -cp "$cp" dev.kiln.serving.ServingBenchmark floor "$model" "$predictions" 5

echo "== kiln serve options: ${KILN_SERVE_ARGS:-(defaults)}"
# shellcheck disable=SC2086 # KILN_SERVE_ARGS is a list of options
"$here/scripts/kiln" serve "$proj/models/taxi" --port 0 --project "$proj" ${KILN_SERVE_ARGS:-} > "$proj/serve.log" 2>&1 &
serve_pid=$!
port=""
for _ in $(seq 1 300); do
  port="$(sed -n 's|.*serving taxi (version 000001) at http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$proj/serve.log")"
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { echo "serving bench: kiln serve did not start:" >&2; cat "$proj/serve.log" >&2; exit 1; }
url="http://127.0.0.1:$port/v2/models/taxi/infer"

cat > "$proj/post.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = assert(io.open(os.getenv("BODY"), "r"))
wrk.body = f:read("*a")
f:close()
LUA

load() { # name, body file, rows per request
  local name="$1" body="$2" rows="$3" out
  BODY="$body" wrk -t"$threads" -c"$conns" -d5s -s "$proj/post.lua" "$url" >/dev/null   # warm-up (JIT)
  out="$(BODY="$body" wrk -t"$threads" -c"$conns" -d"${seconds}s" --latency -s "$proj/post.lua" "$url")"
  echo "== $name: $conns connections, $threads wrk thread(s), ${seconds}s, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "$out" | grep -E "Requests/sec|Non-2xx|Socket errors|^ +(50|99)%|Latency  "
  echo "$out" | awk -v r="$rows" '/Requests\/sec/ { printf "   rows/s: %.0f\n", $2 * r }'
}
load "single row (records)" "$proj/bodies/row.json" 1
load "single row (v2 tensors)" "$proj/bodies/row-v2.json" 1
load "batches of 100 rows (records)" "$proj/bodies/batch100.json" 100
curl -s "http://127.0.0.1:$port/metrics" | grep -E 'requests_total|errors_total' || true
kill -TERM "$serve_pid"
wait "$serve_pid" && echo "== kiln serve exited 0 on SIGTERM"
serve_pid=""
