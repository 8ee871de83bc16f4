/*
 * demo.c — the demonstration ledger behind `ogi demo` and `make run`.
 *
 * A year of one agency's disclosure work, built through the same calls the
 * console makes: every outcome row of section 三 (taken from the format
 * definition) and every applicant type, the legal detours (补正, 延期,
 * 征求意见, 收费, 转办, 撤回), open applications due soon and overdue
 * relative to the as-of date, registry items in every review state, the
 * yearly figures and the reviews and lawsuits.  A second agency receives
 * the transferred application and shows that staff see only their own.
 * The choices cycle through fixed lists: same input, same ledger.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/demo.h"
#include "ogi/deadline.h"
#include "ogi/format.h"
#include "ogi/ledger.h"

#define ACTOR "demo"
#define CONCLUDED_MARGIN_WD 70 /* the last concluded application's steps fit before as-of */

typedef struct {
    ogi_store *s;
    const ogi_calendar *cal;
    ogi_demo_summary *sum;
    ogi_date asof;
    char *err;
    size_t errlen;
    size_t serial; /* applications so far: drives every cyclic choice */
} demo;

static int failf(demo *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int failf(demo *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->err, d->errlen, fmt, ap);
    va_end(ap);
    return -1;
}

/* ---- working-day arithmetic ---- */

static ogi_date wd_after(demo *d, ogi_date from, int n)
{
    ogi_date out = from;
    if (n > 0 && ogi_add_wd(d->cal, from, n, &out, NULL, 0))
        return OGI_DATE_NONE;
    return out;
}

/* The n-th working day before `from`. */
static ogi_date wd_before(demo *d, ogi_date from, int n)
{
    ogi_date day = from;
    while (n > 0) {
        bool working = false;
        if (ogi_is_working_day(d->cal, --day, &working, NULL, 0))
            return OGI_DATE_NONE;
        n -= working;
    }
    return day;
}

static int wd_between(demo *d, ogi_date from, ogi_date to)
{
    int n = 0;
    for (ogi_date day = from + 1; day <= to; day++) {
        bool working = false;
        ogi_is_working_day(d->cal, day, &working, NULL, 0);
        n += working;
    }
    return n;
}

/* ---- agencies, figures ---- */

static int add_agency(demo *d, const char *name, const char *prefix, int64_t *id)
{
    ogi_agency a = {.name = (char *)name, .kind = OGI_KIND_DEPARTMENT,
                    .index_prefix = (char *)prefix};
    if (ogi_store_agency_add(d->s, &a, ACTOR))
        return failf(d, "%s：%s", name, ogi_store_error(d->s));
    *id = a.id;
    return 0;
}

/* Section 二 (五)(六)(八): figures the office enters, one per cell of the
 * definition's v2021 tables; money as 0.xx 万元 (two decimals). */
static int add_figures(demo *d, int64_t agency, int year)
{
    for (size_t i = 0; i < ogi_cell_count(); i++) {
        const ogi_cell_def *c = ogi_cell_at(i);
        ogi_table_id t = c->table->id;
        if (t != OGI_T_ART20_5_V2021 && t != OGI_T_ART20_6_V2021 && t != OGI_T_ART20_8_V2021)
            continue;
        bool money = c->kind == OGI_VAL_MONEY;
        int64_t value = money ? (int64_t)(12 + i % 30) * 10000 : (int64_t)(3 + (i * 7) % 40);
        if (ogi_store_figure_set(d->s, agency, year, c->key, value, money ? 2 : 0, ACTOR))
            return failf(d, "%s：%s", c->key, ogi_store_error(d->s));
    }
    return 0;
}

/* ---- applications ---- */

static const char *const names[] = {"张明", "李华", "王芳", "赵磊", "陈静", "刘洋", "杨帆", "黄蕾"};
static const char *const orgs[] = {"示例市明德科技有限公司", "示例大学教育研究院",
                                   "示例市助学公益基金会", "示例律师事务所", "示例市家长委员会"};
static const char *const topics[] = {
    "上一年度部门决算及“三公”经费", "义务教育阶段学校招生划片范围",
    "学生资助资金分配结果",           "校外培训机构审批名单",
    "中小学校舍安全检查报告",         "教师招聘考试成绩及录用名单",
    "民办学校年检结果",               "教育局机关内设机构及职能",
};
static const char *const forms[] = {"纸质", "电子数据"};
static const char *const deliveries[] = {"邮寄", "电子邮件", "当面领取", "网上下载"};
static const char *const channels[] = {"online", "letter", "on_site", "email", "online", "fax"};

/* The applicant-type columns of section 三 (not the total). */
static const char *applicant_type(size_t k)
{
    const ogi_table_def *t = ogi_table_at(OGI_T_S3);
    size_t n = 0;
    for (size_t c = 0; c < t->n_cols; c++)
        n += !t->cols[c].is_total;
    k %= n;
    for (size_t c = 0; c < t->n_cols; c++)
        if (!t->cols[c].is_total && k-- == 0)
            return t->cols[c].key;
    return NULL;
}

static int new_app(demo *d, int64_t agency, ogi_date received, int64_t *id)
{
    size_t k = d->serial++;
    const char *type = applicant_type(k);
    char date[OGI_DATE_TEXT], desc[256], doc[64], contact[64];
    bool person = !strcmp(type, "natural_person");
    snprintf(desc, sizeof desc, "申请公开%s（请提供文号或发布日期）", topics[k % 8]);
    snprintf(doc, sizeof doc, person ? "居民身份证 1101011990%04zu1234" :
             "统一社会信用代码 91110000MA0%05zuX", k % 10000);
    snprintf(contact, sizeof contact, "电话 138%08zu", (k * 7919) % 100000000);
    ogi_application a = {.agency_id = agency, .applicant_type = (char *)type,
                         /* orgs follow the column order of the organisation types */
                         .applicant_name = (char *)(person ? names[k % 8] : orgs[(k % 6 + 4) % 5]),
                         .applicant_id_doc = doc, .applicant_contact = contact,
                         .channel = (char *)channels[k % 6],
                         .received_date = ogi_date_format(received, date), .description = desc,
                         .preferred_form = (char *)forms[k % 2],
                         .delivery = (char *)deliveries[k % 4]};
    char code[32];
    if (ogi_app_create(d->s, d->cal, &a, code, sizeof code, ACTOR, d->err, d->errlen))
        return -1;
    *id = a.id;
    free(a.tracking_no);
    free(a.status);
    free(a.due_date);
    d->sum->applications++;
    return 0;
}

/* Record one step; date is `base` plus wd working days. */
static int step(demo *d, int64_t id, ogi_date base, int wd, ogi_app_event_args ev)
{
    char date[OGI_DATE_TEXT];
    ogi_date when = wd_after(d, base, wd);
    if (when == OGI_DATE_NONE)
        return failf(d, "演示数据的日期超出工作日历");
    ev.date = ogi_date_format(when, date);
    if (ogi_app_event_apply(d->s, d->cal, id, &ev, ACTOR, d->err, d->errlen)) {
        size_t n = strlen(d->err);
        snprintf(d->err + n, d->errlen - n, "（演示申请 %lld，%s）", (long long)id, ev.kind);
        return -1;
    }
    return 0;
}

/* The detour an answered application takes before its answer, by serial. */
static int answered(demo *d, int64_t id, ogi_date r, const char *outcome, size_t k)
{
    ogi_app_event_args answer = {.kind = "answer", .outcome = outcome,
                                 .note = "答复书已送达申请人"};
    switch (k % 6) {
    case 1: /* 补正: the clock restarts when the supplement arrives */
        return step(d, id, r, 2, (ogi_app_event_args){.kind = "request_supplement", .wd = 10,
                                                      .note = "申请内容不明确，请补充文号"}) ||
               step(d, id, r, 5, (ogi_app_event_args){.kind = "supplement_received"}) ||
               step(d, id, r, 14, answer);
    case 3: /* 延期 with the head's approval */
        return step(d, id, r, 15, (ogi_app_event_args){.kind = "extend", .wd = 15,
                                                       .approver = "办公室主任 周平"}) ||
               step(d, id, r, 28, answer);
    case 4: /* 征求第三方意见: the time does not count */
        return step(d, id, r, 3, (ogi_app_event_args){.kind = "consult_start",
                                                      .party = "third_party"}) ||
               step(d, id, r, 10, (ogi_app_event_args){.kind = "consult_end"}) ||
               step(d, id, r, 18, answer);
    default:
        return step(d, id, r, 4 + (int)(k % 9), answer);
    }
}

/* Take one application to the outcome row `outcome` by the lawful path. */
static int conclude(demo *d, int64_t id, ogi_date r, const char *outcome, bool first)
{
    size_t k = d->serial;
    if (!strcmp(outcome, "other_no_supplement"))
        return step(d, id, r, 2, (ogi_app_event_args){.kind = "request_supplement", .wd = 10}) ||
               step(d, id, r, 2 + 10 + 5, (ogi_app_event_args){.kind = "supplement_expired"});
    if (!strcmp(outcome, "other_fee_unpaid"))
        return step(d, id, r, 5, (ogi_app_event_args){.kind = "fee_notice", .fee_yuan = 120,
                                                      .fee_method = "per_volume"}) ||
               step(d, id, r, 5 + OGI_PAYMENT_PERIOD_WD + 8,
                    (ogi_app_event_args){.kind = "fee_expired"});
    if (!strcmp(outcome, "other_misc"))
        return step(d, id, r, 3, (ogi_app_event_args){.kind = "withdraw",
                                                      .note = "申请人书面撤回"});
    if (!strcmp(outcome, "unavailable_not_held") && first) /* 转办: B answers it */
        return step(d, id, r, 2, (ogi_app_event_args){.kind = "transfer",
                                                      .to_agency = OGI_DEMO_AGENCY_B}) ||
               step(d, id, r, 9, (ogi_app_event_args){.kind = "answer", .outcome = "granted"});
    return answered(d, id, r, outcome, k);
}

/* Every v2021 outcome row, one or two applications each, spread over the year. */
static int concluded_apps(demo *d, int year, int64_t *withheld_id)
{
    const ogi_table_def *t = ogi_table_at(OGI_T_S3);
    size_t total = 0;
    for (size_t row = 0; row < t->n_rows; row++)
        if (t->rows[row].is_outcome && (t->rows[row].formats & OGI_FMT_V2021))
            total += 1 + row % 2;
    ogi_date jan1;
    ogi_date_from_ymd(year, 1, 1, &jan1);
    int room = wd_between(d, jan1, d->asof) - CONCLUDED_MARGIN_WD;
    int gap = room > (int)total ? room / (int)total : 1;
    size_t j = 0;
    for (size_t row = 0; row < t->n_rows; row++) {
        if (!t->rows[row].is_outcome || !(t->rows[row].formats & OGI_FMT_V2021))
            continue;
        for (size_t copy = 0; copy < 1 + row % 2; copy++, j++) {
            ogi_date r = wd_after(d, jan1, 1 + (int)j * gap);
            int64_t id;
            if (new_app(d, d->sum->agency_a, r, &id) ||
                conclude(d, id, r, t->rows[row].key, copy == 0))
                return -1;
            if (!strcmp(t->rows[row].key, "withheld_third_party"))
                *withheld_id = id;
        }
    }
    return 0;
}

/* Open applications around the as-of date: due soon, overdue, waiting. */
static int open_apps(demo *d)
{
    static const int received_back[] = {1, 4, 17, 19, 22, 26, 31};
    for (size_t i = 0; i < sizeof received_back / sizeof *received_back; i++) {
        ogi_date r = wd_before(d, d->asof, received_back[i]);
        int64_t id;
        if (r == OGI_DATE_NONE)
            return failf(d, "演示数据的日期超出工作日历");
        if (new_app(d, d->sum->agency_a, r, &id))
            return -1;
        d->sum->open_applications++;
        if (received_back[i] == 4 && step(d, id, r, 2, (ogi_app_event_args){
                                                           .kind = "request_supplement", .wd = 15,
                                                           .note = "请补充申请信息的文号"}))
            return -1;
        if (received_back[i] == 22 && step(d, id, r, 18, (ogi_app_event_args){
                                                             .kind = "extend", .wd = 10,
                                                             .approver = "办公室主任 周平"}))
            return -1;
    }
    return 0;
}

/* ---- registry ---- */

typedef struct {
    const char *title, *doc_no, *category, *topic, *kind, *body;
    int formed_wd;   /* working days after 1 January */
    int steps;       /* 0 draft … 3 published, 4 repealed */
    int publish_wd;  /* publication: working days after formed (over 20: Art. 26 late) */
} demo_item;

static const demo_item items_a[] = {
    {"关于做好义务教育招生入学工作的通知", "示教发〔%d〕3号", "art20_01", "招生", "normative",
     "各区教育局：\n为做好义务教育招生入学工作，现就划片招生、入学登记有关事项通知如下。", 20, 3, 5},
    {"示例市教育局部门预算", "", "art20_07", "预算", "other",
     "本部门预算包括一般公共预算收支、政府性基金预算和“三公”经费预算。", 30, 3, 10},
    {"学生资助政策实施情况", "", "art20_11", "资助", "other",
     "本年度共资助家庭经济困难学生，资助资金按时足额发放。", 40, 3, 35},
    {"关于规范中小学收费管理的暂行办法", "示教规〔%d〕1号", "art20_01", "收费", "normative",
     "为规范中小学收费行为，制定本办法。本办法自发布之日起施行。", 10, 4, 6},
    {"校外培训机构监督检查情况", "", "art20_13", "培训", "other",
     "对全市校外培训机构开展监督检查的情况。", 60, 2, 0},
    {"教师招聘公告", "", "art20_14", "招聘", "other", "招聘中小学教师的职位、名额和报考条件。",
     70, 1, 0},
    {"教育事业统计公报（草稿）", "", "art20_04", "统计", "other", "全市各级各类学校基本情况。",
     80, 0, 0},
};

static const demo_item items_b[] = {
    {"关于发放就业补贴的通知", "示人社发〔%d〕5号", "art20_11", "就业", "normative",
     "符合条件的高校毕业生可申请就业补贴。", 25, 3, 5},
};

static int add_item(demo *d, int64_t agency, int year, const demo_item *di)
{
    char doc[64], formed[OGI_DATE_TEXT], when[OGI_DATE_TEXT], warning[256];
    ogi_date jan1, f;
    ogi_date_from_ymd(year, 1, 1, &jan1);
    f = wd_after(d, jan1, di->formed_wd);
    snprintf(doc, sizeof doc, di->doc_no, year);
    ogi_item it = {.agency_id = agency, .title = (char *)di->title, .doc_no = doc,
                   .issuer = (char *)(agency == d->sum->agency_a ? OGI_DEMO_AGENCY_A
                                                                  : OGI_DEMO_AGENCY_B),
                   .category = (char *)di->category, .topic = (char *)di->topic,
                   .kind = (char *)di->kind, .formed_date = ogi_date_format(f, formed),
                   .body = (char *)di->body};
    if (ogi_registry_create(d->s, &it, ACTOR, d->err, d->errlen))
        return -1;
    free(it.index_no);
    d->sum->items++;
    static const char *const steps[] = {"submit", "pass_secrecy", "approve", "repeal"};
    for (int i = 0; i < di->steps; i++) {
        ogi_date on = wd_after(d, f, i < 2 ? 1 + i : di->publish_wd + (i == 3 ? 40 : 0));
        if (ogi_registry_step(d->s, d->cal, it.id, steps[i], ogi_date_format(on, when), ACTOR,
                              NULL, warning, sizeof warning, d->err, d->errlen))
            return -1;
    }
    return 0;
}

/* ---- cases ---- */

static int add_case(demo *d, int64_t app, const char *kind, ogi_date filed, const char *result,
                    ogi_date decided)
{
    char fd[OGI_DATE_TEXT], dd[OGI_DATE_TEXT];
    ogi_case c = {.agency_id = d->sum->agency_a, .application_id = app, .kind = (char *)kind,
                  .filed_date = ogi_date_format(filed, fd), .note = (char *)"演示案件"};
    if (ogi_case_add(d->s, &c, ACTOR, d->err, d->errlen))
        return -1;
    d->sum->cases++;
    if (result && ogi_case_decide(d->s, c.id, result, ogi_date_format(decided, dd), ACTOR,
                                  d->err, d->errlen))
        return -1;
    return 0;
}

static int cases(demo *d, int64_t withheld_app)
{
    ogi_date a = d->asof;
    return add_case(d, withheld_app, "review", wd_before(d, a, 60), "upheld",
                    wd_before(d, a, 20)) ||
           add_case(d, 0, "review", wd_before(d, a, 50), "corrected", wd_before(d, a, 15)) ||
           add_case(d, withheld_app, "suit_after_review", wd_before(d, a, 12), NULL, 0) ||
           add_case(d, 0, "suit_direct", wd_before(d, a, 40), "other", wd_before(d, a, 5));
}

/* ---- entry ---- */

static int check_options(demo *d, const ogi_demo_options *o)
{
    ogi_date june;
    char month[8] = "";
    if (!o->asof || !ogi_date_parse(o->asof, &d->asof))
        return failf(d, "演示数据的基准日期“%s”无效，应为 YYYY-MM-DD", o->asof ? o->asof : "");
    snprintf(month, sizeof month, "%.4s", o->asof);
    if (!ogi_date_from_ymd(o->year, 6, 1, &june) || atoi(month) != o->year || d->asof < june)
        return failf(d, "基准日期 %s 应在 %d 年6月1日至12月31日之间", o->asof, o->year);
    if (!ogi_calendar_covers_year(d->cal, o->year))
        return failf(d, "工作日历未覆盖 %d 年，无法生成演示数据", o->year);
    return 0;
}

int ogi_demo_seed(ogi_store *s, const ogi_calendar *cal, const ogi_demo_options *o,
                  ogi_demo_summary *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    demo d = {.s = s, .cal = cal, .sum = out, .err = err, .errlen = errlen};
    if (check_options(&d, o))
        return -1;
    int64_t withheld = 0;
    int rc = add_agency(&d, OGI_DEMO_AGENCY_A, "SJYJ", &out->agency_a) ||
             add_agency(&d, OGI_DEMO_AGENCY_B, "SRSJ", &out->agency_b) ||
             add_figures(&d, out->agency_a, o->year) || add_figures(&d, out->agency_b, o->year) ||
             concluded_apps(&d, o->year, &withheld) || open_apps(&d) || cases(&d, withheld);
    for (size_t i = 0; !rc && i < sizeof items_a / sizeof *items_a; i++)
        rc = add_item(&d, out->agency_a, o->year, &items_a[i]);
    for (size_t i = 0; !rc && i < sizeof items_b / sizeof *items_b; i++)
        rc = add_item(&d, out->agency_b, o->year, &items_b[i]);
    return rc ? -1 : 0;
}
