/*
 * pages_apply.c — 依申请公开 for the public: the online application form
 * with the contents Article 29 requires, the receipt (tracking number,
 * query code shown once, statutory due date), and the status lookup by
 * tracking number + query code.
 *
 * The forms carry a pre-session CSRF token (the login form's cookie, see
 * router.c WEB_LOGIN_FORM).  Submissions and lookups are rate-limited per
 * client address in the database; a wrong code and an unknown number give
 * the same answer, so tracking numbers cannot be enumerated.  The status
 * page shows labels and dates only — never internal notes or officers.
 * Also home of the small form helpers the console pages share.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ogi/format.h"
#include "ogi/ledger.h"
#include "ogi/text.h"
#include "web/web_internal.h"

#define APPLY_WINDOW 3600   /* seconds */
#define APPLY_MAX 10        /* submissions (valid or not) per address per window */
#define STATUS_WINDOW 900
#define STATUS_MAX 30       /* lookups per address per window */
/* Field limits in characters, as a person counts them (not bytes). */
#define SHORT_FIELD_MAX 100
#define LONG_FIELD_MAX 2000
#define DESC_MIN 4

/* ---- form helpers (declared in web_internal.h) ---- */

void web_form_csrf(ogi_buf *b, const char *token)
{
    ogi_buf_puts(b, "<input type=\"hidden\" name=\"csrf\" value=\"");
    ogi_buf_html(b, token);
    ogi_buf_puts(b, "\">\n");
}

static void field_open(ogi_buf *b, const char *name, const char *label, bool required)
{
    ogi_buf_puts(b, "<p class=\"field\"><label for=\"f-");
    ogi_buf_html(b, name);
    ogi_buf_puts(b, "\">");
    ogi_buf_html(b, label);
    ogi_buf_puts(b, required ? "（必填）" : "");
    ogi_buf_puts(b, "</label><br>\n");
}

static void field_error(ogi_buf *b, const char *name, const char *error)
{
    if (!error)
        return;
    ogi_buf_puts(b, "<br><span class=\"error\" role=\"alert\" id=\"err-");
    ogi_buf_html(b, name);
    ogi_buf_puts(b, "\">");
    ogi_buf_html(b, error);
    ogi_buf_puts(b, "</span>");
}

static void field_attrs(ogi_buf *b, const char *name, bool required, const char *error)
{
    ogi_buf_puts(b, " id=\"f-");
    ogi_buf_html(b, name);
    ogi_buf_puts(b, "\" name=\"");
    ogi_buf_html(b, name);
    ogi_buf_puts(b, "\"");
    if (required)
        ogi_buf_puts(b, " required");
    if (error) {
        ogi_buf_puts(b, " aria-invalid=\"true\" aria-describedby=\"err-");
        ogi_buf_html(b, name);
        ogi_buf_puts(b, "\"");
    }
}

void web_field_text(ogi_buf *b, const web_field *f, const char *value, const char *error)
{
    field_open(b, f->name, f->label, f->required);
    if (f->multiline) {
        ogi_buf_puts(b, "<textarea rows=\"5\" cols=\"60\"");
        field_attrs(b, f->name, f->required, error);
        ogi_buf_puts(b, ">");
        ogi_buf_html(b, value);
        ogi_buf_puts(b, "</textarea>");
    } else {
        ogi_buf_printf(b, "<input type=\"%s\" size=\"40\"", f->type ? f->type : "text");
        field_attrs(b, f->name, f->required, error);
        ogi_buf_puts(b, " value=\"");
        ogi_buf_html(b, value);
        ogi_buf_puts(b, "\">");
    }
    field_error(b, f->name, error);
    ogi_buf_puts(b, "</p>\n");
}

void web_field_select(ogi_buf *b, const web_field *f, const web_option *opts, size_t n,
                      const char *current, const char *error)
{
    field_open(b, f->name, f->label, f->required);
    ogi_buf_puts(b, "<select");
    field_attrs(b, f->name, f->required, error);
    ogi_buf_puts(b, ">\n<option value=\"\">请选择</option>\n");
    for (size_t i = 0; i < n; i++) {
        ogi_buf_puts(b, "<option value=\"");
        ogi_buf_html(b, opts[i].value);
        ogi_buf_puts(b, "\"");
        if (current && !strcmp(current, opts[i].value))
            ogi_buf_puts(b, " selected");
        ogi_buf_puts(b, ">");
        ogi_buf_html(b, opts[i].label);
        ogi_buf_puts(b, "</option>\n");
    }
    ogi_buf_puts(b, "</select>");
    field_error(b, f->name, error);
    ogi_buf_puts(b, "</p>\n");
}

void web_public_csrf(web_request *r, char out[WEB_TOKEN_HEX])
{
    const char *have = web_cookie(r, WEB_LOGIN_CSRF_COOKIE);
    if (have && strlen(have) == WEB_TOKEN_HEX - 1) {
        memcpy(out, have, WEB_TOKEN_HEX);
        return;
    }
    web_random_hex(out);
    web_set_cookie(r, WEB_LOGIN_CSRF_COOKIE, out, -1);
}

void web_date_cn(char out[OGI_DATE_TEXT], int64_t now)
{
    ogi_date_today(now, out);
}

/* ---- rate limits ---- */

/* Count this request against key; false (and a 429 page) when over max. */
static bool within_rate(web_request *r, const char *what, int64_t window, int64_t max)
{
    ogi_buf key;
    ogi_buf_init(&key);
    ogi_buf_printf(&key, "%s:%s", what, r->addr);
    int64_t start = r->now - r->now % window, count = 0;
    bool ok = ogi_store_rate_count(r->store, key.data, start, &count) == 0 && count < max &&
              ogi_store_rate_hit(r->store, key.data, start, &count) == 0;
    ogi_buf_free(&key);
    if (!ok)
        web_error(r, 429, "提交过于频繁，请稍后再试。");
    return ok;
}

/* ---- the application form ---- */

enum { F_AGENCY, F_TYPE, F_NAME, F_IDDOC, F_CONTACT, F_DESC, F_FORM, F_DELIVERY, N_FIELDS };

static const web_field fields[N_FIELDS] = {
    [F_AGENCY] = {"agency", "受理机关", true, false, NULL},
    [F_TYPE] = {"applicant_type", "申请人类型", true, false, NULL},
    [F_NAME] = {"applicant_name", "申请人姓名或者名称", true, false, NULL},
    [F_IDDOC] = {"applicant_id_doc", "身份证明（证件名称及号码）", true, false, NULL},
    [F_CONTACT] = {"applicant_contact", "联系方式（电话、电子邮箱或通信地址）", true, false, NULL},
    [F_DESC] = {"description", "所需政府信息的名称、文号或者便于查询的其他特征性描述", true, true,
                NULL},
    [F_FORM] = {"preferred_form", "信息的提供形式", true, false, NULL},
    [F_DELIVERY] = {"delivery", "获取信息的方式、途径", true, false, NULL},
};

static const web_option form_options[] = {
    {"纸质", "纸质"}, {"电子数据", "电子数据"}, {"其他", "其他"}};
static const web_option delivery_options[] = {
    {"邮寄", "邮寄"}, {"电子邮件", "电子邮件"}, {"当面领取", "当面领取"}, {"网上下载", "网上下载"}};

/* The applicant types: the section 三 columns of the format definition. */
static size_t type_options(web_option *out, char labels[][64], size_t max)
{
    const ogi_table_def *t = ogi_table_at(OGI_T_S3);
    size_t n = 0;
    for (size_t c = 0; c < t->n_cols && n < max; c++) {
        if (t->cols[c].is_total)
            continue;
        snprintf(labels[n], 64, "%s%s%s", t->cols[c].group ? t->cols[c].group : "",
                 t->cols[c].group ? "：" : "", t->cols[c].label);
        out[n].value = t->cols[c].key;
        out[n].label = labels[n];
        n++;
    }
    return n;
}

static bool option_known(const web_option *opts, size_t n, const char *v)
{
    for (size_t i = 0; v && i < n; i++)
        if (!strcmp(opts[i].value, v))
            return true;
    return false;
}

typedef struct {
    const char *value[N_FIELDS];
    const char *error[N_FIELDS];
    char agency_id[24];
} apply_form;

static void agency_field(web_request *r, const apply_form *f)
{
    ogi_agency *list;
    size_t n;
    if (ogi_store_agency_list(r->store, &list, &n))
        return;
    web_option *opts = ogi_xcalloc(n ? n : 1, sizeof *opts);
    char (*ids)[24] = ogi_xcalloc(n ? n : 1, sizeof *ids);
    for (size_t i = 0; i < n; i++) {
        snprintf(ids[i], sizeof ids[i], "%lld", (long long)list[i].id);
        opts[i].value = ids[i];
        opts[i].label = list[i].name;
    }
    web_field_select(&r->out, &fields[F_AGENCY], opts, n, f->value[F_AGENCY], f->error[F_AGENCY]);
    for (size_t i = 0; i < n; i++)
        ogi_agency_free(&list[i]);
    free(list);
    free(opts);
    free(ids);
}

static void apply_page(web_request *r, int status, const apply_form *f)
{
    r->status = status;
    char csrf[WEB_TOKEN_HEX];
    web_public_csrf(r, csrf);
    web_page_begin(r, "申请政府信息公开");
    ogi_buf *b = &r->out;
    ogi_buf_puts(b, "<p>依据《中华人民共和国政府信息公开条例》第二十九条，请填写下列内容。收到申请后，"
                    "行政机关自收到之日起20个工作日内予以答复；需要延长的，将另行告知。</p>\n");
    bool any_error = false;
    for (size_t i = 0; i < N_FIELDS; i++)
        any_error |= f->error[i] != NULL;
    if (any_error)
        ogi_buf_puts(b, "<p class=\"error\" role=\"alert\" id=\"form-error\">申请未提交：请按下列提示修改后"
                        "重新提交。</p>\n");
    ogi_buf_puts(b, "<form id=\"apply-form\" method=\"post\" action=\"/apply\">\n");
    web_form_csrf(b, csrf);
    ogi_buf_puts(b, "<fieldset><legend>受理机关与申请人</legend>\n");
    agency_field(r, f);
    web_option types[16];
    char labels[16][64];
    size_t nt = type_options(types, labels, 16);
    web_field_select(b, &fields[F_TYPE], types, nt, f->value[F_TYPE], f->error[F_TYPE]);
    for (size_t i = F_NAME; i <= F_CONTACT; i++)
        web_field_text(b, &fields[i], f->value[i], f->error[i]);
    ogi_buf_puts(b, "</fieldset>\n<fieldset><legend>所需信息</legend>\n");
    web_field_text(b, &fields[F_DESC], f->value[F_DESC], f->error[F_DESC]);
    web_field_select(b, &fields[F_FORM], form_options, 3, f->value[F_FORM], f->error[F_FORM]);
    web_field_select(b, &fields[F_DELIVERY], delivery_options, 4, f->value[F_DELIVERY],
                     f->error[F_DELIVERY]);
    ogi_buf_puts(b, "</fieldset>\n<p><button type=\"submit\" id=\"apply-submit\">提交申请</button></p>\n"
                    "</form>\n<p><a href=\"/status\">查询申请办理进度</a></p>\n");
    web_page_end(r);
}

void web_page_apply_form(web_request *r)
{
    apply_form f = {0};
    f.value[F_AGENCY] = web_query(r, "agency");
    apply_page(r, 200, &f);
}

/* A required text field: present, not blank, valid UTF-8, not too long. */
static const char *text_problem(const char *v, size_t max)
{
    if (!v || ogi_is_blank_text(v))
        return "此项为必填项。";
    if (!ogi_utf8_valid(v, strlen(v)))
        return "含有无法识别的字符，请重新输入。";
    if (ogi_utf8_length(v) > max)
        return max > SHORT_FIELD_MAX ? "内容过长，请精简到2000字以内。" : "内容过长，请精简到100字以内。";
    return NULL;
}

static bool validate_apply(web_request *r, apply_form *f, int64_t *agency_id)
{
    for (size_t i = 0; i < N_FIELDS; i++)
        f->value[i] = web_form(r, fields[i].name);
    web_option types[16];
    char labels[16][64];
    size_t nt = type_options(types, labels, 16);
    ogi_agency ag = {0};
    *agency_id = f->value[F_AGENCY] ? strtoll(f->value[F_AGENCY], NULL, 10) : 0;
    if (*agency_id <= 0 || ogi_store_agency_get(r->store, *agency_id, &ag) != 1)
        f->error[F_AGENCY] = "请选择受理机关。";
    ogi_agency_free(&ag);
    if (!option_known(types, nt, f->value[F_TYPE]))
        f->error[F_TYPE] = "请选择申请人类型。";
    for (size_t i = F_NAME; i <= F_DESC; i++)
        f->error[i] = text_problem(f->value[i], i == F_DESC ? LONG_FIELD_MAX : SHORT_FIELD_MAX);
    if (!f->error[F_DESC] && ogi_utf8_length(f->value[F_DESC]) < DESC_MIN)
        f->error[F_DESC] = "请具体描述所需信息（名称、文号或其他特征），以便查找。";
    if (!option_known(form_options, 3, f->value[F_FORM]))
        f->error[F_FORM] = "请选择信息的提供形式。";
    if (!option_known(delivery_options, 4, f->value[F_DELIVERY]))
        f->error[F_DELIVERY] = "请选择获取信息的方式。";
    for (size_t i = 0; i < N_FIELDS; i++)
        if (f->error[i])
            return false;
    return true;
}

static void receipt_page(web_request *r, const ogi_application *a, const char *code)
{
    r->status = 201;
    web_set_header(r, "Cache-Control", "no-store"); /* the code must not linger in caches */
    web_page_begin(r, "申请已提交");
    ogi_buf *b = &r->out;
    ogi_buf_puts(b, "<p>您的政府信息公开申请已收到。请记下申请编号和查询码：查询码只显示这一次，"
                    "凭申请编号和查询码可<a href=\"/status\">查询办理进度</a>。</p>\n<table class=\"meta\">\n"
                    "<tr><th>申请编号</th><td id=\"tracking-no\">");
    ogi_buf_html(b, a->tracking_no);
    ogi_buf_puts(b, "</td></tr>\n<tr><th>查询码</th><td id=\"query-code\"><strong>");
    ogi_buf_html(b, code);
    ogi_buf_puts(b, "</strong></td></tr>\n<tr><th>收到申请日期</th><td id=\"received-date\">");
    ogi_buf_html(b, a->received_date);
    ogi_buf_puts(b, "</td></tr>\n<tr><th>答复期限</th><td id=\"due-date\">");
    ogi_buf_html(b, web_due_text(a));
    ogi_buf_puts(b, "</td></tr>\n</table>\n<p>答复期限为自收到申请之日起20个工作日（《条例》第三十三条）；"
                    "需要补正、征求意见或者延长期限的，期限依法相应计算，并将告知您。</p>\n");
    web_page_end(r);
}

void web_page_apply(web_request *r)
{
    if (!within_rate(r, "apply", APPLY_WINDOW, APPLY_MAX))
        return;
    if (!r->cfg->cal) {
        web_error(r, 503, "暂不能在线受理申请（未加载工作日历），请通过信件或当面提交。");
        return;
    }
    apply_form f = {0};
    int64_t agency_id;
    if (!validate_apply(r, &f, &agency_id)) {
        apply_page(r, 422, &f);
        return;
    }
    char today[OGI_DATE_TEXT], hm[8], at[32], code[32], err[512];
    web_date_cn(today, r->now);
    time_t t = (time_t)r->now + 8 * 3600;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(hm, sizeof hm, "%H:%M", &tm);
    snprintf(at, sizeof at, "%sT%s", today, hm); /* the time of day on today's date */
    ogi_application a = {.agency_id = agency_id, .applicant_type = (char *)f.value[F_TYPE],
                         .applicant_name = (char *)f.value[F_NAME],
                         .applicant_id_doc = (char *)f.value[F_IDDOC],
                         .applicant_contact = (char *)f.value[F_CONTACT], .channel = "online",
                         .received_at = at, .received_date = today,
                         .description = (char *)f.value[F_DESC],
                         .preferred_form = (char *)f.value[F_FORM],
                         .delivery = (char *)f.value[F_DELIVERY]};
    if (ogi_app_create(r->store, r->cfg->cal, &a, code, sizeof code, "online", err, sizeof err)) {
        free(a.status), free(a.due_date);
        web_error(r, 503, "暂不能受理在线申请，请稍后再试或通过信件提交。");
        return;
    }
    receipt_page(r, &a, code);
    free(a.tracking_no);
    free(a.status);
    free(a.due_date);
}

/* ---- status lookup ---- */

static void status_form(web_request *r, const char *tracking, const char *message)
{
    char csrf[WEB_TOKEN_HEX];
    web_public_csrf(r, csrf);
    ogi_buf *b = &r->out;
    if (message) {
        ogi_buf_puts(b, "<p class=\"error\" role=\"alert\" id=\"status-error\">");
        ogi_buf_html(b, message);
        ogi_buf_puts(b, "</p>\n");
    }
    ogi_buf_puts(b, "<form id=\"status-form\" method=\"post\" action=\"/status\">\n");
    web_form_csrf(b, csrf);
    static const web_field tf = {"tracking_no", "申请编号", true, false, NULL};
    static const web_field cf = {"code", "查询码", true, false, "password"};
    web_field_text(b, &tf, tracking, NULL);
    web_field_text(b, &cf, NULL, NULL);
    ogi_buf_puts(b, "<p><button type=\"submit\" id=\"status-submit\">查询</button></p>\n</form>\n");
}

void web_page_status_form(web_request *r)
{
    web_page_begin(r, "查询申请办理进度");
    status_form(r, NULL, NULL);
    web_page_end(r);
}

/* The outcome row's label from the format definition. */
const char *web_outcome_label(const char *key)
{
    const ogi_table_def *t = ogi_table_at(OGI_T_S3);
    for (size_t row = 0; key && row < t->n_rows; row++)
        if (t->rows[row].is_outcome && !strcmp(t->rows[row].key, key))
            return t->rows[row].label;
    return "—";
}

const char *web_due_text(const ogi_application *a)
{
    if (a->concluded_date && *a->concluded_date)
        return "—";
    if (a->due_date && *a->due_date)
        return a->due_date;
    return ogi_app_due_pending(a) ? "待定（答复期限所在年度的节假日安排公布后确定）" : "计时暂停";
}

/* The events the applicant may see: the step and its date only. */
static void public_events(web_request *r, int64_t id)
{
    ogi_app_event *ev;
    size_t n;
    if (ogi_app_events(r->store, id, &ev, &n))
        return;
    ogi_buf *b = &r->out;
    ogi_buf_puts(b, "<h2>办理过程</h2>\n<table class=\"events\" id=\"status-events\">\n<thead><tr>"
                    "<th>日期</th><th>步骤</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < n; i++) {
        ogi_buf_puts(b, "<tr><td>");
        ogi_buf_html(b, ev[i].date);
        ogi_buf_puts(b, "</td><td>");
        ogi_buf_html(b, ogi_app_event_label(ev[i].kind));
        ogi_buf_puts(b, "</td></tr>\n");
        ogi_app_event_free(&ev[i]);
    }
    free(ev);
    ogi_buf_puts(b, "</tbody>\n</table>\n");
}

static void status_result(web_request *r, const ogi_application *a)
{
    ogi_agency ag = {0};
    ogi_store_agency_get(r->store, a->agency_id, &ag);
    bool concluded = a->concluded_date && *a->concluded_date;
    ogi_buf *b = &r->out;
    ogi_buf_puts(b, "<table class=\"meta\" id=\"status-result\">\n<tr><th>申请编号</th><td id=\"tracking-no\">");
    ogi_buf_html(b, a->tracking_no);
    ogi_buf_puts(b, "</td></tr>\n<tr><th>办理机关</th><td>");
    ogi_buf_html(b, ag.name);
    ogi_buf_puts(b, "</td></tr>\n<tr><th>收到申请日期</th><td>");
    ogi_buf_html(b, a->received_date);
    ogi_buf_puts(b, "</td></tr>\n<tr><th>当前状态</th><td id=\"status-label\">");
    ogi_buf_html(b, ogi_app_status_label(a->status));
    ogi_buf_puts(b, "</td></tr>\n<tr><th>答复期限</th><td id=\"due-date\">");
    ogi_buf_html(b, web_due_text(a));
    ogi_buf_puts(b, "</td></tr>\n");
    if (concluded) {
        ogi_buf_puts(b, "<tr><th>办理结果</th><td id=\"outcome\">");
        ogi_buf_html(b, web_outcome_label(a->outcome));
        ogi_buf_puts(b, "</td></tr>\n<tr><th>办结日期</th><td>");
        ogi_buf_html(b, a->concluded_date);
        ogi_buf_puts(b, "</td></tr>\n");
    }
    ogi_buf_puts(b, "</table>\n");
    ogi_agency_free(&ag);
    public_events(r, a->id);
}

void web_page_status(web_request *r)
{
    if (!within_rate(r, "status", STATUS_WINDOW, STATUS_MAX))
        return;
    const char *tracking = web_form(r, "tracking_no"), *code = web_form(r, "code");
    ogi_application a;
    /* One answer for a wrong code and for an unknown number: no enumeration. */
    bool ok = ogi_app_query_code_ok(r->store, tracking, code) &&
              ogi_app_find(r->store, tracking, &a) == 1;
    web_set_header(r, "Cache-Control", "no-store");
    if (!ok)
        r->status = 404;
    web_page_begin(r, "查询申请办理进度");
    if (ok) {
        status_result(r, &a);
        ogi_application_free(&a);
        ogi_buf_puts(&r->out, "<p><a href=\"/status\">查询其他申请</a></p>\n");
    } else {
        status_form(r, tracking, "申请编号或查询码不正确，请核对后重试。");
    }
    web_page_end(r);
}
