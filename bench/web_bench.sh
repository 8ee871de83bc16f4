#!/usr/bin/env bash
# web_bench.sh — requests/s and latency of the public portal under load.
#
# Builds a release `ogi` and bench/web_seed, seeds a registry of ITEMS
# published items (default 20,000 over 20 agencies), starts `ogi serve` on
# loopback and runs wrk (-t2 -c64 -dDURATION --latency) against the
# catalogue, an item page, a Chinese two-character search and a public API
# read, plus a search for a word in every item.  Then nginx serves the saved catalogue HTML from disk on loopback
# under the same wrk: the physical reference of this machine.  Prints one
# table row per target.  Installs wrk and nginx with apt-get when missing.
#
#   bench/web_bench.sh            # defaults
#   DURATION=10s ITEMS=50000 THREADS=2 bench/web_bench.sh
#
# Environment: OGI_BUILD (build dir, default build-wbench), ITEMS, DURATION
# (wrk -d, default 30s), CONNS (default 64), THREADS (ogi serve --threads,
# default: the serve default), NO_BUILD=1 (use the binaries already in
# OGI_BUILD).  Everything runs under a scratch directory
# that is removed on exit; both servers are stopped on exit.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${OGI_BUILD:-$ROOT/build-wbench}
ITEMS=${ITEMS:-20000}
DURATION=${DURATION:-30s}
CONNS=${CONNS:-64}
THREADS=${THREADS:-}

need() { # need COMMAND PACKAGE
  command -v "$1" >/dev/null && return
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  echo "installing $2 ..." >&2
  $sudo apt-get install -y -q "$2" >/dev/null
}
need wrk wrk
need nginx nginx
need curl curl
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

if [ -z "${NO_BUILD:-}" ]; then
  cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DOGI_BENCH=ON >/dev/null
  cmake --build "$BUILD" -j 2 --target ogi web_seed >/dev/null
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/ogi-web-bench.XXXXXX")
chmod 755 "$WORK" # nginx workers run as another user when started by root
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

wait_http() { # wait_http URL
  for _ in $(seq 1 100); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return
    sleep 0.1
  done
  echo "web_bench: $1 did not answer" >&2
  exit 1
}

"$BUILD/bench/web_seed" --db "$WORK/web.db" --items "$ITEMS" >&2

PORT=$(free_port)
"$BUILD/ogi" serve --db "$WORK/web.db" --listen "127.0.0.1:$PORT" --static "$ROOT/data/web" \
  ${THREADS:+--threads "$THREADS"} >"$WORK/serve.log" 2>&1 &
PIDS+=($!)
BASE=http://127.0.0.1:$PORT
wait_http "$BASE/healthz"

# An item in the middle of the registry; 教育 (in about 1 item of 10) and
# 服务 (in every item), URL-encoded.
ITEM=$((ITEMS / 2))
declare -a NAMES=(catalogue item "search 教育 (~10%)" "search 服务 (all)" "api items")
declare -a PATHS=("/catalog" "/items/$ITEM" "/catalog?q=%E6%95%99%E8%82%B2"
                  "/catalog?q=%E6%9C%8D%E5%8A%A1" "/api/v1/public/items?limit=20")

# CPU seconds (user + system) the processes PIDS... have used so far.
cpu_s() {
  local f=()
  for p in "$@"; do f+=("/proc/$p/stat"); done
  awk -v hz="$(getconf CLK_TCK)" '{ t += $14 + $15 } END { printf "%.2f", t / hz }' "${f[@]}"
}

# run_wrk LABEL URL "SERVER_PIDS" [LUA] → one table row: requests/s, latency
# percentiles, and the server's CPU time per request (which, unlike
# requests/s, does not depend much on what else the machine is doing).
run_wrk() {
  local out c0 c1
  c0=$(cpu_s $3)
  out=$(wrk -t2 -c"$CONNS" -d"$DURATION" --latency ${4:+-s "$4"} "$2")
  c1=$(cpu_s $3)
  echo "$out" >>"$WORK/wrk.log"
  echo "$out" | awk -v label="$1" -v cpu="$(echo "$c1 - $c0" | bc)" '
    function ms(v) {
      if (v ~ /us$/) return v / 1000
      if (v ~ /ms$/) return v + 0
      if (v ~ /s$/)  return v * 1000
      return v
    }
    /^ +50%/ { p50 = ms($2) } /^ +90%/ { p90 = ms($2) } /^ +99%/ { p99 = ms($2) }
    /Requests\/sec/ { rps = $2 } /requests in/ { n = $1 }
    /Non-2xx/ { bad = $NF } /Socket errors/ { err = $0 }
    END {
      printf "%-22s %10.0f %9.2f %9.2f %9.2f %9.0f  %s%s\n", label, rps, p50, p90, p99,
             n ? cpu * 1e6 / n : 0, bad ? "non-2xx " bad " " : "", err
    }'
}

printf '%s items, wrk -t2 -c%s -d%s --latency, ogi serve %s\n' "$ITEMS" "$CONNS" "$DURATION" \
  "${THREADS:+--threads $THREADS}"
printf '%-22s %10s %9s %9s %9s %9s\n' target "req/s" "p50 ms" "p90 ms" "p99 ms" "cpu us/req"
for i in "${!PATHS[@]}"; do
  curl -fsS -o /dev/null "$BASE${PATHS[$i]}" # a broken target fails here, not in wrk
  run_wrk "${NAMES[$i]}" "$BASE${PATHS[$i]}" "${PIDS[0]}"
done

# Searches that miss the server's result cache: every vocabulary word of
# bench/web_seed.c, pages 1-50, in turn (2,000 different URLs).
cat >"$WORK/search_mix.lua" <<'LUA'
local words = {"服务", "住房", "医疗", "社会", "保障", "就业", "交通", "环境", "保护", "财政",
  "预算", "采购", "规划", "土地", "农业", "水利", "安全", "食品", "卫生", "养老",
  "文化", "旅游", "科技", "人才", "统计", "应急", "市场", "监管", "价格", "税收",
  "企业", "社区", "许可", "审批", "城市", "建设", "道路", "供水", "学校", "教育"}
local i = math.random(0, 1999)
request = function()
  i = i + 1
  local w = words[i % #words + 1]:gsub(".", function(c)
    return string.format("%%%02X", string.byte(c)) end)
  local page = math.floor(i / #words) % 50 + 1
  return wrk.format("GET", "/catalog?q=" .. w .. "&page=" .. page)
end
LUA
run_wrk "search, 2000 URLs" "$BASE/" "${PIDS[0]}" "$WORK/search_mix.lua"

# The reference: the same catalogue page, static, from nginx.
mkdir -p "$WORK/www" "$WORK/nginx-tmp"
curl -fsS -o "$WORK/www/catalog.html" "$BASE/catalog"
kill "${PIDS[0]}" && wait "${PIDS[0]}" 2>/dev/null || true
PIDS=()
NPORT=$(free_port)
sed -e "s|@WORK@|$WORK|g" -e "s|@PORT@|$NPORT|g" "$ROOT/bench/nginx.conf.in" >"$WORK/nginx.conf"
"$NGINX" -p "$WORK" -c "$WORK/nginx.conf" 2>>"$WORK/nginx-error.log" &
PIDS+=($!)
wait_http "http://127.0.0.1:$NPORT/catalog.html"
run_wrk "nginx static catalogue" "http://127.0.0.1:$NPORT/catalog.html" \
  "${PIDS[0]} $(pgrep -P "${PIDS[0]}" | tr '\n' ' ')"
printf '(catalogue page: %s bytes)\n' "$(wc -c <"$WORK/www/catalog.html")"
