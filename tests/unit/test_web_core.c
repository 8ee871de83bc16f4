/*
 * test_web_core.c — the web layer without a socket: routing, the static
 * path guard, escaping in the layout, and sessions / CSRF / login
 * throttling / permissions against a temporary database.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "web/web_internal.h"

static ogi_web_config cfg;
static ogi_store *store;
static char db_path[64];

static int setup(void **state)
{
    (void)state;
    char err[512];
    ogi_web_config_defaults(&cfg);
    snprintf(db_path, sizeof db_path, "/tmp/ogi-test-web-core-%d.db", (int)getpid());
    unlink(db_path);
    store = ogi_store_open(db_path, err, sizeof err);
    assert_non_null(store);
    assert_int_equal(ogi_store_migrate(store, NULL, err, sizeof err), 0);
    cfg.db_path = db_path;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    ogi_store_close(store);
    char side[96];
    unlink(db_path);
    snprintf(side, sizeof side, "%s-wal", db_path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", db_path);
    unlink(side);
    return 0;
}

static int64_t add_user(const char *name, const char *role, int64_t agency, const char *pw)
{
    char *hash = ogi_web_password_hash(pw);
    assert_non_null(hash);
    ogi_user u = {.name = (char *)name, .role = (char *)role, .agency_id = agency};
    assert_int_equal(ogi_store_user_add(store, &u, hash, "test"), 0);
    free(hash);
    return u.id;
}

/* ---- routing ---- */

static const web_route *route(web_request *r, const char *method, const char *path, bool *known)
{
    size_t n;
    const web_route *table = web_routes(&n);
    web_request_init(r, &cfg, NULL, method, path);
    return web_route_find(table, n, r, known);
}

static void test_router(void **state)
{
    (void)state;
    web_request r;
    bool known;
    const web_route *rt = route(&r, "GET", "/items/42", &known);
    assert_non_null(rt);
    assert_ptr_equal(rt->fn, web_page_item);
    assert_int_equal(r.id, 42);
    assert_null(route(&r, "GET", "/items/4x", &known));
    assert_false(known);
    assert_null(route(&r, "GET", "/items/", &known));
    assert_null(route(&r, "GET", "/itemsX", &known));
    rt = route(&r, "GET", "/static/js/a.js", &known);
    assert_ptr_equal(rt->fn, web_static);
    assert_string_equal(r.rest, "js/a.js");
    assert_null(route(&r, "POST", "/catalog", &known));
    assert_true(known); /* → 405, not 404 */
    rt = route(&r, "HEAD", "/", &known);
    assert_ptr_equal(rt->fn, web_page_home);
    rt = route(&r, "POST", "/admin/login", &known);
    assert_ptr_equal(rt->fn, web_page_login);
    assert_true(rt->flags & WEB_LOGIN_FORM);
    rt = route(&r, "GET", "/admin/login", &known);
    assert_ptr_equal(rt->fn, web_page_login_form);
    rt = route(&r, "GET", "/admin/applications/7", &known);
    assert_ptr_equal(rt->fn, web_page_console_app);
    assert_int_equal(r.id, 7);
    assert_true(rt->flags & WEB_NEED_LOGIN);
    assert_null(route(&r, "GET", "/admin/applications/99999999999999999999", &known));
    web_request_free(&r);
}

static void test_static_path_guard(void **state)
{
    (void)state;
    const char *good[] = {"ogi.css", "js/app.js", "img/logo-1.png"};
    const char *bad[] = {"", "/etc/passwd", "../x", "..", "a/../b", "a/./b", "a//b", "a/",
                         ".hidden", "%2e%2e/x", "a%2fb", "a\\b", "a/..", "a\x01" "b", "c:x"};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++)
        assert_true(web_static_path_ok(good[i]));
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        if (web_static_path_ok(bad[i]))
            fail_msg("accepted unsafe path '%s'", bad[i]);
    assert_false(web_static_path_ok(NULL));
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* Serve rel from dir; returns the status (body left in r). */
static int serve_static(web_request *r, const char *dir, const char *rel)
{
    static ogi_web_config c;
    ogi_web_config_defaults(&c);
    c.static_dir = dir;
    web_request_init(r, &c, NULL, "GET", "/static/");
    r->rest = rel;
    web_static(r);
    return r->status;
}

static void test_static_serves_only_inside_root(void **state)
{
    (void)state;
    char dir[64], path[128];
    snprintf(dir, sizeof dir, "/tmp/ogi-test-web-static-%d", (int)getpid());
    mkdir(dir, 0700);
    snprintf(path, sizeof path, "%s/a.css", dir);
    write_file(path, "body{}");
    char link[128];
    snprintf(link, sizeof link, "%s/evil.css", dir);
    unlink(link);
    assert_int_equal(symlink("/etc/passwd", link), 0);
    snprintf(path, sizeof path, "%s/notes.conf", dir);
    write_file(path, "secret");
    web_request r;
    assert_int_equal(serve_static(&r, dir, "a.css"), 200);
    assert_string_equal(r.out.data, "body{}");
    assert_string_equal(r.content_type, "text/css; charset=utf-8");
    web_request_free(&r);
    assert_int_equal(serve_static(&r, dir, "evil.css"), 404); /* resolves outside the root */
    assert_null(strstr(r.out.data, "root:"));
    web_request_free(&r);
    assert_int_equal(serve_static(&r, dir, "notes.conf"), 404); /* not a served kind */
    web_request_free(&r);
    assert_int_equal(serve_static(&r, dir, "../a.css"), 400);
    web_request_free(&r);
    assert_int_equal(serve_static(&r, dir, "missing.css"), 404);
    web_request_free(&r);
    unlink(link);
    unlink(path);
    snprintf(path, sizeof path, "%s/a.css", dir);
    unlink(path);
    rmdir(dir);
}

/* ---- layout ---- */

static void test_layout_escapes(void **state)
{
    (void)state;
    web_request r;
    web_request_init(&r, &cfg, NULL, "GET", "/");
    r.signed_in = true;
    r.user.name = ogi_strdup("<b>\"x\"&'y'");
    r.user.role = ogi_strdup("admin");
    r.session.csrf_token = ogi_strdup("\"><script>");
    web_page_begin(&r, "<script>alert(1)</script>");
    web_page_end(&r);
    const char *out = r.out.data;
    assert_non_null(strstr(out, "&lt;b&gt;&quot;x&quot;&amp;&#39;y&#39;"));
    assert_non_null(strstr(out, "<title>&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert_non_null(strstr(out, "value=\"&quot;&gt;&lt;script&gt;\""));
    assert_null(strstr(out, "<script>"));
    assert_null(strstr(out, "<b>"));
    assert_non_null(strstr(out, "/admin/audit")); /* administrators get the audit link */
    web_request_free(&r);
}

static void test_error_page_escapes(void **state)
{
    (void)state;
    web_request r;
    web_request_init(&r, &cfg, NULL, "GET", "/");
    web_error(&r, 404, "<i>不存在</i>");
    assert_int_equal(r.status, 404);
    assert_non_null(strstr(r.out.data, "&lt;i&gt;不存在&lt;/i&gt;"));
    assert_non_null(strstr(r.out.data, "<html lang=\"zh-CN\">"));
    web_request_free(&r);
}

static void test_url_encode(void **state)
{
    (void)state;
    ogi_buf b;
    ogi_buf_init(&b);
    web_url_encode(&b, "招生 a&b=c\"<");
    assert_string_equal(b.data, "%E6%8B%9B%E7%94%9F%20a%26b%3Dc%22%3C");
    ogi_buf_free(&b);
}

/* ---- passwords, sessions, CSRF ---- */

static void test_password_hash(void **state)
{
    (void)state;
    char *h = ogi_web_password_hash("correct horse");
    assert_non_null(h);
    assert_int_equal(strncmp(h, "$argon2id$", 10), 0);
    assert_null(strstr(h, "correct horse"));
    assert_true(ogi_web_password_verify(h, "correct horse"));
    assert_false(ogi_web_password_verify(h, "correct horsf"));
    assert_false(ogi_web_password_verify(h, ""));
    free(h);
}

static void test_session_lifecycle(void **state)
{
    (void)state;
    int64_t uid = add_user("clerk", "admin", 0, "pw-12345678");
    char token[WEB_TOKEN_HEX];
    ogi_session se = {0}, got = {0};
    int64_t t0 = 1700000000;
    assert_int_equal(web_session_start(store, uid, t0, &cfg, token, &se), 0);
    assert_int_equal(strlen(token), 64);
    assert_string_not_equal(se.id_hash, token); /* only the hash is stored */
    assert_int_equal(ogi_store_session_get(store, token, &got), 0);
    assert_int_equal(web_session_load(store, token, t0 + 10, &cfg, &got), 1);
    assert_int_equal(got.user_id, uid);
    assert_string_equal(got.csrf_token, se.csrf_token);
    ogi_session_free(&got);
    /* idle: no request for session_idle seconds ends it, for good */
    assert_int_equal(web_session_load(store, token, t0 + cfg.session_idle, &cfg, &got), 0);
    assert_int_equal(web_session_load(store, token, t0 + 20, &cfg, &got), 0);
    ogi_session_free(&se);
    /* absolute: a session used constantly still ends session_max after login */
    assert_int_equal(web_session_start(store, uid, t0, &cfg, token, NULL), 0);
    int64_t t = t0;
    for (; t < t0 + cfg.session_max; t += cfg.session_idle / 2) {
        assert_int_equal(web_session_load(store, token, t, &cfg, &got), 1);
        ogi_session_free(&got);
    }
    assert_int_equal(web_session_load(store, token, t, &cfg, &got), 0);
    /* garbage and wrong-length tokens are simply not sessions */
    assert_int_equal(web_session_load(store, "abc", t0, &cfg, &got), 0);
    assert_int_equal(web_session_load(store, NULL, t0, &cfg, &got), 0);
    /* logout everywhere */
    char t1[WEB_TOKEN_HEX], t2[WEB_TOKEN_HEX];
    assert_int_equal(web_session_start(store, uid, t0, &cfg, t1, NULL), 0);
    assert_int_equal(web_session_start(store, uid, t0, &cfg, t2, NULL), 0);
    assert_string_not_equal(t1, t2);
    assert_int_equal(ogi_store_session_delete_user(store, uid), 2);
    assert_int_equal(web_session_load(store, t1, t0 + 1, &cfg, &got), 0);
    assert_int_equal(web_session_load(store, t2, t0 + 1, &cfg, &got), 0);
}

static void test_csrf_compare(void **state)
{
    (void)state;
    char a[WEB_TOKEN_HEX], b[WEB_TOKEN_HEX];
    web_random_hex(a);
    web_random_hex(b);
    assert_string_not_equal(a, b);
    assert_true(web_csrf_ok(a, a));
    assert_false(web_csrf_ok(a, b));
    assert_false(web_csrf_ok(a, NULL));
    assert_false(web_csrf_ok(NULL, a));
    assert_false(web_csrf_ok("", ""));
    char prefix[WEB_TOKEN_HEX];
    memcpy(prefix, a, 32);
    prefix[32] = '\0';
    assert_false(web_csrf_ok(a, prefix));
}

static void test_login_throttle(void **state)
{
    (void)state;
    add_user("alice", "admin", 0, "alice-pw-1");
    ogi_user u;
    int64_t now = 1700000100;
    assert_int_equal(web_login_check(store, "alice", "alice-pw-1", "10.0.0.1", now, &u),
                     WEB_LOGIN_OK);
    assert_string_equal(u.name, "alice");
    ogi_user_free(&u);
    assert_int_equal(web_login_check(store, "nobody", "x", "10.0.0.1", now, &u), WEB_LOGIN_BAD);
    for (int i = 0; i < WEB_LOGIN_MAX_FAILURES; i++)
        assert_int_equal(web_login_check(store, "alice", "wrong", "10.0.0.1", now, &u),
                         WEB_LOGIN_BAD);
    /* even the right password is refused while throttled */
    assert_int_equal(web_login_check(store, "alice", "alice-pw-1", "10.0.0.1", now + 1, &u),
                     WEB_LOGIN_THROTTLED);
    /* the counter is per name and address */
    assert_int_equal(web_login_check(store, "alice", "alice-pw-1", "10.0.0.2", now + 1, &u),
                     WEB_LOGIN_OK);
    ogi_user_free(&u);
    /* and per window */
    assert_int_equal(web_login_check(store, "alice", "alice-pw-1", "10.0.0.1",
                                     now + WEB_LOGIN_WINDOW, &u),
                     WEB_LOGIN_OK);
    ogi_user_free(&u);
}

static void test_permissions(void **state)
{
    (void)state;
    ogi_user admin = {.name = "a", .role = "admin", .agency_id = 1};
    ogi_user officer = {.name = "o", .role = "officer", .agency_id = 1};
    ogi_user reviewer = {.name = "r", .role = "reviewer", .agency_id = 2};
    /* an officer/reviewer without agency (stored before the rule) gets nothing */
    ogi_user none = {.name = "x", .role = "officer", .agency_id = 0};
    ogi_user none_rev = {.name = "y", .role = "reviewer", .agency_id = 0};
    ogi_user off = {.name = "d", .role = "admin", .disabled = true};
    assert_true(web_allowed(&admin, WEB_PERM_APPLICATIONS, 2));
    assert_true(web_allowed(&admin, WEB_PERM_AUDIT, 0));
    assert_true(web_allowed(&officer, WEB_PERM_APPLICATIONS, 1));
    assert_false(web_allowed(&officer, WEB_PERM_APPLICATIONS, 2));
    assert_false(web_allowed(&officer, WEB_PERM_AUDIT, 0));
    assert_true(web_allowed(&officer, WEB_PERM_CONSOLE, 0));
    assert_false(web_allowed(&reviewer, WEB_PERM_APPLICATIONS, 1));
    assert_false(web_allowed(&officer, WEB_PERM_USERS, 0));
    assert_true(web_allowed(&admin, WEB_PERM_USERS, 0));
    assert_false(web_allowed(&officer, WEB_PERM_APPLICATIONS, 0));
    assert_false(web_allowed(&none, WEB_PERM_APPLICATIONS, 5));
    assert_false(web_allowed(&none, WEB_PERM_APPLICATIONS, 0));
    assert_false(web_allowed(&none, WEB_PERM_CONSOLE, 0));
    assert_false(web_allowed(&none_rev, WEB_PERM_APPLICATIONS, 2));
    assert_true(web_user_unassigned(&none));
    assert_false(web_user_unassigned(&officer));
    assert_false(web_user_unassigned(&off)); /* an administrator needs no agency */
    assert_false(web_allowed(&off, WEB_PERM_CONSOLE, 0));
    assert_false(web_allowed(NULL, WEB_PERM_CONSOLE, 0));
}

/* ---- dispatch: login requirement and CSRF on POST ---- */

static void dispatch(web_request *r, const char *method, const char *path, const char *cookie,
                     const char *csrf)
{
    web_request_init(r, &cfg, store, method, path);
    r->now = 1700000200;
    snprintf(r->addr, sizeof r->addr, "127.0.0.1");
    if (cookie)
        web_kvs_add(&r->cookies, WEB_SESSION_COOKIE, cookie);
    if (csrf)
        web_kvs_add(&r->form, "csrf", csrf);
    web_dispatch(r);
}

static void test_dispatch_checks(void **state)
{
    (void)state;
    int64_t uid = add_user("bob", "admin", 0, "bob-pw-123");
    char token[WEB_TOKEN_HEX];
    ogi_session se = {0};
    assert_int_equal(web_session_start(store, uid, 1700000100, &cfg, token, &se), 0);
    web_request r;
    dispatch(&r, "GET", "/admin", NULL, NULL);
    assert_int_equal(r.status, 303);
    assert_string_equal(web_kvs_get(&r.headers, "Location"), "/admin/login");
    web_request_free(&r);
    dispatch(&r, "GET", "/admin", token, NULL);
    assert_int_equal(r.status, 200);
    web_request_free(&r);
    dispatch(&r, "POST", "/admin/logout", token, NULL);
    assert_int_equal(r.status, 403);
    web_request_free(&r);
    dispatch(&r, "POST", "/admin/logout", token, "0123");
    assert_int_equal(r.status, 403);
    web_request_free(&r);
    dispatch(&r, "POST", "/admin/login", NULL, "whatever");
    assert_int_equal(r.status, 403); /* no pre-session cookie to match */
    web_request_free(&r);
    dispatch(&r, "POST", "/admin/logout", token, se.csrf_token);
    assert_int_equal(r.status, 303);
    web_request_free(&r);
    dispatch(&r, "GET", "/admin", token, NULL);
    assert_int_equal(r.status, 303); /* logged out */
    web_request_free(&r);
    dispatch(&r, "GET", "/nowhere", NULL, NULL);
    assert_int_equal(r.status, 404);
    web_request_free(&r);
    ogi_session_free(&se);
}


/* ---- staff accounts: store changes, their audit, and the admin-only pages ---- */

static int64_t add_agency(const char *name)
{
    ogi_agency a = {.name = (char *)name, .kind = OGI_KIND_DEPARTMENT, .index_prefix = "T"};
    assert_int_equal(ogi_store_agency_add(store, &a, "test"), 0);
    return a.id;
}

static bool audit_has_hash(void)
{
    ogi_audit_entry *e;
    size_t n;
    assert_int_equal(ogi_store_audit_list(store, 0, 1000, &e, &n), 0);
    bool found = false;
    for (size_t i = 0; i < n; i++) {
        found |= (e[i].before_json && strstr(e[i].before_json, "argon2")) ||
                 (e[i].after_json && strstr(e[i].after_json, "argon2"));
        ogi_audit_entry_free(&e[i]);
    }
    free(e);
    return found;
}

static void test_user_store(void **state)
{
    (void)state;
    int64_t a = add_agency("某局");
    char *hash = ogi_web_password_hash("pw-12345678");
    ogi_user bad = {.name = "nobody", .role = "officer"};
    assert_int_equal(ogi_store_user_add(store, &bad, hash, "test"), -1); /* needs an agency */
    bad.role = "chief";
    bad.agency_id = a;
    assert_int_equal(ogi_store_user_add(store, &bad, hash, "test"), -1);
    free(hash);
    int64_t adm = add_user("root", "admin", 0, "root-pw-123");
    int64_t off = add_user("clerk", "officer", a, "pw-12345678");
    ogi_user *list;
    size_t n;
    assert_int_equal(ogi_store_user_list(store, &list, &n), 0);
    assert_int_equal(n, 2);
    assert_string_equal(list[1].name, "clerk");
    assert_int_equal(list[1].agency_id, a);
    for (size_t i = 0; i < n; i++)
        ogi_user_free(&list[i]);
    free(list);
    /* disabling ends sessions and revokes tokens */
    char token[WEB_TOKEN_HEX];
    assert_int_equal(web_session_start(store, off, 1700000000, &cfg, token, NULL), 0);
    assert_int_equal(ogi_store_api_token_add(store, "tokenhash", off, "t", "test"), 0);
    assert_int_equal(ogi_store_user_set_disabled(store, off, true, "root"), 1);
    ogi_session se;
    assert_int_equal(web_session_load(store, token, 1700000001, &cfg, &se), 0);
    int64_t uid = 0;
    assert_int_equal(ogi_store_api_token_user(store, "tokenhash", &uid), 0);
    ogi_user u;
    assert_int_equal(ogi_store_user_get(store, off, &u), 1);
    assert_true(u.disabled);
    ogi_user_free(&u);
    assert_int_equal(ogi_store_user_set_disabled(store, off, false, "root"), 1);
    assert_int_equal(ogi_store_user_set_disabled(store, 999999, true, "root"), 0);
    /* a new password replaces the old one and ends sessions */
    assert_int_equal(web_session_start(store, off, 1700000000, &cfg, token, NULL), 0);
    hash = ogi_web_password_hash("new-pw-4567");
    assert_int_equal(ogi_store_user_set_password(store, off, hash, "root"), 1);
    free(hash);
    assert_int_equal(web_session_load(store, token, 1700000001, &cfg, &se), 0);
    assert_int_equal(web_login_check(store, "clerk", "new-pw-4567", "10.0.0.9", 1700000002, &u),
                     WEB_LOGIN_OK);
    ogi_user_free(&u);
    /* role and agency: the least-privilege rule holds here too */
    assert_int_equal(ogi_store_user_set_role(store, off, "reviewer", 0, "root"), -1);
    assert_int_equal(ogi_store_user_set_role(store, off, "reviewer", a, "root"), 1);
    assert_int_equal(ogi_store_user_set_role(store, adm, "admin", 0, "root"), 1);
    assert_false(audit_has_hash());
}

static void test_users_pages(void **state)
{
    (void)state;
    int64_t a = add_agency("某局");
    int64_t adm = add_user("root", "admin", 0, "root-pw-123");
    int64_t off = add_user("clerk", "officer", a, "pw-12345678");
    char at[WEB_TOKEN_HEX], ot[WEB_TOKEN_HEX];
    ogi_session as = {0};
    assert_int_equal(web_session_start(store, adm, 1700000100, &cfg, at, &as), 0);
    assert_int_equal(web_session_start(store, off, 1700000100, &cfg, ot, NULL), 0);
    web_request r;
    dispatch(&r, "GET", "/admin/users", ot, NULL);
    assert_int_equal(r.status, 403);
    web_request_free(&r);
    dispatch(&r, "GET", "/admin/users", at, NULL);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.out.data, "公开专员"));
    assert_null(strstr(r.out.data, "argon2"));
    web_request_free(&r);
    /* creating: CSRF first, then the field checks, then the account */
    dispatch(&r, "POST", "/admin/users", at, NULL);
    assert_int_equal(r.status, 403);
    web_request_free(&r);
    web_request_init(&r, &cfg, store, "POST", "/admin/users");
    r.now = 1700000200;
    web_kvs_add(&r.cookies, WEB_SESSION_COOKIE, at);
    web_kvs_add(&r.form, "csrf", as.csrf_token);
    web_kvs_add(&r.form, "name", "<b>new</b>");
    web_kvs_add(&r.form, "role", "reviewer");
    web_kvs_add(&r.form, "password", "pw-12345678");
    web_kvs_add(&r.form, "password2", "pw-12345678");
    web_dispatch(&r);
    assert_int_equal(r.status, 422); /* a reviewer needs an agency */
    assert_non_null(strstr(r.out.data, "id=\"err-agency_id\""));
    assert_non_null(strstr(r.out.data, "&lt;b&gt;new&lt;/b&gt;"));
    assert_null(strstr(r.out.data, "<b>new</b>"));
    assert_null(strstr(r.out.data, "pw-12345678")); /* passwords are never echoed */
    web_request_free(&r);
    ogi_session_free(&as);
}

int main(void)
{
    setenv("OGI_PWHASH_COST", "min", 1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_router),
        cmocka_unit_test(test_static_path_guard),
        cmocka_unit_test(test_static_serves_only_inside_root),
        cmocka_unit_test(test_layout_escapes),
        cmocka_unit_test(test_error_page_escapes),
        cmocka_unit_test(test_url_encode),
        cmocka_unit_test(test_password_hash),
        cmocka_unit_test(test_csrf_compare),
        cmocka_unit_test(test_permissions),
        cmocka_unit_test_setup_teardown(test_session_lifecycle, setup, teardown),
        cmocka_unit_test_setup_teardown(test_login_throttle, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dispatch_checks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_user_store, setup, teardown),
        cmocka_unit_test_setup_teardown(test_users_pages, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
