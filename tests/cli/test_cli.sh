#!/usr/bin/env bash
# test_cli.sh — the ogi command line as a user meets it: exit codes
# (0 ok, 1 ERROR findings, 2 usage or unreadable input), --help of every
# command, `check` on the seed reports (text and --json), `new` blank
# reports for both formats, and `render` to every output format.
# Needs: OGI_BIN, OGI_SHARED (set by ctest), jq (scripts/install-deps.sh test).
set -u

OGI=${OGI_BIN:?OGI_BIN is not set}
SEEDS=${OGI_SHARED:?OGI_SHARED is not set}/corpus/seeds
command -v jq >/dev/null || { echo "jq is missing: run scripts/install-deps.sh test" >&2; exit 1; }
S000=$SEEDS/000_3a8e11d79e1ee84f.truth.json
S001=$SEEDS/001_9300958d04d1753c.truth.json
if ! [ -r "$S000" ] || ! [ -r "$S001" ]; then
  echo "seed truth files not found under $SEEDS" >&2
  exit 1
fi

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
test_init

# ---- top level ----
run 0 "$OGI" --help
has "exit status" "$tmp/out"
commands=$(awk '/^commands:/ {on = 1; next} on && /^  [a-z]/ {print $1} on && /^$/ {on = 0}' "$tmp/out")
for c in check render new; do
  echo "$commands" | grep -qx "$c" || fail "'ogi --help' does not list $c"
done
run 2 "$OGI"
run 2 "$OGI" no-such-command
has "no-such-command" "$tmp/err"

# ---- every command has --help ----
for c in $commands; do
  run 0 "$OGI" "$c" --help
  has "usage: ogi $c" "$tmp/out"
  has "exit status" "$tmp/out"
done

# ---- check ----
run 1 "$OGI" check --json "$S001"
jq_true '.reports | length == 1'
jq_true '[.reports[0].findings[] | select(.rule == "R3.3" and .severity == "ERROR")] | length == 2'
jq_true '[.reports[0].findings[] | select(.severity == "ERROR")] | length == 2'
jq_true '[.reports[0].findings[] | select(.rule == "R3.3") | .keys[]] | index("s3_carried_over__natural_person") != null'
jq_true '[.reports[0].findings[] | select(.rule == "R3.3") | .keys[]] | index("s3_carried_over__total") != null'
jq_true '.reports[0].findings | all(.message_zh != "" and .message_en != "" and (.keys | type) == "array")'
jq_true ".reports[0].file == \"$S001\""

run 0 "$OGI" check --json "$S000"
jq_true '[.reports[0].findings[] | select(.severity == "ERROR")] | length == 0'

run 1 "$OGI" check "$S001"
checks=$((checks + 1))
[ "$(grep -c "^$S001: ERROR R3.3 \[.*s3_carried_over__" "$tmp/out")" -eq 2 ] ||
  fail "text output does not have two 'FILE: ERROR R3.3 [keys]' lines: $(cat "$tmp/out")"
has "勾稽关系" "$tmp/out"
run 1 "$OGI" check --lang en "$S001"
has "checked 1 file(s): 2 error(s)" "$tmp/out"
run 0 "$OGI" check --lang zh "$S000"
has "共检查1个文件：错误0项" "$tmp/out"

# a missing file: exit 2, named on stderr and in the JSON; the batch goes on
run 2 "$OGI" check "$tmp/no-such-report.json"
has "no-such-report.json" "$tmp/err"
run 2 "$OGI" check --json "$tmp/no-such-report.json" "$S001" "$S000"
has "no-such-report.json" "$tmp/err"
jq_true '.reports | length == 3'
jq_true '.reports[0].error | test("no-such-report.json")'
jq_true '[.reports[1].findings[] | select(.rule == "R3.3")] | length == 2'
jq_true '.reports[1] | has("error") | not'

# consecutive years of one agency: cross-year findings go to the later year
"$OGI" new --agency 测试局 --year 2022 --kind department |
  jq '.cells.s3_carry_forward__natural_person = 5 | .cells.s3_carry_forward__total = 5' >"$tmp/y2022.json"
"$OGI" new --agency 测试局 --year 2023 --kind department |
  jq '.cells.s3_carried_over__natural_person = 3 | .cells.s3_carried_over__total = 3' >"$tmp/y2023.json"
run 1 "$OGI" check --json "$tmp/y2023.json" "$tmp/y2022.json"
jq_true '[.reports[0].findings[] | select(.rule == "R3.4")] | length >= 1'
jq_true '[.reports[1].findings[] | select(.rule == "R3.4")] | length == 0'
run 1 "$OGI" check --json "$tmp/y2023.json"
jq_true '[.reports[0].findings[] | select(.rule == "R3.4")] | length == 0'

printf '{"cells": {"s3_bogus__total": 1}}' >"$tmp/bad.json"
run 2 "$OGI" check "$tmp/bad.json"
has "bad.json" "$tmp/err"
has "s3_bogus__total" "$tmp/err"
printf '{"cells": ' >"$tmp/truncated.json"
run 2 "$OGI" check "$tmp/truncated.json"
has "truncated.json" "$tmp/err"

run 2 "$OGI" check
run 2 "$OGI" check --lang fr "$S000"
run 2 "$OGI" check --no-such-option "$S000"

# ---- new ----
run 0 "$OGI" new --agency 测试局 --year 2023 --kind department
jq_true '.cells | length == 200'
jq_true '.cells | all(. == null)'
jq_true '[.cells | keys[] | select(startswith("s2v19_"))] | length == 0'
jq_true '.agency == "测试局" and .year == 2023 and .agency_kind == "department"'
jq_true '.format_version == "v2021"'
jq_true '.cells | has("s3_other_misc__total") and (has("s3_other_v2019__total") | not)'
cp "$tmp/out" "$tmp/blank2023.json"

run 0 "$OGI" new --agency 测试街道办事处 --year 2020 --kind township
jq_true '.cells | length == 198'
jq_true '.cells | all(. == null)'
jq_true '[.cells | keys[] | select(startswith("s2_"))] | length == 0'
jq_true '.format_version == "v2019"'
jq_true '.cells | has("s3_other_v2019__total") and has("s2v19_procurement_amount")'

run 0 "$OGI" new --agency 测试局 --year 2024
jq_true '.agency_kind == null'
run 2 "$OGI" new --agency 测试局
run 2 "$OGI" new --year 2023
run 2 "$OGI" new --agency 测试局 --year 2018
run 2 "$OGI" new --agency 测试局 --year twenty
run 2 "$OGI" new --agency 测试局 --year 2023 --kind ministry
has "ministry" "$tmp/err"

# a blank report is a report ogi reads back
run 0 "$OGI" render "$tmp/blank2023.json" --to json
jq_true '.cells | length == 200'

# ---- render ----
for fmt in html md txt csv json; do
  run 0 "$OGI" render "$S000" --to "$fmt"
  checks=$((checks + 1))
  [ -s "$tmp/out" ] || fail "render --to $fmt wrote nothing"
  run 0 "$OGI" render "$S001" --to "$fmt" --findings -o "$tmp/r001.$fmt"
  checks=$((checks + 1))
  if ! [ -s "$tmp/r001.$fmt" ] || [ -s "$tmp/out" ]; then
    fail "render -o $tmp/r001.$fmt: file empty or stdout used"
  fi
done
has "<html" "$tmp/r001.html"
has "R3.3" "$tmp/r001.html"
run 0 "$OGI" render "$S000" --to json
jq --slurpfile truth "$S000" -e '.cells == $truth[0].cells' "$tmp/out" >/dev/null ||
  fail "render --to json does not keep the cells of $S000"
run 2 "$OGI" render "$S000" --to pdf
run 2 "$OGI" render "$S000"
run 2 "$OGI" render --to html
run 2 "$OGI" render "$tmp/no-such-report.json" --to html
has "no-such-report.json" "$tmp/err"
run 2 "$OGI" render "$S000" --to html -o "$tmp/no-such-dir/out.html"
has "no-such-dir/out.html" "$tmp/err"

finish
