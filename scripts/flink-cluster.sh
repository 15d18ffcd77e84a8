#!/usr/bin/env bash
# A local Flink 1.19 standalone cluster for Kiln: one JobManager process and one TaskManager process,
# started from Maven artifacts alone (no Flink distribution), configured by
# scripts/flink-cluster/conf/config.yaml (REST on localhost:18081).
#
#   scripts/flink-cluster.sh start    start both processes; returns once the TaskManager has registered
#   scripts/flink-cluster.sh stop     stop the processes this script started (and only those)
#   scripts/flink-cluster.sh status   what runs, and the cluster's overview
#
# Logs, pid files and Flink's temporary files go to $KILN_FLINK_STATE (default target/flink-cluster
# in the repository; the folder is ignored by git). A second cluster beside CI's (other ports, e.g. for a
# benchmark while the test suite runs) takes a copy of the conf folder with other ports, named by
# $KILN_FLINK_CONF, and its own $KILN_FLINK_STATE:
#   cp -r scripts/flink-cluster/conf /tmp/f2 && sed -i 's/: 1\(8081\|612[3-6]\)$/: 2\1/' /tmp/f2/config.yaml
#   KILN_FLINK_CONF=/tmp/f2 KILN_FLINK_STATE=/tmp/f2-state scripts/flink-cluster.sh start   # REST 28081
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
conf="$(cd "${KILN_FLINK_CONF:-$here/scripts/flink-cluster/conf}" && pwd)" \
  || { echo "flink-cluster: error: no conf folder ${KILN_FLINK_CONF:-}" >&2; exit 1; }
pom="$here/scripts/flink-cluster/pom.xml"
state="${KILN_FLINK_STATE:-$here/target/flink-cluster}"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
jm_class=org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint
tm_class=org.apache.flink.runtime.taskexecutor.TaskManagerRunner
start_timeout="${KILN_FLINK_START_TIMEOUT:-90}"

say() { echo "flink-cluster: $*"; }
die() { echo "flink-cluster: error: $*" >&2; exit 1; }

# A key's value from config.yaml (flat "key: value" lines).
conf_value() {
  sed -n "s/^$1:[[:space:]]*\([^#[:space:]]*\).*/\1/p" "$conf/config.yaml" | tail -1
}

# A memory key's value in MiB (accepts 512m, 1g, 1024mb).
mem_mb() {
  local v; v="$(conf_value "$1" | tr 'A-Z' 'a-z')"
  [ -n "$v" ] || die "$conf/config.yaml: key '$1' is missing; every memory component must be set"
  case "$v" in
    *gb|*g) echo $(( ${v%%g*} * 1024 )) ;;
    *mb|*m) echo "${v%%m*}" ;;
    *) die "$conf/config.yaml: key '$1': '$v' is not a size like 512m or 1g" ;;
  esac
}

rest_url() { echo "http://$(conf_value rest.address):$(conf_value rest.port)"; }

# The REST endpoint's answer to a path, or nothing when it does not answer.
rest_get() { curl -fsS --max-time 3 "$(rest_url)$1" 2>/dev/null || true; }

# Whether the pid in a pid file is alive AND is the Flink process we started (not a reused pid).
ours() {
  local pidfile="$1" class="$2" pid
  [ -f "$pidfile" ] || return 1
  pid="$(cat "$pidfile")"
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q -- "$class .*--configDir $conf" 
}

classpath() {
  local cp="$state/classpath.txt"
  if [ ! -s "$cp" ] || [ "$pom" -nt "$cp" ]; then
    say "resolving the Flink class path from $pom …" >&2
    mkdir -p "$state"
    (mvn -q -o -f "$pom" dependency:build-classpath -Dmdep.outputFile="$cp" >/dev/null 2>&1 \
      || mvn -q -f "$pom" dependency:build-classpath -Dmdep.outputFile="$cp" >&2) \
      || die "could not resolve the Flink artifacts of $pom (mvn dependency:build-classpath failed)"
  fi
  cat "$cp"
}

# Starts one process in the background with its output in a log file; records its pid.
launch() {
  local name="$1" class="$2"; shift 2
  local log="$state/log/$name.log"
  : > "$log"
  nohup "$java" @"$conf/jvm.options" "$@" -Dlog.file="$log" \
    -Dorg.slf4j.simpleLogger.showDateTime=true -Dorg.slf4j.simpleLogger.dateTimeFormat="yyyy-MM-dd HH:mm:ss.SSS" -cp "$(classpath)" "$class" \
    --configDir "$conf" -Dio.tmp.dirs="$state/tmp" -Dweb.tmpdir="$state/tmp/web" \
    >> "$log" 2>&1 < /dev/null &
  echo $! > "$state/$name.pid"
}

# Waits until the command succeeds; fails with the log's tail when the process died or time ran out.
wait_for() {
  local what="$1" name="$2" class="$3" check="$4" deadline=$(( SECONDS + start_timeout ))
  until eval "$check"; do
    if ! ours "$state/$name.pid" "$class"; then
      tail -n 20 "$state/log/$name.log" >&2 || true
      die "the $name process ended before $what; its log: $state/log/$name.log"
    fi
    [ $SECONDS -lt $deadline ] || die "no $what after ${start_timeout}s; see $state/log/$name.log"
    sleep 1
  done
}

taskmanagers() { rest_get /overview | sed -n 's/.*"taskmanagers":\([0-9]*\).*/\1/p'; }

# Whether the TaskManager we started has registered: its log says so, and the REST endpoint lists one.
tm_registered() {
  grep -q "Successful registration at resource manager" "$state/log/taskmanager.log" 2>/dev/null \
    && [ "$(taskmanagers)" -ge 1 ] 2>/dev/null
}

start() {
  local jm_up=0 tm_up=0
  ours "$state/jobmanager.pid" "$jm_class" && jm_up=1
  ours "$state/taskmanager.pid" "$tm_class" && tm_up=1
  if [ $jm_up = 1 ] && [ $tm_up = 1 ]; then
    say "already running"; status; return 0
  fi
  if [ $jm_up = 0 ] && [ -n "$(rest_get /overview)" ]; then
    die "something else already answers at $(rest_url) (not started by this script); stop it or change rest.port in $conf/config.yaml"
  fi
  command -v "$java" >/dev/null || die "no java found (set JAVA_HOME)"
  mkdir -p "$state/log" "$state/tmp/web"
  classpath > /dev/null

  local jm_heap tm_heap tm_direct
  jm_heap=$(mem_mb jobmanager.memory.heap.size)
  tm_heap=$(( $(mem_mb taskmanager.memory.framework.heap.size) + $(mem_mb taskmanager.memory.task.heap.size) ))
  tm_direct=$(( $(mem_mb taskmanager.memory.framework.off-heap.size) + $(mem_mb taskmanager.memory.task.off-heap.size) \
    + $(mem_mb taskmanager.memory.network.max) ))

  # Both start at once: the TaskManager retries its registration until the JobManager answers, and
  # starting them side by side halves the start-up time. A process that is still up (say the
  # JobManager after its TaskManager was killed) is kept; only the missing one starts.
  [ $jm_up = 1 ] || launch jobmanager "$jm_class" -Xms${jm_heap}m -Xmx${jm_heap}m \
    -XX:MaxMetaspaceSize=$(mem_mb jobmanager.memory.jvm-metaspace.size)m \
    -XX:MaxDirectMemorySize=$(mem_mb jobmanager.memory.off-heap.size)m
  [ $tm_up = 1 ] || launch taskmanager "$tm_class" -Xms${tm_heap}m -Xmx${tm_heap}m \
    -XX:MaxMetaspaceSize=$(mem_mb taskmanager.memory.jvm-metaspace.size)m -XX:MaxDirectMemorySize=${tm_direct}m
  wait_for "REST endpoint at $(rest_url)" jobmanager "$jm_class" '[ -n "$(rest_get /overview)" ]'
  say "JobManager up (pid $(cat "$state/jobmanager.pid")), REST $(rest_url)"
  # a TaskManager killed a moment ago may still be listed until its heartbeat times out: wait for ours
  wait_for "registered TaskManager" taskmanager "$tm_class" 'tm_registered'
  say "TaskManager registered (pid $(cat "$state/taskmanager.pid"))"
  say "ready: kiln run PIPELINE --runner flink --flink-master $(conf_value rest.address):$(conf_value rest.port)"
  say "logs: $state/log"
}

# Ends one of our processes: TERM, then KILL after 30 s. Leaves alone a pid that is not ours.
stop_one() {
  local name="$1" class="$2" pidfile="$state/$1.pid" pid
  [ -f "$pidfile" ] || return 0
  pid="$(cat "$pidfile")"
  if ours "$pidfile" "$class"; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 30); do ours "$pidfile" "$class" || break; sleep 1; done
    if ours "$pidfile" "$class"; then
      say "$name (pid $pid) did not stop in 30 s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    say "stopped $name (pid $pid)"
  else
    say "$name was not running (stale pid file for pid $pid removed)"
  fi
  rm -f "$pidfile"
}

stop() {
  if [ ! -f "$state/jobmanager.pid" ] && [ ! -f "$state/taskmanager.pid" ]; then
    say "not running (no pid files in $state)"; return 0
  fi
  stop_one taskmanager "$tm_class"
  stop_one jobmanager "$jm_class"
}

status() {
  local up=0
  for p in "jobmanager:$jm_class" "taskmanager:$tm_class"; do
    local name="${p%%:*}" class="${p#*:}"
    if ours "$state/$name.pid" "$class"; then
      say "$name running (pid $(cat "$state/$name.pid"))"; up=1
    else
      say "$name not running"
    fi
  done
  local overview; overview="$(rest_get /overview)"
  if [ -n "$overview" ]; then
    say "REST $(rest_url): $overview"
  elif [ $up = 1 ]; then
    say "REST $(rest_url) does not answer (yet)"
  fi
  [ $up = 1 ]
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
