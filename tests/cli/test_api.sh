#!/usr/bin/env bash
# test_api.sh — the JSON API (/api/v1/) and the annual-report pages end to
# end: a real `ogi serve` on a free loopback port, API tokens from
# `ogi token add`, driven with curl and checked with jq.
#
# The OpenAPI document keeps itself true here: every response is checked
# against the schema the document gives for its operation and status
# (required members, their types, nested objects and list items), every
# operation the document lists must have been called by this script, and
# the document must list exactly the routes of src/web/api.c.
set -u
: "${OGI_BIN:?}" "${OGI_SOURCE_DIR:?}" "${OGI_SHARED:?}"
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
test_init

# ---- ledger, staff, tokens ----
db=$tmp/api.db
"$OGI_BIN" db init "$db" >/dev/null
"$OGI_BIN" agency add --db "$db" --name 某市教育局 --kind department --prefix JYJ >/dev/null
"$OGI_BIN" agency add --db "$db" --name 某市人力资源和社会保障局 --kind department --prefix RSJ >/dev/null
agency_id() { "$OGI_BIN" agency list --db "$db" --json | jq -r --arg n "$1" '.[] | select(.name == $n) | .id'; }
A=$(agency_id 某市教育局)
B=$(agency_id 某市人力资源和社会保障局)
[ -n "$A" ] && [ -n "$B" ] || { echo "agencies not created"; exit 1; }
add_user admin1 admin admin-pass-1
add_user off_a officer officer-pass-1 某市教育局
add_user rev_a reviewer reviewer-pass-1 某市教育局
add_user off_b officer officer-pass-2 某市人力资源和社会保障局
T_ADMIN=$("$OGI_BIN" token add --db "$db" --user admin1 --name "test admin")
T_OFFA=$("$OGI_BIN" token add --db "$db" --user off_a --name "test officer A")
T_REVA=$("$OGI_BIN" token add --db "$db" --user rev_a --name "test reviewer A")
T_OFFB=$("$OGI_BIN" token add --db "$db" --user off_b --name "test officer B")
check "token add prints a 64-hex token" bash -c "[[ '$T_OFFA' =~ ^[0-9a-f]{64}$ ]]"
check "tokens differ" test "$T_OFFA" != "$T_ADMIN"
check "token add refuses an unknown user" \
  bash -c "! '$OGI_BIN' token add --db '$db' --user nobody --name x 2>/dev/null"
check "token add needs --name" bash -c "! '$OGI_BIN' token add --db '$db' --user off_a 2>/dev/null"

# ---- server ----
serve_start serve --db "$db" --static "$OGI_SOURCE_DIR/data/web" \
  --calendar "$OGI_SHARED/spec/holidays.csv" --threads 2 --max-body 4096 || exit 1
doc=$tmp/openapi.json
curl -s --max-time 20 "$base/api/v1/openapi.json" >"$doc"

# The documented schema check: the body conforms to the schema of the
# operation's response for this status (which must be documented).
conforms() { # METHOD TEMPLATE STATUS
  jq -e -n --arg p "$2" --arg m "${1,,}" --arg s "$3" --slurpfile d "$doc" \
    --slurpfile b "$tmp/body" '
    $d[0] as $doc |
    def resolve: if type == "object" and has("$ref")
      then $doc.components.schemas[.["$ref"] | split("/") | last] else . end;
    def parts: resolve | [., (.allOf[]? | resolve)];
    def typeok($t; $x): if $t == null then true
      elif ($t | type) == "array" then any($t[]; . as $u | typeok($u; $x))
      elif $t == "integer" then ($x | type) == "number" and ($x | floor) == $x
      else ({"number": "number", "string": "string", "boolean": "boolean", "object": "object",
             "array": "array", "null": "null"}[$t]) == ($x | type) end;
    def conforms($v):
      parts as $ps |
      ([$ps[] | .required // [] | .[]]) as $req |
      ([$ps[] | .properties // {} | to_entries[]]) as $props |
      ([$ps[] | .type // empty] | first // null) as $t |
      typeok($t; $v) and
      (if ($v | type) == "object" then
         all($req[]; . as $k | $v | has($k)) and
         all($props[]; .key as $k | .value as $sub |
           if ($v | has($k)) then
             ($sub | resolve) as $r |
             typeok($r.type; $v[$k]) and
             (if ($v[$k] | type) == "array" and ($v[$k] | length) > 0 and ($r.items != null)
              then ($r.items | conforms($v[$k][0]))
              elif ($v[$k] | type) == "object" and (($r.required // $r.allOf) != null)
              then ($sub | conforms($v[$k]))
              else true end)
           else true end)
       else true end);
    ($doc.paths[$p][$m].responses[$s].content["application/json"].schema) as $schema |
    $schema != null and ($schema | conforms($b[0]))' >/dev/null
}

# call METHOD TEMPLATE PATH TOKEN [BODY [curl args...]] → status; records
# the operation as tested and checks the body against the document.
call() {
  local method=$1 tmpl=$2 path=$3 token=$4 body=${5-}
  shift 5 2>/dev/null || shift $#
  echo "$method /api/v1$tmpl" >>"$tmp/covered"
  local args=(-X "$method")
  [ -n "$token" ] && args+=(-H "Authorization: Bearer $token")
  [ -n "$body" ] && args+=(-H 'Content-Type: application/json' --data-binary "$body")
  local status
  status=$(fetch "/api/v1$path" "${args[@]}" "$@")
  if ! conforms "$method" "/api/v1$tmpl" "$status"; then
    echo "     $method $path → $status does not match the OpenAPI document: $(head -c 300 "$tmp/body")" >&2
    echo "shape $method $tmpl $status" >>"$tmp/shape_failures"
  fi
  echo "$status"
}

# ---- document ----
check "openapi.json is OpenAPI 3" bash -c "jq -e '.openapi | startswith(\"3.\")' '$doc' >/dev/null"
check "openapi GET 200" is "$(call GET /openapi.json /openapi.json '')" 200
check "openapi served as JSON" hdr_has "Content-Type: application/json"

# ---- authentication ----
check "no credentials 401" is "$(call GET /applications /applications '')" 401
check "401 body names the problem" jqb '.error.code == "unauthorized" and (.error.message | length > 0)'
check "401 asks for a bearer token" hdr_has "WWW-Authenticate: Bearer"
check "forged token 401" is "$(call GET /agencies /agencies "$(printf 'a%.0s' {1..64})")" 401
check "malformed Authorization 401" is "$(fetch /api/v1/agencies -H 'Authorization: Bearer short')" 401
check "unknown API path 404 JSON" is "$(fetch /api/v1/nothing -H "Authorization: Bearer $T_ADMIN")" 404
check "404 is a JSON error" jqb '.error.code == "not_found"'

# ---- agencies ----
check "agencies (officer) 200" is "$(call GET /agencies /agencies "$T_OFFA")" 200
check "officer sees only own agency" jqb --argjson a "$A" '.total == 1 and .items[0].id == $a'
check "agencies (admin) 200" is "$(call GET /agencies /agencies "$T_ADMIN")" 200
check "admin sees both agencies" jqb '.total == 2'

# ---- applications ----
app_body() { # agency applicant_type
  jq -cn --argjson a "$1" --arg t "$2" '{agency_id: $a, applicant_type: $t, channel: "online",
    received_date: "2024-03-01", applicant_name: "张三", description: "申请公开2023年度部门预算"}'
}
check "create application 201" is "$(call POST /applications /applications "$T_OFFA" "$(app_body "$A" natural_person)")" 201
check "created: tracking number and query code" jqb '(.tracking_no | length > 0) and (.query_code | length >= 9) and .due_date != null'
APP1=$(jq -r .id "$tmp/body")
TRACK1=$(jq -r .tracking_no "$tmp/body")
CODE1=$(jq -r .query_code "$tmp/body")
check "create second application 201" is "$(call POST /applications /applications "$T_OFFA" "$(app_body "$A" commercial)")" 201
APP2=$(jq -r .id "$tmp/body")
check "create for agency B as officer A 403" is "$(call POST /applications /applications "$T_OFFA" "$(app_body "$B" natural_person)")" 403
check "create as reviewer 403" is "$(call POST /applications /applications "$T_REVA" "$(app_body "$A" natural_person)")" 403
check "invalid applicant type 422" is "$(call POST /applications /applications "$T_OFFA" "$(app_body "$A" martian)")" 422
check "422 carries the ledger's Chinese message" jqb '.error.message | contains("申请人类型")'
check "malformed JSON 400" is "$(call POST /applications /applications "$T_OFFA" '{"agency_id": 1,')" 400
check "malformed JSON: code and position" jqb '.error.code == "malformed_json" and (.error.message | contains("第 1 行"))'
check "JSON array body 400" is "$(call POST /applications /applications "$T_OFFA" '[1]')" 400
check "missing agency_id 400 names it" is "$(call POST /applications /applications "$T_OFFA" '{"channel":"online"}')" 400
check "  message names agency_id" jqb '.error.message | contains("agency_id")'
check "agency_id of the wrong type 400" is "$(call POST /applications /applications "$T_OFFA" '{"agency_id":"1"}')" 400
head -c 6000 /dev/zero | tr '\0' ' ' >"$tmp/big"
printf '{"agency_id": 1}' >>"$tmp/big"
check "body over the limit 413" is "$(call POST /applications /applications "$T_OFFA" "@$tmp/big")" 413
check "form body instead of JSON 415" \
  is "$(fetch /api/v1/applications -H "Authorization: Bearer $T_OFFA" -d agency_id=1)" 415
check "server alive after 413" is "$(fetch /healthz)" 200

check "list applications 200" is "$(call GET /applications '/applications?limit=1' "$T_OFFA")" 200
check "page of one with the total" jqb '.total == 2 and (.items | length) == 1 and .limit == 1'
check "second page" is "$(call GET /applications '/applications?limit=1&offset=1' "$T_OFFA")" 200
check "  second page has the other one" jqb '.offset == 1 and (.items | length) == 1'
check "list other agency as officer A 403" is "$(call GET /applications "/applications?agency_id=$B" "$T_OFFA")" 403
check "officer B sees none of A's" is "$(call GET /applications /applications "$T_OFFB")" 200
check "  empty for B" jqb '.total == 0'
check "limit=0 400" is "$(call GET /applications '/applications?limit=0' "$T_OFFA")" 400
check "limit=abc 400" is "$(call GET /applications '/applications?limit=abc' "$T_OFFA")" 400
check "get application 200" is "$(call GET /applications/{id} "/applications/$APP1" "$T_OFFA")" 200
check "  with its events (none yet)" jqb --arg t "$TRACK1" '.tracking_no == $t and .events == []'
check "get application of A as officer B 403" is "$(call GET /applications/{id} "/applications/$APP1" "$T_OFFB")" 403
check "get missing application 404" is "$(call GET /applications/{id} /applications/999999 "$T_OFFA")" 404

answer='{"kind":"answer","date":"2024-03-12","outcome":"granted"}'
check "event answer 200" is "$(call POST /applications/{id}/events "/applications/$APP1/events" "$T_OFFA" "$answer")" 200
check "  concluded, the step in its events" jqb '.status == "concluded" and .outcome == "granted" and .events[-1].kind == "answer"'
check "second answer refused 409" is "$(call POST /applications/{id}/events "/applications/$APP1/events" "$T_OFFA" "$answer")" 409
check "  with the ledger's reason" jqb '.error.code == "refused" and (.error.message | length > 0)'
check "event without kind 400" is "$(call POST /applications/{id}/events "/applications/$APP2/events" "$T_OFFA" '{"date":"2024-03-02"}')" 400
check "event on A by officer B 403" is "$(call POST /applications/{id}/events "/applications/$APP2/events" "$T_OFFB" "$answer")" 403
check "event on missing application 404" is "$(call POST /applications/{id}/events /applications/999999/events "$T_OFFA" "$answer")" 404

status_q() { jq -cn --arg t "$1" --arg c "$2" '{tracking_no: $t, query_code: $c}'; }
check "public status with the code 200" is "$(call POST /public/application-status /public/application-status '' "$(status_q "$TRACK1" "$CODE1")")" 200
check "  says concluded, nothing internal" jqb '.status == "concluded" and (has("applicant_name") | not)'
check "public status, wrong code 404" is "$(call POST /public/application-status /public/application-status '' "$(status_q "$TRACK1" wrong-code-1)")" 404
check "public status, missing field 400" is "$(call POST /public/application-status /public/application-status '' '{"tracking_no":"x"}')" 400
# Failures count per 15-minute window: 41 wrong codes put 20 into one window
# even when a window boundary falls among them; should the boundary fall
# right before the final request, the second round sees it throttled.
throttled_right_code() {
  for _ in $(seq 1 41); do
    [ "$(fetch /api/v1/public/application-status -H 'Content-Type: application/json' \
      --data-binary "$(status_q "$TRACK1" wrong-code-1)")" = 429 ] && break
  done
  [ "$(call POST /public/application-status /public/application-status '' "$(status_q "$TRACK1" "$CODE1")")" = 429 ]
}
if throttled_right_code || throttled_right_code; then ok "guessing query codes is throttled 429"
else bad "guessing query codes is throttled 429"; fi
check "  even the right code is refused then" jqb '.error.code == "too_many_requests"'

# ---- registry items ----
item_body='{"agency_id":'$A',"title":"关于做好2024年义务教育招生入学工作的通知","doc_no":"教发〔2024〕3号","category":"art20_01","kind":"normative","formed_date":"2024-02-01","body":"正文"}'
check "create item 201" is "$(call POST /items /items "$T_OFFA" "$item_body")" 201
check "  a draft with an index number" jqb '.status == "draft" and (.index_no | startswith("JYJ-"))'
ITEM=$(jq -r .id "$tmp/body")
check "create item without title 400" is "$(call POST /items /items "$T_OFFA" '{"agency_id":'$A'}')" 400
check "create item with a bad category 422" is "$(call POST /items /items "$T_OFFA" "$(jq -c '.category = "nope"' <<<"$item_body")")" 422
check "list items 200" is "$(call GET /items '/items?status=draft' "$T_OFFA")" 200
check "  the draft is listed for staff" jqb '.total == 1'
check "get item 200" is "$(call GET /items/{id} "/items/$ITEM" "$T_OFFA")" 200
check "get item as officer B 403" is "$(call GET /items/{id} "/items/$ITEM" "$T_OFFB")" 403
check "public search hides drafts" is "$(call GET /public/items '/public/items?q=%E6%8B%9B%E7%94%9F' '')" 200
check "  nothing published yet" jqb '.total == 0'
check "reviewer cannot submit 403" is "$(call POST /items/{id}/steps "/items/$ITEM/steps" "$T_REVA" '{"step":"submit"}')" 403
check "submit 200" is "$(call POST /items/{id}/steps "/items/$ITEM/steps" "$T_OFFA" '{"step":"submit"}')" 200
check "approve before secrecy review 409" is "$(call POST /items/{id}/steps "/items/$ITEM/steps" "$T_REVA" '{"step":"approve","date":"2024-02-05"}')" 409
check "reviewer passes secrecy review 200" is "$(call POST /items/{id}/steps "/items/$ITEM/steps" "$T_REVA" '{"step":"pass_secrecy"}')" 200
check "reviewer approves 200" is "$(call POST /items/{id}/steps "/items/$ITEM/steps" "$T_REVA" '{"step":"approve","date":"2024-02-05"}')" 200
check "  published" jqb '.status == "published" and .published_date == "2024-02-05"'
check "public search finds it" is "$(call GET /public/items '/public/items?q=%E6%8B%9B%E7%94%9F&limit=5' '')" 200
check "  one published item" jqb '.total == 1 and .items[0].status == "published"'
check "step on missing item 404" is "$(call POST /items/{id}/steps /items/999999/steps "$T_OFFA" '{"step":"submit"}')" 404

# ---- cases ----
check "create case 201" is "$(call POST /cases /cases "$T_OFFA" '{"agency_id":'$A',"kind":"review","filed_date":"2024-05-06","application_id":'$APP1'}')" 201
CASE=$(jq -r .id "$tmp/body")
check "  pending" jqb '.result == "pending"'
check "create case with a bad kind 422" is "$(call POST /cases /cases "$T_OFFA" '{"agency_id":'$A',"kind":"duel","filed_date":"2024-05-06"}')" 422
check "list cases 200" is "$(call GET /cases /cases "$T_OFFA")" 200
check "  one case" jqb '.total == 1'
check "officer B cannot list A's cases 403" is "$(call GET /cases "/cases?agency_id=$A" "$T_OFFB")" 403
check "decide case 200" is "$(call POST /cases/{id}/decision "/cases/$CASE/decision" "$T_OFFA" '{"result":"upheld","date":"2024-07-01"}')" 200
check "  upheld" jqb '.result == "upheld" and .decided_date == "2024-07-01"'
check "decision before filing 422" is "$(call POST /cases/{id}/decision "/cases/$CASE/decision" "$T_OFFA" '{"result":"upheld","date":"2024-01-01"}')" 422
check "decide by officer B 403" is "$(call POST /cases/{id}/decision "/cases/$CASE/decision" "$T_OFFB" '{"result":"upheld","date":"2024-07-01"}')" 403
check "decide missing case 404" is "$(call POST /cases/{id}/decision /cases/999999/decision "$T_OFFA" '{"result":"upheld","date":"2024-07-01"}')" 404

# ---- annual reports ----
check "preview 200" is "$(call GET /reports/preview "/reports/preview?agency_id=$A&year=2024" "$T_OFFA")" 200
check "  the report is built from the ledger" jqb '.report.year == 2024 and .report.agency == "某市教育局" and .report.cells.s4_review_upheld == 1'
check "  with findings and an error count" jqb '(.findings | length) > 0 and .errors > 0'
check "preview without year 400" is "$(call GET /reports/preview "/reports/preview?agency_id=$A" "$T_OFFA")" 400
check "preview of A by officer B 403" is "$(call GET /reports/preview "/reports/preview?agency_id=$A&year=2024" "$T_OFFB")" 403
check "preview before 2019 422" is "$(call GET /reports/preview "/reports/preview?agency_id=$A&year=2010" "$T_OFFA")" 422
draft='{"agency_id":'$A',"year":2024,"sections":{"s1":"2024年，本局认真贯彻落实《条例》。","s6":"无。"}}'
check "save draft 200" is "$(call POST /reports/drafts /reports/drafts "$T_OFFA" "$draft")" 200
check "  saved sections" jqb '.sections.s1 | startswith("2024年")'
check "draft with an unknown section 400" is "$(call POST /reports/drafts /reports/drafts "$T_OFFA" '{"agency_id":'$A',"year":2024,"sections":{"s9":"x"}}')" 400
check "draft by reviewer 403" is "$(call POST /reports/drafts /reports/drafts "$T_REVA" "$draft")" 403
call GET /reports/preview "/reports/preview?agency_id=$A&year=2024" "$T_OFFA" >/dev/null
check "the preview uses the draft" jqb '.report.sections.s1 | startswith("2024年")'
pub='{"agency_id":'$A',"year":2024}'
pub_override='{"agency_id":'$A',"year":2024,"override":true}'
check "publish with errors refused 422" is "$(call POST /reports /reports "$T_OFFA" "$pub")" 422
check "  code findings, Chinese reason" jqb '.error.code == "findings" and (.error.message | contains("错误"))'
check "override by an officer 403" is "$(call POST /reports /reports "$T_OFFA" "$pub_override")" 403
check "override must be boolean 400" is "$(call POST /reports /reports "$T_ADMIN" '{"agency_id":'$A',"year":2024,"override":"yes"}')" 400
check "publish by reviewer 403" is "$(call POST /reports /reports "$T_REVA" "$pub")" 403
check "admin override publishes 201" is "$(call POST /reports /reports "$T_ADMIN" "$pub_override")" 201
check "  version 1" jqb '.version == 1 and .supersedes_id == 0 and .report.publish_date != null'
V1=$(jq -r .id "$tmp/body")
check "publish again 201" is "$(call POST /reports /reports "$T_ADMIN" "$pub_override")" 201
check "  version 2 supersedes 1" jqb --argjson v "$V1" '.version == 2 and .supersedes_id == $v and .superseded_by == 0'
V2=$(jq -r .id "$tmp/body")
check "list published (current only) 200" is "$(call GET /reports /reports "$T_OFFA")" 200
check "  one current version" jqb --argjson v "$V2" '.total == 1 and .items[0].id == $v'
check "list with history 200" is "$(call GET /reports '/reports?all_versions=true' "$T_OFFA")" 200
check "  two versions" jqb '.total == 2'
check "get version 1 200" is "$(call GET /reports/{id} "/reports/$V1" "$T_OFFA")" 200
check "  superseded by version 2" jqb --argjson v "$V2" '.superseded_by == $v and .report.sections.s1 != null'
check "get report of A as officer B 403" is "$(call GET /reports/{id} "/reports/$V1" "$T_OFFB")" 403
check "get missing report 404" is "$(call GET /reports/{id} /reports/999999 "$T_OFFA")" 404
check "public reports 200" is "$(call GET /public/reports /public/reports '')" 200
check "  latest version per agency-year" jqb --argjson v "$V2" '.total == 1 and .items[0].id == $v and .items[0].agency == "某市教育局"'
check "public reports of another year empty" is "$(call GET /public/reports '/public/reports?year=2019' '')" 200
check "  none" jqb '.total == 0'
check "public report 200" is "$(call GET /public/reports/{id} "/public/reports/$V1" '')" 200
check "public report missing 404" is "$(call GET /public/reports/{id} /public/reports/999999 '')" 404

# ---- cross-year rules against the published report of the year before ----
check "publish 2023 201" is "$(call POST /reports /reports "$T_ADMIN" '{"agency_id":'$A',"year":2023,"override":true}')" 201
check "  nothing carried forward then" jqb '.report.cells.s3_carry_forward__total == 0'
late=$(jq -c '.received_date = "2023-12-20"' <<<"$(app_body "$A" natural_person)")
check "an application of Dec 2023 entered late 201" is "$(call POST /applications /applications "$T_OFFA" "$late")" 201
check "preview 2024 200" is "$(call GET /reports/preview "/reports/preview?agency_id=$A&year=2024" "$T_OFFA")" 200
check "  R3.4: carried over 1, published 2023 carried forward 0" \
  jqb '[.findings[] | select(.rule == "R3.4" and .severity == "ERROR")] | length > 0'

# ---- audit log ----
check "audit as admin 200" is "$(call GET /audit '/audit?limit=200' "$T_ADMIN")" 200
check "  publications recorded with the override" jqb '[.items[] | select(.action == "publish" and .after.override == true and .after.year == 2024)] | length == 2'
check "  builds recorded" jqb '[.items[] | select(.action == "build_report" and .entity == "agency")] | length >= 2'
check "audit as officer 403" is "$(call GET /audit /audit "$T_OFFA")" 403

# ---- staff accounts (administrators only) ----
check "users as officer 403" is "$(call GET /users /users "$T_OFFA")" 403
check "users (admin) 200" is "$(call GET /users /users "$T_ADMIN")" 200
check "  every account, no hash" jqb '.total == 4 and all(.items[]; has("password_hash") | not)'
check "  role labels" jqb '[.items[] | select(.name == "off_a") | .role_label] == ["公开专员"]'
check "create user as officer 403" is "$(call POST /users /users "$T_OFFA" \
  '{"name":"x1","role":"admin","password":"long-enough-1"}')" 403
check "create officer without agency 422" is "$(call POST /users /users "$T_ADMIN" \
  '{"name":"x2","role":"officer","password":"long-enough-1"}')" 422
check "  names the agency field" jqb '.error.field == "agency_id"'
check "create with a short password 422" is "$(call POST /users /users "$T_ADMIN" \
  "{\"name\":\"x3\",\"role\":\"officer\",\"agency_id\":$A,\"password\":\"short\"}")" 422
check "  names the password field" jqb '.error.field == "password"'
check "create officer 201" is "$(call POST /users /users "$T_ADMIN" \
  "{\"name\":\"off_c\",\"role\":\"officer\",\"agency_id\":$A,\"password\":\"officer-pass-3\"}")" 201
check "  the new account" jqb --argjson a "$A" '.name == "off_c" and .agency_id == $a and .disabled == false and (has("password") | not)'
C=$(jq -r .id "$tmp/body")
check "same name again 409" is "$(call POST /users /users "$T_ADMIN" \
  "{\"name\":\"off_c\",\"role\":\"officer\",\"agency_id\":$A,\"password\":\"officer-pass-3\"}")" 409
T_OFFC=$("$OGI_BIN" token add --db "$db" --user off_c --name "test officer C")
check "new officer's token works" is "$(call GET /agencies /agencies "$T_OFFC")" 200
check "disable as officer 403" is "$(call POST /users/{id}/disable "/users/$C/disable" "$T_OFFA")" 403
check "disable 200" is "$(call POST /users/{id}/disable "/users/$C/disable" "$T_ADMIN")" 200
check "  disabled" jqb '.disabled == true'
check "disabled user's token revoked 401" is "$(call GET /agencies /agencies "$T_OFFC")" 401
ADMIN_ID=$("$OGI_BIN" user list --db "$db" --json | jq -r '.[] | select(.name == "admin1") | .id')
check "disabling oneself 409" is "$(call POST /users/{id}/disable "/users/$ADMIN_ID/disable" "$T_ADMIN")" 409
check "disable unknown 404" is "$(call POST /users/{id}/disable /users/999999/disable "$T_ADMIN")" 404
check "enable as officer 403" is "$(call POST /users/{id}/enable "/users/$C/enable" "$T_OFFA")" 403
check "enable 200" is "$(call POST /users/{id}/enable "/users/$C/enable" "$T_ADMIN")" 200
check "  enabled" jqb '.disabled == false'
check "enable unknown 404" is "$(call POST /users/{id}/enable /users/999999/enable "$T_ADMIN")" 404
check "audit of account changes (admin) 200" is "$(call GET /audit "/audit?limit=500" "$T_ADMIN")" 200
check "  create, disable, enable recorded by admin1" jqb --argjson c "$C" \
  '[.items[] | select(.entity == "user" and .entity_id == $c and .actor == "admin1") | .action] | sort == ["create", "disable", "enable"]'
check "  no hash anywhere" bash -c "! grep -q 'argon2' '$tmp/body'"

# ---- session cookie: CSRF required for writes ----
jar=$tmp/jar
check "console login" is "$(login "$jar" off_a officer-pass-1)" 303
fetch /admin -b "$jar" >/dev/null
csrf=$(csrf_of)
wrong=$(forged "$csrf")
check "session read without CSRF 200" is "$(call GET /agencies /agencies '' '' -b "$jar")" 200
check "session write without X-CSRF-Token 403" is "$(call POST /reports/drafts /reports/drafts '' "$draft" -b "$jar")" 403
check "  code csrf" jqb '.error.code == "csrf"'
check "session write with a wrong token 403" is "$(call POST /reports/drafts /reports/drafts '' "$draft" -b "$jar" -H "X-CSRF-Token: $wrong")" 403
check "session write with X-CSRF-Token 200" is "$(call POST /reports/drafts /reports/drafts '' "$draft" -b "$jar" -H "X-CSRF-Token: $csrf")" 200

# ---- public report pages and downloads ----
check "/reports 200" is "$(fetch /reports)" 200
check "  lists the report" grep -qF "某市教育局2024年政府信息公开工作年度报告" "$tmp/body"
check "/reports/ID 200" is "$(fetch "/reports/$V2")" 200
check "  official layout with the stylesheet" grep -qF '/reports/report.css' "$tmp/body"
check "  no inline style (CSP)" bash -c "! grep -q '<style' '$tmp/body'"
check "  section tables" grep -qF 'data-key="s4_review_upheld"' "$tmp/body"
check "old version says it is superseded" is "$(fetch "/reports/$V1")" 200
check "  link to the new version" grep -qF "/reports/$V2\">新版本" "$tmp/body"
check "report.css 200" is "$(fetch /reports/report.css)" 200
check "  text/css" hdr_has "Content-Type: text/css"
check "JSON download 200" is "$(fetch "/reports/$V2.json")" 200
check "  application/json" hdr_has "Content-Type: application/json"
check "  attachment with an RFC 5987 name" \
  hdr_has "filename*=UTF-8''%E6%9F%90%E5%B8%82%E6%95%99%E8%82%B2%E5%B1%802024"
check "  ASCII fallback name" hdr_has "filename=\"report-$V2-2024-v2.json\""
check "  the report JSON" jqb '.year == 2024'
check "CSV download 200" is "$(fetch "/reports/$V2.csv")" 200
check "  text/csv" hdr_has "Content-Type: text/csv"
check "DOCX download 200" is "$(fetch "/reports/$V2.docx")" 200
check "  Word type" hdr_has "wordprocessingml.document"
check "  a zip file" bash -c "head -c 2 '$tmp/body' | grep -q PK"
check "XLSX download 200" is "$(fetch "/reports/$V2.xlsx")" 200
check "  Excel type" hdr_has "spreadsheetml.sheet"
check "missing report page 404" is "$(fetch /reports/999999)" 404

# ---- the console's builder ----
check "builder 200" is "$(fetch "/admin/reports?agency=$A&year=2024" -b "$jar")" 200
check "  narrative textareas" grep -qF '<textarea id="s1" name="s1"' "$tmp/body"
check "  the saved draft" grep -qF "2024年，本局认真贯彻落实" "$tmp/body"
check "  findings marked on cells" grep -qE 'class="flag-(error|warning)"' "$tmp/body"
check "  publication history" grep -qF "第2版" "$tmp/body"
check "  no override for an officer" bash -c "! grep -qF 'name=\"override\"' '$tmp/body'"
check "builder for B as officer A 403" is "$(fetch "/admin/reports?agency=$B&year=2024" -b "$jar")" 403
check "console draft without CSRF 403" is "$(fetch /admin/reports/draft -b "$jar" -d "agency=$A&year=2024&s1=x")" 403
check "console draft 303" is "$(fetch /admin/reports/draft -b "$jar" -d "csrf=$csrf&agency=$A&year=2024" --data-urlencode "s5=存在的主要问题")" 303
check "console publish with errors 422" is "$(fetch /admin/reports/publish -b "$jar" -d "csrf=$csrf&agency=$A&year=2024")" 422
check "console override by officer 403" is "$(fetch /admin/reports/publish -b "$jar" -d "csrf=$csrf&agency=$A&year=2024&override=1")" 403

# ---- the document covers every operation, and only real ones ----
jq -r '.paths | to_entries[] | .key as $p | .value | keys[] | "\(ascii_upcase) \($p)"' "$doc" |
  sort -u >"$tmp/documented"
sort -u "$tmp/covered" >"$tmp/covered.sorted"
untested=$(comm -23 "$tmp/documented" "$tmp/covered.sorted")
check "every documented operation is tested" test -z "$untested"
[ -n "$untested" ] && echo "     untested: $untested"
undocumented=$(comm -13 "$tmp/documented" "$tmp/covered.sorted")
check "every tested operation is documented" test -z "$undocumented"
grep -o '{"\(GET\|POST\)", "/[^"]*"' "$OGI_SOURCE_DIR/src/web/api.c" |
  sed 's|{"\([A-Z]*\)", "\(.*\)"|\1 /api/v1\2|' | sort -u >"$tmp/routed"
check "the document lists exactly the API's routes" diff "$tmp/routed" "$tmp/documented"
check "every response matched the documented schema" test ! -s "$tmp/shape_failures"
[ -s "$tmp/shape_failures" ] && cat "$tmp/shape_failures"

check "server exits 0 on SIGTERM" serve_stop "$pid"

finish
