/*
 * pages_auth.c — signing in and out of the staff console.
 *
 * The login form carries a pre-session CSRF token (a cookie plus the same
 * value in the form).  A successful login deletes any session the browser
 * presented and issues a fresh one (no fixation).  Logins, failed logins
 * and logouts are written to the audit log; passwords never are.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "web/web_internal.h"

static void audit(web_request *r, const char *action, int64_t user_id, const char *name)
{
    json_t *o = json_pack("{s:s, s:s}", "name", name ? name : "", "address", r->addr);
    char *after = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(o);
    ogi_store_audit(r->store, name ? name : "", action, "user", user_id, NULL, after);
    free(after);
}

static void login_page(web_request *r, int status, const char *message, const char *name)
{
    char csrf[WEB_TOKEN_HEX];
    web_random_hex(csrf);
    web_set_cookie(r, WEB_LOGIN_CSRF_COOKIE, csrf, -1);
    r->status = status;
    web_page_begin(r, "工作人员登录");
    ogi_buf *b = &r->out;
    if (r->signed_in) {
        ogi_buf_puts(b, "<p>您已登录为“");
        ogi_buf_html(b, r->user.name);
        ogi_buf_puts(b, "”。再次登录将替换当前会话。</p>\n");
    }
    if (message) {
        ogi_buf_puts(b, "<p class=\"error\" role=\"alert\">");
        ogi_buf_html(b, message);
        ogi_buf_puts(b, "</p>\n");
    }
    ogi_buf_puts(b, "<form class=\"login\" method=\"post\" action=\"/admin/login\">\n"
                    "<input type=\"hidden\" name=\"csrf\" value=\"");
    ogi_buf_html(b, csrf);
    ogi_buf_puts(b, "\">\n<label>用户名 <input type=\"text\" name=\"name\" required "
                    "autocomplete=\"username\" value=\"");
    ogi_buf_html(b, name);
    ogi_buf_puts(b, "\"></label>\n<label>密码 <input type=\"password\" name=\"password\" required "
                    "autocomplete=\"current-password\"></label>\n"
                    "<button type=\"submit\">登录</button>\n</form>\n");
    web_page_end(r);
}

void web_page_login_form(web_request *r)
{
    /* Shown to a signed-in user too: signing in again (or as someone else)
     * replaces the current session. */
    login_page(r, 200, NULL, NULL);
}

/* Replace whatever session the browser had by a fresh one. */
static void sign_in(web_request *r, const ogi_user *u)
{
    const char *old = web_cookie(r, WEB_SESSION_COOKIE);
    if (old) {
        char hash[WEB_TOKEN_HEX];
        web_token_hash(old, hash);
        ogi_store_session_delete(r->store, hash);
    }
    char token[WEB_TOKEN_HEX];
    if (web_session_start(r->store, u->id, r->now, r->cfg, token, NULL)) {
        web_error(r, 500, "无法建立会话，请稍后再试。");
        return;
    }
    audit(r, "login", u->id, u->name);
    web_set_cookie(r, WEB_SESSION_COOKIE, token, -1);
    web_set_cookie(r, WEB_LOGIN_CSRF_COOKIE, "", 0);
    web_redirect(r, "/admin");
}

void web_page_login(web_request *r)
{
    const char *name = web_form(r, "name");
    ogi_user u = {0};
    switch (web_login_check(r->store, name, web_form(r, "password"), r->addr, r->now, &u)) {
    case WEB_LOGIN_OK:
        sign_in(r, &u);
        ogi_user_free(&u);
        return;
    case WEB_LOGIN_THROTTLED:
        audit(r, "login_throttled", 0, name);
        login_page(r, 429, "登录失败次数过多，请稍后再试。", name);
        return;
    case WEB_LOGIN_BAD:
        audit(r, "login_failed", 0, name);
        login_page(r, 401, "用户名或密码错误。", name);
        return;
    case WEB_LOGIN_ERROR:
        break;
    }
    web_error(r, 500, "服务器内部错误，请稍后再试。");
}

static void sign_out(web_request *r, bool everywhere)
{
    if (everywhere)
        ogi_store_session_delete_user(r->store, r->user.id);
    else
        ogi_store_session_delete(r->store, r->session.id_hash);
    audit(r, everywhere ? "logout_all" : "logout", r->user.id, r->user.name);
    web_set_cookie(r, WEB_SESSION_COOKIE, "", 0);
    web_redirect(r, "/admin/login");
}

void web_page_logout(web_request *r) { sign_out(r, false); }
void web_page_logout_all(web_request *r) { sign_out(r, true); }
