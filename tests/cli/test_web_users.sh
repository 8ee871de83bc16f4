#!/usr/bin/env bash
# test_web_users.sh — staff accounts end to end: the first administrator
# from `ogi user add`, then an administrator creating, disabling, enabling
# accounts and setting passwords in the console (/admin/users), with the
# least-privilege rule (officers and reviewers belong to an agency) held by
# the command line, the form, the console and the API alike.  A real
# `ogi serve` on a free loopback port, driven with curl; every wait is a
# bounded loop.  The ledger comes from tests/unit/test_web_fixture.c.
#
# Runs on SQLite; with OGI_TEST_PG_URI set (by hand:
# OGI_TEST_PG_URI=… bash tests/cli/test_web_users.sh) the same checks run
# on PostgreSQL in a schema of their own, dropped at the end.
set -u
: "${OGI_BIN:?}" "${OGI_SOURCE_DIR:?}" "${OGI_SHARED:?}" "${OGI_BUILD_DIR:?}"
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
test_init

if [ -n "${OGI_TEST_PG_URI:-}" ]; then
  pg_test_db web_users
  raw_sql() { PGOPTIONS="-c search_path=$schema" psql -X -q -v ON_ERROR_STOP=1 -d "$OGI_TEST_PG_URI" -c "$1" >/dev/null; }
  echo "# on PostgreSQL, schema $schema"
else
  db=$tmp/users.db
  raw_sql() { sqlite3 "$db" "$1"; }
fi
seed=$(OGI_WEB_FIXTURE_DB=$db "$OGI_BUILD_DIR/tests/test_web_fixture") || { echo "fixture failed"; exit 1; }
eval "$seed"

# ---- the command line: the first administrator, least privilege ----
check "first administrator from the command line" \
  bash -c "printf 'admin-pass-1\n' | '$OGI_BIN' user add --db '$db' --name admin1 --role admin --password-stdin >/dev/null"
printf 'long-enough-pw\n' | "$OGI_BIN" user add --db "$db" --name lone --role officer \
  --password-stdin >/dev/null 2>"$tmp/err"
check "officer without --agency refused (exit 2)" test "$?" -eq 2
check "  with a clear message" grep -q "must belong to an agency" "$tmp/err"
printf 'long-enough-pw\n' | "$OGI_BIN" user add --db "$db" --name lone --role reviewer \
  --password-stdin >/dev/null 2>/dev/null
check "reviewer without --agency refused (exit 2)" test "$?" -eq 2
check "user list shows the administrator" bash -c "'$OGI_BIN' user list --db '$db' | grep -q 'admin1'"
"$OGI_BIN" user list --db "$db" --json >"$tmp/list.json"
check "user list --json: one account, no hash" \
  bash -c "jq -e 'length == 1 and .[0].role == \"admin\" and (.[0] | has(\"password_hash\") | not)' '$tmp/list.json' >/dev/null"
check "user disable of an unknown name fails" \
  bash -c "! '$OGI_BIN' user disable --db '$db' --name nobody 2>/dev/null"

# ---- server ----
serve_start serve --db "$db" --static "$OGI_SOURCE_DIR/data/web" \
  --calendar "$OGI_SHARED/spec/holidays.csv" --threads 2 || exit 1

user_id() { "$OGI_BIN" user list --db "$db" --json | jq -r --arg n "$1" '.[] | select(.name == $n) | .id'; }

# ---- the administrator's page ----
ajar=$tmp/admin
check "admin login" is "$(login "$ajar" admin1 admin-pass-1)" 303
check "/admin/users 200 for the administrator" is "$(fetch /admin/users -b "$ajar")" 200
check "  nav link for administrators" body_has 'href="/admin/users"'
check "  role label" body_has "管理员"
check "  the create form" body_has 'id="user-create"'
acsrf=$(csrf_of)
create() { # JAR CSRF NAME ROLE AGENCY PW PW2 → status
  fetch /admin/users -b "$1" -d "csrf=$2" --data-urlencode "name=$3" -d "role=$4" \
    -d "agency_id=$5" --data-urlencode "password=$6" --data-urlencode "password2=$7"
}
check "create without CSRF 403" is "$(fetch /admin/users -b "$ajar" -d name=x -d role=admin)" 403
check "create with a forged CSRF 403" \
  is "$(create "$ajar" "$(forged "$acsrf")" forged admin '' pass-word-1 pass-word-1)" 403
check "officer without agency refused by the form (422)" \
  is "$(create "$ajar" "$acsrf" lone officer '' pass-word-1 pass-word-1)" 422
check "  message next to the agency field" body_has 'id="err-agency_id"'
check "  the name kept in the form" body_has 'value="lone"'
check "  no password echoed" body_lacks "pass-word-1"
check "short password refused (422)" is "$(create "$ajar" "$acsrf" shorty officer "$AGENCY_A" short short)" 422
check "  message next to the password field" body_has 'id="err-password"'
check "passwords that differ refused (422)" \
  is "$(create "$ajar" "$acsrf" twice officer "$AGENCY_A" pass-word-1 pass-word-2)" 422
check "  message next to the second password field" body_has 'id="err-password2"'
check "unknown role refused (422)" is "$(create "$ajar" "$acsrf" boss chief "$AGENCY_A" pass-word-1 pass-word-1)" 422
check "  message next to the role field" body_has 'id="err-role"'
check "nothing was created by refused forms" test -z "$(user_id lone)$(user_id shorty)$(user_id twice)"

check "admin creates an officer of agency A (303)" \
  is "$(create "$ajar" "$acsrf" off_a officer "$AGENCY_A" officer-pass-1 officer-pass-1)" 303
check "  back to the list" grep -qi "Location: /admin/users" "$tmp/hdr"
check "duplicate name refused (422)" \
  is "$(create "$ajar" "$acsrf" off_a officer "$AGENCY_A" officer-pass-1 officer-pass-1)" 422
check "  message says the name is taken" body_has "该登录名已被使用"
xss='<script>alert("u")</script>'
check "a name with markup is stored (303)" \
  is "$(create "$ajar" "$acsrf" "$xss" reviewer "$AGENCY_B" review-pass-1 review-pass-1)" 303
check "list 200" is "$(fetch /admin/users -b "$ajar")" 200
check "  the officer listed with the label and agency" \
  bash -c "grep -F '>off_a<' '$tmp/body' | grep -qF '公开专员'"
check "  agency name shown" body_has "某市教育局"
check "  status shown" body_has "启用"
check "  XSS in the name escaped" body_has '&lt;script&gt;alert(&quot;u&quot;)&lt;/script&gt;'
check "  no raw script" body_lacks '<script>alert'
check "  never a hash" body_lacks 'argon2'

# ---- the officer: own agency only, no account management ----
ojar=$tmp/officer
check "the new officer can log in" is "$(login "$ojar" off_a officer-pass-1)" 303
check "officer sees own agency's application" is "$(fetch "/admin/apps/$APP_A" -b "$ojar")" 200
check "officer cannot see agency B's application" is "$(fetch "/admin/apps/$APP_B" -b "$ojar")" 403
check "officer's list 200" is "$(fetch /admin/apps -b "$ojar")" 200
check "  shows A's application" body_has "$TRACK_A"
check "  hides B's application" body_lacks "$TRACK_B"
check "  no account-management link" body_lacks 'href="/admin/users"'
ocsrf=$(csrf_of)
check "officer gets 403 on /admin/users" is "$(fetch /admin/users -b "$ojar")" 403
check "officer cannot create accounts (403)" \
  is "$(create "$ojar" "$ocsrf" sneaky admin '' pass-word-1 pass-word-1)" 403
check "  nothing created" test -z "$(user_id sneaky)"
OFF=$(user_id off_a)
check "officer cannot disable accounts (403)" \
  is "$(fetch "/admin/users/$(user_id admin1)/disable" -b "$ojar" -d "csrf=$ocsrf")" 403
check "officer gets 403 on GET /api/v1/users" \
  is "$(fetch /api/v1/users -b "$ojar")" 403
check "officer gets 403 on POST /api/v1/users" \
  is "$(fetch /api/v1/users -b "$ojar" -H "X-CSRF-Token: $ocsrf" -H 'Content-Type: application/json' \
    --data-binary '{"name":"sneaky","role":"admin","password":"pass-word-1"}')" 403

# ---- disabling logs the user out; enabling lets them back in ----
T_OFF=$("$OGI_BIN" token add --db "$db" --user off_a --name "officer token")
check "the officer's token works" is "$(fetch /api/v1/agencies -H "Authorization: Bearer $T_OFF")" 200
fetch /admin/users -b "$ajar" >/dev/null
check "disable without CSRF 403" is "$(fetch "/admin/users/$OFF/disable" -b "$ajar" -d x=1)" 403
check "admin disables the officer (303)" is "$(fetch "/admin/users/$OFF/disable" -b "$ajar" -d "csrf=$acsrf")" 303
check "the officer's session no longer works" is "$(fetch /admin -b "$ojar")" 303
check "the officer's API token is revoked" is "$(fetch /api/v1/agencies -H "Authorization: Bearer $T_OFF")" 401
check "a disabled officer cannot log in" is "$(login "$tmp/o2" off_a officer-pass-1)" 401
check "list shows the account disabled" is "$(fetch /admin/users -b "$ajar")" 200
check "  已停用" body_has "已停用"
check "admin cannot disable themself" \
  is "$(fetch "/admin/users/$(user_id admin1)/disable" -b "$ajar" -d "csrf=$acsrf")" 422
check "admin enables the officer (303)" is "$(fetch "/admin/users/$OFF/enable" -b "$ajar" -d "csrf=$acsrf")" 303
check "the officer can log in again" is "$(login "$ojar" off_a officer-pass-1)" 303
check "disable unknown account 404" is "$(fetch /admin/users/999999/disable -b "$ajar" -d "csrf=$acsrf")" 404

# ---- a new password: the old one stops working, sessions end ----
check "short new password refused (422)" \
  is "$(fetch "/admin/users/$OFF/password" -b "$ajar" -d "csrf=$acsrf" -d password=short)" 422
check "  message next to that row's field" body_has "id=\"err-pw-$OFF\""
check "admin sets a new password (303)" \
  is "$(fetch "/admin/users/$OFF/password" -b "$ajar" -d "csrf=$acsrf" --data-urlencode password=new-pass-22)" 303
check "the officer's session ended" is "$(fetch /admin -b "$ojar")" 303
check "the old password fails" is "$(login "$tmp/o3" off_a officer-pass-1)" 401
check "the new password works" is "$(login "$tmp/o4" off_a new-pass-22)" 303

# ---- an officer stored without agency (before the rule): no access until assigned ----
add_user legacy officer legacy-pass-1 某市教育局
raw_sql "UPDATE users SET agency_id = NULL WHERE name = 'legacy'"
ljar=$tmp/legacy
check "legacy officer can still log in" is "$(login "$ljar" legacy legacy-pass-1)" 303
check "  but the console refuses (403)" is "$(fetch /admin -b "$ljar")" 403
check "  and says why" body_has "尚未分配所属机关"
check "  no application of any agency" is "$(fetch "/admin/apps/$APP_A" -b "$ljar")" 403
check "  no registry" is "$(fetch /admin/items -b "$ljar")" 403
check "  no analysis" is "$(fetch /admin/summary -b "$ljar")" 403
check "  the API refuses (403 no_agency)" is "$(fetch /api/v1/applications -b "$ljar")" 403
check "  code no_agency" jqb '.error.code == "no_agency"'
check "  the admin list marks the account" is "$(fetch /admin/users -b "$ajar")" 200
check "  未分配" body_has "未分配"
LEG=$(user_id legacy)
check "assigning a reviewer without agency refused (422)" \
  is "$(fetch "/admin/users/$LEG/role" -b "$ajar" -d "csrf=$acsrf" -d role=reviewer -d agency_id=)" 422
check "  message next to that row's form" body_has "id=\"err-role-$LEG\""
fetch /admin -b "$tmp/o4" >/dev/null
o4csrf=$(csrf_of)
check "officer cannot change roles (403)" \
  is "$(fetch "/admin/users/$LEG/role" -b "$tmp/o4" -d "csrf=$o4csrf" -d role=officer -d "agency_id=$AGENCY_B")" 403
check "  refused for the role, not the token" body_has "您没有访问此页面的权限"
check "admin assigns agency B (303)" \
  is "$(fetch "/admin/users/$LEG/role" -b "$ajar" -d "csrf=$acsrf" -d role=officer -d "agency_id=$AGENCY_B")" 303
check "  the legacy officer now sees agency B's application" is "$(fetch "/admin/apps/$APP_B" -b "$ljar")" 200
check "  and still not A's" is "$(fetch "/admin/apps/$APP_A" -b "$ljar")" 403

# ---- the API, as administrator ----
check "API list as admin 200" is "$(fetch /api/v1/users -b "$ajar")" 200
check "  no hash in the API" bash -c "! grep -q argon2 '$tmp/body'"
check "API create without X-CSRF-Token 403" \
  is "$(fetch /api/v1/users -b "$ajar" -H 'Content-Type: application/json' \
    --data-binary "{\"name\":\"api_off\",\"role\":\"officer\",\"agency_id\":$AGENCY_A,\"password\":\"pass-word-1\"}")" 403
check "API create with the session's CSRF 201" \
  is "$(fetch /api/v1/users -b "$ajar" -H "X-CSRF-Token: $acsrf" -H 'Content-Type: application/json' \
    --data-binary "{\"name\":\"api_off\",\"role\":\"officer\",\"agency_id\":$AGENCY_A,\"password\":\"pass-word-1\"}")" 201

# ---- the audit log: every change, who made it, never a hash ----
check "audit log 200" is "$(fetch '/api/v1/audit?limit=500' -b "$ajar")" 200
check "  creation by the administrator" \
  jqb --argjson id "$OFF" '[.items[] | select(.entity == "user" and .entity_id == $id and .action == "create" and .actor == "admin1")] | length == 1'
check "  disable with before and after" \
  jqb --argjson id "$OFF" '[.items[] | select(.entity_id == $id and .action == "disable" and .before.disabled == false and .after.disabled == true)] | length == 1'
check "  enable" jqb --argjson id "$OFF" '[.items[] | select(.entity_id == $id and .action == "enable" and .actor == "admin1")] | length == 1'
check "  agency assignment with before and after" jqb --argjson id "$LEG" '[.items[] | select(.entity_id == $id and .action == "role" and .before.agency_id == 0 and .after.role == "officer" and .after.agency_id > 0)] | length == 1'
check "  password change recorded" jqb --argjson id "$OFF" '[.items[] | select(.entity_id == $id and .action == "password")] | length == 1'
check "  the command line's creation" jqb '[.items[] | select(.actor == "ogi user add")] | length >= 2'
check "  no hash and no password anywhere" \
  bash -c "! grep -qE 'argon2|officer-pass-1|new-pass-22|pass-word-1' '$tmp/body'"
check "console audit page has no hash" is "$(fetch /admin/audit -b "$ajar")" 200
check "  (page)" body_lacks "argon2"

# ---- the command line: disable / enable ----
check "user disable" bash -c "'$OGI_BIN' user disable --db '$db' --name api_off >/dev/null"
check "  listed as disabled" bash -c "'$OGI_BIN' user list --db '$db' --json | jq -e '.[] | select(.name == \"api_off\") | .disabled' >/dev/null"
check "user enable" bash -c "'$OGI_BIN' user enable --db '$db' --name api_off >/dev/null"

check "server exits 0 on SIGTERM" serve_stop "$pid"

finish
