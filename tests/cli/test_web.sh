#!/usr/bin/env bash
# test_web.sh — `ogi serve` end to end: a real server on a free loopback
# port (chosen by the server: --listen 127.0.0.1:0), driven with curl.
# The ledger comes from tests/unit/test_web_fixture.c (public API, no SQL);
# staff accounts from `ogi user add`.  Every wait is a bounded loop and the
# server is stopped (SIGTERM, graceful) at the end.
set -u
: "${OGI_BIN:?}" "${OGI_SOURCE_DIR:?}" "${OGI_SHARED:?}" "${OGI_BUILD_DIR:?}"
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
test_init

db=$tmp/web.db
fixture=$OGI_BUILD_DIR/tests/test_web_fixture
seed=$(OGI_WEB_FIXTURE_DB=$db "$fixture") || { echo "fixture failed"; exit 1; }
eval "$seed"

add_user admin1 admin 'admin-pass-1'
add_user officer_a officer 'officer-pass-1' 某市教育局
add_user victim officer 'victim-pass-1' 某市教育局
check "user add refuses a short password" \
  bash -c "! printf 'short\n' | '$OGI_BIN' user add --db '$db' --name x --role admin --password-stdin 2>/dev/null"
check "user add refuses an unknown agency" \
  bash -c "! printf 'long-enough-pw\n' | '$OGI_BIN' user add --db '$db' --name y --role officer --agency 无此机关 --password-stdin 2>/dev/null"

serve_start serve --db "$db" --static "$OGI_SOURCE_DIR/data/web" \
  --calendar "$OGI_SHARED/spec/holidays.csv" --threads 2 --max-body 4096 || exit 1

# ---- public pages ----
check "healthz 200 ok" is "$(fetch /healthz)" 200
check "healthz body" body_has ok
check "default home 200" is "$(fetch /)" 200
check "default home has a guide" body_has "政府信息公开指南"
check "unknown agency 404" is "$(fetch '/?agency=999')" 404
check "home 200" is "$(fetch "/?agency=$AGENCY_A")" 200
check "home has the guide" body_has "某市教育局政府信息公开指南"
check "guide: answer period from the statute" body_has "20个工作日内予以答复"
check "home lists the latest published item" body_has "关于做好2024年义务教育招生入学工作的通知"
check "security header CSP" hdr_has "Content-Security-Policy: default-src 'self'"
check "security header nosniff" hdr_has "X-Content-Type-Options: nosniff"
check "security header frame" hdr_has "X-Frame-Options: DENY"
check "security header referrer" hdr_has "Referrer-Policy:"
check "html content type" hdr_has "Content-Type: text/html; charset=utf-8"

check "catalog search (two-character word) 200" is "$(fetch '/catalog?q=%E6%8B%9B%E7%94%9F')" 200
check "catalog search finds the item" body_has "关于做好2024年义务教育招生入学工作的通知"
check "catalog search counts both matches" body_has "共 2 条"
check "catalog never lists a draft" bash -c "! grep -qF 尚在审查的草稿 '$tmp/body'"
check "catalog by category" is "$(fetch '/catalog?category=art20_01&year=2024')" 200
check "catalog category filter shows items" body_has "招生入学"
check "catalog other year is empty" is "$(fetch '/catalog?year=2019')" 200
check "catalog other year: no items" body_has "没有符合条件"
check "item page 200" is "$(fetch "/items/$ITEM_PLAIN")" 200
check "item page shows 索引号" body_has "JYJ-2024-"
check "item page shows 文号" body_has "教发〔2024〕3号"
check "item page shows validity" body_has "有效"
check "draft item is not public" is "$(fetch "/items/$ITEM_DRAFT")" 404
check "unknown item 404" is "$(fetch /items/999999)" 404
check "unknown page 404" is "$(fetch /no-such-page)" 404

# ---- XSS payload in an item title is escaped everywhere it appears ----
for page in "/?agency=$AGENCY_A" '/catalog?q=%E6%8B%9B%E7%94%9F' "/items/$ITEM_XSS"; do
  fetch "$page" >/dev/null
  check "XSS escaped on $page" body_has '&lt;script&gt;alert(&quot;ogi&quot;)&lt;/script&gt;'
  check "no raw script on $page" bash -c "! grep -qF '<script>alert' '$tmp/body'"
  check "no raw img on $page" bash -c "! grep -qF '<img src=x' '$tmp/body'"
done

# ---- SQL-injection-looking search strings return normally ----
for q in "%27%20OR%201%3D1%20--" "%22%3B%20DROP%20TABLE%20items%3B%20--" "%E6%8B%9B%27)%20OR%20(%271"; do
  check "search '$q' 200" is "$(fetch "/catalog?q=$q")" 200
done
fetch '/catalog?q=%E6%8B%9B%E7%94%9F' >/dev/null
check "items still there after injection attempts" body_has "共 2 条"

# ---- static files and traversal ----
check "static css 200" is "$(fetch /static/ogi.css)" 200
check "static css type" hdr_has "Content-Type: text/css"
for p in /static/../../etc/passwd /static/%2e%2e/%2e%2e/etc/passwd /static/..%2f..%2fetc%2fpasswd \
  /static/%252e%252e/etc/passwd /static//etc/passwd /static/.hidden /static/..%5c..%5cetc%5cpasswd; do
  code=$(fetch "$p" --path-as-is)
  check "traversal $p refused ($code)" bash -c "[ '$code' = 400 ] || [ '$code' = 404 ]"
  check "traversal $p leaks nothing" bash -c "! grep -q 'root:' '$tmp/body'"
done

# ---- login ----
jar=$tmp/jar
check "admin requires login (redirect)" is "$(fetch /admin)" 303
check "redirect to login page" hdr_has "Location: /admin/login"
check "login form 200" is "$(fetch /admin/login -c "$jar" -b "$jar")" 200
csrf=$(csrf_of)
check "login form has a CSRF token" test ${#csrf} -eq 64
check "login POST without CSRF 403" \
  is "$(fetch /admin/login -b "$jar" --data-urlencode name=admin1 --data-urlencode password=admin-pass-1)" 403
check "login POST with forged CSRF 403" \
  is "$(fetch /admin/login -b "$jar" -d "csrf=$(printf '0%.0s' {1..64})" --data-urlencode name=admin1 --data-urlencode password=admin-pass-1)" 403
check "wrong password fails" \
  is "$(fetch /admin/login -b "$jar" -c "$jar" -d "csrf=$csrf" --data-urlencode name=admin1 --data-urlencode password=wrong-pass)" 401
check "wrong password: message" body_has "用户名或密码错误"
check "wrong password: no session" bash -c "! grep -q 'ogi_session=[0-9a-f]' '$tmp/hdr'"
check "unknown user fails the same way" \
  is "$(fetch /admin/login -b "$jar" -c "$jar" -d "csrf=$(csrf_of)" --data-urlencode name=nobody --data-urlencode password=wrong-pass)" 401

check "right password: 303" is "$(login "$jar" admin1 admin-pass-1)" 303
check "session cookie HttpOnly" bash -c "grep -i '^Set-Cookie: ogi_session=[0-9a-f]\{64\}' '$tmp/hdr' | grep -q HttpOnly"
check "session cookie SameSite=Strict" bash -c "grep -i '^Set-Cookie: ogi_session=[0-9a-f]' '$tmp/hdr' | grep -q 'SameSite=Strict'"
token1=$(awk '$6 == "ogi_session" {print $7}' "$jar")
check "admin console 200" is "$(fetch /admin -b "$jar")" 200
check "admin console shows the work queue" body_has "待办申请"
check "admin sees agency B's overdue application" body_has "$TRACK_B"
check "the queue marks it overdue" body_has "已逾期"
check "admin console is not cached" hdr_has "Cache-Control: no-store"
check "session rotated at a new login" is "$(login "$jar" admin1 admin-pass-1)" 303
token2=$(awk '$6 == "ogi_session" {print $7}' "$jar")
check "new session id differs" test "$token1" != "$token2"
check "the old session id no longer works" \
  is "$(fetch /admin -b "ogi_session=$token1")" 303
check "audit log 200 for admin" is "$(fetch /admin/audit -b "$jar")" 200
check "audit log records logins" body_has "login"
check "audit log records user creation" body_has "ogi user add"
check "audit log never shows a hash" bash -c "! grep -q 'argon2' '$tmp/body'"

# ---- roles scoped to agencies ----
ojar=$tmp/ojar
check "officer login" is "$(login "$ojar" officer_a officer-pass-1)" 303
check "officer sees own agency's application" is "$(fetch "/admin/applications/$APP_A" -b "$ojar")" 200
check "officer page shows tracking number" body_has "$TRACK_A"
check "officer of A cannot see B's application" is "$(fetch "/admin/applications/$APP_B" -b "$ojar")" 403
check "officer queue has A's application" bash -c "[ \"\$(curl -s -b '$ojar' '$base/admin')\" != '' ] && curl -s -b '$ojar' '$base/admin' | grep -qF '$TRACK_A'"
check "officer queue hides B's application" bash -c "! curl -s -b '$ojar' '$base/admin' | grep -qF '$TRACK_B'"
check "officer cannot read the audit log" is "$(fetch /admin/audit -b "$ojar")" 403

# ---- CSRF on console POSTs, logout, logout everywhere ----
fetch /admin -b "$ojar" >/dev/null
ocsrf=$(csrf_of)
check "logout without CSRF 403" is "$(fetch /admin/logout -b "$ojar" -d x=1)" 403
check "logout with forged CSRF 403" is "$(fetch /admin/logout -b "$ojar" -d "csrf=$(forged "$ocsrf")")" 403
check "logout with CSRF 303" is "$(fetch /admin/logout -b "$ojar" -c "$ojar" -d "csrf=$ocsrf")" 303
check "after logout the console redirects" is "$(fetch /admin -b "$ojar")" 303
jar2=$tmp/jar2
check "admin second device login" is "$(login "$jar2" admin1 admin-pass-1)" 303
fetch /admin -b "$jar" >/dev/null
check "logout everywhere" is "$(fetch /admin/logout-all -b "$jar" -d "csrf=$(csrf_of)")" 303
check "other device signed out too" is "$(fetch /admin -b "$jar2")" 303

# ---- request limits ----
head -c 10000 /dev/zero | tr '\0' a >"$tmp/big"
check "body over the limit 413" is "$(fetch /admin/login -b "$jar" --data-binary @"$tmp/big")" 413
check "server still answers after 413" is "$(fetch /healthz)" 200
check "unsupported method 405" is "$(fetch /catalog -X POST -d a=1)" 405

# ---- login throttling (last: it locks 'victim' from this address) ----
vjar=$tmp/vjar
for _ in 1 2 3 4 5; do login "$vjar" victim wrong-pass >/dev/null; done
check "throttled after repeated failures" is "$(login "$vjar" victim victim-pass-1)" 429
check "throttle message" body_has "登录失败次数过多"
check "other users are not throttled" is "$(login "$tmp/jar3" officer_a officer-pass-1)" 303

# ---- a second server on the same database shares sessions (they live in the DB) ----
pid1=$pid base1=$base
serve_start serve2 --db "$db" --static "$OGI_SOURCE_DIR/data/web" --threads 1
pid2=$pid port2=$port
pid=$pid1 base=$base1
check "second server started" test -n "$port2"
check "session from server 1 valid on server 2" \
  is "$(curl -s -o /dev/null -w '%{http_code}' -b "$tmp/jar3" "http://127.0.0.1:$port2/admin")" 200
check "second server exits 0" serve_stop "$pid2"

# ---- graceful shutdown ----
check "server exits 0 on SIGTERM" serve_stop "$pid"
check "server said it was shutting down" grep -q "SIGTERM received" "$tmp/serve.err"

finish
