/*
 * pages_console_cases.c — administrative reviews and lawsuits over
 * disclosure (report section 四): record a case, linked to the application
 * it concerns when there is one, and record its decision.  The ledger
 * checks kinds, results and dates (ogi_case_add / ogi_case_decide); the
 * page scopes everything to the user's agency.
 */
#include <stdlib.h>
#include <string.h>

#include "ogi/ledger.h"
#include "web/web_internal.h"

static const web_option kinds[] = {
    {"review", "行政复议"}, {"suit_direct", "行政诉讼（未经复议直接起诉）"},
    {"suit_after_review", "行政诉讼（复议后起诉）"}};
static const web_option results[] = {
    {"upheld", "结果维持"}, {"corrected", "结果纠正"}, {"other", "其他结果"}, {"pending", "尚未审结"}};

static const char *label_of(const web_option *o, size_t n, const char *v)
{
    for (size_t i = 0; v && i < n; i++)
        if (!strcmp(o[i].value, v))
            return o[i].label;
    return v ? v : "";
}

static bool may_record(const web_request *r)
{
    return !strcmp(r->user.role, "admin") || !strcmp(r->user.role, "officer");
}

static void decide_form(web_request *r, const ogi_case *c, const char *today)
{
    ogi_buf *b = &r->out;
    ogi_buf_printf(b, "<form class=\"inline\" method=\"post\" action=\"/admin/cases/%lld/decide\" "
                      "id=\"decide-%lld\">\n",
                   (long long)c->id, (long long)c->id);
    web_form_csrf(b, r->session.csrf_token);
    ogi_buf_puts(b, "<select name=\"result\" aria-label=\"结果\" required>");
    for (size_t i = 0; i < 3; i++)
        ogi_buf_printf(b, "<option value=\"%s\">%s</option>", results[i].value, results[i].label);
    ogi_buf_printf(b, "</select> <input type=\"date\" name=\"date\" value=\"%s\" required "
                      "aria-label=\"审结日期\"> <button type=\"submit\">记录审结</button></form>\n",
                   today);
}

static void case_row(web_request *r, const ogi_case *c, const char *today)
{
    ogi_buf *b = &r->out;
    ogi_buf_printf(b, "<tr id=\"case-%lld\"><td>", (long long)c->id);
    ogi_buf_html(b, label_of(kinds, 3, c->kind));
    ogi_buf_puts(b, "</td><td>");
    if (c->application_id) {
        ogi_application a;
        if (ogi_app_get(r->store, c->application_id, &a) == 1) {
            ogi_buf_printf(b, "<a href=\"/admin/apps/%lld\">", (long long)a.id);
            ogi_buf_html(b, a.tracking_no);
            ogi_buf_puts(b, "</a>");
            ogi_application_free(&a);
        }
    } else {
        ogi_buf_puts(b, "—");
    }
    ogi_buf_puts(b, "</td><td>");
    ogi_buf_html(b, c->filed_date);
    ogi_buf_puts(b, "</td><td>");
    ogi_buf_html(b, label_of(results, 4, c->result ? c->result : "pending"));
    ogi_buf_puts(b, "</td><td>");
    ogi_buf_html(b, c->decided_date && *c->decided_date ? c->decided_date : "—");
    ogi_buf_puts(b, "</td><td>");
    ogi_buf_html(b, c->note);
    ogi_buf_puts(b, "</td><td>");
    bool pending = !c->result || !*c->result || !strcmp(c->result, "pending");
    if (pending && may_record(r))
        decide_form(r, c, today);
    ogi_buf_puts(b, "</td></tr>\n");
}

static void add_form(web_request *r, const char *today)
{
    if (!may_record(r))
        return;
    ogi_buf *b = &r->out;
    ogi_buf_puts(b, "<h2>登记案件</h2>\n<form method=\"post\" action=\"/admin/cases\" id=\"case-form\">\n");
    web_form_csrf(b, r->session.csrf_token);
    static const web_field kind = {"kind", "案件类型", true, false, NULL},
                           filed = {"filed_date", "立案（收到）日期", true, false, "date"},
                           app = {"application", "关联申请编号（可空）", false, false, NULL},
                           note = {"note", "备注", false, false, NULL};
    web_field_select(b, &kind, kinds, 3, NULL, NULL);
    web_field_text(b, &filed, today, NULL);
    web_field_text(b, &app, NULL, NULL);
    web_field_text(b, &note, NULL, NULL);
    ogi_buf_puts(b, "<p><button type=\"submit\">登记</button></p>\n</form>\n");
}

static void cases_page(web_request *r, int status, const char *message)
{
    int64_t agency = strcmp(r->user.role, "admin") ? r->user.agency_id : 0;
    ogi_case *cs;
    size_t n;
    if (ogi_case_list(r->store, agency, &cs, &n)) {
        web_error(r, 500, "无法读取案件。");
        return;
    }
    r->status = status;
    char today[OGI_DATE_TEXT];
    web_date_cn(today, r->now);
    web_page_begin(r, "行政复议和行政诉讼");
    ogi_buf *b = &r->out;
    if (message) {
        ogi_buf_printf(b, "<p class=\"%s\" role=\"alert\" id=\"case-message\">",
                       status >= 400 ? "error" : "notice");
        ogi_buf_html(b, message);
        ogi_buf_puts(b, "</p>\n");
    }
    ogi_buf_puts(b, "<table id=\"cases-list\">\n<thead><tr><th>类型</th><th>关联申请</th><th>立案日期</th>"
                    "<th>结果</th><th>审结日期</th><th>备注</th><th>操作</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < n; i++) {
        if (web_allowed(&r->user, WEB_PERM_APPLICATIONS, cs[i].agency_id))
            case_row(r, &cs[i], today);
        ogi_case_free(&cs[i]);
    }
    free(cs);
    ogi_buf_puts(b, "</tbody>\n</table>\n");
    add_form(r, today);
    web_page_end(r);
}

void web_page_console_cases(web_request *r)
{
    if (web_require(r, WEB_PERM_CONSOLE, 0))
        cases_page(r, 200, NULL);
}

/* The agency of a new case: the linked application's, else the user's. */
static int64_t case_agency(web_request *r, const char *ref, int64_t *app_id, char *err, size_t len)
{
    *app_id = 0;
    if (ref && *ref) {
        ogi_application a;
        if (ogi_app_find(r->store, ref, &a) != 1) {
            snprintf(err, len, "申请编号“%s”不存在", ref);
            return 0;
        }
        *app_id = a.id;
        int64_t agency = a.agency_id;
        ogi_application_free(&a);
        return agency;
    }
    if (!r->user.agency_id)
        snprintf(err, len, "未关联申请时，案件记入您所属的机关；您的账号不属于某一机关，请填写关联申请编号");
    return r->user.agency_id;
}

void web_page_console_case_add(web_request *r)
{
    if (!web_require(r, WEB_PERM_CONSOLE, 0))
        return;
    if (!may_record(r)) {
        web_error(r, 403, "您的角色不能登记案件。");
        return;
    }
    char err[512] = "";
    int64_t app_id;
    int64_t agency = case_agency(r, web_form(r, "application"), &app_id, err, sizeof err);
    if (agency && !web_allowed(&r->user, WEB_PERM_APPLICATIONS, agency)) {
        web_error(r, 403, "您没有访问此页面的权限。");
        return;
    }
    ogi_case c = {.agency_id = agency, .application_id = app_id,
                  .kind = (char *)web_form(r, "kind"), .filed_date = (char *)web_form(r, "filed_date"),
                  .note = (char *)web_form(r, "note")};
    if (!*err && ogi_case_add(r->store, &c, r->user.name, err, sizeof err) == 0) {
        web_redirect(r, "/admin/cases");
        return;
    }
    cases_page(r, 422, err);
}

void web_page_console_case_decide(web_request *r)
{
    if (!web_require(r, WEB_PERM_CONSOLE, 0))
        return;
    ogi_case c;
    int found = ogi_store_case_get(r->store, r->id, &c);
    if (found != 1) {
        web_error(r, found < 0 ? 500 : 404, found < 0 ? "无法读取案件。" : "该案件不存在。");
        return;
    }
    int64_t agency = c.agency_id;
    ogi_case_free(&c);
    if (!web_require(r, WEB_PERM_APPLICATIONS, agency))
        return;
    if (!may_record(r)) {
        web_error(r, 403, "您的角色不能记录审结。");
        return;
    }
    char err[512];
    if (ogi_case_decide(r->store, r->id, web_form(r, "result"), web_form(r, "date"), r->user.name,
                        err, sizeof err) == 0) {
        web_redirect(r, "/admin/cases");
        return;
    }
    cases_page(r, 422, err);
}
