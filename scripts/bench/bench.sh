#!/usr/bin/env bash
# Runs one benchmark of bench/ (dev.kiln.bench.BenchMain): cached | overhead | plan [options].
# Builds the jars first when they are missing or older than a source; data and results go to bench-data/.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
jars=("$here/cli/target/kiln.jar" "$here/examples/target/kiln-examples.jar" "$here/bench/target/kiln-bench.jar")

stale() {
  for j in "${jars[@]}"; do [ -f "$j" ] || return 0; done
  [ -n "$(find "$here" -path "$here/.git" -prune -o -path "$here/bench-data" -prune -o \
      \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) -newer "${jars[2]}" -print -quit 2>/dev/null)" ]
}

if stale; then
  echo "bench: building …" >&2
  (cd "$here" && mvn -q -o -DskipTests package >&2 2>/dev/null) || (cd "$here" && mvn -q -DskipTests package >&2)
  touch "${jars[@]}"
fi

cd "$here"
cp="$(IFS=:; echo "${jars[*]}")"
exec java ${BENCH_JAVA_OPTS:-} -cp "$cp" dev.kiln.bench.BenchMain "$@"
