#!/usr/bin/env bash
# A throwaway PostgreSQL server for Kiln's end-to-end tests of the metadata store.
#
#   scripts/postgres-test-server.sh start   # installs PostgreSQL if missing, starts a cluster, prints the JDBC URL
#   scripts/postgres-test-server.sh stop    # stops that cluster and deletes its folder
#   scripts/postgres-test-server.sh url     # prints the JDBC URL of the running cluster
#
# Then: KILN_TEST_POSTGRES_URL=$(scripts/postgres-test-server.sh url) mvn -q -pl metadata -am test -Pe2e
#
# The cluster lives in a temporary folder, listens on localhost:${KILN_PG_PORT:-55432} only, trusts local
# connections (it holds test data only) and is owned by the `postgres` user when run as root.
set -euo pipefail

PORT="${KILN_PG_PORT:-55432}"
DATABASE=kiln_test
STATE="${TMPDIR:-/tmp}/kiln-postgres-test-${PORT}.dir"   # remembers the cluster's folder for `stop`

die() { echo "postgres-test-server: $*" >&2; exit 1; }

pg_bin() {
  local initdb
  initdb=$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)
  [[ -n "$initdb" ]] && dirname "$initdb"
}

install_postgres() {
  [[ $(id -u) -eq 0 ]] || die "PostgreSQL is not installed and installing it needs root: apt-get install postgresql"
  echo "postgres-test-server: installing PostgreSQL from Debian packages..." >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
}

# Runs a command as the cluster's owner: `postgres` when we are root (initdb refuses root), else ourselves.
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

url() { echo "jdbc:postgresql://localhost:${PORT}/${DATABASE}?user=postgres"; }

running_dir() {
  [[ -f "$STATE" ]] || return 1
  local dir; dir=$(cat "$STATE")
  [[ -d "$dir/data" ]] || return 1
  echo "$dir"
}

start() {
  local bin dir
  if dir=$(running_dir) && as_owner "$(pg_bin)/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    url; return 0
  fi
  bin=$(pg_bin) || true
  if [[ -z "$bin" ]]; then
    install_postgres
    bin=$(pg_bin) || die "PostgreSQL was installed but no initdb was found under /usr/lib/postgresql"
  fi
  dir=$(mktemp -d "${TMPDIR:-/tmp}/kiln-postgres-test.XXXXXX")
  echo "$dir" > "$STATE"
  [[ $(id -u) -eq 0 ]] && chown postgres "$dir"
  as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || die "initdb failed, see $dir/initdb.log"
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p ${PORT} -k ${dir} -c listen_addresses=localhost -c fsync=off" start >/dev/null \
    || die "the server did not start, see $dir/server.log"
  as_owner "$bin/createdb" -h localhost -p "$PORT" -U postgres "$DATABASE" \
    || die "cannot create database $DATABASE"
  url
}

stop() {
  local dir
  if ! dir=$(running_dir); then
    echo "postgres-test-server: no test cluster on port ${PORT} (no ${STATE})" >&2
    rm -f "$STATE"
    return 0
  fi
  case "$dir" in
    "${TMPDIR:-/tmp}"/kiln-postgres-test.*) ;;
    *) die "refusing to remove $dir: not a folder this script created" ;;
  esac
  as_owner "$(pg_bin)/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$dir" "$STATE"
  echo "postgres-test-server: stopped and removed $dir" >&2
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  url) running_dir >/dev/null || die "not running; use: $0 start"; url ;;
  *) echo "usage: $0 start|stop|url" >&2; exit 2 ;;
esac
