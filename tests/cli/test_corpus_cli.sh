#!/usr/bin/env bash
# test_corpus_cli.sh — the corpus and regional views end to end with the real
# binary: `ogi corpus load` of $OGI_SHARED/corpus (seeds, real, fetched incl.
# PDF and HTML) into a fresh database (unmatched reports listed, then
# --create-agencies, then a reload that is all duplicates), the regional
# summary of 淮安市 (cells = sum of the breakdown, checked against the truth
# files, money exact, missing agencies named), compare as CSV, rank,
# compliance and the cross-year check, and the usage errors.
# Needs: OGI_BIN, OGI_SHARED (set by ctest), jq.
set -u

OGI=${OGI_BIN:?OGI_BIN is not set}
CORPUS=${OGI_SHARED:?OGI_SHARED is not set}/corpus
command -v jq >/dev/null || { echo "jq is missing: run scripts/install-deps.sh test" >&2; exit 1; }
[ -d "$CORPUS" ] || { echo "corpus not found: $CORPUS" >&2; exit 1; }

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
test_init
DB=$tmp/corpus.db

# counts LINE → "files loaded duplicates unmatched unreadable created"
counts() {
  sed -n 's/^文件 \([0-9]*\)，已导入 \([0-9]*\)，重复 \([0-9]*\)，未匹配 \([0-9]*\)，无法读取 \([0-9]*\)，新建机关 \([0-9]*\)；.*/\1 \2 \3 \4 \5 \6/p' "$tmp/out"
}

truth() { jq -r ".cells.$2" "$CORPUS/$1.truth.json"; }

files=$(find "$CORPUS" -type f ! -name '.*' | wc -l)

# ---- load ----
run 0 "$OGI" db init "$DB"
run 0 "$OGI" agency add --db "$DB" --name 淮安市人民政府 --kind government
run 0 "$OGI" agency add --db "$DB" --name 淮安市洪泽区人民政府 --kind government \
  --parent 淮安市人民政府 --alias 洪泽区人民政府

# Without --create-agencies: the Huai'an reports load, the others are listed.
run 1 "$OGI" corpus load --db "$DB" "$CORPUS"
has "未匹配：$CORPUS/seeds/000_3a8e11d79e1ee84f.truth.json：机关“枣阳市人民政府办公室”不在数据库中"
read -r f1 l1 d1 u1 r1 c1 <<<"$(counts)"
[ "$f1" = "$files" ] || fail "first load counted $f1 files, expected $files"
[ "$l1" -ge 10 ] || fail "first load stored $l1 Huai'an reports, expected at least 10 (3 PDFs, text, truth)"
[ "$c1" = 0 ] || fail "agencies created without --create-agencies"
[ $((l1 + d1 + u1 + r1)) = "$f1" ] || fail "first load counts do not add up: $(cat "$tmp/out" | tail -1)"

run 1 "$OGI" corpus load --db "$DB" "$CORPUS" -j 2 --create-agencies
has "新建机关：枣阳市人民政府办公室（department）"
has "新建机关：晋江市龙湖镇人民政府（township）"
has "份/秒"
read -r f2 l2 d2 u2 r2 c2 <<<"$(counts)"
[ "$d2" = "$l1" ] || fail "second load: $d2 duplicates, expected the $l1 stored before"
[ "$l2" -ge 20 ] || fail "second load stored only $l2 reports"
[ "$r2" = 0 ] || fail "second load: $r2 unreadable files"
# What is still unmatched says why (e.g. an excerpt without a year).
has "报告年度不明"
loaded=$((l1 + l2))

run 1 "$OGI" corpus load --db "$DB" "$CORPUS" -j 2 --create-agencies
read -r f3 l3 d3 u3 r3 c3 <<<"$(counts)"
[ "$l3" = 0 ] && [ "$d3" = "$loaded" ] && [ "$c3" = 0 ] ||
  fail "reload: loaded $l3, duplicates $d3 (expected 0 and $loaded), created $c3"

# A PDF and an HTML page alone, into a database of their own.
mkdir -p "$tmp/one"
cp "$CORPUS/fetched/103_huaianshi_2024.pdf" "$CORPUS/real/013_shanghai_shizhengfubangongting_2019.html" "$tmp/one/"
run 0 "$OGI" db init "$tmp/one.db"
run 0 "$OGI" corpus load --db "$tmp/one.db" "$tmp/one" --create-agencies
read -r f4 l4 d4 u4 r4 c4 <<<"$(counts)"
[ "$l4" = 2 ] || fail "PDF + HTML: loaded $l4 of 2"
run 0 "$OGI" report summary --db "$tmp/one.db" --region 淮安市人民政府 --year 2024
jq_true ".breakdown[0].source.file | endswith(\".pdf\")"
jq_true ".cells.s3_new_received__total == $(truth fetched/103_huaianshi_2024 s3_new_received__total)"
run 0 "$OGI" report summary --db "$tmp/one.db" --region 上海市人民政府办公厅 --year 2019
jq_true ".breakdown[0].source.file | endswith(\".html\")"
jq_true ".cells.s3_new_received__total == $(truth real/013_shanghai_shizhengfubangongting_2019 s3_new_received__total)"

# ---- summary ----
run 0 "$OGI" report summary --db "$DB" --region 淮安市人民政府 --year 2024
cp "$tmp/out" "$tmp/sum2024.json"
jq_true '.agency == "淮安市人民政府" and .year == 2024'
jq_true '(.breakdown | length) == 2 and .missing == []'
jq_true '[.breakdown[].source.kind] == ["corpus", "corpus"]'
# Every cell is the sum of the breakdown's cells where they are numbers.
jq_true '[.cells | to_entries[] | select(.value | type == "number") | .key] as $k
         | . as $r | all($k[]; . as $key | $r.cells[$key] ==
           ([$r.breakdown[].cells[$key] | select(type == "number")] | add))'
want=$(($(truth fetched/103_huaianshi_2024 s3_new_received__total) + $(truth fetched/102_hongzequ_2024 s3_new_received__total)))
jq_true ".cells.s3_new_received__total == $want"
# Money exact as written: 96171.6 + 7545 万元.
has '"s2_fee_amount_wan": 103716.6,'
has "0 ERROR" "$tmp/err"

# 2023: the city published nothing for 2023 — named, not counted as zero.
# The one part (洪泽区 2023: table 四 totals printed as 0) has ERROR findings,
# and so has the summary: exit 1, the JSON is still written.
run 1 "$OGI" report summary --db "$DB" --region 淮安市人民政府 --year 2023
jq_true '.missing == [{"id": 1, "name": "淮安市人民政府", "kind": "government"}]'
jq_true ".cells.s3_new_received__total == $(truth fetched/101_hongzequ_2023 s3_new_received__total)"
has "缺少报告：淮安市人民政府" "$tmp/err"

# ---- compare ----
run 0 "$OGI" corpus compare --db "$DB" --agency 淮安市洪泽区人民政府 --from 2023 --to 2024 --csv
has "kind,key,label,from,to,delta"
a=$(truth fetched/101_hongzequ_2023 s3_new_received__total)
b=$(truth fetched/102_hongzequ_2024 s3_new_received__total)
has "cell,s3_new_received__total,一、本年新收政府信息公开申请数量·总计,$a,$b,$((b - a))"
has "cell,s2_fee_amount_wan,行政事业性收费·本年收费金额（单位：万元）,7730.28,7545,-185.28"
has "rate,granted_share,"
checks=$((checks + 1))
tr -d '\r' <"$tmp/out" | awk -F, 'NR > 1 && NF != 6 { bad = 1 } END { exit bad }' ||
  fail "compare CSV: a line without 6 fields"
run 0 "$OGI" corpus compare --db "$DB" --region 淮安市人民政府 --from 2023 --to 2024
has "granted_share"
run 2 "$OGI" corpus compare --db "$DB" --agency 淮安市人民政府 --from 2023 --to 2024
has "2023 年没有该机关的报告" "$tmp/err"

# ---- rank ----
run 0 "$OGI" corpus rank --db "$DB" --region 淮安市人民政府 --year 2024 --by granted_share --csv
has "rank,agency,kind,rate,numerator,denominator"
has "1,淮安市洪泽区人民政府,government,0.5263,50,95"
has "2,淮安市人民政府,government,0.4466,1362,3050"

# ---- compliance ----
run 0 "$OGI" report compliance --db "$DB" --year 2023 --json
jq_true '.[] | select(.agency == "湘乡市信访局") | .status == "on_time" and .deadline == "2024-01-31" and .published == "2024-01-09"'
jq_true '.[] | select(.agency == "晋江市龙湖镇人民政府") | .status == "no_deadline" and .deadline == null and .errors == 2'
jq_true '.[] | select(.agency == "淮安市人民政府") | .status == "not_published"'
run 0 "$OGI" report compliance --db "$DB" --year 2024 --region 淮安市人民政府
has "2024 年度：2 个机关"
run 2 "$OGI" report compliance --db "$DB"

# ---- cross-year check ----
run 0 "$OGI" corpus check --db "$DB" --agency 淮安市洪泽区人民政府
has "检查相邻年度 1 对"

# ---- usage errors ----
run 2 "$OGI" report summary --db "$DB" --region 无此机关 --year 2024
run 2 "$OGI" report summary --db "$DB" --region 淮安市人民政府
run 2 "$OGI" report summary --db "$DB" --region 淮安市人民政府 --year 2024 --source files
run 2 "$OGI" corpus rank --db "$DB" --region 淮安市人民政府 --year 2024 --by nothing
run 2 "$OGI" corpus load --db "$DB" "$tmp/no-such-dir"
run 2 "$OGI" corpus compare --db "$DB" --from 2023 --to 2024

finish
