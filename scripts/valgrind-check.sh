#!/usr/bin/env bash
# valgrind-check.sh — run check, render and new over the seed reports, the
# other readers and office formats, the ledger commands and the server under
# valgrind (memcheck, full leak check).  Fails on any memory error or leak,
# and on any exit status the command would not have without valgrind.
# Usage: scripts/valgrind-check.sh OGI_BINARY SHARED_DIR
#
# valgrind reports its own errors with exit status 99 rather than 1, because
# 1 is what `ogi check` legitimately returns for reports with ERROR findings.
set -euo pipefail

ogi=${1:?usage: valgrind-check.sh OGI_BINARY SHARED_DIR}
shared=${2:?usage: valgrind-check.sh OGI_BINARY SHARED_DIR}
seed_dir=$shared/corpus/seeds
# The same seed files as the main job: it says which.
seed_glob=$("$(dirname "$0")/main-job.sh" --seed-glob)
# shellcheck disable=SC2206 # the glob is meant to expand
seeds=("$seed_dir"/$seed_glob)
[ -e "${seeds[0]}" ] || { echo "valgrind-check: no seed reports in $seed_dir" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
runs=0

# vg ALLOWED_STATUSES CMD...: run ogi CMD under valgrind; ALLOWED is e.g. "0" or "0 1".
vg() {
  local allowed=$1
  shift
  runs=$((runs + 1))
  local status=0
  valgrind --quiet --leak-check=full --show-leak-kinds=definite,indirect,possible \
    --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99 \
    --log-file="$tmp/vg.log" "$ogi" "$@" >"$tmp/out" 2>"$tmp/err" || status=$?
  if [ "$status" -eq 99 ] || [ -s "$tmp/vg.log" ]; then
    echo "valgrind: memory errors or leaks in: ogi $*" >&2
    cat "$tmp/vg.log" >&2
    failures=$((failures + 1))
  elif ! [[ " $allowed " == *" $status "* ]]; then
    echo "valgrind-check: 'ogi $*' exited $status (allowed: $allowed)" >&2
    head -c 2000 "$tmp/err" >&2
    failures=$((failures + 1))
  fi
}

vg "0 1" check "${seeds[@]}"
vg "0 1" check --json --lang en "${seeds[@]}"
vg "2" check "$tmp/no-such-report.json" "${seeds[0]}"
for seed in "${seeds[@]}"; do
  vg "0 1" check "$seed"
  for fmt in html md txt csv json; do
    vg "0" render "$seed" --to "$fmt" --findings
  done
  vg "0" render "$seed" --to html -o "$tmp/page.html"
done
# serve_check DB: ogi serve under valgrind on a free port, a few requests,
# then SIGTERM: the server must stop cleanly with no error or leak.
serve_check() {
  local db=$1 port log=$tmp/serve.vg status=0
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  runs=$((runs + 1))
  valgrind --quiet --leak-check=full --show-leak-kinds=definite,indirect,possible \
    --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99 \
    --log-file="$log" "$ogi" serve --db "$db" --listen "127.0.0.1:$port" --threads 2 \
    >"$tmp/serve.out" 2>&1 &
  local pid=$!
  local url=http://127.0.0.1:$port
  for _ in $(seq 100); do curl -fs "$url/" >/dev/null 2>&1 && break; sleep 0.3; done
  for path in / /catalog "/catalog?q=%E6%95%99%E8%82%B2" /reports /apply /status \
              /admin/login /api/v1/openapi.json "/api/v1/public/items?limit=5" /no-such-page; do
    curl -s -o /dev/null "$url$path" || true
  done
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" || status=$?
  if [ "$status" -eq 99 ] || [ -s "$log" ]; then
    echo "valgrind: memory errors or leaks in: ogi serve (status $status)" >&2
    cat "$log" "$tmp/serve.out" >&2
    failures=$((failures + 1))
  elif [ "$status" -ne 0 ]; then
    echo "valgrind-check: 'ogi serve' exited $status after SIGTERM" >&2
    cat "$tmp/serve.out" >&2
    failures=$((failures + 1))
  fi
}

vg "0" new --agency 测试局 --year 2023 --kind department
vg "0" new --agency 测试街道办事处 --year 2020 --kind township
vg "0" --help
vg "2" new --year 2023
vg "2" render "${seeds[0]}" --to pdf

# The other readers (HTML, PDF, and a DOCX that ogi writes) and the office renderers.
corpus=$shared/corpus
for f in "$corpus"/real/*.html "$corpus"/fetched/*.pdf; do
  [ -e "$f" ] && vg "0" import --json "$f"
done
vg "0" render "${seeds[0]}" --to docx -o "$tmp/seed.docx"
vg "0" render "${seeds[0]}" --to xlsx -o "$tmp/seed.xlsx"
vg "0" import --json "$tmp/seed.docx"
vg "0" import "${seeds[@]}" -o "$tmp/batch.jsonl" -j 2

# The ledger: a database, an agency, an application through two legal steps,
# the report built from it; then the server answering a few pages.
calendar=$shared/spec/holidays.csv
db=$tmp/ledger.db
vg "0" db init "$db"
vg "0" agency add --db "$db" --name 测试局 --kind department --prefix CS
vg "0" app new --db "$db" --agency 测试局 --applicant natural_person --received 2024-03-01 \
  --calendar "$calendar" --json
vg "0" app event --db "$db" 1 extend --date 2024-03-20 --approver 负责人 --calendar "$calendar"
vg "0" app event --db "$db" 1 answer --outcome granted --date 2024-04-10 --calendar "$calendar"
vg "0" item add --db "$db" --agency 测试局 --title 教育工作要点 --category art20_01 --kind other \
  --formed 2024-02-01 --body 关于教育的工作要点
vg "0 1" report build --db "$db" --agency 测试局 --year 2024 -o "$tmp/built.json"
serve_check "$db"

echo "valgrind-check: $runs runs, $failures failed"
[ "$failures" -eq 0 ]
