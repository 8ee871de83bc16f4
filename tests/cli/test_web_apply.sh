#!/usr/bin/env bash
# test_web_apply.sh — 依申请公开 over HTTP end to end, on the demo ledger
# (`ogi demo`, fixed year and as-of date): the public form (messages next
# to fields, values kept and escaped), the receipt, the status lookup, the
# rate limit; the officer's workflow (补正, 收到补正, 部分公开), agency
# scoping, the forms a concluded application offers, XSS and CSRF.  A real
# server on a free loopback port, curl, bounded waits, stopped at the end.
set -u
: "${OGI_BIN:?}" "${OGI_SOURCE_DIR:?}" "${OGI_SHARED:?}"
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
test_init
# The server's today, pinned (ogi/calendar.h: OGI_TODAY) the day after the
# demo's as-of date; the last part moves it to the end of the calendar.
export OGI_TODAY=2024-11-21

cal=$OGI_SHARED/spec/holidays.csv
db=$tmp/demo.db
pw=demo-pass-123
printf '%s\n' "$pw" | "$OGI_BIN" demo --db "$db" --year 2024 --asof 2024-11-20 \
  --calendar "$cal" --password-stdin >"$tmp/demo.out" || { echo "demo failed"; exit 1; }
check "demo reports what it created" grep -q "applications" "$tmp/demo.out"
check "demo refuses a database that has data" \
  bash -c "! printf 'x12345678\n' | '$OGI_BIN' demo --db '$db' --calendar '$cal' --password-stdin 2>/dev/null"

start_server() {
  serve_start serve --db "$db" --static "$OGI_SOURCE_DIR/data/web" \
    --calendar "$cal" --threads 2 || exit 1
}
start_server

id_of() { grep -o "id=\"$1\">[^<]*" "$tmp/body" | head -1 | sed 's/.*>//'; }

# ---- the public form ----
pjar=$tmp/public
check "apply form 200" is "$(fetch /apply -c "$pjar" -b "$pjar")" 200
check "apply form has the Art. 29 fields" \
  bash -c "grep -q 'name=\"applicant_id_doc\"' '$tmp/body' && grep -q 'name=\"description\"' '$tmp/body' && grep -q 'name=\"delivery\"' '$tmp/body'"
check "applicant types from the definition" body_has "社会公益组织"
csrf=$(csrf_of)
agency_a=$(grep -o '<option value="[0-9]*">示例市教育局<' "$tmp/body" | grep -o '[0-9][0-9]*')
agency_b=$(grep -o '<option value="[0-9]*">示例市人力资源和社会保障局<' "$tmp/body" | grep -o '[0-9][0-9]*')
check "agencies offered" test -n "$agency_a" -a -n "$agency_b"

check "apply without CSRF 403" \
  is "$(fetch /apply -b "$pjar" -d "agency=$agency_a" --data-urlencode "applicant_name=张三")" 403

xss='<script>alert("x")</script>'
check "missing fields → 422" is "$(fetch /apply -b "$pjar" -d "csrf=$csrf" -d "agency=$agency_a" \
  --data-urlencode "applicant_name=张三$xss" -d applicant_type=natural_person)" 422
check "message next to the missing ID field" body_has 'id="err-applicant_id_doc">此项为必填项。'
check "message next to the missing description" body_has 'id="err-description">'
check "message next to the form choice" body_has 'id="err-preferred_form">请选择信息的提供形式。'
check "no message next to a good field" body_lacks 'id="err-applicant_name"'
check "value kept, escaped" body_has 'value="张三&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"'
check "no raw script in the re-rendered form" body_lacks "$xss"
check "choice kept" body_has '<option value="natural_person" selected>'

apply() { # apply NAME DESC → status; receipt in $tmp/body
  fetch /apply -b "$pjar" -d "csrf=$csrf" -d "agency=$agency_a" -d applicant_type=natural_person \
    --data-urlencode "applicant_name=$1" --data-urlencode "applicant_id_doc=居民身份证 110101199001011234$2" \
    --data-urlencode "applicant_contact=电话 13800000000$2" --data-urlencode "description=$1 申请公开$2" \
    --data-urlencode "preferred_form=电子数据" --data-urlencode "delivery=电子邮件"
}
check "valid application → 201 receipt" is "$(apply 李四 '2024年度部门预算')" 201
track=$(id_of tracking-no)
code=$(grep -o 'id="query-code"><strong>[^<]*' "$tmp/body" | sed 's/.*<strong>//')
check "receipt has a tracking number" test -n "$track"
check "receipt has a query code" test ${#code} -ge 9
check "receipt has the statutory due date" grep -q 'id="due-date">[0-9]\{4\}-[0-9][0-9]-[0-9][0-9]<' "$tmp/body"
check "receipt is not cached" grep -qi 'Cache-Control: no-store' "$tmp/hdr"

check "XSS application accepted" is "$(apply "王五$xss" "$xss")" 201
xtrack=$(id_of tracking-no)
xcode=$(grep -o 'id="query-code"><strong>[^<]*' "$tmp/body" | sed 's/.*<strong>//')

# ---- status lookup ----
status() { fetch /status -b "$pjar" -d "csrf=$csrf" --data-urlencode "tracking_no=$1" --data-urlencode "code=$2"; }
check "status form 200" is "$(fetch /status -c "$pjar" -b "$pjar")" 200
check "status with the right code 200" is "$(status "$track" "$code")" 200
check "status shows the current step" body_has 'id="status-label">办理中<'
check "status shows the due date" grep -q 'id="due-date">[0-9]\{4\}-' "$tmp/body"
check "wrong code → 404" is "$(status "$track" WRONGCODE1)" 404
cp "$tmp/body" "$tmp/wrong"
check "unknown number → 404" is "$(status "GA-NO-SUCH-9999" "$code")" 404
check "same failure for wrong code and unknown number" \
  bash -c "grep -o 'id=\"status-error\">[^<]*' '$tmp/wrong' | cmp -s - <(grep -o 'id=\"status-error\">[^<]*' '$tmp/body')"
check "status without CSRF 403" is "$(fetch /status -d "tracking_no=$track" -d "code=$code")" 403

# ---- the officer ----
ojar=$tmp/officer
check "officer login" is "$(login "$ojar" demo-officer "$pw")" 303
check "console list 200" is "$(fetch /admin/apps -b "$ojar")" 200
check "list shows the new application" body_has "$track"
check "list shows working days left column" body_has "剩余工作日"
app=$(grep -o "href=\"/admin/apps/[0-9]*\">$track<" "$tmp/body" | grep -o '[0-9][0-9]*' | head -1)
xapp=$(grep -o "href=\"/admin/apps/[0-9]*\">$xtrack<" "$tmp/body" | grep -o '[0-9][0-9]*' | head -1)
check "overdue filter 200" is "$(fetch '/admin/apps?overdue=1' -b "$ojar")" 200
check "overdue filter shows only overdue rows" bash -c "! grep -q '<tr><td><a' '$tmp/body' && grep -q 'class=\"overdue\"' '$tmp/body'"
check "application page 200" is "$(fetch "/admin/apps/$app" -b "$ojar")" 200
check "staff see the applicant's data" body_has "110101199001011234"
check "due date explained" body_has 'id="due-explanation"'
check "answer outcomes from the definition" body_has "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
check "no 收到补正 form while processing" body_lacks 'id="form-supplement_received"'
ocsrf=$(csrf_of)
event() { # event KIND [curl args] → status
  local kind=$1; shift
  fetch "/admin/apps/$app/event" -b "$ojar" -d "csrf=$ocsrf" -d "kind=$kind" \
    -d "date=$OGI_TODAY" "$@"
}
check "event without CSRF 403" is "$(fetch "/admin/apps/$app/event" -b "$ojar" -d kind=withdraw)" 403
check "illegal step refused with the ledger's message" is "$(event supplement_received)" 422
check "refusal message shown" body_has 'id="event-error">未能记录：申请当前状态为“办理中”'
check "request supplement → 303" is "$(event request_supplement -d wd=10 --data-urlencode 'note=请补充文号')" 303
check "page after supplement request" is "$(fetch "/admin/apps/$app" -b "$ojar")" 200
check "now awaiting supplement" body_has 'id="status">待补正<'
check "supplement received form offered" body_has 'id="form-supplement_received"'
check "supplement received → 303" is "$(event supplement_received)" 303
check "answer partial → 303" is "$(event answer -d outcome=partial)" 303
check "concluded page 200" is "$(fetch "/admin/apps/$app" -b "$ojar")" 200
check "concluded: only the reopen form" \
  bash -c "[ \$(grep -c '<form class=\"event\"' '$tmp/body') = 1 ] && grep -q 'id=\"form-reopen\"' '$tmp/body'"
check "status page shows the answer" is "$(status "$track" "$code")" 200
check "answer label on the status page" body_has 'id="outcome">（二）部分公开'
check "status page lists the steps" body_has "告知补正"
check "status page hides internal notes" body_lacks "请补充文号"
check "status page hides officer names" body_lacks "demo-officer"

# ---- XSS on the console and the status page ----
check "console page of the XSS application" is "$(fetch "/admin/apps/$xapp" -b "$ojar")" 200
check "XSS escaped on the console" bash -c "! grep -qF '$xss' '$tmp/body' && grep -qF '&lt;script&gt;' '$tmp/body'"
check "XSS status page" is "$(status "$xtrack" "$xcode")" 200
check "XSS escaped on the status page" body_lacks "$xss"

# ---- scoping and roles ----
bjar=$tmp/officer_b
check "officer B login" is "$(login "$bjar" demo-officer-b "$pw")" 303
check "officer B gets 403 on A's application" is "$(fetch "/admin/apps/$app" -b "$bjar")" 403
bcsrf=$(fetch /admin/apps -b "$bjar" >/dev/null; csrf_of)
check "officer B cannot post A's events" \
  is "$(fetch "/admin/apps/$app/event" -b "$bjar" -d "csrf=$bcsrf" -d kind=reopen -d date=2030-01-01)" 403
check "officer B's list 200" is "$(fetch /admin/apps -b "$bjar")" 200
check "officer B's list hides A's applications" body_lacks "$track"
rjar=$tmp/reviewer
check "reviewer login" is "$(login "$rjar" demo-reviewer "$pw")" 303
check "reviewer sees no step forms" bash -c "curl -s -b '$rjar' '$base/admin/apps/$app' | grep -q 'id=\"app-meta\"' && ! curl -s -b '$rjar' '$base/admin/apps/$app' | grep -q 'class=\"event\"'"

# ---- registry and cases consoles ----
check "registry console 200" is "$(fetch /admin/items -b "$rjar")" 200
check "reviewer has approve buttons" body_has "审核通过并发布"
check "reviewer has no submit buttons" body_lacks "提交保密审查</button>"
check "cases console 200" is "$(fetch /admin/cases -b "$ojar")" 200
check "cases listed" body_has "行政复议"

# ---- registry: officer drafts and submits, reviewer reviews and publishes ----
check "new-draft form 200" is "$(fetch /admin/items/new -b "$ojar")" 200
check "categories from the registry" body_has "（七）财政预算、决算信息"
check "draft with a missing title → 422" is "$(fetch /admin/items -b "$ojar" -d "csrf=$ocsrf" \
  -d category=art20_07 -d kind=other -d formed_date=2024-01-02)" 422
check "the ledger's message" body_has 'id="item-error">标题不能为空'
check "draft created → 303" is "$(fetch /admin/items -b "$ojar" -d "csrf=$ocsrf" \
  --data-urlencode "title=预算说明$xss" --data-urlencode "doc_no=示教〔2024〕9号$xss" \
  --data-urlencode "body=正文$xss" -d category=art20_07 -d kind=other -d formed_date=2024-01-02)" 303
item=$(sed -n 's|^Location: /admin/items/\([0-9]*\).*|\1|p' "$tmp/hdr" | tr -d '\r')
check "draft page 200" is "$(fetch "/admin/items/$item" -b "$ojar")" 200
check "XSS escaped on the draft form" bash -c "! grep -qF '$xss' '$tmp/body' && grep -qF '预算说明&lt;script&gt;' '$tmp/body'"
step() { # step JAR CSRF STEP [date] → status
  fetch "/admin/items/$item/step" -b "$1" -d "csrf=$2" -d "step=$3" ${4:+-d "date=$4"}
}
check "officer submits → 200" is "$(step "$ojar" "$ocsrf" submit)" 200
check "now in 保密审查" body_has 'id="item-status">保密审查<'
check "officer cannot pass the secrecy review" is "$(step "$ojar" "$ocsrf" pass_secrecy)" 403
rcsrf=$(fetch /admin/items -b "$rjar" >/dev/null; csrf_of)
check "reviewer cannot approve before the secrecy review" is "$(step "$rjar" "$rcsrf" approve 2024-06-03)" 422
check "reviewer passes the secrecy review" is "$(step "$rjar" "$rcsrf" pass_secrecy)" 200
check "reviewer approves (late) → 200" is "$(step "$rjar" "$rcsrf" approve 2024-06-03)" 200
check "published" body_has 'id="item-status">已发布<'
check "Art. 26 warning shown" body_has 'id="art26-warning"'
check "XSS escaped in the registry list" bash -c "curl -s -b '$rjar' '$base/admin/items' | grep -qF '预算说明&lt;script&gt;' && ! curl -s -b '$rjar' '$base/admin/items' | grep -qF '$xss'"

# ---- cases ----
check "case add → 303" is "$(fetch /admin/cases -b "$ojar" -d "csrf=$ocsrf" -d kind=review \
  -d filed_date=2024-12-02 --data-urlencode "application=$track" --data-urlencode "note=复议$xss")" 303
check "case listed with its application" bash -c "curl -s -b '$ojar' '$base/admin/cases' | grep -qF '>$track</a>'"
check "case note escaped" bash -c "! curl -s -b '$ojar' '$base/admin/cases' | grep -qF '$xss'"
case_id=$(curl -s -b "$ojar" "$base/admin/cases" | grep -o 'action="/admin/cases/[0-9]*/decide"' | grep -o '[0-9][0-9]*' | sort -n | tail -1)
check "decided before filed → 422" is "$(fetch "/admin/cases/$case_id/decide" -b "$ojar" -d "csrf=$ocsrf" -d result=upheld -d date=2024-01-01)" 422
check "the ledger's message" body_has "早于立案日期"
check "decide → 303" is "$(fetch "/admin/cases/$case_id/decide" -b "$ojar" -d "csrf=$ocsrf" -d result=corrected -d date=2024-12-20)" 303
check "reviewer cannot record cases" is "$(fetch /admin/cases -b "$rjar" -d "csrf=$rcsrf" -d kind=review -d filed_date=2024-12-02)" 403
check "officer B cannot decide A's case" is "$(fetch "/admin/cases/$case_id/decide" -b "$bjar" -d "csrf=$bcsrf" -d result=upheld -d date=2024-12-20)" 403

check "server stops cleanly" serve_stop "$pid"

# ---- beyond the calendar ----
# Received on 21 December 2026, an application's 20 working days run into
# 2027, for which the calendar has no holiday arrangement yet: the receipt,
# the status page and the console say the due date is pending and why;
# steps judged against the clock wait, an answer does not.
export OGI_TODAY=2026-12-21
start_server
pjar=$tmp/public2
fetch /apply -c "$pjar" -b "$pjar" >/dev/null
csrf=$(csrf_of)
check "late-December application → 201" is "$(apply 赵六 '2026年度决算')" 201
check "receipt: due date pending" body_has 'id="due-date">待定'
check "receipt: received on the pinned day" body_has 'id="received-date">2026-12-21<'
track=$(id_of tracking-no)
code=$(grep -o 'id="query-code"><strong>[^<]*' "$tmp/body" | sed 's/.*<strong>//')
fetch /status -c "$pjar" -b "$pjar" >/dev/null
check "status of the pending application 200" is "$(status "$track" "$code")" 200
check "status: due date pending" body_has 'id="due-date">待定'
check "officer login again" is "$(login "$ojar" demo-officer "$pw")" 303
fetch /admin/apps -b "$ojar" >/dev/null
app=$(grep -o "href=\"/admin/apps/[0-9]*\">$track<" "$tmp/body" | grep -o '[0-9][0-9]*' | head -1)
check "console lists it as pending" bash -c "grep -F '$track' '$tmp/body' | grep -qF '待定'"
check "console page 200" is "$(fetch "/admin/apps/$app" -b "$ojar")" 200
check "console: due date pending" body_has 'id="due-date">待定'
check "console: names the uncovered year" bash -c "grep -A1 'id=\"due-explanation\"' '$tmp/body' | grep -q '2027'"
ocsrf=$(csrf_of)
check "supplement request waits for the calendar → 422" is "$(event request_supplement -d wd=10)" 422
check "the ledger says to load the calendar" body_has "节假日安排"
# A second pending application stays open; a server started on a calendar
# that has the 2027 arrangement computes its due date (21 Dec 2026 + 20
# working days, 2027-01-01 a holiday → 2027-01-19).
check "second late application → 201" is "$(apply 钱七 '2026年度预算执行')" 201
track2=$(id_of tracking-no)
code2=$(grep -o 'id="query-code"><strong>[^<]*' "$tmp/body" | sed 's/.*<strong>//')
check "answer goes ahead → 303" is "$(event answer -d outcome=granted)" 303
check "concluded: due date no longer shown as pending" bash -c "[ \"\$(curl -s -b '$ojar' '$base/admin/apps/$app' | grep -c 'id=\"due-date\">待定')\" = 0 ]"
# ---- rate limit on submissions (bounded) ----
limited=no
for _ in $(seq 1 12); do
  s=$(fetch /apply -b "$pjar" -d "csrf=$csrf" -d "agency=$agency_a")
  [ "$s" = 429 ] && { limited=yes; break; }
done
check "rate limit → 429" is "$limited" yes
check "429 message in Chinese" body_has "提交过于频繁"

check "server stops cleanly again" serve_stop "$pid"
{ cat "$cal"; echo "2027-01-01,holiday,元旦"; } >"$tmp/with2027.csv"
cal=$tmp/with2027.csv
start_server
check "start recomputes the pending due date" grep -q '1 open application due date(s) recomputed' "$tmp/serve.out"
fetch /status -c "$pjar" -b "$pjar" >/dev/null
csrf=$(csrf_of)
check "status after the calendar arrived 200" is "$(status "$track2" "$code2")" 200
check "status: the due date now known" body_has 'id="due-date">2027-01-19<'
serve_stop "$pid"
finish
