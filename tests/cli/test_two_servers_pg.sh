#!/usr/bin/env bash
# test_two_servers_pg.sh — two `ogi serve` processes on one PostgreSQL
# database serve consistently: what is written through one server is what
# the other shows on its very next request, although each keeps a cache of
# catalogue results (store/db.c, invalidated on PostgreSQL by the data
# generation of schema.c migration 7).  Server A runs more worker threads
# than connections (--threads 4 --db-pool 1), so its workers share one
# connection through the pool.
#
# Registered only when a cluster is given (OGI_TEST_PG_URI, see
# tests/CMakeLists.txt); the test gets its own schema and drops it.
set -u
: "${OGI_BIN:?}" "${OGI_SOURCE_DIR:?}" "${OGI_SHARED:?}" "${OGI_TEST_PG_URI:?}"
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
test_init
pg_test_db two_servers

"$OGI_BIN" agency add --db "$db" --name 某市教育局 --kind department --prefix JYJ >/dev/null
A=$("$OGI_BIN" agency list --db "$db" --json | jq -r '.[] | select(.name == "某市教育局") | .id')
[ -n "$A" ] || { echo "agency not created"; exit 1; }
add_user off_a officer officer-pass-1 某市教育局
add_user rev_a reviewer reviewer-pass-1 某市教育局
T_OFF=$("$OGI_BIN" token add --db "$db" --user off_a --name officer)
T_REV=$("$OGI_BIN" token add --db "$db" --user rev_a --name reviewer)

# start NAME ARGS...: a server on a free port; its base URL in $base_NAME.
start() {
  serve_start "$@" --db "$db" --static "$OGI_SOURCE_DIR/data/web" \
    --calendar "$OGI_SHARED/spec/holidays.csv" || exit 1
  printf -v "base_$1" '%s' "$base"
}
start a --threads 4 --db-pool 1
start b --threads 2

# get BASE PATH: body → $tmp/body, prints the status.
get() { base=$1 fetch "$2"; }
# api BASE METHOD PATH TOKEN [JSON]: an API call, body → $tmp/body, prints the status.
api() {
  local args=(-X "$2" -H "Authorization: Bearer $4")
  [ -n "${5-}" ] && args+=(-H 'Content-Type: application/json' --data-binary "$5")
  base=$1 fetch "/api/v1$3" "${args[@]}"
}
# public_total BASE: the total of the public item list, or "error".
public_total() {
  [ "$(get "$1" '/api/v1/public/items?limit=5')" = 200 ] && jq -r .total "$tmp/body" ||
    echo error
}
# every_request BASE TIMES [JQ ARGS] COND: COND (jq on the public list) holds
# on each of TIMES requests in a row, whichever worker (and its cache) answers.
every_request() {
  local base=$1 times=$2 i
  shift 2
  for i in $(seq 1 "$times"); do
    [ "$(get "$base" '/api/v1/public/items?limit=5')" = 200 ] && jqb "$@" || return 1
  done
}

# ---- both servers answer, and B's workers have cached the empty catalogue ----
check "A serves the catalogue" test "$(get "$base_a" /catalog)" = 200
check "B serves the catalogue" test "$(get "$base_b" /catalog)" = 200
check "B lists nothing yet (8 requests, both workers cached)" every_request "$base_b" 8 '.total == 0'
get "$base_b" '/catalog?q=%E6%8B%9B%E7%94%9F' >/dev/null # a search cached too

# ---- publish through A ----
item='{"agency_id":'$A',"title":"关于做好2024年义务教育招生入学工作的通知","category":"art20_01","kind":"normative","formed_date":"2024-02-01","body":"正文"}'
check "A creates an item" test "$(api "$base_a" POST /items "$T_OFF" "$item")" = 201
ITEM=$(jq -r .id "$tmp/body")
check "B still lists no draft" every_request "$base_b" 4 '.total == 0'
check "A: submit" test "$(api "$base_a" POST "/items/$ITEM/steps" "$T_OFF" '{"step":"submit"}')" = 200
check "A: secrecy review passed" \
  test "$(api "$base_a" POST "/items/$ITEM/steps" "$T_REV" '{"step":"pass_secrecy"}')" = 200
check "A: approved and published" \
  test "$(api "$base_a" POST "/items/$ITEM/steps" "$T_REV" '{"step":"approve","date":"2024-02-05"}')" = 200
check "  published" jqb '.status == "published"'

# ---- read through B at once ----
check "B lists it on the next request" \
  every_request "$base_b" 8 --argjson id "$ITEM" '.total == 1 and .items[0].id == $id'
check "B's catalogue page shows it" test "$(get "$base_b" /catalog)" = 200
check "  with its title" grep -q '义务教育招生入学' "$tmp/body"
check "B's search finds it" test "$(get "$base_b" '/catalog?q=%E6%8B%9B%E7%94%9F')" = 200
check "  with its title" grep -q '义务教育招生入学' "$tmp/body"
check "B's item page shows it" test "$(get "$base_b" "/items/$ITEM")" = 200
check "A agrees" test "$(public_total "$base_a")" = 1

# ---- repeal through A: B drops it at once ----
check "A: repealed" \
  test "$(api "$base_a" POST "/items/$ITEM/steps" "$T_OFF" '{"step":"repeal","date":"2024-06-01"}')" = 200
check "B lists nothing on the next request" every_request "$base_b" 8 '.total == 0'
check "B's search finds nothing" test "$(get "$base_b" '/catalog?q=%E6%8B%9B%E7%94%9F')" = 200
check "  no title" bash -c "! grep -q '义务教育招生入学' '$tmp/body'"

# ---- a write B makes is seen by A (A's four workers share one connection) ----
item2='{"agency_id":'$A',"title":"关于公布2024年学校名单的公告","category":"art20_01","kind":"other","formed_date":"2024-03-01","body":"名单"}'
check "A has cached the empty list" every_request "$base_a" 8 '.total == 0'
check "B creates a second item" test "$(api "$base_b" POST /items "$T_OFF" "$item2")" = 201
ITEM2=$(jq -r .id "$tmp/body")
api "$base_b" POST "/items/$ITEM2/steps" "$T_OFF" '{"step":"submit"}' >/dev/null
api "$base_b" POST "/items/$ITEM2/steps" "$T_REV" '{"step":"pass_secrecy"}' >/dev/null
check "B: published" \
  test "$(api "$base_b" POST "/items/$ITEM2/steps" "$T_REV" '{"step":"approve","date":"2024-03-05"}')" = 200
check "A lists it on the next request" \
  every_request "$base_a" 8 --argjson id "$ITEM2" '.total == 1 and .items[0].id == $id'

for s in a b; do
  check "server $s logged no error" bash -c "! grep -qi 'error\|cannot' '$tmp/$s.err'"
done
finish
