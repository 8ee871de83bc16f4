#!/usr/bin/env bash
# main-job.sh — the `make run` main job: check every seed report and render
# each one to HTML with its findings, then serve the portal and the staff
# console on a demo ledger so a reader can try the whole system.
# Usage: scripts/main-job.sh OGI_BINARY SHARED_DIR
#        scripts/main-job.sh --seed-glob   (prints which seed files it uses)
# Writes out/<seed>.html (relative to the current directory) and prints the
# absolute paths of the pages and a summary of the findings.  Then creates
# out/ogi-demo.db with `ogi demo` when it is missing (the demo staff password
# is generated and printed once) and runs `ogi serve` on 127.0.0.1, port
# 8080 or the first free one after it, until Ctrl-C.  OGI_RUN_NO_SERVE=1
# stops after the seed reports (for scripted runs).
set -euo pipefail

# The seed inputs, in ../shared/corpus/seeds/: the published pages as scraped
# (scripts/valgrind-check.sh follows this one line).
seed_glob='*.txt'
if [ "${1:-}" = --seed-glob ]; then
  echo "$seed_glob"
  exit 0
fi

ogi=${1:?usage: main-job.sh OGI_BINARY SHARED_DIR}
shared=${2:?usage: main-job.sh OGI_BINARY SHARED_DIR}
seed_dir=$shared/corpus/seeds

# shellcheck disable=SC2206 # the glob is meant to expand
seeds=("$seed_dir"/$seed_glob)
[ -e "${seeds[0]}" ] || { echo "main-job: no seed reports in $seed_dir" >&2; exit 2; }

mkdir -p out
out_dir=$(cd out && pwd)

echo "== ogi check (${#seeds[@]} seed reports)"
status=0
"$ogi" check --lang zh "${seeds[@]}" || status=$?
# 1 = ERROR findings in the published reports: expected (seed 001), not a failure of the job.
[ "$status" -le 1 ] || { echo "main-job: ogi check could not read its input" >&2; exit "$status"; }

echo
echo "== rendered HTML"
for seed in "${seeds[@]}"; do
  name=$(basename "$seed")
  name=${name%%.*}
  "$ogi" render "$seed" --to html --findings -o "$out_dir/$name.html"
  echo "$out_dir/$name.html"
done

echo
echo "== findings per report"
for seed in "${seeds[@]}"; do
  summary=$("$ogi" check --lang zh "$seed" | tail -n 1) || true
  echo "$(basename "$seed"): $summary"
done
"$ogi" check --json "${seeds[@]}" >"$out_dir/findings.json" || [ $? -le 1 ]
echo "all findings as JSON: $out_dir/findings.json"

if [ "${OGI_RUN_NO_SERVE:-}" = 1 ]; then exit 0; fi

# ---- the portal on the demo ledger ----
root=$(cd "$(dirname "$0")/.." && pwd)
calendar=$root/data/holidays.csv
db=$out_dir/ogi-demo.db
echo
echo "== demo portal"
if [ ! -e "$db" ]; then
  "$ogi" demo --db "$db" --calendar "$calendar" || { echo "main-job: ogi demo failed" >&2; exit 1; }
else
  echo "using the existing $db (the demo password was printed when it was created;"
  echo "delete the file and run make run again for a new one)"
fi

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port=8080
while ! port_free "$port"; do
  port=$((port + 1))
  [ "$port" -le 8180 ] || { echo "main-job: no free port in 8080-8180" >&2; exit 1; }
done
echo "portal:  http://127.0.0.1:$port/          (申请公开: /apply, 查询进度: /status)"
echo "console: http://127.0.0.1:$port/admin      (user demo-admin; demo-officer, demo-reviewer, demo-officer-b)"
echo "stop with Ctrl-C"
exec "$ogi" serve --db "$db" --listen "127.0.0.1:$port" --static "$root/data/web" --calendar "$calendar"
