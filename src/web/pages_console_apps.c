/*
 * pages_console_apps.c — the officer's side of 依申请公开: the list of an
 * agency's applications (filters: status, overdue, due this week; working
 * days left on the statutory clock) and one application with the
 * applicant's data, its history, the due date with the deadline engine's
 * Chinese explanation, and a form for each step the ledger allows in the
 * current state — nothing else is offered, and the ledger still decides:
 * a refused step re-shows the page with the ledger's message.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/format.h"
#include "ogi/ledger.h"
#include "web/web_internal.h"

#define LIST_PAGE 100
#define MAX_KINDS 32

/* Officers and administrators record steps; reviewers read. */
static bool may_record(const web_request *r)
{
    return r->user.role && (!strcmp(r->user.role, "admin") || !strcmp(r->user.role, "officer"));
}

/* ---- the list ---- */

typedef struct {
    const char *status;
    bool overdue, week;
    long page;
} list_filter;

/* The Sunday ending the working week (China time), for "due this week":
 * on a weekend that is the week ahead. */
static void week_end(const web_request *r, char out[OGI_DATE_TEXT])
{
    char today[OGI_DATE_TEXT];
    web_date_cn(today, r->now);
    ogi_date d;
    ogi_date_parse(today, &d);
    int wd = ogi_date_weekday(d); /* 1 = Monday … 7 = Sunday */
    ogi_date_format(d + (7 - wd) + (wd >= 6 ? 7 : 0), out);
}

static void list_filters(ogi_buf *b, const list_filter *f)
{
    ogi_buf_puts(b, "<form class=\"filter\" method=\"get\" action=\"/admin/apps\" id=\"apps-filter\">\n"
                    "<label>状态 <select name=\"status\" id=\"filter-status\">"
                    "<option value=\"\">全部</option>");
    ogi_buf_printf(b, "<option value=\"open\"%s>未办结</option>",
                   f->status && !strcmp(f->status, "open") ? " selected" : "");
    for (const char *const *s = ogi_app_statuses(); *s; s++) {
        ogi_buf_puts(b, "<option value=\"");
        ogi_buf_html(b, *s);
        ogi_buf_printf(b, "\"%s>", f->status && !strcmp(f->status, *s) ? " selected" : "");
        ogi_buf_html(b, ogi_app_status_label(*s));
        ogi_buf_puts(b, "</option>");
    }
    ogi_buf_printf(b, "</select></label>\n<label><input type=\"checkbox\" name=\"overdue\" value=\"1\""
                      " id=\"filter-overdue\"%s> 已逾期</label>\n"
                      "<label><input type=\"checkbox\" name=\"week\" value=\"1\" id=\"filter-week\"%s>"
                      " 本周到期</label>\n<button type=\"submit\">筛选</button>\n</form>\n",
                   f->overdue ? " checked" : "", f->week ? " checked" : "");
}

/* Working days left as text: "3", "已逾期 2", "—". */
static bool clock_cell(web_request *r, const ogi_application *a, const char *today, ogi_buf *b)
{
    bool overdue = false;
    int left = 0;
    ogi_deadline dl;
    char err[256];
    bool open = strcmp(a->status, "concluded") != 0;
    if (open && r->cfg->cal &&
        ogi_app_clock(r->store, r->cfg->cal, a->id, today, &dl, &left, &overdue, err, sizeof err) == 0) {
        ogi_deadline_free(&dl);
        if (overdue)
            ogi_buf_printf(b, "已逾期%d个工作日", -left > 0 ? -left : 1);
        else
            ogi_buf_printf(b, "%d", left);
        return overdue;
    }
    overdue = open && a->due_date && *a->due_date && strcmp(a->due_date, today) < 0;
    ogi_buf_puts(b, overdue ? "已逾期" : "—");
    return overdue;
}

static void list_row(web_request *r, const ogi_application *a, const char *today, bool only_overdue)
{
    ogi_buf clock;
    ogi_buf_init(&clock);
    bool overdue = clock_cell(r, a, today, &clock);
    if (!only_overdue || overdue) {
        ogi_buf *b = &r->out;
        ogi_buf_printf(b, "<tr%s><td><a href=\"/admin/apps/%lld\">", overdue ? " class=\"overdue\"" : "",
                       (long long)a->id);
        ogi_buf_html(b, a->tracking_no);
        ogi_buf_puts(b, "</a></td><td>");
        ogi_buf_html(b, a->applicant_name);
        ogi_buf_puts(b, "</td><td>");
        ogi_buf_html(b, ogi_app_status_label(a->status));
        ogi_buf_puts(b, "</td><td>");
        ogi_buf_html(b, a->received_date);
        ogi_buf_puts(b, "</td><td>");
        ogi_buf_html(b, web_due_text(a));
        ogi_buf_puts(b, "</td><td>");
        ogi_buf_html(b, clock.data ? clock.data : "");
        ogi_buf_puts(b, "</td></tr>\n");
    }
    ogi_buf_free(&clock);
}

static bool flag(const web_request *r, const char *key)
{
    const char *v = web_query(r, key);
    return v && *v && strcmp(v, "0");
}

void web_page_console_apps(web_request *r)
{
    if (!web_require(r, WEB_PERM_CONSOLE, 0))
        return;
    const char *status = web_query(r, "status");
    list_filter f = {.status = status && *status ? status : NULL, .overdue = flag(r, "overdue"),
                     .week = flag(r, "week")};
    const char *p = web_query(r, "page");
    f.page = p ? atol(p) : 1;
    if (f.page < 1 || f.page > 100000)
        f.page = 1;
    char today[OGI_DATE_TEXT], sunday[OGI_DATE_TEXT];
    web_date_cn(today, r->now);
    week_end(r, sunday);
    bool narrowed = f.overdue || f.week;
    ogi_app_filter q = {.agency_id = r->user.agency_id, .status = narrowed ? "open" : f.status,
                        .due_before = f.week ? sunday : f.overdue ? today : NULL,
                        .offset = (size_t)(f.page - 1) * LIST_PAGE, .limit = LIST_PAGE};
    if (!strcmp(r->user.role, "admin"))
        q.agency_id = 0;
    ogi_application *apps;
    size_t n;
    if (ogi_app_list(r->store, &q, &apps, &n)) {
        web_error(r, 500, "无法读取申请台账。");
        return;
    }
    web_page_begin(r, "依申请公开办理");
    list_filters(&r->out, &f);
    ogi_buf_puts(&r->out, "<table class=\"queue\" id=\"apps-list\">\n<thead><tr><th>申请编号</th>"
                          "<th>申请人</th><th>状态</th><th>收到日期</th><th>答复期限</th>"
                          "<th>剩余工作日</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < n; i++) {
        if (web_allowed(&r->user, WEB_PERM_APPLICATIONS, apps[i].agency_id))
            list_row(r, &apps[i], today, f.overdue);
        ogi_application_free(&apps[i]);
    }
    free(apps);
    ogi_buf_puts(&r->out, "</tbody>\n</table>\n<nav class=\"pager\" aria-label=\"分页\">");
    if (f.page > 1)
        ogi_buf_printf(&r->out, "<a href=\"/admin/apps?page=%ld\">上一页</a> ", f.page - 1);
    if (n == LIST_PAGE)
        ogi_buf_printf(&r->out, "<a href=\"/admin/apps?page=%ld\">下一页</a>", f.page + 1);
    ogi_buf_puts(&r->out, "</nav>\n");
    web_page_end(r);
}

/* ---- one application ---- */

static void row(ogi_buf *b, const char *id, const char *label, const char *value)
{
    ogi_buf_printf(b, "<tr><th>%s</th><td id=\"%s\">", label, id);
    ogi_buf_html(b, value && *value ? value : "—");
    ogi_buf_puts(b, "</td></tr>\n");
}

static const char *column_label(const char *key)
{
    const ogi_table_def *t = ogi_table_at(OGI_T_S3);
    for (size_t c = 0; key && c < t->n_cols; c++)
        if (!strcmp(t->cols[c].key, key))
            return t->cols[c].label;
    return key;
}

static const char *channel_label(const char *c)
{
    static const char *const map[][2] = {{"online", "网上申请"}, {"on_site", "当面提交"},
                                         {"letter", "信件"},      {"fax", "传真"},
                                         {"email", "电子邮件"}};
    for (size_t i = 0; c && i < sizeof map / sizeof *map; i++)
        if (!strcmp(map[i][0], c))
            return map[i][1];
    return c;
}

static void applicant_table(web_request *r, const ogi_application *a, const char *agency)
{
    ogi_buf *b = &r->out;
    ogi_buf_puts(b, "<table class=\"meta\" id=\"app-meta\">\n");
    row(b, "tracking-no", "申请编号", a->tracking_no);
    row(b, "agency", "办理机关", agency);
    row(b, "status", "状态", ogi_app_status_label(a->status));
    row(b, "applicant-type", "申请人类型", column_label(a->applicant_type));
    row(b, "applicant-name", "申请人", a->applicant_name);
    row(b, "applicant-id-doc", "身份证明", a->applicant_id_doc);
    row(b, "applicant-contact", "联系方式", a->applicant_contact);
    row(b, "channel", "申请渠道", channel_label(a->channel));
    row(b, "received-date", "收到日期", a->received_date);
    row(b, "description", "所需信息", a->description);
    row(b, "preferred-form", "提供形式", a->preferred_form);
    row(b, "delivery", "获取方式", a->delivery);
    if (a->concluded_date && *a->concluded_date) {
        row(b, "outcome", "办理结果", web_outcome_label(a->outcome));
        row(b, "concluded-date", "办结日期", a->concluded_date);
    }
    ogi_buf_puts(b, "</table>\n");
}

static void clock_section(web_request *r, const ogi_application *a)
{
    ogi_buf *b = &r->out;
    if (!strcmp(a->status, "concluded"))
        return;
    ogi_buf_puts(b, "<h2>答复期限</h2>\n");
    char today[OGI_DATE_TEXT], err[512];
    web_date_cn(today, r->now);
    ogi_deadline dl;
    int left = 0;
    bool overdue = false;
    int rc = r->cfg->cal ? ogi_app_clock(r->store, r->cfg->cal, a->id, today, &dl, &left,
                                         &overdue, err, sizeof err)
                         : -1;
    if (rc) {
        ogi_buf_puts(b, "<p id=\"due-date\">");
        ogi_buf_html(b, web_due_text(a));
        if (a->due_date && *a->due_date)
            ogi_buf_puts(b, "（未能计算剩余工作日）");
        else if (!ogi_app_due_pending(a))
            ogi_buf_puts(b, "：待补正、征求意见或缴费期间不计算答复期限；收到补正的，"
                            "答复期限自收到补正之日起重新计算。");
        ogi_buf_puts(b, "</p>\n");
        if (rc == OGI_CAL_UNCOVERED) { /* say what is missing and what to do */
            ogi_buf_puts(b, "<p id=\"due-explanation\">");
            ogi_buf_html(b, err);
            ogi_buf_puts(b, "。载入覆盖该年度的节假日安排后运行 ogi app recompute 即可算出答复期限；"
                            "须对照期限判断的步骤（补正、征求意见、延期、收费）届时方可记录。</p>\n");
        }
        return;
    }
    ogi_buf_puts(b, "<p><strong id=\"due-date\">");
    ogi_buf_html(b, a->due_date && *a->due_date ? a->due_date : "计时暂停");
    ogi_buf_puts(b, "</strong> ");
    if (overdue)
        ogi_buf_printf(b, "<span class=\"error\" id=\"days-left\">已逾期%d个工作日</span>",
                       -left > 0 ? -left : 1);
    else
        ogi_buf_printf(b, "<span id=\"days-left\">剩余%d个工作日</span>", left);
    ogi_buf_puts(b, "</p>\n<pre id=\"due-explanation\">");
    ogi_buf_html(b, dl.explanation);
    ogi_buf_puts(b, "</pre>\n");
    ogi_deadline_free(&dl);
}

/* Detail of one event for staff: outcome, periods, approver, note. */
static void event_detail(ogi_buf *b, const char *json)
{
    json_t *d = json_loads(json ? json : "{}", 0, NULL);
    static const char *const keys[][2] = {
        {"outcome", "结果"}, {"wd", "工作日"}, {"approver", "批准人"}, {"until", "期限至"},
        {"party", "对象"}, {"letter_received", "对方收到日"}, {"to_agency", "转至"},
        {"fee_yuan", "金额（元）"}, {"fee_method", "计费方式"}, {"note", "备注"}};
    for (size_t i = 0; d && i < sizeof keys / sizeof *keys; i++) {
        json_t *v = json_object_get(d, keys[i][0]);
        if (!v)
            continue;
        ogi_buf_printf(b, "<span class=\"detail\">%s：", keys[i][1]);
        if (json_is_integer(v))
            ogi_buf_printf(b, "%lld", (long long)json_integer_value(v));
        else if (!strcmp(keys[i][0], "outcome"))
            ogi_buf_html(b, web_outcome_label(json_string_value(v)));
        else
            ogi_buf_html(b, json_string_value(v));
        ogi_buf_puts(b, "</span> ");
    }
    json_decref(d);
}

static void history(web_request *r, int64_t id)
{
    ogi_app_event *ev;
    size_t n;
    if (ogi_app_events(r->store, id, &ev, &n))
        return;
    ogi_buf *b = &r->out;
    ogi_buf_puts(b, "<h2>办理记录</h2>\n<table class=\"events\" id=\"app-events\">\n<thead><tr>"
                    "<th>日期</th><th>步骤</th><th>内容</th><th>经办人</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < n; i++) {
        ogi_buf_puts(b, "<tr><td>");
        ogi_buf_html(b, ev[i].date);
        ogi_buf_puts(b, "</td><td>");
        ogi_buf_html(b, ogi_app_event_label(ev[i].kind));
        ogi_buf_puts(b, "</td><td>");
        event_detail(b, ev[i].detail);
        ogi_buf_puts(b, "</td><td>");
        ogi_buf_html(b, ev[i].actor);
        ogi_buf_puts(b, "</td></tr>\n");
        ogi_app_event_free(&ev[i]);
    }
    free(ev);
    ogi_buf_puts(b, "</tbody>\n</table>\n");
}

/* ---- the step forms ---- */

static void input(ogi_buf *b, const char *kind, const char *name, const char *label,
                  const char *type, const char *value, bool required)
{
    ogi_buf_printf(b, "<label>%s <input type=\"%s\" name=\"%s\" id=\"%s-%s\"", label, type, name,
                   kind, name);
    if (value) {
        ogi_buf_puts(b, " value=\"");
        ogi_buf_html(b, value);
        ogi_buf_puts(b, "\"");
    }
    ogi_buf_puts(b, required ? " required></label>\n" : "></label>\n");
}

static void select_open(ogi_buf *b, const char *kind, const char *name, const char *label)
{
    ogi_buf_printf(b, "<label>%s <select name=\"%s\" id=\"%s-%s\" required>\n", label, name, kind,
                   name);
}

static void option(ogi_buf *b, const char *value, const char *label)
{
    ogi_buf_puts(b, "<option value=\"");
    ogi_buf_html(b, value);
    ogi_buf_puts(b, "\">");
    ogi_buf_html(b, label);
    ogi_buf_puts(b, "</option>\n");
}

/* The answer's outcomes: the v2021 outcome rows of section 三, except the
 * two that have their own steps (逾期不补正, 逾期未缴费). */
static void outcome_select(ogi_buf *b)
{
    select_open(b, "answer", "outcome", "办理结果");
    const ogi_table_def *t = ogi_table_at(OGI_T_S3);
    for (size_t i = 0; i < t->n_rows; i++) {
        const ogi_row_def *rd = &t->rows[i];
        if (!rd->is_outcome || !(rd->formats & OGI_FMT_V2021) ||
            !strcmp(rd->key, "other_no_supplement") || !strcmp(rd->key, "other_fee_unpaid"))
            continue;
        char label[512];
        snprintf(label, sizeof label, "%s%s%s", rd->subgroup ? rd->subgroup : "",
                 rd->subgroup ? " " : "", rd->label);
        option(b, rd->key, label);
    }
    ogi_buf_puts(b, "</select></label>\n");
}

static void transfer_select(web_request *r, int64_t own)
{
    ogi_agency *list;
    size_t n;
    if (ogi_store_agency_list(r->store, &list, &n))
        return;
    select_open(&r->out, "transfer", "to_agency", "转至机关");
    for (size_t i = 0; i < n; i++) {
        if (list[i].id != own)
            option(&r->out, list[i].name, list[i].name);
        ogi_agency_free(&list[i]);
    }
    free(list);
    ogi_buf_puts(&r->out, "</select></label>\n");
}

static void kind_fields(web_request *r, const char *k, int64_t agency)
{
    ogi_buf *b = &r->out;
    if (!strcmp(k, "answer"))
        outcome_select(b);
    else if (!strcmp(k, "request_supplement"))
        input(b, k, "wd", "补正期限（工作日）", "number", "15", true);
    else if (!strcmp(k, "extend")) {
        input(b, k, "wd", "延长（工作日，最多20）", "number", "20", true);
        input(b, k, "approver", "批准人（工作机构负责人）", "text", NULL, true);
    } else if (!strcmp(k, "custom_deadline"))
        input(b, k, "until", "另行确定的期限", "date", NULL, true);
    else if (!strcmp(k, "consult_start")) {
        select_open(b, k, "party", "征求对象");
        option(b, "third_party", "第三方");
        option(b, "agency", "其他机关");
        ogi_buf_puts(b, "</select></label>\n");
        input(b, k, "letter_received", "对方收到征求意见书日期（可空）", "date", NULL, false);
    } else if (!strcmp(k, "fee_notice")) {
        input(b, k, "fee_yuan", "收费金额（元）", "number", NULL, true);
        select_open(b, k, "fee_method", "计费方式");
        option(b, "per_item", "按件计收");
        option(b, "per_volume", "按量计收");
        ogi_buf_puts(b, "</select></label>\n");
    } else if (!strcmp(k, "transfer"))
        transfer_select(r, agency);
}

static void event_form(web_request *r, const ogi_application *a, const char *kind,
                       const char *today)
{
    ogi_buf *b = &r->out;
    ogi_buf_printf(b, "<form class=\"event\" method=\"post\" action=\"/admin/apps/%lld/event\" "
                      "id=\"form-%s\">\n<fieldset><legend>",
                   (long long)a->id, kind);
    ogi_buf_html(b, ogi_app_event_label(kind));
    ogi_buf_puts(b, "</legend>\n");
    web_form_csrf(b, r->session.csrf_token);
    ogi_buf_printf(b, "<input type=\"hidden\" name=\"kind\" value=\"%s\">\n", kind);
    input(b, kind, "date", "日期", "date", today, true);
    kind_fields(r, kind, a->agency_id);
    input(b, kind, "note", "备注（内部）", "text", NULL, false);
    ogi_buf_puts(b, "<button type=\"submit\">记录</button>\n</fieldset>\n</form>\n");
}

static void event_forms(web_request *r, const ogi_application *a)
{
    if (!may_record(r))
        return;
    const char *kinds[MAX_KINDS];
    size_t n = ogi_app_legal_events(a->status, kinds, MAX_KINDS);
    char today[OGI_DATE_TEXT];
    web_date_cn(today, r->now);
    ogi_buf_puts(&r->out, "<h2>办理</h2>\n<div id=\"event-forms\">\n");
    for (size_t i = 0; i < n; i++)
        event_form(r, a, kinds[i], today);
    ogi_buf_puts(&r->out, "</div>\n");
}

/* 1 shown, 0 a response (404/403/500) was written. */
static int load_app(web_request *r, ogi_application *a)
{
    int found = ogi_app_get(r->store, r->id, a);
    if (found != 1) {
        web_error(r, found < 0 ? 500 : 404, found < 0 ? "无法读取申请。" : "该申请不存在。");
        return 0;
    }
    if (!web_require(r, WEB_PERM_APPLICATIONS, a->agency_id)) {
        ogi_application_free(a);
        return 0;
    }
    return 1;
}

static void app_page(web_request *r, const ogi_application *a, const char *message,
                     const char *done)
{
    ogi_agency ag = {0};
    ogi_store_agency_get(r->store, a->agency_id, &ag);
    web_page_begin(r, "申请办理");
    ogi_buf *b = &r->out;
    if (message) {
        ogi_buf_puts(b, "<p class=\"error\" role=\"alert\" id=\"event-error\">未能记录：");
        ogi_buf_html(b, message);
        ogi_buf_puts(b, "</p>\n");
    }
    if (done) {
        ogi_buf_puts(b, "<p role=\"status\" id=\"event-done\">已记录：");
        ogi_buf_html(b, ogi_app_event_label(done));
        ogi_buf_puts(b, "</p>\n");
    }
    applicant_table(r, a, ag.name);
    clock_section(r, a);
    history(r, a->id);
    event_forms(r, a);
    ogi_agency_free(&ag);
    web_page_end(r);
}

void web_page_console_app(web_request *r)
{
    ogi_application a;
    if (!load_app(r, &a))
        return;
    const char *done = web_query(r, "done");
    bool known = false;
    for (const char *const *k = ogi_app_event_kinds(); done && *k; k++)
        known |= !strcmp(*k, done);
    app_page(r, &a, NULL, known ? done : NULL);
    ogi_application_free(&a);
}

static int form_int(const web_request *r, const char *key)
{
    const char *v = web_form(r, key);
    long n = v && *v ? strtol(v, NULL, 10) : 0;
    return n < 0 || n > 100000 ? -1 : (int)n;
}

static const char *form_str(const web_request *r, const char *key)
{
    const char *v = web_form(r, key);
    return v && *v ? v : NULL;
}

void web_page_console_app_event(web_request *r)
{
    ogi_application a;
    if (!load_app(r, &a))
        return;
    if (!may_record(r)) {
        ogi_application_free(&a);
        web_error(r, 403, "您的角色不能办理申请。");
        return;
    }
    const char *fee = web_form(r, "fee_yuan");
    ogi_app_event_args ev = {
        .kind = form_str(r, "kind"), .date = form_str(r, "date"), .outcome = form_str(r, "outcome"),
        .approver = form_str(r, "approver"), .wd = form_int(r, "wd"), .until = form_str(r, "until"),
        .party = form_str(r, "party"), .letter_received = form_str(r, "letter_received"),
        .to_agency = form_str(r, "to_agency"), .fee_yuan = fee ? strtoll(fee, NULL, 10) : 0,
        .fee_method = form_str(r, "fee_method"), .note = form_str(r, "note")};
    char err[512] = "";
    if (!r->cfg->cal)
        snprintf(err, sizeof err, "未加载工作日历，无法计算期限");
    else if (ev.note && strlen(ev.note) > 2000)
        snprintf(err, sizeof err, "备注过长");
    if (!*err && ogi_app_event_apply(r->store, r->cfg->cal, a.id, &ev, r->user.name, err,
                                     sizeof err) == 0) {
        char to[96];
        /* A transferred application belongs to the other agency now. */
        if (!strcmp(ev.kind, "transfer"))
            snprintf(to, sizeof to, "/admin/apps");
        else
            snprintf(to, sizeof to, "/admin/apps/%lld?done=%s", (long long)a.id, ev.kind);
        web_redirect(r, to);
        ogi_application_free(&a);
        return;
    }
    r->status = 422;
    app_page(r, &a, err, NULL);
    ogi_application_free(&a);
}
