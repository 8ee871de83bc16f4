/*
 * web_internal.h — what the files of src/web/ share.
 *
 * A request is plain data (web_request): server.c fills it from
 * libmicrohttpd and turns the response fields back into an MHD response,
 * so routing, handlers, sessions and the layout can be unit-tested without
 * a socket.
 */
#ifndef OGI_WEB_INTERNAL_H
#define OGI_WEB_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ogi/buf.h"
#include "ogi/store.h"
#include "ogi/web.h"

/* ---- key/value lists (query, form, cookies, response headers) ---- */

typedef struct {
    char *key, *value;
} web_kv;

typedef struct {
    web_kv *v;
    size_t n, cap;
} web_kvs;

void web_kvs_add(web_kvs *l, const char *key, const char *value);
/* Append to the value of the last entry with key (form values arrive in pieces). */
void web_kvs_append(web_kvs *l, const char *key, const char *data, size_t len);
const char *web_kvs_get(const web_kvs *l, const char *key);
void web_kvs_free(web_kvs *l);

/* ---- the request and its response ---- */

#define WEB_TOKEN_HEX 65 /* 32 random bytes as hex, plus NUL */

typedef struct web_request {
    const ogi_web_config *cfg;
    ogi_store *store;
    const char *method, *path;
    char addr[64];          /* client address, for login throttling */
    web_kvs query, form, cookies;
    int64_t id;             /* the {id} of the route pattern */
    const char *rest;       /* what a trailing-star pattern matched */
    int64_t now;            /* Unix time of the request */
    /* the signed-in user, when there is a valid session */
    bool signed_in;
    ogi_user user;
    ogi_session session;
    /* request headers and, when not a form, the raw body (the JSON API's) */
    web_kvs in_headers;
    ogi_buf body;
    /* response */
    int status;
    const char *content_type;
    ogi_buf out;
    web_kvs headers;
} web_request;

void web_request_init(web_request *r, const ogi_web_config *cfg, ogi_store *store,
                      const char *method, const char *path);
void web_request_free(web_request *r);

const char *web_query(const web_request *r, const char *key);
const char *web_form(const web_request *r, const char *key);
const char *web_cookie(const web_request *r, const char *key);

/* Responses: the body goes to r->out. */
void web_set_header(web_request *r, const char *name, const char *value);
void web_redirect(web_request *r, const char *location); /* 303 See Other */
/* A complete error page in the layout with a Chinese message. */
void web_error(web_request *r, int status, const char *message);
/* Set-Cookie with HttpOnly, SameSite=Strict, Path=/ (and Secure when configured);
 * max_age < 0 = session cookie, 0 = delete. */
void web_set_cookie(web_request *r, const char *name, const char *value, int64_t max_age);

/* URL-encode a query value (then HTML-escape the whole href when writing it). */
void web_url_encode(ogi_buf *b, const char *s);

/* ---- routing ---- */

typedef void (*web_handler)(web_request *r);

enum {
    WEB_PUBLIC = 0,
    WEB_NEED_LOGIN = 1,  /* redirect to /admin/login without a session */
    WEB_LOGIN_FORM = 2,  /* POST checked against the pre-session CSRF cookie */
    WEB_API = 4,         /* JSON API: authenticates and checks CSRF itself (api.c) */
};

typedef struct {
    const char *method;   /* "GET" (also serves HEAD) or "POST" */
    const char *pattern;  /* "/items/{id}", "/static/" + star, "/catalog" */
    web_handler fn;
    unsigned flags;
} web_route;

/* Find the route for method+path, setting r->id / r->rest.  NULL when none;
 * *path_known tells 405 (path matches another method) from 404. */
const web_route *web_route_find(const web_route *routes, size_t n, web_request *r,
                                bool *path_known);
/* The application's route table. */
const web_route *web_routes(size_t *n);
/* Route, authenticate, check CSRF, run the handler: fills the response. */
void web_dispatch(web_request *r);

/* ---- layout ---- */

void web_page_begin(web_request *r, const char *title);
void web_page_end(web_request *r);

/* ---- static files ---- */

/* Whether a relative path under the static root is safe to open: no "..",
 * ".", empty or hidden segments, no backslash, '%' or control bytes, not
 * absolute. */
bool web_static_path_ok(const char *rel);
void web_static(web_request *r);

/* ---- staff authentication ---- */

#define WEB_SESSION_COOKIE "ogi_session"
#define WEB_LOGIN_CSRF_COOKIE "ogi_login_csrf"
#define WEB_LOGIN_MAX_FAILURES 5
#define WEB_LOGIN_WINDOW 900 /* seconds */

void web_random_hex(char out[WEB_TOKEN_HEX]);
void web_token_hash(const char *token, char out[WEB_TOKEN_HEX]);
/* Constant-time comparison; false when either is missing or empty. */
bool web_csrf_ok(const char *expected, const char *given);

/* Start a session; token receives the cookie value (only its hash is stored). */
int web_session_start(ogi_store *s, int64_t user_id, int64_t now, const ogi_web_config *cfg,
                      char token[WEB_TOKEN_HEX], ogi_session *out);
/* A session from the cookie value: 1 valid (touched), 0 none or expired, -1 error. */
int web_session_load(ogi_store *s, const char *token, int64_t now, const ogi_web_config *cfg,
                     ogi_session *out);

typedef enum { WEB_LOGIN_OK, WEB_LOGIN_BAD, WEB_LOGIN_THROTTLED, WEB_LOGIN_ERROR } web_login_result;

/* Check a login; the failure path costs one password verification whether
 * or not the user exists; failures count per name+address in the database. */
web_login_result web_login_check(ogi_store *s, const char *name, const char *password,
                                 const char *addr, int64_t now, ogi_user *out);

typedef enum {
    WEB_PERM_CONSOLE,      /* any signed-in staff */
    WEB_PERM_APPLICATIONS, /* read applications of an agency */
    WEB_PERM_AUDIT,        /* the audit log: administrators */
    WEB_PERM_USERS,        /* staff accounts: administrators */
} web_perm;

/* Roles scoped to agencies: admin everything; officer/reviewer only their
 * agency.  An officer/reviewer without agency (stored before the rule)
 * has no access at all, not even the console, until one is assigned. */
bool web_allowed(const ogi_user *u, web_perm p, int64_t agency_id);
/* An officer/reviewer without agency (web_allowed refuses them everything). */
bool web_user_unassigned(const ogi_user *u);
/* web_allowed, or a 403 page; every console handler calls it. */
bool web_require(web_request *r, web_perm p, int64_t agency_id);

/* ---- handlers ---- */

void web_page_home(web_request *r);
void web_page_catalog(web_request *r);
void web_page_item(web_request *r);
void web_page_healthz(web_request *r);
void web_page_login_form(web_request *r);
void web_page_login(web_request *r);
void web_page_logout(web_request *r);
void web_page_logout_all(web_request *r);
void web_page_admin(web_request *r);
void web_page_audit(web_request *r);
/* Staff accounts, administrators only (pages_users.c). */
void web_page_users(web_request *r);               /* GET /admin/users */
void web_page_user_create(web_request *r);         /* POST /admin/users */
void web_page_user_disable(web_request *r);        /* POST /admin/users/{id}/disable */
void web_page_user_enable(web_request *r);         /* POST /admin/users/{id}/enable */
void web_page_user_password(web_request *r);       /* POST /admin/users/{id}/password */
void web_page_user_role(web_request *r);           /* POST /admin/users/{id}/role */
/* Role labels of the console (管理员 / 公开专员 / 审核人). */
const char *web_role_label(const char *role);

/* Creating and disabling accounts: the checks the console and the API share. */
typedef struct {
    const char *name, *role;
    int64_t agency_id;               /* 0 = none (administrators only) */
    const char *password, *password2; /* password2 NULL: no confirmation field (API) */
} web_user_input;

typedef struct {
    const char *name, *role, *agency, *password, *password2; /* Chinese messages, NULL = fine */
    bool name_taken; /* the name message says it is in use (the API answers 409) */
} web_user_errors;

/* The password length rule (OGI_USER_PASSWORD_MIN/MAX) as a message, or NULL. */
const char *web_password_problem(const char *password);
/* Check, hash and add an account as r->user: 0 done (*id set), 1 refused
 * (messages per field in *e), -1 store error. */
int web_user_create(web_request *r, const web_user_input *in, web_user_errors *e, int64_t *id);
/* Disable / enable account id as r->user: 0 done, 1 refused (*why: an
 * administrator cannot disable themself), 2 no such account, -1 error. */
int web_user_set_disabled(web_request *r, int64_t id, bool disabled, const char **why);
/* The same over the JSON API (api_users.c; routed in api.c). */
void api_user_list(web_request *r);    /* GET /api/v1/users */
void api_user_create(web_request *r);  /* POST /api/v1/users */
void api_user_disable(web_request *r); /* POST /api/v1/users/{id}/disable */
void api_user_enable(web_request *r);  /* POST /api/v1/users/{id}/enable */

/* ---- JSON API and annual reports (api*.c, openapi.c, pages_reports.c) ---- */

/* A request header, case-insensitive name; NULL when absent. */
const char *web_header(const web_request *r, const char *name);
/* Everything under /api/: authentication, CSRF, the resource handlers. */
void web_api(web_request *r);
/* The error body of an API response: {"error": {"code", "message"}}. */
void web_api_error(web_request *r, int status, const char *code, const char *message);
void web_page_reports(web_request *r);          /* GET /reports */
void web_page_report(web_request *r);           /* GET /reports/{id} */
void web_page_report_json(web_request *r);      /* GET /reports/{id}.json */
void web_page_report_csv(web_request *r);       /* GET /reports/{id}.csv */
void web_page_report_docx(web_request *r);      /* GET /reports/{id}.docx */
void web_page_report_xlsx(web_request *r);      /* GET /reports/{id}.xlsx */
void web_page_report_css(web_request *r);       /* GET /reports/report.css */
void web_page_admin_reports(web_request *r);    /* GET /admin/reports */
void web_page_admin_report_draft(web_request *r);   /* POST /admin/reports/draft */
void web_page_admin_report_publish(web_request *r); /* POST /admin/reports/publish */
void web_page_admin_summary(web_request *r);       /* GET /admin/summary (pages_analysis.c) */
void web_page_admin_compliance(web_request *r);    /* GET /admin/compliance */
void web_page_admin_analysis(web_request *r);      /* GET /admin/analysis */

/* ---- 依申请公开, registry and cases (pages_apply.c, pages_console_*.c) ---- */

typedef struct {
    const char *name, *label;
    bool required, multiline;
    const char *type; /* input type; NULL = text */
} web_field;

typedef struct {
    const char *value, *label;
} web_option;

/* Form pieces: a labelled field with its error message next to it
 * (id="f-NAME", error id="err-NAME"); every value escaped. */
void web_form_csrf(ogi_buf *b, const char *token);
void web_field_text(ogi_buf *b, const web_field *f, const char *value, const char *error);
void web_field_select(ogi_buf *b, const web_field *f, const web_option *opts, size_t n,
                      const char *current, const char *error);
/* The pre-session CSRF token of public forms (cookie WEB_LOGIN_CSRF_COOKIE;
 * routes with WEB_LOGIN_FORM check it), set when missing. */
void web_public_csrf(web_request *r, char out[WEB_TOKEN_HEX]);
/* The date of `now` in China Standard Time (the statute's calendar;
 * OGI_TODAY pins it: ogi_date_today). */
void web_date_cn(char out[OGI_DATE_TEXT], int64_t now);
/* Label of a section 三 outcome row from the format definition ("—" if none). */
const char *web_outcome_label(const char *key);
/* What an application's 答复期限 cell says: the due date, 「—」 once
 * concluded, 「计时暂停」 while the clock is paused, or 「待定」 while the
 * deadline lies beyond the calendar's years. */
const char *web_due_text(const ogi_application *a);

void web_page_apply_form(web_request *r);          /* GET /apply */
void web_page_apply(web_request *r);               /* POST /apply */
void web_page_status_form(web_request *r);         /* GET /status */
void web_page_status(web_request *r);              /* POST /status */
void web_page_console_apps(web_request *r);        /* GET /admin/apps */
void web_page_console_app(web_request *r);         /* GET /admin/apps/{id} */
void web_page_console_app_event(web_request *r);   /* POST /admin/apps/{id}/event */
void web_page_console_items(web_request *r);       /* GET /admin/items */
void web_page_console_item_new(web_request *r);    /* GET /admin/items/new */
void web_page_console_item_create(web_request *r); /* POST /admin/items */
void web_page_console_item(web_request *r);        /* GET /admin/items/{id} */
void web_page_console_item_update(web_request *r); /* POST /admin/items/{id} */
void web_page_console_item_step(web_request *r);   /* POST /admin/items/{id}/step */
void web_page_console_cases(web_request *r);       /* GET /admin/cases */
void web_page_console_case_add(web_request *r);    /* POST /admin/cases */
void web_page_console_case_decide(web_request *r); /* POST /admin/cases/{id}/decide */


#endif
