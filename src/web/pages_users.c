/*
 * pages_users.c — staff accounts in the console, for administrators only:
 * the list (/admin/users), creating an account, disabling / enabling one,
 * setting a new password, and changing role and agency (how an account
 * stored without agency gets one).  The command line (`ogi user add`) creates
 * the first administrator; after that an administrator manages the rest
 * here or through the API (api_users.c), which shares the checks below.
 *
 * Every form is a POST carrying the session's CSRF token (router.c checks
 * it); every value written into the page is escaped; passwords are hashed
 * with argon2id (auth.c) and never echoed back, logged or audited.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/web_internal.h"

#define USER_NAME_MAX 64 /* bytes */

const char *web_role_label(const char *role)
{
    if (!role)
        return "—";
    if (!strcmp(role, "admin"))
        return "管理员";
    if (!strcmp(role, "officer"))
        return "公开专员";
    if (!strcmp(role, "reviewer"))
        return "审核人";
    return role;
}

/* ---- checks shared with the API ---- */

static const char *name_problem(const char *name)
{
    if (!name || !*name)
        return "请填写登录名。";
    if (strlen(name) > USER_NAME_MAX)
        return "登录名不能超过64个字节。";
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return "登录名不能包含控制字符。";
    return NULL;
}

const char *web_password_problem(const char *password)
{
    size_t n = password ? strlen(password) : 0;
    if (n < OGI_USER_PASSWORD_MIN)
        return "密码至少需要8个字节。";
    if (n > OGI_USER_PASSWORD_MAX)
        return "密码不能超过1024个字节。";
    return NULL;
}

static const char *agency_problem(web_request *r, const char *role, int64_t agency_id)
{
    if (agency_id <= 0)
        return ogi_user_role_needs_agency(role) ? "公开专员和审核人必须属于一个机关，请选择机关。"
                                                : NULL;
    ogi_agency a;
    int found = ogi_store_agency_get(r->store, agency_id, &a);
    if (found == 1)
        ogi_agency_free(&a);
    return found == 1 ? NULL : "所选机关不存在。";
}

int web_user_create(web_request *r, const web_user_input *in, web_user_errors *e, int64_t *id)
{
    memset(e, 0, sizeof *e);
    e->name = name_problem(in->name);
    ogi_user existing;
    if (!e->name && ogi_store_user_find(r->store, in->name, &existing, NULL) == 1) {
        ogi_user_free(&existing);
        e->name = "该登录名已被使用。";
        e->name_taken = true;
    }
    e->role = ogi_user_role_valid(in->role) ? NULL : "请选择角色。";
    e->agency = e->role ? NULL : agency_problem(r, in->role, in->agency_id);
    e->password = web_password_problem(in->password);
    if (!e->password && in->password2 && strcmp(in->password, in->password2))
        e->password2 = "两次输入的密码不一致。";
    if (e->name || e->role || e->agency || e->password || e->password2)
        return 1;
    char *hash = ogi_web_password_hash(in->password);
    if (!hash)
        return -1;
    ogi_user u = {.name = (char *)in->name, .role = (char *)in->role,
                  .agency_id = in->agency_id};
    int rc = ogi_store_user_add(r->store, &u, hash, r->user.name);
    free(hash);
    *id = u.id;
    return rc ? -1 : 0;
}

int web_user_set_disabled(web_request *r, int64_t id, bool disabled, const char **why)
{
    *why = NULL;
    if (disabled && id == r->user.id) {
        *why = "不能停用自己的账号。";
        return 1;
    }
    int rc = ogi_store_user_set_disabled(r->store, id, disabled, r->user.name);
    if (rc == 0)
        *why = "该账号不存在。";
    return rc == 1 ? 0 : rc == 0 ? 2 : -1;
}

/* ---- the page ---- */

typedef struct {
    const char *name, *role, *agency;  /* values to show again after an error */
    web_user_errors err;
    const char *notice;                /* success message */
    int64_t row_id;                    /* the row a row_error / role_error belongs to */
    const char *row_error, *role_error;
} users_view;

static const char *agency_name(const ogi_agency *a, size_t n, int64_t id)
{
    for (size_t i = 0; i < n; i++)
        if (a[i].id == id)
            return a[i].name;
    return id ? "（未知机关）" : "—";
}

static void row_button(web_request *r, const ogi_user *u, const char *what, const char *label)
{
    ogi_buf_printf(&r->out, "<form class=\"inline\" method=\"post\" action=\"/admin/users/%lld/%s\">",
                   (long long)u->id, what);
    web_form_csrf(&r->out, r->session.csrf_token);
    ogi_buf_printf(&r->out, "<button type=\"submit\" id=\"%s-%lld\">", what, (long long)u->id);
    ogi_buf_html(&r->out, label);
    ogi_buf_puts(&r->out, "</button></form>\n");
}

/* The end of a row's inline form: the message it failed with, if any,
 * next to it (id err-<kind>-<user id>, which the field refers to). */
static void form_end(ogi_buf *b, const char *kind, long long id, const char *err)
{
    if (err) {
        ogi_buf_printf(b, " <span class=\"error\" role=\"alert\" id=\"err-%s-%lld\">", kind, id);
        ogi_buf_html(b, err);
        ogi_buf_puts(b, "</span>");
    }
    ogi_buf_puts(b, "</form>\n");
}

/* The new-password form of one row; its message stands next to the field. */
static void password_form(web_request *r, const ogi_user *u, const users_view *v)
{
    ogi_buf *b = &r->out;
    long long id = (long long)u->id;
    const char *err = v->row_id == u->id ? v->row_error : NULL;
    ogi_buf_printf(b, "<form class=\"inline\" method=\"post\" action=\"/admin/users/%lld/password\">",
                   id);
    web_form_csrf(b, r->session.csrf_token);
    ogi_buf_printf(b, "<label for=\"pw-%lld\">新密码</label> <input type=\"password\" id=\"pw-%lld\" "
                      "name=\"password\" minlength=\"%d\" required autocomplete=\"new-password\"",
                   id, id, OGI_USER_PASSWORD_MIN);
    if (err)
        ogi_buf_printf(b, " aria-invalid=\"true\" aria-describedby=\"err-pw-%lld\"", id);
    ogi_buf_printf(b, "> <button type=\"submit\" id=\"password-%lld\">重设密码</button>", id);
    form_end(b, "pw", id, err);
}

static void option(ogi_buf *b, const char *value, const char *label, bool selected)
{
    ogi_buf_puts(b, "<option value=\"");
    ogi_buf_html(b, value);
    ogi_buf_puts(b, selected ? "\" selected>" : "\">");
    ogi_buf_html(b, label);
    ogi_buf_puts(b, "</option>");
}

/* Role and agency of one row (how an administrator assigns an agency to an
 * account stored without one); its message stands next to it. */
static void role_form(web_request *r, const ogi_user *u, const ogi_agency *ag, size_t nag,
                      const char *err)
{
    static const char *const roles[] = {"admin", "officer", "reviewer"};
    ogi_buf *b = &r->out;
    long long id = (long long)u->id;
    ogi_buf_printf(b, "<form class=\"inline\" method=\"post\" action=\"/admin/users/%lld/role\">",
                   id);
    web_form_csrf(b, r->session.csrf_token);
    ogi_buf_printf(b, "<label for=\"role-%lld\">角色</label> <select id=\"role-%lld\" name=\"role\">",
                   id, id);
    for (size_t i = 0; i < 3; i++)
        option(b, roles[i], web_role_label(roles[i]), u->role && !strcmp(u->role, roles[i]));
    ogi_buf_printf(b, "</select> <label for=\"agency-%lld\">机关</label> <select id=\"agency-%lld\" "
                      "name=\"agency_id\">",
                   id, id);
    option(b, "", "无（仅管理员）", u->agency_id <= 0);
    char v[24];
    for (size_t i = 0; i < nag; i++) {
        snprintf(v, sizeof v, "%lld", (long long)ag[i].id);
        option(b, v, ag[i].name, ag[i].id == u->agency_id);
    }
    ogi_buf_printf(b, "</select> <button type=\"submit\" id=\"role-submit-%lld\">修改</button>", id);
    form_end(b, "role", id, err);
}

static void user_row(web_request *r, const ogi_user *u, const ogi_agency *ag, size_t nag,
                     const users_view *v)
{
    ogi_buf *b = &r->out;
    ogi_buf_printf(b, "<tr id=\"user-%lld\"><td class=\"name\">", (long long)u->id);
    ogi_buf_html(b, u->name);
    ogi_buf_puts(b, "</td><td>");
    ogi_buf_html(b, web_role_label(u->role));
    ogi_buf_puts(b, "</td><td>");
    if (web_user_unassigned(u))
        ogi_buf_puts(b, "<span class=\"error\">未分配（无权访问）</span>");
    else
        ogi_buf_html(b, agency_name(ag, nag, u->agency_id));
    ogi_buf_puts(b, u->disabled ? "</td><td class=\"status\">已停用" : "</td><td class=\"status\">启用");
    ogi_buf_puts(b, "</td><td>");
    ogi_buf_html(b, u->created_at);
    ogi_buf_puts(b, "</td><td>");
    if (u->disabled)
        row_button(r, u, "enable", "启用");
    else if (u->id != r->user.id)
        row_button(r, u, "disable", "停用");
    password_form(r, u, v);
    if (u->id != r->user.id)
        role_form(r, u, ag, nag, v->row_id == u->id ? v->role_error : NULL);
    ogi_buf_puts(b, "</td></tr>\n");
}

static void users_table(web_request *r, const ogi_user *u, size_t n, const ogi_agency *ag,
                        size_t nag, const users_view *v)
{
    ogi_buf_puts(&r->out, "<table id=\"users-list\">\n<thead><tr><th>登录名</th><th>角色</th>"
                          "<th>所属机关</th><th>状态</th><th>创建时间</th><th>操作</th></tr>"
                          "</thead>\n<tbody>\n");
    for (size_t i = 0; i < n; i++)
        user_row(r, &u[i], ag, nag, v);
    ogi_buf_puts(&r->out, "</tbody>\n</table>\n");
}

static void create_form(web_request *r, const ogi_agency *ag, size_t nag, const users_view *v)
{
    static const web_field name = {"name", "登录名", true, false, NULL},
                           role = {"role", "角色", true, false, NULL},
                           agency = {"agency_id", "所属机关（公开专员、审核人必选）", false, false, NULL},
                           pw = {"password", "初始密码（至少8个字节）", true, false, "password"},
                           pw2 = {"password2", "再次输入初始密码", true, false, "password"};
    static const web_option roles[] = {
        {"admin", "管理员"}, {"officer", "公开专员"}, {"reviewer", "审核人"}};
    ogi_buf *b = &r->out;
    ogi_buf_puts(b, "<h2>新建账号</h2>\n<form method=\"post\" action=\"/admin/users\" id=\"user-create\">\n");
    web_form_csrf(b, r->session.csrf_token);
    web_field_text(b, &name, v->name, v->err.name);
    web_field_select(b, &role, roles, 3, v->role, v->err.role);
    web_option *opts = ogi_xcalloc(nag ? nag : 1, sizeof *opts);
    char (*ids)[24] = ogi_xcalloc(nag ? nag : 1, sizeof *ids);
    for (size_t i = 0; i < nag; i++) {
        snprintf(ids[i], sizeof ids[i], "%lld", (long long)ag[i].id);
        opts[i] = (web_option){ids[i], ag[i].name};
    }
    web_field_select(b, &agency, opts, nag, v->agency, v->err.agency);
    free(opts);
    free(ids);
    web_field_text(b, &pw, NULL, v->err.password);
    web_field_text(b, &pw2, NULL, v->err.password2);
    ogi_buf_puts(b, "<p><button type=\"submit\" id=\"user-submit\">创建账号</button></p>\n</form>\n");
}

static void users_page(web_request *r, int status, const users_view *v)
{
    ogi_user *u = NULL;
    ogi_agency *ag = NULL;
    size_t n = 0, nag = 0;
    if (ogi_store_user_list(r->store, &u, &n)) {
        web_error(r, 500, "无法读取账号列表。");
        return;
    }
    if (ogi_store_agency_list(r->store, &ag, &nag))
        nag = 0; /* the list still shows, with agency ids unnamed */
    r->status = status;
    web_page_begin(r, "账号管理");
    if (v->notice || (status >= 400 && !v->row_error && !v->role_error)) {
        ogi_buf_printf(&r->out, "<p class=\"%s\" role=\"alert\" id=\"users-message\">",
                       status >= 400 ? "error" : "notice");
        ogi_buf_html(&r->out, v->notice ? v->notice : "请按提示修改后重新提交。");
        ogi_buf_puts(&r->out, "</p>\n");
    }
    users_table(r, u, n, ag, nag, v);
    create_form(r, ag, nag, v);
    web_page_end(r);
    for (size_t i = 0; i < n; i++)
        ogi_user_free(&u[i]);
    free(u);
    for (size_t i = 0; i < nag; i++)
        ogi_agency_free(&ag[i]);
    free(ag);
}

void web_page_users(web_request *r)
{
    if (!web_require(r, WEB_PERM_USERS, 0))
        return;
    const char *done = web_query(r, "done");
    users_view v = {0};
    if (done && !strcmp(done, "created"))
        v.notice = "账号已创建。";
    else if (done && !strcmp(done, "disabled"))
        v.notice = "账号已停用，其登录会话和 API 令牌已失效。";
    else if (done && !strcmp(done, "enabled"))
        v.notice = "账号已启用。";
    else if (done && !strcmp(done, "role"))
        v.notice = "角色和所属机关已修改。";
    else if (done && !strcmp(done, "password"))
        v.notice = "密码已重设，该账号的登录会话已失效。";
    users_page(r, 200, &v);
}

void web_page_user_create(web_request *r)
{
    if (!web_require(r, WEB_PERM_USERS, 0))
        return;
    const char *agency = web_form(r, "agency_id");
    web_user_input in = {.name = web_form(r, "name"), .role = web_form(r, "role"),
                         .agency_id = agency && *agency ? strtoll(agency, NULL, 10) : 0,
                         .password = web_form(r, "password"),
                         .password2 = web_form(r, "password2")};
    if (!in.password2)
        in.password2 = "";
    users_view v = {.name = in.name, .role = in.role, .agency = agency};
    int64_t id = 0;
    int rc = web_user_create(r, &in, &v.err, &id);
    if (rc == 0)
        web_redirect(r, "/admin/users?done=created");
    else if (rc > 0)
        users_page(r, 422, &v);
    else
        web_error(r, 500, "无法创建账号。");
}

static void set_disabled(web_request *r, bool disabled)
{
    if (!web_require(r, WEB_PERM_USERS, 0))
        return;
    const char *why;
    int rc = web_user_set_disabled(r, r->id, disabled, &why);
    if (rc == 0) {
        web_redirect(r, disabled ? "/admin/users?done=disabled" : "/admin/users?done=enabled");
    } else if (rc > 0) {
        users_view v = {.notice = why};
        users_page(r, rc == 2 ? 404 : 422, &v);
    } else
        web_error(r, 500, "无法修改账号。");
}

void web_page_user_disable(web_request *r) { set_disabled(r, true); }
void web_page_user_enable(web_request *r) { set_disabled(r, false); }

void web_page_user_password(web_request *r)
{
    if (!web_require(r, WEB_PERM_USERS, 0))
        return;
    const char *pw = web_form(r, "password");
    users_view v = {.row_id = r->id, .row_error = web_password_problem(pw)};
    if (v.row_error) {
        users_page(r, 422, &v);
        return;
    }
    char *hash = ogi_web_password_hash(pw);
    int rc = hash ? ogi_store_user_set_password(r->store, r->id, hash, r->user.name) : -1;
    free(hash);
    if (rc == 1)
        web_redirect(r, "/admin/users?done=password");
    else if (rc == 0)
        web_error(r, 404, "该账号不存在。");
    else
        web_error(r, 500, "无法重设密码。");
}

void web_page_user_role(web_request *r)
{
    if (!web_require(r, WEB_PERM_USERS, 0))
        return;
    const char *role = web_form(r, "role"), *agency = web_form(r, "agency_id");
    int64_t agency_id = agency && *agency ? strtoll(agency, NULL, 10) : 0;
    users_view v = {.row_id = r->id};
    if (r->id == r->user.id)
        v.role_error = "不能修改自己的角色。";
    else if (!ogi_user_role_valid(role))
        v.role_error = "请选择角色。";
    else
        v.role_error = agency_problem(r, role, agency_id);
    if (v.role_error) {
        users_page(r, 422, &v);
        return;
    }
    int rc = ogi_store_user_set_role(r->store, r->id, role, agency_id, r->user.name);
    if (rc == 1)
        web_redirect(r, "/admin/users?done=role");
    else if (rc == 0)
        web_error(r, 404, "该账号不存在。");
    else
        web_error(r, 500, "无法修改账号。");
}
