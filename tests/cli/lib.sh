# tests/cli/lib.sh — helpers shared by the shell tests in this folder.
#
# Why it exists: every test that drives a real `ogi serve` used to carry its
# own copy of the same scaffolding (a temporary directory removed at exit, a
# server started on a free loopback port and waited for, curl with a cookie
# jar and the form's CSRF token, staff logins, check/assert helpers), and the
# copies had begun to drift (different waits, timeouts, messages); the
# command-line tests likewise each carried run/jq_true/has.  One copy here
# means one behaviour to fix and to trust.
#
# Use: not a test itself (ctest registers only test_*.sh).  A script sources
# it by its own path, so it runs the same from ctest (`bash /abs/test_x.sh`)
# and by hand from any directory:
#   . "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#   test_init            # $tmp, exit trap, counters, no proxies
# then uses the helpers below and ends with `finish`.  Two styles of check,
# both counted in $checks and $failures:
#   check NAME COMMAND...   prints "ok   - NAME" or "FAIL - NAME" (web tests)
#   run / jq_true / has     silent when they hold, "FAIL: why" on stderr
#                           otherwise (command-line tests)
#
# Conventions: the last response's body is $tmp/body and its headers
# $tmp/hdr; `fetch` prints the HTTP status so that tests read
#   check "NAME" is "$(fetch /path)" 200
# Every wait is a bounded loop; every server started is stopped at exit.

# ---- set-up and clean-up ----

# test_init: a private temporary directory in $tmp, removed at exit (kept
# and named when KEEP_TMP is set); servers started with serve_start are
# stopped and a PostgreSQL schema from pg_test_db is dropped at exit.  Unsets
# proxies (all traffic is loopback) and asks for cheap argon2id hashes
# (tests only, see `ogi user --help`).
test_init() {
  unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy
  export OGI_PWHASH_COST=min
  tmp=$(mktemp -d)
  checks=0
  failures=0
  server_pids=()
  schema=""
  fetch_max_time=20
  trap lib_cleanup EXIT
}

# lib_cleanup: the EXIT trap of test_init (stop servers, drop the schema,
# remove $tmp).
lib_cleanup() {
  local p
  for p in "${server_pids[@]}"; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
  [ -n "$schema" ] && admin_sql "DROP SCHEMA IF EXISTS $schema CASCADE" 2>/dev/null
  if [ -n "${KEEP_TMP:-}" ]; then echo "kept $tmp"; else rm -rf "$tmp"; fi
}

# ---- checks ----

# ok NAME / bad NAME: report one check that passed / failed.
ok() { echo "ok   - $1"; checks=$((checks + 1)); }
bad() { echo "FAIL - $1"; checks=$((checks + 1)); failures=$((failures + 1)); }

# check NAME COMMAND...: one named assertion; passes when COMMAND succeeds.
check() {
  local name=$1; shift
  if "$@"; then ok "$name"; else bad "$name"; fi
}

# is GOT WANT: equal strings; on failure says both and shows the start of the
# last body when it is text (the usual reason for a wrong status).
is() {
  [ "$1" = "$2" ] && return 0
  echo "     expected '$2', got '$1'"
  if [ -s "$tmp/body" ] && grep -Iq . "$tmp/body"; then
    echo "     body: $(head -c 300 "$tmp/body")"
  fi
  return 1
}

body_has() { grep -qF -- "$1" "$tmp/body"; }     # body_has TEXT
body_lacks() { ! grep -qF -- "$1" "$tmp/body"; } # body_lacks TEXT
hdr_has() { grep -qiF -- "$1" "$tmp/hdr"; }      # hdr_has TEXT (any case)

# jqb [JQ ARGS] FILTER: the jq condition holds on the last body (JSON).
jqb() {
  jq -e "$@" "$tmp/body" >/dev/null && return 0
  echo "     body: $(head -c 300 "$tmp/body")"
  return 1
}

# finish: the closing line ("N checks, F failed"); the script's exit status
# is 0 only when no check failed.  Call last.
finish() {
  echo "$checks checks, $failures failed"
  [ "$failures" -eq 0 ] || exit 1
  exit 0
}

# ---- command-line checks ----
# Each of run, jq_true and has counts one check; a failure is one fail.

# fail WHY: a failed check, said on stderr (the caller counts the check).
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# run WANT CMD...: runs CMD with stdout in $tmp/out and stderr in $tmp/err;
# checks that it exits WANT.
run() {
  local want=$1
  shift
  checks=$((checks + 1))
  "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  [ "$got" -eq "$want" ] || fail "'$*' exited $got, expected $want; stderr: $(head -c 400 "$tmp/err")"
}

# jq_true FILTER [FILE]: the jq filter holds on the JSON in FILE ($tmp/out
# by default).
jq_true() {
  local file=${2:-$tmp/out}
  checks=$((checks + 1))
  jq -e "$1" "$file" >/dev/null 2>&1 || fail "jq '$1' does not hold on $file: $(head -c 600 "$file")"
}

# has TEXT [FILE]: FILE ($tmp/out by default) contains TEXT (fixed string).
has() {
  local file=${2:-$tmp/out}
  checks=$((checks + 1))
  grep -qF -- "$1" "$file" || fail "'$1' not found in $file: $(head -c 400 "$file")"
}

# ---- the server ----

# serve_start NAME ARGS...: `ogi serve ARGS` on a free loopback port (the
# server picks it: --listen 127.0.0.1:0), stdout in $tmp/NAME.out, stderr in
# $tmp/NAME.err; waits (at most 20 s) for its "listening on" line.  Sets pid,
# port and base (http://127.0.0.1:PORT) to this server's: `fetch` talks to
# $base.  Returns 1, with port empty and the server's stderr shown, when it
# did not start.  Stopped at exit unless serve_stop stopped it first.
serve_start() {
  local name=$1; shift
  "$OGI_BIN" serve --listen 127.0.0.1:0 "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" &
  pid=$!
  server_pids+=("$pid")
  for _ in $(seq 1 200); do
    grep -q 'listening on' "$tmp/$name.out" 2>/dev/null && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  port=$(sed -n 's|.*http://127\.0\.0\.1:\([0-9][0-9]*\)/.*|\1|p' "$tmp/$name.out")
  base=http://127.0.0.1:$port
  [ -n "$port" ] && return 0
  echo "server $name did not start"
  cat "$tmp/$name.err"
  return 1
}

# serve_stop PID: SIGTERM (graceful shutdown) and wait; returns the server's
# exit status, saying it when not 0.  The server is no longer stopped at exit.
serve_stop() {
  local p=$1 rc=0 kept=() q
  for q in "${server_pids[@]}"; do [ "$q" = "$p" ] || kept+=("$q"); done
  server_pids=("${kept[@]}")
  kill -TERM "$p" || return 1
  wait "$p" || rc=$?
  [ "$rc" -eq 0 ] || echo "     server $p exited $rc"
  return "$rc"
}

# fetch PATH [CURL ARGS...]: a request to $base$PATH; body → $tmp/body,
# headers → $tmp/hdr, prints the HTTP status.  Cookie jars and form data are
# curl's own arguments (-b JAR -c JAR, -d, --data-urlencode, -H).  Each
# request is bounded by $fetch_max_time seconds (20 unless the script says).
fetch() {
  local path=$1; shift
  curl -s --max-time "$fetch_max_time" -o "$tmp/body" -D "$tmp/hdr" -w '%{http_code}' \
    "$@" "$base$path"
}

# ---- staff and sessions ----

# csrf_of: the CSRF token of the first form in the last body.
csrf_of() { grep -o 'name="csrf" value="[0-9a-f]*"' "$tmp/body" | head -1 | sed 's/.*value="\(.*\)"/\1/'; }

# forged TOKEN: a token that differs from TOKEN in its last digit (always
# differs, unlike "${t%?}0").
forged() { local t=$1; [ "${t: -1}" = 0 ] && echo "${t%?}1" || echo "${t%?}0"; }

# login JAR NAME PASSWORD: the console's login form (GET for the CSRF token
# and cookie, then the POST), session cookie kept in the curl jar JAR;
# prints the status of the POST (303 when signed in).
login() {
  fetch /admin/login -c "$1" -b "$1" >/dev/null
  fetch /admin/login -c "$1" -b "$1" -d "csrf=$(csrf_of)" --data-urlencode "name=$2" \
    --data-urlencode "password=$3"
}

# add_user NAME ROLE PASSWORD [AGENCY]: a staff account in $db through
# `ogi user add` (password on standard input, never on the command line).
add_user() {
  printf '%s\n' "$3" | "$OGI_BIN" user add --db "$db" --name "$1" --role "$2" \
    ${4:+--agency "$4"} --password-stdin >/dev/null
}

# ---- PostgreSQL ----

# admin_sql SQL: run SQL on $OGI_TEST_PG_URI (outside any test schema).
admin_sql() {
  PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 \
    -d "$OGI_TEST_PG_URI" -c "$1" >/dev/null
}

# pg_test_db NAME: a fresh schema ogi_t_NAME_<pid> on $OGI_TEST_PG_URI,
# migrated by `ogi db migrate`, dropped at exit.  Sets schema, and db to a
# URI whose search_path is that schema.  Exits the script when it cannot.
pg_test_db() {
  schema=ogi_t_$1_$$
  admin_sql "DROP SCHEMA IF EXISTS $schema CASCADE; CREATE SCHEMA $schema" ||
    { echo "cannot create schema $schema on OGI_TEST_PG_URI"; exit 1; }
  case $OGI_TEST_PG_URI in *\?*) db="$OGI_TEST_PG_URI&" ;; *) db="$OGI_TEST_PG_URI?" ;; esac
  db+="options=-csearch_path%3D$schema"
  "$OGI_BIN" db migrate --db "$db" >/dev/null || { echo "migrate failed"; exit 1; }
}
