/*
 * api.c — the JSON API under /api/v1/: its route table, authentication and
 * CSRF, before any resource handler runs.
 *
 * Staff authenticate with "Authorization: Bearer <token>" (an API token
 * from `ogi token add`; only its hash is stored and looked up) or with the console's session cookie.  A cookie is sent
 * by the browser on its own, so a write authenticated by it must also carry
 * the session's CSRF token in X-CSRF-Token; a bearer token is never sent
 * implicitly and needs no such proof.  The table below is also the list the
 * OpenAPI document (data/web/openapi.json) must describe, and
 * tests/cli/test_api.sh checks both ways.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "web/api_internal.h"

static const web_route api_routes[] = {
    {"GET", "/openapi.json", api_openapi, API_OPEN},
    {"GET", "/public/reports", api_public_report_list, API_OPEN},
    {"GET", "/public/reports/{id}", api_public_report_get, API_OPEN},
    {"GET", "/public/items", api_public_items, API_OPEN},
    {"POST", "/public/application-status", api_public_app_status, API_OPEN},
    {"GET", "/agencies", api_agencies, API_STAFF},
    {"GET", "/applications", api_app_list, API_STAFF},
    {"POST", "/applications", api_app_create, API_STAFF},
    {"GET", "/applications/{id}", api_app_get, API_STAFF},
    {"POST", "/applications/{id}/events", api_app_event, API_STAFF},
    {"GET", "/items", api_item_list, API_STAFF},
    {"POST", "/items", api_item_create, API_STAFF},
    {"GET", "/items/{id}", api_item_get, API_STAFF},
    {"POST", "/items/{id}/steps", api_item_step, API_STAFF},
    {"GET", "/cases", api_case_list, API_STAFF},
    {"POST", "/cases", api_case_create, API_STAFF},
    {"POST", "/cases/{id}/decision", api_case_decide, API_STAFF},
    {"GET", "/reports/preview", api_report_preview, API_STAFF},
    {"GET", "/reports", api_report_list, API_STAFF},
    {"POST", "/reports", api_report_publish, API_STAFF},
    {"POST", "/reports/drafts", api_report_draft, API_STAFF},
    {"GET", "/reports/{id}", api_report_get, API_STAFF},
    {"GET", "/audit", api_audit, API_STAFF},
    {"GET", "/users", api_user_list, API_STAFF},
    {"POST", "/users", api_user_create, API_STAFF},
    {"POST", "/users/{id}/disable", api_user_disable, API_STAFF},
    {"POST", "/users/{id}/enable", api_user_enable, API_STAFF},
};

#define N_API_ROUTES (sizeof api_routes / sizeof api_routes[0])

/* Route on the path below /api/v1 (web_route_find reads r->path). */
static const web_route *api_find(web_request *r, bool *known)
{
    const char *full = r->path;
    *known = false;
    if (strncmp(full, API_PREFIX "/", sizeof API_PREFIX))
        return NULL;
    r->path = full + sizeof API_PREFIX - 1;
    const web_route *rt = web_route_find(api_routes, N_API_ROUTES, r, known);
    r->path = full;
    return rt;
}

/* "Bearer <token>": 1 authenticated (r->user set), 0 no such header, -1 refused. */
static int bearer_auth(web_request *r)
{
    const char *h = web_header(r, "Authorization");
    if (!h)
        return 0;
    if (strncasecmp(h, "Bearer ", 7) || strlen(h + 7) != WEB_TOKEN_HEX - 1)
        return -1;
    char hash[WEB_TOKEN_HEX];
    web_token_hash(h + 7, hash);
    int64_t uid = 0;
    /* Only hashes are stored and looked up: timing of the index probe can at
     * most reveal bits of a BLAKE2b hash of 256 random bits, which does not
     * help to forge a token, so no secret is ever compared byte by byte. */
    if (ogi_store_api_token_user(r->store, hash, &uid) != 1)
        return -1;
    ogi_user u = {0};
    if (ogi_store_user_get(r->store, uid, &u) != 1 || u.disabled) {
        ogi_user_free(&u);
        return -1;
    }
    ogi_user_free(&r->user);
    ogi_session_free(&r->session); /* a bearer request is not a session request */
    r->user = u;
    r->signed_in = true;
    return 1;
}

/* Authentication and CSRF for one request; false after the error response. */
static bool api_authorised(web_request *r, const web_route *rt)
{
    int bearer = bearer_auth(r);
    if (bearer < 0) {
        web_set_header(r, "WWW-Authenticate", "Bearer error=\"invalid_token\"");
        api_ledger_error(r, 401, "unauthorized", "API 令牌无效或已停用。");
        return false;
    }
    if ((rt->flags & API_STAFF) && !r->signed_in) {
        web_set_header(r, "WWW-Authenticate", "Bearer");
        api_ledger_error(r, 401, "unauthorized", "需要登录或提供 API 令牌（Authorization: Bearer）。");
        return false;
    }
    /* Least privilege: an officer/reviewer without agency reaches nothing. */
    if ((rt->flags & API_STAFF) && web_user_unassigned(&r->user)) {
        web_api_error(r, 403, "no_agency",
                      "您的账号尚未分配所属机关，暂不能访问机关数据，请联系管理员。");
        return false;
    }
    bool cookie_write = bearer == 0 && r->signed_in && !strcmp(r->method, "POST") &&
                        (rt->flags & API_STAFF);
    if (cookie_write && !web_csrf_ok(r->session.csrf_token, web_header(r, "X-CSRF-Token"))) {
        api_ledger_error(r, 403, "csrf",
                         "使用登录会话提交修改时必须在 X-CSRF-Token 请求头中提供 CSRF 令牌。");
        return false;
    }
    return true;
}

void web_api(web_request *r)
{
    bool known;
    const web_route *rt = api_find(r, &known);
    if (!rt) {
        api_ledger_error(r, known ? 405 : 404, known ? "method_not_allowed" : "not_found",
                         known ? "不支持该请求方法。" : "接口不存在。");
        return;
    }
    if (api_authorised(r, rt))
        rt->fn(r);
}
