#!/usr/bin/env bash
# test_ledger_cli.sh — the ledger from the command line, end to end with the
# real binary: db init/migrate, agencies, intake with the statutory due date,
# legal and refused steps (exit 1 with the Chinese reason, nothing recorded),
# app show/list/due, recompute after an amended calendar, registry items,
# cases, yearly figures, report build validating with zero ERROR, and CSV
# import (all-or-nothing, line + column errors) / export round trips.
# Due dates are worked out by hand from holidays.csv (see test_ledger.c).
# Needs: OGI_BIN, OGI_SHARED (set by ctest), jq (scripts/install-deps.sh test).
set -u

OGI=${OGI_BIN:?OGI_BIN is not set}
CAL=${OGI_SHARED:?OGI_SHARED is not set}/spec/holidays.csv
command -v jq >/dev/null || { echo "jq is missing: run scripts/install-deps.sh test" >&2; exit 1; }
[ -r "$CAL" ] || { echo "calendar not found: $CAL" >&2; exit 1; }
# Commands find the calendar through OGI_DATA (a directory holding holidays.csv).
export OGI_DATA=$(dirname "$CAL")

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
test_init
DB=$tmp/ledger.db

# ---- help of every ledger command and subcommand ----
for c in db agency app item case figure report; do
  run 0 "$OGI" "$c" --help
  has "usage: ogi $c" "$tmp/out"
  has "exit status" "$tmp/out"
  run 2 "$OGI" "$c" no-such-subcommand
done
for s in new event show list due recompute import export; do
  run 0 "$OGI" app "$s" --help
  has "usage: ogi app $s" "$tmp/out"
done

# ---- database ----
run 0 "$OGI" db init "$DB"
grep -Eq '^schema version [0-9]+' "$tmp/out" || fail "db init does not print the schema version: $(cat "$tmp/out")"
version=$(awk '{print $3; exit}' "$tmp/out")
run 0 "$OGI" db migrate --db "$DB"
has "schema version $version (0 migrations applied)" "$tmp/out"
run 2 "$OGI" db migrate --db "$tmp/absent.db"
run 2 "$OGI" agency list --db "$tmp/absent.db"
[ ! -e "$tmp/absent.db" ] || fail "a command on a missing database created it"

# ---- agencies ----
EDU=某市教育局
HR=某市人力资源和社会保障局
run 0 "$OGI" agency add --db "$DB" --name "$EDU" --kind department --prefix JY
run 0 "$OGI" agency add --db "$DB" --name "$HR" --kind department --parent "$EDU"
run 2 "$OGI" agency add --db "$DB" --name 某局 --kind ministry
run 2 "$OGI" agency add --db "$DB" --name 某局 --kind department --parent 不存在的局
run 0 "$OGI" agency list --db "$DB" --json
jq_true 'length == 2'
jq_true "map(select(.name == \"$HR\"))[0].parent == \"$EDU\""

# ---- intake: received Fri 2024-09-27, 20 working days over National Day → 2024-10-30 ----
run 0 "$OGI" app new --db "$DB" --agency "$EDU" --applicant natural_person --received 2024-09-27 \
  --name 张三 --description 申请公开2023年度部门预算 --json
jq_true '.id > 0 and (.tracking_no | length) > 0 and .due_date == "2024-10-30"'
jq_true '.status == "processing" and (.query_code | length) >= 9 and .applicant_name == "张三"'
A1=$(jq -r .id "$tmp/out")
T1=$(jq -r .tracking_no "$tmp/out")
run 2 "$OGI" app new --db "$DB" --agency "$EDU" --applicant natural_person --json
run 2 "$OGI" app new --db "$DB" --agency 不存在的局 --applicant natural_person --received 2024-09-27
run 1 "$OGI" app new --db "$DB" --agency "$EDU" --applicant alien --received 2024-09-27
has "申请人类型" "$tmp/err"

# ---- steps: refused ones exit 1 with the reason and record nothing ----
run 1 "$OGI" app event --db "$DB" "$A1" extend --date 2024-10-29 --days 10
has "批准人" "$tmp/err"
run 1 "$OGI" app event --db "$DB" "$A1" fee_paid --date 2024-10-08
has "不能执行" "$tmp/err"
run 0 "$OGI" app show --db "$DB" "$A1" --json
jq_true '.events | length == 0'
# 10 more working days from 10-30: 10-31, 11-01, 11-04..08, 11-11, 12, 13.
run 0 "$OGI" app event --db "$DB" "$T1" extend --date 2024-10-29 --days 10 --approver 办公室主任 --json
jq_true '.due_date == "2024-11-13" and .status == "processing"'
# --days absent means the statutory 20, which would pass the 20-day cap: refused.
run 1 "$OGI" app event --db "$DB" "$A1" extend --date 2024-10-30 --approver 办公室主任
run 2 "$OGI" app event --db "$DB" "$A1" no_such_kind --date 2024-10-30
run 2 "$OGI" app event --db "$DB" "$A1" answer --date 2024/10/30 --outcome granted
run 2 "$OGI" app event --db "$DB" 99999 answer --date 2024-10-30 --outcome granted
run 1 "$OGI" app event --db "$DB" "$A1" answer --date 2024-11-12 --outcome no_such_row
run 0 "$OGI" app show --db "$DB" "$A1" --asof 2024-11-01 --json
jq_true '.due_date == "2024-11-13" and .status == "processing" and .days_left == 8'
jq_true '(.explanation | contains("国庆节")) and (.events | length == 1) and .events[0].detail.approver == "办公室主任"'
run 0 "$OGI" app event --db "$DB" "$A1" answer --date 2024-11-12 --outcome partial
run 1 "$OGI" app event --db "$DB" "$A1" answer --date 2024-11-12 --outcome granted
has "已办结" "$tmp/err"
run 0 "$OGI" app show --db "$DB" "$A1" --json
jq_true '.status == "concluded" and .outcome == "partial" and .due_date == null'

# 补正: the clock stops, and restarts on receipt (Fri 2025-01-24 → 2025-02-27, test_ledger.c).
run 0 "$OGI" app new --db "$DB" --agency "$EDU" --applicant commercial --received 2024-12-20 --json
A2=$(jq -r .id "$tmp/out")
run 0 "$OGI" app event --db "$DB" "$A2" request_supplement --date 2024-12-23 --days 15 --json
jq_true '.status == "awaiting_supplement" and .due_date == null'
run 1 "$OGI" app event --db "$DB" "$A2" answer --date 2024-12-24 --outcome granted
run 0 "$OGI" app event --db "$DB" "$A2" supplement_received --date 2025-01-24 --json
jq_true '.status == "processing" and .due_date == "2025-02-27"'

# ---- list and due ----
run 0 "$OGI" app new --db "$DB" --agency "$HR" --applicant research --received 2024-10-08 --json
A3=$(jq -r .id "$tmp/out")
run 0 "$OGI" app list --db "$DB" --json
jq_true 'length == 3'
run 0 "$OGI" app list --db "$DB" --status open --agency "$EDU" --json
jq_true "length == 1 and .[0].id == $A2"
# As of 2025-02-24 (Mon): A2 due Thu 02-27 → 3 working days left; A3 long overdue.
run 0 "$OGI" app due --db "$DB" --asof 2025-02-24 --json
jq_true ".applications | length == 2"
jq_true ".applications | map(select(.id == $A2))[0] | .days_left == 3 and .overdue == false"
jq_true ".applications | map(select(.id == $A3))[0] | .overdue == true"
run 0 "$OGI" app due --db "$DB" --agency "$EDU" --asof 2025-02-24
has "剩余 3 个工作日" "$tmp/out"

# ---- recompute after an amended calendar: 2024-10-09 becomes a holiday (A3 moves) ----
awk '{print} /^2024-10-07,/ {print "2024-10-09,holiday,国庆节"}' "$CAL" >"$tmp/amended.csv"
run 0 "$OGI" app recompute --db "$DB" --calendar "$tmp/amended.csv"
has "1 due date changed" "$tmp/out"
run 0 "$OGI" app recompute --db "$DB" --calendar "$CAL"
has "1 due date changed" "$tmp/out"
run 2 "$OGI" app recompute --db "$DB" --calendar "$tmp/absent.csv"

# ---- deadlines beyond the calendar (it ends with 2026) ----
# Received 2026-12-20: recorded with no due date; a step judged against the
# clock waits (exit 1, nothing recorded); `app due` lists it as pending and
# stops its window at the calendar's last day; a calendar with a (fixture)
# 2027 arrangement fills the due date in: 2027-01-18 (see test_ledger.c).
LATE=$tmp/late.db
run 0 "$OGI" db init "$LATE"
run 0 "$OGI" agency add --db "$LATE" --name 某县司法局 --kind department
run 0 "$OGI" app new --db "$LATE" --agency 某县司法局 --applicant natural_person --received 2026-12-20 --json
jq_true '.due_date == null and .status == "processing"'
L1=$(jq -r .id "$tmp/out")
run 1 "$OGI" app event --db "$LATE" "$L1" extend --date 2026-12-28 --approver 主任
has "2027" "$tmp/err"
run 0 "$OGI" app show --db "$LATE" "$L1" --asof 2026-12-28 --json
jq_true '.clock_state == "beyond_calendar" and .days_left == null and (.events | length == 0)'
run 0 "$OGI" app due --db "$LATE" --asof 2026-12-28 --json
jq_true '.through == "2026-12-31" and .calendar_ends == true and (.due_date_pending | length == 1)'
run 1 "$OGI" app new --db "$LATE" --agency 某县司法局 --applicant natural_person --received 2028-01-04
has "2028-01-04" "$tmp/err"
{ cat "$CAL"; echo "2027-01-01,holiday,元旦"; } >"$tmp/with2027.csv"
run 0 "$OGI" app recompute --db "$LATE" --calendar "$tmp/with2027.csv"
has "1 due date changed" "$tmp/out"
run 0 "$OGI" app show --db "$LATE" "$L1" --calendar "$tmp/with2027.csv" --json
jq_true '.due_date == "2027-01-18"'

# ---- registry items ----
run 0 "$OGI" item add --db "$DB" --agency "$EDU" --title 关于规范校外培训的通知 --category art20_01 \
  --kind normative --formed 2024-03-01 --json
jq_true '.status == "draft" and (.index_no | startswith("JY-2024-"))'
I1=$(jq -r .id "$tmp/out")
run 1 "$OGI" item step --db "$DB" "$I1" approve --date 2024-03-05
has "不能执行" "$tmp/err"
run 0 "$OGI" item step --db "$DB" "$I1" submit
run 0 "$OGI" item step --db "$DB" "$I1" pass_secrecy
run 0 "$OGI" item step --db "$DB" "$I1" approve --date 2024-03-05
run 0 "$OGI" item show --db "$DB" "$I1" --json
jq_true '.status == "published" and .published_date == "2024-03-05"'
run 0 "$OGI" item search --db "$DB" 校外培训 --json
jq_true "length == 1 and .[0].id == $I1"
run 0 "$OGI" item list --db "$DB" --status draft --json
jq_true 'length == 0'

# ---- cases ----
run 0 "$OGI" case add --db "$DB" --agency "$EDU" --kind review --filed 2024-12-01 --application "$T1" --json
jq_true ".application == \"$T1\" and .result == \"pending\""
C1=$(jq -r .id "$tmp/out")
run 1 "$OGI" case decide --db "$DB" "$C1" --result upheld --date 2024-11-01
has "早于" "$tmp/err"
run 0 "$OGI" case decide --db "$DB" "$C1" --result upheld --date 2024-12-20
run 0 "$OGI" case list --db "$DB" --json
jq_true '.[0].result == "upheld" and .[0].decided_date == "2024-12-20"'

# ---- figures and the report ----
run 0 "$OGI" figure set --db "$DB" --agency "$EDU" --year 2024 --key s2_fee_amount_wan --value 1887.214474
run 2 "$OGI" figure set --db "$DB" --agency "$EDU" --year 2024 --key s2_fee_amount_wan --value 1,2x
run 2 "$OGI" figure set --db "$DB" --agency "$EDU" --year 2024 --key no_such_cell --value 1
run 1 "$OGI" report build --db "$DB" --agency "$EDU" --year 2024
jq_true '.year == 2024 and .cells.s2_fee_amount_wan == 1887.214474 and (has("findings") | not)'
has "ERROR" "$tmp/err"
# Every section 二 figure the ledger does not compute is still blank: enter them
# (keys taken from the report itself, so no second list of keys exists here).
for key in $(jq -r '.cells | to_entries[] | select(.key | startswith("s2_")) | select(.value == null) | .key' "$tmp/out"); do
  run 0 "$OGI" figure set --db "$DB" --agency "$EDU" --year 2024 --key "$key" --value 0
done
printf '{"s1": "本年度，某市教育局认真贯彻落实《条例》。"}' >"$tmp/sections.json"
run 0 "$OGI" report build --db "$DB" --agency "$EDU" --year 2024 --sections "$tmp/sections.json" \
  -o "$tmp/report.json" --findings
has "0 ERROR" "$tmp/err"
jq_true '.cells.s2_normative_issued == 1 and .cells.s3_partial__natural_person == 1' "$tmp/report.json"
jq_true '.cells.s3_new_received__total == 2 and .cells.s4_review_upheld == 1' "$tmp/report.json"
jq_true '(.findings | map(select(.severity == "ERROR")) | length) == 0' "$tmp/report.json"
run 0 "$OGI" check "$tmp/report.json"
run 2 "$OGI" report build --db "$DB" --agency "$EDU" --year 2024 --sections "$tmp/absent.json"
run 2 "$OGI" report build --db "$DB" --agency "$EDU"

# ---- CSV: export → import into an empty ledger → export is the same ----
DB2=$tmp/copy.db
run 0 "$OGI" db init "$DB2"
run 0 "$OGI" agency add --db "$DB2" --name "$EDU" --kind department --prefix JY
run 0 "$OGI" agency add --db "$DB2" --name "$HR" --kind department --parent "$EDU"
for kind in app item case; do
  run 0 "$OGI" "$kind" export --db "$DB" -o "$tmp/$kind.csv"
  run 0 "$OGI" "$kind" import --db "$DB2" "$tmp/$kind.csv"
  run 0 "$OGI" "$kind" export --db "$DB2"
  checks=$((checks + 1))
  cmp -s "$tmp/out" "$tmp/$kind.csv" || fail "$kind export → import → export differs: $(diff "$tmp/$kind.csv" "$tmp/out" | head -5)"
done
run 0 "$OGI" app export --db "$DB" --agency "$HR"
checks=$((checks + 1))
[ "$(wc -l <"$tmp/out")" -eq 2 ] || fail "app export --agency: expected the header and one row"

# A file with one good and several bad rows imports nothing and names each line and column.
printf '\xef\xbb\xbfagency,applicant_type,received_date,outcome,concluded_date\r\n' >"$tmp/bad.csv"
printf '%s,natural_person,2024-03-01,granted,2024-03-10\r\n' "$EDU" >>"$tmp/bad.csv"
printf '%s,martian,2024-03-01,,\r\n' "$EDU" >>"$tmp/bad.csv"
printf '不存在的局,natural_person,2024-02-30,,\r\n' >>"$tmp/bad.csv"
run 0 "$OGI" app list --db "$DB2" --json
before=$(jq length "$tmp/out")
run 2 "$OGI" app import --db "$DB2" "$tmp/bad.csv"
has "bad.csv:3: 列 applicant_type：" "$tmp/err"
has "bad.csv:4: 列 agency：" "$tmp/err"
has "bad.csv:4: 列 received_date：" "$tmp/err"
has "未导入任何记录" "$tmp/err"
run 0 "$OGI" app list --db "$DB2" --json
jq_true "length == $before"
printf 'agency,year,key,value\n%s,2025,s2_fee_amount_wan,25.10\n' "$EDU" >"$tmp/fig.csv"
run 0 "$OGI" figure import --db "$DB2" "$tmp/fig.csv"
run 2 "$OGI" app import --db "$DB2" "$tmp/absent.csv"

finish
