#!/usr/bin/env bash
# pg-test-cluster.sh — a private, throw-away PostgreSQL cluster for the
# store's tests, so that the same unit tests that run on SQLite also run on
# PostgreSQL without touching any system cluster.
#
#   scripts/pg-test-cluster.sh start [DIR]   initdb + start; prints the URI
#   scripts/pg-test-cluster.sh stop  [DIR]   stop and delete the cluster
#
# The cluster lives in DIR (default: a new /tmp/ogi-pg.XXXXXX), listens only
# on a Unix socket in DIR (no TCP), trusts local connections and is tuned
# for speed over durability (fsync off: test data is disposable).  stop
# without DIR takes the directory from the host= of $OGI_TEST_PG_URI.
# PostgreSQL refuses to run as root, so as root the server runs as the
# `postgres` user (created by the Debian package).
set -euo pipefail

pgbin=${OGI_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
[ -x "$pgbin/initdb" ] || { echo "pg-test-cluster: no PostgreSQL server binaries (install the postgresql package)" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  local dir=${1:-$(mktemp -d /tmp/ogi-pg.XXXXXX)}
  mkdir -p "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
  as_owner "$pgbin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-locale \
    >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
  as_owner "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o \
    "-c listen_addresses='' -c unix_socket_directories='$dir' -c fsync=off \
     -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
  as_owner "$pgbin/createdb" -h "$dir" -U postgres ogi_test
  echo "postgresql:///ogi_test?host=$dir&user=postgres"
}

stop() {
  local dir=${1:-}
  if [ -z "$dir" ]; then
    dir=${OGI_TEST_PG_URI:-}
    dir=${dir#*host=}
    dir=${dir%%&*}
  fi
  # Only ever delete a directory that holds a cluster.
  [ -n "$dir" ] && [ -f "$dir/data/PG_VERSION" ] || { echo "pg-test-cluster: no cluster in '$dir'" >&2; exit 1; }
  as_owner "$pgbin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
  rm -rf "$dir"
}

case "${1:-}" in
  start) start "${2:-}" ;;
  stop) stop "${2:-}" ;;
  *) echo "usage: $0 start|stop [DIR]" >&2; exit 2 ;;
esac
