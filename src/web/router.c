/*
 * router.c — method + path pattern → handler, and the checks every request
 * passes before its handler runs: the session (from the database), login
 * for console pages, and the CSRF token on every POST.
 *
 * Patterns are literal paths with at most one "{id}" segment (decimal
 * digits only) or a trailing "*" that matches the rest of the path.
 */
#include <stdlib.h>
#include <string.h>

#include "web/web_internal.h"

static const web_route routes[] = {
    {"GET", "/healthz", web_page_healthz, WEB_PUBLIC},
    {"GET", "/", web_page_home, WEB_PUBLIC},
    {"GET", "/catalog", web_page_catalog, WEB_PUBLIC},
    {"GET", "/items/{id}", web_page_item, WEB_PUBLIC},
    {"GET", "/static/*", web_static, WEB_PUBLIC},
    {"GET", "/admin/login", web_page_login_form, WEB_PUBLIC},
    {"POST", "/admin/login", web_page_login, WEB_LOGIN_FORM},
    {"POST", "/admin/logout", web_page_logout, WEB_NEED_LOGIN},
    {"POST", "/admin/logout-all", web_page_logout_all, WEB_NEED_LOGIN},
    {"GET", "/admin", web_page_admin, WEB_NEED_LOGIN},
    {"GET", "/admin/audit", web_page_audit, WEB_NEED_LOGIN},
    /* staff accounts, administrators only (pages_users.c) */
    {"GET", "/admin/users", web_page_users, WEB_NEED_LOGIN},
    {"POST", "/admin/users", web_page_user_create, WEB_NEED_LOGIN},
    {"POST", "/admin/users/{id}/disable", web_page_user_disable, WEB_NEED_LOGIN},
    {"POST", "/admin/users/{id}/enable", web_page_user_enable, WEB_NEED_LOGIN},
    {"POST", "/admin/users/{id}/password", web_page_user_password, WEB_NEED_LOGIN},
    {"POST", "/admin/users/{id}/role", web_page_user_role, WEB_NEED_LOGIN},
    {"GET", "/admin/applications/{id}", web_page_console_app, WEB_NEED_LOGIN}, /* earlier links */
    /* 依申请公开, registry and cases (pages_apply.c, pages_console_*.c) */
    {"GET", "/apply", web_page_apply_form, WEB_PUBLIC},
    {"POST", "/apply", web_page_apply, WEB_LOGIN_FORM},
    {"GET", "/status", web_page_status_form, WEB_PUBLIC},
    {"POST", "/status", web_page_status, WEB_LOGIN_FORM},
    {"GET", "/admin/apps", web_page_console_apps, WEB_NEED_LOGIN},
    {"GET", "/admin/apps/{id}", web_page_console_app, WEB_NEED_LOGIN},
    {"POST", "/admin/apps/{id}/event", web_page_console_app_event, WEB_NEED_LOGIN},
    {"GET", "/admin/items", web_page_console_items, WEB_NEED_LOGIN},
    {"POST", "/admin/items", web_page_console_item_create, WEB_NEED_LOGIN},
    {"GET", "/admin/items/new", web_page_console_item_new, WEB_NEED_LOGIN},
    {"GET", "/admin/items/{id}", web_page_console_item, WEB_NEED_LOGIN},
    {"POST", "/admin/items/{id}", web_page_console_item_update, WEB_NEED_LOGIN},
    {"POST", "/admin/items/{id}/step", web_page_console_item_step, WEB_NEED_LOGIN},
    {"GET", "/admin/cases", web_page_console_cases, WEB_NEED_LOGIN},
    {"POST", "/admin/cases", web_page_console_case_add, WEB_NEED_LOGIN},
    {"POST", "/admin/cases/{id}/decide", web_page_console_case_decide, WEB_NEED_LOGIN},
    /* annual reports (pages_reports.c) and the JSON API (api*.c) */
    {"GET", "/reports", web_page_reports, WEB_PUBLIC},
    {"GET", "/reports/report.css", web_page_report_css, WEB_PUBLIC},
    {"GET", "/reports/{id}", web_page_report, WEB_PUBLIC},
    {"GET", "/reports/{id}.json", web_page_report_json, WEB_PUBLIC},
    {"GET", "/reports/{id}.csv", web_page_report_csv, WEB_PUBLIC},
    {"GET", "/reports/{id}.docx", web_page_report_docx, WEB_PUBLIC},
    {"GET", "/reports/{id}.xlsx", web_page_report_xlsx, WEB_PUBLIC},
    {"GET", "/admin/reports", web_page_admin_reports, WEB_NEED_LOGIN},
    {"POST", "/admin/reports/draft", web_page_admin_report_draft, WEB_NEED_LOGIN},
    {"POST", "/admin/reports/publish", web_page_admin_report_publish, WEB_NEED_LOGIN},
    /* regional summary, compliance, cross-year analysis (pages_analysis.c) */
    {"GET", "/admin/summary", web_page_admin_summary, WEB_NEED_LOGIN},
    {"GET", "/admin/compliance", web_page_admin_compliance, WEB_NEED_LOGIN},
    {"GET", "/admin/analysis", web_page_admin_analysis, WEB_NEED_LOGIN},
    {"GET", "/api/*", web_api, WEB_API},
    {"POST", "/api/*", web_api, WEB_API},
};

const web_route *web_routes(size_t *n)
{
    *n = sizeof routes / sizeof routes[0];
    return routes;
}

/* Match one pattern against a path; sets r->id / r->rest on success. */
static bool pattern_match(const char *pat, const char *path, web_request *r)
{
    while (*pat && *path) {
        if (!strcmp(pat, "*")) {
            r->rest = path;
            return true;
        }
        if (!strncmp(pat, "{id}", 4)) {
            const char *end = path;
            while (*end >= '0' && *end <= '9')
                end++;
            if (end == path || end - path > 18)
                return false;
            r->id = strtoll(path, NULL, 10);
            pat += 4;
            path = end;
            continue;
        }
        if (*pat++ != *path++)
            return false;
    }
    if (!strcmp(pat, "*")) { /* "/static/" with nothing after it */
        r->rest = path;
        return true;
    }
    return !*pat && !*path;
}

const web_route *web_route_find(const web_route *table, size_t n, web_request *r,
                                bool *path_known)
{
    *path_known = false;
    bool head = !strcmp(r->method, "HEAD");
    for (size_t i = 0; i < n; i++) {
        if (!pattern_match(table[i].pattern, r->path, r))
            continue;
        *path_known = true;
        if (!strcmp(table[i].method, r->method) || (head && !strcmp(table[i].method, "GET")))
            return &table[i];
    }
    r->id = 0;
    r->rest = NULL;
    return NULL;
}

/* Look up the session cookie; a stale cookie is simply ignored. */
static int load_session(web_request *r)
{
    const char *token = web_cookie(r, WEB_SESSION_COOKIE);
    if (!token || !r->store)
        return 0;
    int rc = web_session_load(r->store, token, r->now, r->cfg, &r->session);
    if (rc != 1)
        return rc;
    rc = ogi_store_user_get(r->store, r->session.user_id, &r->user);
    if (rc == 1 && r->user.disabled) {
        ogi_user_free(&r->user);
        rc = 0;
    }
    r->signed_in = rc == 1;
    return rc;
}

static bool csrf_checked(web_request *r, const web_route *rt)
{
    if (strcmp(r->method, "POST") || (rt->flags & WEB_API))
        return true; /* the API checks its X-CSRF-Token header itself */
    const char *given = web_form(r, "csrf");
    if (rt->flags & WEB_LOGIN_FORM) {
        const char *expected = r->signed_in ? r->session.csrf_token
                                            : web_cookie(r, WEB_LOGIN_CSRF_COOKIE);
        /* A signed-in user re-submitting the login form may hold either token. */
        return web_csrf_ok(expected, given) ||
               web_csrf_ok(web_cookie(r, WEB_LOGIN_CSRF_COOKIE), given);
    }
    return r->signed_in && web_csrf_ok(r->session.csrf_token, given);
}

void web_dispatch(web_request *r)
{
    size_t n;
    const web_route *table = web_routes(&n);
    bool known;
    const web_route *rt = web_route_find(table, n, r, &known);
    if (!rt) {
        web_error(r, known ? 405 : 404, known ? "不支持该请求方法。" : "页面不存在。");
        return;
    }
    if (load_session(r) < 0) {
        web_error(r, 500, "服务器内部错误，请稍后再试。");
        return;
    }
    if ((rt->flags & WEB_NEED_LOGIN) && !r->signed_in && strcmp(r->method, "POST")) {
        web_redirect(r, "/admin/login");
        return;
    }
    if (!csrf_checked(r, rt)) {
        web_error(r, 403, "请求校验失败（缺少或无效的 CSRF 令牌），请刷新页面后重试。");
        return;
    }
    if ((rt->flags & WEB_NEED_LOGIN) && !r->signed_in) {
        web_redirect(r, "/admin/login");
        return;
    }
    rt->fn(r);
}
