#!/usr/bin/env bash
# platform_bench.sh — the platform at regional scale (not a test: it asserts
# nothing).  Release build, scratch directory, loopback only, every server
# stopped on exit.  Prints one table at the end.
#
#   (a) the regional 汇总 of 500 agencies × 5 years (`ogi report summary`,
#       one run per year, wall time each):
#         - from ledgers: bench/ledger_bench's generator (500 agencies,
#           2021–2025) at 1/LEDGER_SCALE size, its agencies put under one
#           region root;
#         - from an imported corpus: the shared corpus's report JSON
#           (*.truth.json) replicated to 500 agencies × 2020–2024 (each copy
#           renamed and re-dated), loaded with `ogi corpus load`, on SQLite
#           and on PostgreSQL;
#   (b) the corpus load rate (reports/s) into SQLite and PostgreSQL (a
#       private cluster from scripts/pg-test-cluster.sh, Unix socket only);
#   (c) wrk on the portal (/catalog, web_seed's registry of ITEMS items) on
#       PostgreSQL: first one `ogi serve` alone, then two processes on
#       different loopback ports sharing the database, wrk against each at
#       the same time (-t1 -c$CONNS -d$DURATION --latency): requests/s, p50
#       and p99 of each.
#
#   bench/platform_bench.sh
#   LEDGER_SCALE=100 AGENCIES=500 YEARS=5 ITEMS=5000 DURATION=30s CONNS=64 bench/platform_bench.sh
#   PARTS=c bench/platform_bench.sh          # only the web part (c)
#
# Environment: OGI_BUILD (default build-pbench), OGI_SHARED (default
# ../shared), PARTS (which of a, b, c to run, default abc; a and b go
# together), LEDGER_SCALE (ledger_bench --scale, default 100: 10,000
# applications + 10,000 items), AGENCIES (corpus copies, default 500),
# ITEMS, DURATION, CONNS, JOBS (corpus load -j, default 2), SERVE_ARGS
# (extra `ogi serve` options for (c), e.g. "--threads 8 --db-pool 4").
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${OGI_BUILD:-$ROOT/build-pbench}
SHARED=${OGI_SHARED:-$ROOT/../shared}
LEDGER_SCALE=${LEDGER_SCALE:-100}
AGENCIES=${AGENCIES:-500}
ITEMS=${ITEMS:-5000}
DURATION=${DURATION:-30s}
CONNS=${CONNS:-64}
JOBS=${JOBS:-2}
PARTS=${PARTS:-abc}
SERVE_ARGS=${SERVE_ARGS:-}
FIRST=2020 LAST=2024 # corpus years; ledger_bench writes 2021–2025
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy

for c in wrk curl python3 sqlite3; do
  command -v "$c" >/dev/null || { echo "platform_bench: $c is required" >&2; exit 1; }
done

cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DOGI_BENCH=ON -DOGI_TESTS=OFF >/dev/null
cmake --build "$BUILD" -j 2 --target ogi ledger_bench web_seed >/dev/null
OGI=$BUILD/ogi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/ogi-platform-bench.XXXXXX")
PIDS=()
PG_DIR=""
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null || true; done
  [ -n "$PG_DIR" ] && "$ROOT/scripts/pg-test-cluster.sh" stop "$PG_DIR" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ROWS=()
row() { ROWS+=("$(printf '%-58s %s' "$1" "$2")"); echo "  $1: $2" >&2; }

# time_summaries DB REGION FIRST_YEAR LAST_YEAR LABEL: one summary per year;
# wall time each, and the CPU time (user + sys) of the ogi process, which
# says how much of the wall time is waiting (disk, database, a busy machine).
time_summaries() {
  local db=$1 region=$2 y list="" wall=0 cpu=0 n=0 w c TIMEFORMAT='%R %U %S'
  for y in $(seq "$3" "$4"); do
    { time "$OGI" report summary --db "$db" --region "$region" --year "$y" \
        -o "$WORK/sum.json" 2>"$WORK/sum.err" || [ $? = 1 ]; } 2>"$WORK/time" # 1: ERROR findings
    read -r w u s <"$WORK/time"
    c=$(echo "$u + $s" | bc)
    list+="$(printf '%.2f/%.2f ' "$w" "$c")"
    wall=$(echo "$wall + $w" | bc)
    cpu=$(echo "$cpu + $c" | bc)
    n=$((n + 1))
  done
  local parts
  parts=$(python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); print("%d counted, %d missing" % (len(j["breakdown"]), len(j["missing"])))' "$WORK/sum.json")
  row "$5" "$(printf 'mean %.2f s wall, %.2f s CPU per summary (wall/CPU: %s); %s' \
    "$(echo "$wall / $n" | bc -l)" "$(echo "$cpu / $n" | bc -l)" "${list% }" "$parts")"
}

# ---- (a) from ledgers ----
part_a_ledger() {
echo "platform_bench: ledger (ledger_bench --scale $LEDGER_SCALE) ..." >&2
LDB=$WORK/ledger.db
"$BUILD/bench/ledger_bench" --scale "$LEDGER_SCALE" --db "$LDB" --keep \
  --calendar "$SHARED/spec/holidays.csv" >"$WORK/ledger_bench.out"
grep -E '^ledger_bench:|^load:' "$WORK/ledger_bench.out" >&2
"$OGI" agency add --db "$LDB" --name 基准测试市人民政府 --kind government >/dev/null
sqlite3 "$LDB" "UPDATE agencies SET parent_id = (SELECT id FROM agencies WHERE name = '基准测试市人民政府') WHERE name LIKE '基准测试第%局';"
time_summaries "$LDB" 基准测试市人民政府 2021 2025 \
  "(a) summary from ledgers, 500 agencies"
}

# ---- the replicated corpus ----
make_corpus() {
echo "platform_bench: corpus of $AGENCIES agencies × $FIRST–$LAST ..." >&2
CORPUS=$WORK/corpus
python3 - "$SHARED/corpus" "$CORPUS" "$AGENCIES" "$FIRST" "$LAST" <<'PY'
import glob, json, os, sys
src, out, n, first, last = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
reports = []
for p in sorted(glob.glob(os.path.join(src, "*", "*.truth.json"))):
    if ".nolayout." in p:
        continue
    with open(p, encoding="utf-8") as f:
        j = json.load(f)
    if isinstance(j.get("year"), int) and isinstance(j.get("cells"), dict):
        reports.append(j)
old = [r for r in reports if r["year"] <= 2020] or reports
new = [r for r in reports if r["year"] >= 2021] or reports
os.makedirs(out)
for a in range(1, n + 1):
    d = os.path.join(out, "%03d" % a)
    os.makedirs(d)
    for y in range(first, last + 1):
        pool = old if y <= 2020 else new
        r = dict(pool[(a + y) % len(pool)])
        r["agency"] = "平台基准第%03d局" % a
        r["year"] = y
        r["publish_date"] = "%d-%02d-%02d" % (y + 1, 1 + (a % 4), 1 + (a % 28))
        r["period"] = "%d-01-01/%d-12-31" % (y, y)
        with open(os.path.join(d, "%d.json" % y), "w", encoding="utf-8") as f:
            json.dump(r, f, ensure_ascii=False)
PY
echo "  $(find "$CORPUS" -name '*.json' | wc -l) report JSON files" >&2
}

# agencies NAME_DB: the region root and its AGENCIES departments.
agencies() {
  "$OGI" agency add --db "$1" --name 平台基准市人民政府 --kind government >/dev/null
  for a in $(seq -f '%03g' 1 "$AGENCIES"); do
    "$OGI" agency add --db "$1" --name "平台基准第${a}局" --kind department \
      --parent 平台基准市人民政府 >/dev/null
  done
}

# load DB LABEL: corpus load, the rate it reports.
load() {
  local out
  out=$("$OGI" corpus load --db "$1" "$CORPUS" -j "$JOBS")
  echo "  $out" >&2
  row "(b) corpus load into $2" "$(echo "$out" | grep -o '[0-9.]* 份/秒（[0-9.]* 秒）' |
    sed 's/ 份\/秒（\(.*\) 秒）/ reports\/s (\1 s)/')"
}

# ---- (a) and (b) on SQLite and PostgreSQL ----
part_ab_sqlite() {
SDB=$WORK/corpus.db
"$OGI" db init "$SDB" >/dev/null
agencies "$SDB"
load "$SDB" "SQLite, $((AGENCIES * (LAST - FIRST + 1))) reports"
time_summaries "$SDB" 平台基准市人民政府 "$FIRST" "$LAST" \
  "(a) summary from corpus, SQLite, $AGENCIES agencies"
}

part_ab_pg() {
"$OGI" db init "$PG" >/dev/null
agencies "$PG"
load "$PG" "PostgreSQL, $((AGENCIES * (LAST - FIRST + 1))) reports"
time_summaries "$PG" 平台基准市人民政府 "$FIRST" "$LAST" \
  "(a) summary from corpus, PostgreSQL, $AGENCIES agencies"
}

# ---- (c) the portal on PostgreSQL: one server, then two ----
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# serve N: start N servers on the PostgreSQL database; ports in PORTS.
serve() {
  PORTS=()
  local k port
  for k in $(seq 1 "$1"); do
    port=$(free_port)
    # shellcheck disable=SC2086 # SERVE_ARGS is a list of options
    "$OGI" serve --db "$PG" --listen "127.0.0.1:$port" --static "$ROOT/data/web" $SERVE_ARGS \
      >"$WORK/serve$k.log" 2>&1 &
    PIDS+=($!)
    PORTS+=("$port")
  done
  for port in "${PORTS[@]}"; do
    for _ in $(seq 1 100); do
      curl -fsS -o /dev/null "http://127.0.0.1:$port/catalog" 2>/dev/null && break
      sleep 0.1
    done
    curl -fsS -o /dev/null "http://127.0.0.1:$port/catalog"
  done
}

stop_servers() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null || true; done
  PIDS=()
}

# wrk_all LABEL: wrk against every port in PORTS at the same time, one row
# per server and the sum.
wrk_all() {
  local k n=${#PORTS[@]} total=0 rps p50 p99 errs
  local -a wrks=()
  for k in $(seq 0 $((n - 1))); do
    wrk -t1 -c"$CONNS" -d"$DURATION" --latency "http://127.0.0.1:${PORTS[$k]}/catalog" \
      >"$WORK/wrk$k.out" 2>&1 &
    wrks+=($!)
  done
  wait "${wrks[@]}"
  for k in $(seq 0 $((n - 1))); do
    rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk$k.out")
    p50=$(awk '/^ +50%/ {print $2}' "$WORK/wrk$k.out")
    p99=$(awk '/^ +99%/ {print $2}' "$WORK/wrk$k.out")
    errs=$(grep -E 'Non-2xx|Socket errors' "$WORK/wrk$k.out" | tr -s ' ' | tr '\n' ' ' || true)
    total=$(echo "$total + $rps" | bc)
    row "(c) /catalog on PostgreSQL, $1, server $((k + 1)) of $n" \
      "$(printf '%.0f req/s, p50 %s, p99 %s%s' "$rps" "$p50" "$p99" "${errs:+ ($errs)}")"
  done
  [ "$n" -gt 1 ] && row "(c) $1, all servers together" "$(printf '%.0f req/s' "$total")"
  return 0
}

part_c() {
  echo "platform_bench: web_seed $ITEMS items into PostgreSQL ..." >&2
  "$BUILD/bench/web_seed" --db "$PG" --items "$ITEMS" >&2
  serve 1
  wrk_all "one server"
  stop_servers
  serve 2
  wrk_all "two servers"
  stop_servers
}

case $PARTS in *a* | *b*)
  part_a_ledger
  make_corpus
  part_ab_sqlite ;;
esac
PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/ogi-pgbench.XXXXXX")
PG=$("$ROOT/scripts/pg-test-cluster.sh" start "$PG_DIR")
case $PARTS in *a* | *b*) part_ab_pg ;; esac
case $PARTS in *c*) "$OGI" db init "$PG" >/dev/null; part_c ;; esac

echo
echo "platform_bench: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); ledger 1/$LEDGER_SCALE" \
  "(500 agencies, 2021–2025), corpus $AGENCIES agencies × $FIRST–$LAST, $ITEMS items," \
  "wrk -t1 -c$CONNS -d$DURATION per server"
printf '%-58s %s\n' figure value
printf '%s\n' "${ROWS[@]}"
