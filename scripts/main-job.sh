#!/usr/bin/env bash
# main-job.sh — the `make run` main job: check every seed report and render
# each one to HTML with its findings, so a reader can open the result.
# Usage: scripts/main-job.sh OGI_BINARY SHARED_DIR
#        scripts/main-job.sh --seed-glob   (prints which seed files it uses)
# Writes out/<seed>.html (relative to the current directory) and prints the
# absolute paths of the pages and a summary of the findings.
set -euo pipefail

# The seed inputs, in ../shared/corpus/seeds/.  The truth JSON files stand in
# for the published pages until the text importer reads them; then switch
# this one line to '*.txt' (scripts/valgrind-check.sh follows it).
seed_glob='*.truth.json'
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
