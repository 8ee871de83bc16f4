#!/usr/bin/env bash
# test_web_analysis.sh — the console's regional views over HTTP: the 汇总
# report (/admin/summary), Art. 49 compliance (/admin/compliance), the
# cross-year analysis with its SVG charts (/admin/analysis), their CSV /
# XLSX downloads, scoping to the user's agency subtree, escaping; and the
# CLI's --xlsx exports.  Fixture: a city with two districts (one without any
# report) and the shared corpus loaded with `ogi corpus load`.  Expected
# numbers come from the CLI (`ogi report summary`, `ogi corpus compare|rank
# --csv`), never from this script.  A real server on a free loopback port,
# curl, bounded waits, stopped at the end.
set -u
: "${OGI_BIN:?}" "${OGI_SOURCE_DIR:?}" "${OGI_SHARED:?}"
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
test_init
fetch_max_time=60 # the regional pages summarise the whole loaded corpus: a longer bound

# ---- fixture ----
db=$tmp/analysis.db
city=淮安市人民政府
district=淮安市洪泽区人民政府
empty=淮安市清江浦区人民政府
xss='测试<script>alert("x")</script>局'
o() { "$OGI_BIN" "$@" >>"$tmp/setup.log" 2>&1; }
o db init "$db" || { echo "db init failed"; exit 1; }
o agency add --db "$db" --name "$city" --kind government
o agency add --db "$db" --name "$district" --kind government --parent "$city" --alias 洪泽区人民政府
o agency add --db "$db" --name "$empty" --kind government --parent "$city"
o agency add --db "$db" --name "$xss" --kind department --parent "$empty"
o corpus load --db "$db" "$OGI_SHARED/corpus" -j 2 --create-agencies
check "corpus loaded" grep -q "已导入" "$tmp/setup.log"

pw=analysis-pass-1
add_user admin1 admin "$pw"
add_user city_officer officer "$pw" "$city"
add_user district_officer officer "$pw" "$district"
add_user other_reviewer reviewer "$pw" 上海市人民政府办公厅

# Expected figures from the CLI.
"$OGI_BIN" report summary --db "$db" --region "$city" --year 2024 -o "$tmp/sum.json" \
  --xlsx "$tmp/sum.xlsx" 2>/dev/null
"$OGI_BIN" corpus compare --db "$db" --region "$city" --from 2023 --to 2024 --csv \
  --xlsx "$tmp/cmp.xlsx" >"$tmp/cmp.csv"
"$OGI_BIN" corpus rank --db "$db" --region "$city" --year 2024 --by granted_share --csv \
  --xlsx "$tmp/rank.xlsx" >"$tmp/rank.csv"
"$OGI_BIN" report compliance --db "$db" --region "$city" --year 2024 --json >"$tmp/comp.json"
cell() { jq -r ".cells.$1" "$tmp/sum.json"; }
new_total=$(cell s3_new_received__total)
outcome_total=$(cell s3_outcome_total__total)
check "fixture: the city's 2024 summary has numbers" test "$new_total" -gt 0
check "fixture: compare CSV written" test -s "$tmp/cmp.csv"

# ---- CLI --xlsx ----
zip_ok() { unzip -tq "$1" >/dev/null; }
sheets() { unzip -p "$1" xl/workbook.xml | grep -o '<sheet name="[^"]*"' | sed 's/<sheet name="//;s/"$//' | tr '\n' '|'; }
check "summary --xlsx is a workbook" zip_ok "$tmp/sum.xlsx"
check "summary --xlsx: official sheets, breakdown, missing" \
  is "$(sheets "$tmp/sum.xlsx")" "主动公开|依申请公开|复议诉讼|分机关明细|缺少报告|"
check "summary --xlsx names the missing district" \
  bash -c "unzip -p '$tmp/sum.xlsx' xl/sharedStrings.xml | grep -qF '$empty'"
check "compare --xlsx sheet" is "$(sheets "$tmp/cmp.xlsx")" "年度对比|"
check "rank --xlsx sheet" is "$(sheets "$tmp/rank.xlsx")" "排名|"
check "rank --xlsx holds the agencies" \
  bash -c "unzip -p '$tmp/rank.xlsx' xl/sharedStrings.xml | grep -qF '$district'"

# ---- the server ----
serve_start serve --db "$db" --static "$OGI_SOURCE_DIR/data/web" \
  --calendar "$OGI_SHARED/spec/holidays.csv" --threads 2 || exit 1

# The id of an agency, from the region menu of the last page.
agency_id() { grep -o "<option value=\"[0-9]*\"[^>]*>$1<" "$tmp/body" | head -1 | grep -o '[0-9][0-9]*' | head -1; }

check "summary needs a login" is "$(fetch /admin/summary)" 303
ajar=$tmp/admin cjar=$tmp/city djar=$tmp/district ojar=$tmp/other
check "admin login" is "$(login "$ajar" admin1 "$pw")" 303
check "city officer login" is "$(login "$cjar" city_officer "$pw")" 303
check "district officer login" is "$(login "$djar" district_officer "$pw")" 303
check "other reviewer login" is "$(login "$ojar" other_reviewer "$pw")" 303

# ---- /admin/summary ----
check "city officer: own region by default" is "$(fetch '/admin/summary?year=2024' -b "$cjar")" 200
city_id=$(agency_id "$city")
district_id=$(agency_id "$district")
empty_id=$(agency_id "$empty")
check "region menu lists the subtree only" body_lacks 上海市人民政府办公厅
check "ids of the fixture's agencies" test -n "$city_id" -a -n "$district_id" -a -n "$empty_id"
q="region=$city_id&year=2024"
check "summary 200" is "$(fetch "/admin/summary?$q" -b "$cjar")" 200
check "agencies counted, as the CLI" \
  body_has "<strong id=\"n-parts\">$(jq '.breakdown | length' "$tmp/sum.json")</strong>"
check "missing agencies counted, as the CLI" \
  body_has "<strong id=\"n-missing\">$(jq '.missing | length' "$tmp/sum.json")</strong>"
check "the district without a report is named" \
  bash -c "grep -A20 'id=\"missing\"' '$tmp/body' | grep -qF '$empty'"
key_col() { # the column (1-based <td>) of a cell key in the breakdown table
  grep -o '<th[^>]*>' "$tmp/body" | sed -n '/data-key=/,$p' >/dev/null
  awk -v k="$1" 'BEGIN{RS="<th"} /id="breakdown"/{t=1} t && /data-key=/{n++; if ($0 ~ "data-key=\"" k "\"") {print n + 3; exit}}' "$tmp/body"
}
row_cell() { # row id, column → text of that <td>
  grep -o "<tr id=\"$1\">.*</tr>" "$tmp/body" | sed 's/<\/td>/\n/g' | sed -n "${2}p" | sed 's/<[^>]*>//g'
}
col=$(key_col s3_new_received__total)
check "breakdown total row: new applications as the CLI" is "$(row_cell part-total "$col")" "$new_total"
check "breakdown row of the district as the CLI" is "$(row_cell "part-$district_id" "$col")" \
  "$(jq -r --arg n "$district" '.breakdown[] | select(.name == $n) | .cells.s3_new_received__total' "$tmp/sum.json")"
check "official layout embedded" body_has 'class="official-report"'
check "official layout carries the total" \
  bash -c "sed -n '/id=\"official\"/,\$p' '$tmp/body' | grep -q '>$new_total<'"
check "agency name escaped" body_has '测试&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;局'
check "no raw script" body_lacks '<script>alert('
check "district officer: city region 403" is "$(fetch "/admin/summary?$q" -b "$djar")" 403
check "district officer: own region 200" \
  is "$(fetch "/admin/summary?region=$district_id&year=2024" -b "$djar")" 200
check "other region's reviewer 403" is "$(fetch "/admin/summary?$q" -b "$ojar")" 403
check "admin 200" is "$(fetch "/admin/summary?$q" -b "$ajar")" 200
check "unknown region 404" is "$(fetch '/admin/summary?region=999999&year=2024' -b "$ajar")" 404
check "malformed region 404" is "$(fetch '/admin/summary?region=1x&year=2024' -b "$ajar")" 404
check "bad year 400" is "$(fetch "/admin/summary?region=$city_id&year=abc" -b "$ajar")" 400
check "bad format 400" is "$(fetch "/admin/summary?$q&format=pdf" -b "$ajar")" 400

check "summary CSV 200" is "$(fetch "/admin/summary?$q&format=csv" -b "$cjar")" 200
check "CSV content type" grep -qi '^Content-Type: text/csv' "$tmp/hdr"
check "CSV attachment with RFC 5987 name" \
  grep -qi "^Content-Disposition: attachment; filename=\"summary-$city_id-2024.csv\"; filename\*=UTF-8''%E6" "$tmp/hdr"
check "CSV header: key, label, 汇总, the agencies" \
  bash -c "head -1 '$tmp/body' | grep -q '^key,label,汇总,'"
check "CSV total as the CLI" \
  bash -c "grep '^s3_new_received__total,' '$tmp/body' | cut -d, -f3 | grep -qx '$new_total'"
check "CSV rows end in CRLF" bash -c "head -1 '$tmp/body' | od -c | grep -q '\\\\r  \\\\n'"
check "summary CSV forbidden across regions" is "$(fetch "/admin/summary?$q&format=csv" -b "$djar")" 403
check "summary XLSX 200" is "$(fetch "/admin/summary?$q&format=xlsx" -b "$cjar")" 200
cp "$tmp/body" "$tmp/web-sum.xlsx"
check "XLSX content type" grep -qi 'spreadsheetml.sheet' "$tmp/hdr"
check "XLSX is a sound zip" zip_ok "$tmp/web-sum.xlsx"
check "XLSX sheets as the CLI's" is "$(sheets "$tmp/web-sum.xlsx")" "$(sheets "$tmp/sum.xlsx")"

# ---- /admin/compliance ----
check "compliance 200" is "$(fetch "/admin/compliance?year=2024&region=$city_id" -b "$cjar")" 200
status_of() { grep -o "<tr id=\"agency-$1\" data-status=\"[a-z_]*\"" "$tmp/body" | sed 's/.*data-status="//;s/"$//'; }
cli_status() { jq -r --arg n "$1" '.[] | select(.agency == $n) | .status' "$tmp/comp.json"; }
check "city status as the CLI" is "$(status_of "$city_id")" "$(cli_status "$city")"
check "district status as the CLI" is "$(status_of "$district_id")" "$(cli_status "$district")"
check "district without a report: not published" is "$(status_of "$empty_id")" not_published
check "one row per agency of the region" \
  is "$(grep -c '<tr id="agency-' "$tmp/body")" "$(jq length "$tmp/comp.json")"
check "not-published count" \
  body_has "<li id=\"count-not_published\">未发布：<strong>$(jq '[.[] | select(.status == "not_published")] | length' "$tmp/comp.json")</strong>"
check "compliance escaped" body_lacks '<script>alert('
check "compliance across regions 403" \
  is "$(fetch "/admin/compliance?year=2024&region=$city_id" -b "$djar")" 403
check "compliance without region: own subtree" is "$(fetch '/admin/compliance?year=2024' -b "$djar")" 200
check "  … which excludes the city" bash -c "! grep -q 'id=\"agency-$city_id\"' '$tmp/body'"
check "admin: every agency" is "$(fetch '/admin/compliance?year=2024' -b "$ajar")" 200
check "  … includes other regions" body_has 上海市人民政府办公厅

# ---- /admin/analysis ----
aq="region=$city_id&from=2023&to=2024"
check "analysis 200" is "$(fetch "/admin/analysis?$aq" -b "$cjar")" 200
cp "$tmp/body" "$tmp/analysis.html"
svg_of() { # extract the <svg> of figure $1
  sed -n "/<figure id=\"$1\">/,/<\/figure>/p" "$tmp/analysis.html" | sed '1d;$d' >"$tmp/$1.svg"
}
for chart in chart-outcomes chart-applicants chart-findings; do
  svg_of "$chart"
  check "$chart present" grep -q '^<svg ' "$tmp/$chart.svg"
  check "$chart is well-formed XML" xmllint --noout "$tmp/$chart.svg"
  check "$chart has a title, viewBox, width and height" \
    bash -c "grep -q '<title>' '$tmp/$chart.svg' && grep -q 'viewBox=\"0 0 [0-9]* [0-9]*\" ' '$tmp/$chart.svg' && grep -q ' width=\"[0-9]*\" height=\"[0-9]*\"' '$tmp/$chart.svg'"
done
bar_sum() { # chart, title prefix → sum of the bar values whose title starts with it
  grep -o "<title>$2[^<]*：[0-9]*</title>" "$tmp/$1.svg" | sed 's/.*：\([0-9]*\)<\/title>/\1/' |
    awk '{s += $1} END {print s + 0}'
}
check "outcome bars of 2024 add up to the summary's outcome total" \
  is "$(bar_sum chart-outcomes '2024 · ')" "$outcome_total"
check "outcome bars have 2023 too" grep -q '<title>2023 · ' "$tmp/chart-outcomes.svg"
# The applicant columns of the new-applications row (a published report's
# columns need not add up to its 总计, so compare with the columns' sum).
by_type=$(jq '[.cells | to_entries[] | select((.key | startswith("s3_new_received__")) and .key != "s3_new_received__total") | .value | numbers] | add' "$tmp/sum.json")
check "applicant bars are the new applications by type" is "$(bar_sum chart-applicants '')" "$by_type"
check "findings chart: rule ids" bash -c "grep -q '<title>R[0-9]' '$tmp/chart-findings.svg' || grep -q '暂无数据' '$tmp/chart-findings.svg'"
tds() { # the texts of the <td>s of the row with attribute $1, comma-separated
  grep -o "<tr $1>.*</tr>" "$tmp/analysis.html" | sed 's/<\/td>/\n/g' | sed 's/<[^>]*>//g' | sed '/^$/d' | tr '\n' ','
}
check "comparison row as the CLI" is "$(tds 'data-key="s3_new_received__total"' | cut -d, -f2-4)" \
  "$(grep '^cell,s3_new_received__total,' "$tmp/cmp.csv" | cut -d, -f4-6 | tr -d '\r')"
check "rates table" grep -q '<tr data-rate="granted_share">' "$tmp/analysis.html"
check "per agency year over year" grep -q "<tr id=\"yoy-$district_id\">" "$tmp/analysis.html"
check "ranking lists the district" grep -q "<tr id=\"rank-$district_id\">" "$tmp/analysis.html"
check "analysis escaped" bash -c "! grep -qF '<script>alert(' '$tmp/analysis.html'"
check "analysis across regions 403" is "$(fetch "/admin/analysis?$aq" -b "$djar")" 403
check "analysis: bad range 400" is "$(fetch "/admin/analysis?region=$city_id&from=2024&to=2023" -b "$cjar")" 400
check "analysis: unknown rate 400" is "$(fetch "/admin/analysis?$aq&rate=nothing" -b "$cjar")" 400

check "comparison CSV 200" is "$(fetch "/admin/analysis?$aq&export=compare&format=csv" -b "$cjar")" 200
check "comparison CSV = ogi corpus compare --csv" cmp -s "$tmp/body" "$tmp/cmp.csv"
check "comparison CSV attachment" grep -qi "^Content-Disposition: attachment; filename=\"compare-$city_id-2023-2024.csv\"" "$tmp/hdr"
check "ranking CSV 200" is "$(fetch "/admin/analysis?$aq&rate=granted_share&export=rank&format=csv" -b "$cjar")" 200
check "ranking CSV = ogi corpus rank --csv" cmp -s "$tmp/body" "$tmp/rank.csv"
check "ranking XLSX 200" is "$(fetch "/admin/analysis?$aq&export=rank&format=xlsx" -b "$cjar")" 200
cp "$tmp/body" "$tmp/web-rank.xlsx"
check "ranking XLSX sound" zip_ok "$tmp/web-rank.xlsx"
check "ranking XLSX sheet" is "$(sheets "$tmp/web-rank.xlsx")" "排名|"
check "comparison XLSX 200" is "$(fetch "/admin/analysis?$aq&export=compare&format=xlsx" -b "$cjar")" 200
cp "$tmp/body" "$tmp/web-cmp.xlsx"
check "comparison XLSX sound" zip_ok "$tmp/web-cmp.xlsx"
check "unknown export 400" is "$(fetch "/admin/analysis?$aq&export=x&format=csv" -b "$cjar")" 400

check "server still up" kill -0 "$pid"
finish
