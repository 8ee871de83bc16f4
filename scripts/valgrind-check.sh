#!/usr/bin/env bash
# valgrind-check.sh — run check, render and new over the seed reports under
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
vg "0" new --agency 测试局 --year 2023 --kind department
vg "0" new --agency 测试街道办事处 --year 2020 --kind township
vg "0" --help
vg "2" new --year 2023
vg "2" render "${seeds[0]}" --to pdf

echo "valgrind-check: $runs runs, $failures failed"
[ "$failures" -eq 0 ]
