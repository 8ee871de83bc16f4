/*
 * application.c — the 依申请公开 workflow: intake, the legal steps as a
 * state machine over recorded events, and the statutory clock.
 *
 * The events of the current handling are the whole truth: status and due
 * date are recomputed from them after every step, so an amended calendar
 * or a corrected event gives the right answer without any hidden state.
 */
#include <jansson.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/buf.h"
#include "ogi/format.h"
#include "ogi/ledger.h"

#define ST_PROCESSING "processing"
#define ST_SUPPLEMENT "awaiting_supplement"
#define ST_CONSULTING "consulting"
#define ST_PAYMENT "awaiting_payment"
#define ST_CONCLUDED "concluded"

static const struct {
    const char *status, *label;
} status_labels[] = {
    {ST_PROCESSING, "办理中"},   {ST_SUPPLEMENT, "待补正"}, {ST_CONSULTING, "征求意见中"},
    {ST_PAYMENT, "待缴费"},      {ST_CONCLUDED, "已办结"},
};

/* Every event kind: who may follow whom is in `legal_from`. */
typedef struct {
    const char *kind, *label;
    const char *legal_from; /* space-separated statuses, "open" = any but concluded */
    /* Whether the step can only be judged against the clock (a deadline it
     * must meet or that must have passed, a pause, a new period): while the
     * calendar does not reach the deadline, such a step waits for it. */
    bool needs_clock;
} event_def;

static const event_def events[] = {
    {"acknowledge", "登记确认", "open", false},
    {"request_supplement", "告知补正", ST_PROCESSING, true},
    {"supplement_received", "收到补正", ST_SUPPLEMENT, true},
    {"supplement_expired", "逾期未补正", ST_SUPPLEMENT, true},
    {"consult_start", "征求第三方或其他机关意见", ST_PROCESSING, true},
    {"consult_end", "收到意见或期满", ST_CONSULTING, true},
    {"extend", "延长答复期限", ST_PROCESSING " " ST_CONSULTING, true},
    {"custom_deadline", "另行确定答复期限", ST_PROCESSING, true},
    {"fee_notice", "发出收费通知", ST_PROCESSING, true},
    {"fee_paid", "已缴费", ST_PAYMENT, true},
    {"fee_expired", "逾期未缴费", ST_PAYMENT, true},
    {"transfer", "转由其他机关办理", ST_PROCESSING, false},
    {"withdraw", "申请人撤回", "open", false},
    {"answer", "作出答复", ST_PROCESSING, false},
    {"reopen", "依复议决定或判决重新办理", ST_CONCLUDED, false},
};

#define N_EVENTS (sizeof events / sizeof events[0])

const char *ogi_app_status_label(const char *status)
{
    for (size_t i = 0; status && i < sizeof status_labels / sizeof *status_labels; i++)
        if (!strcmp(status, status_labels[i].status))
            return status_labels[i].label;
    return "未知状态";
}

bool ogi_app_due_pending(const ogi_application *a)
{
    return a->status && !strcmp(a->status, ST_PROCESSING) && !(a->due_date && *a->due_date);
}

const char *const *ogi_app_event_kinds(void)
{
    static const char *kinds[N_EVENTS + 1];
    for (size_t i = 0; i < N_EVENTS; i++)
        kinds[i] = events[i].kind;
    return kinds;
}

static const event_def *event_by_kind(const char *kind)
{
    for (size_t i = 0; kind && i < N_EVENTS; i++)
        if (!strcmp(kind, events[i].kind))
            return &events[i];
    return NULL;
}

const char *ogi_app_event_label(const char *kind)
{
    const event_def *d = event_by_kind(kind);
    return d ? d->label : "未知步骤";
}

static bool legal_in(const event_def *d, const char *status)
{
    if (!strcmp(d->legal_from, "open"))
        return strcmp(status, ST_CONCLUDED) != 0;
    size_t n = strlen(status);
    for (const char *p = d->legal_from; (p = strstr(p, status)); p += n)
        if ((p == d->legal_from || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return true;
    return false;
}

const char *const *ogi_app_statuses(void)
{
    static const char *list[sizeof status_labels / sizeof *status_labels + 1];
    for (size_t i = 0; i < sizeof status_labels / sizeof *status_labels; i++)
        list[i] = status_labels[i].status;
    return list;
}

size_t ogi_app_legal_events(const char *status, const char **out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; status && i < N_EVENTS && n < max; i++)
        if (legal_in(&events[i], status))
            out[n++] = events[i].kind;
    return n;
}

/* ---- query codes: shown once to the applicant, stored as a salted hash ---- */

static void hash_code(const char *code, const unsigned char salt[16], char *out, size_t len)
{
    unsigned char h[32];
    crypto_generichash(h, sizeof h, (const unsigned char *)code, strlen(code), salt, 16);
    char sh[33], hh[65];
    sodium_bin2hex(sh, sizeof sh, salt, 16);
    sodium_bin2hex(hh, sizeof hh, h, sizeof h);
    snprintf(out, len, "b2$%s$%s", sh, hh);
}

static void new_query_code(char *code, size_t len)
{
    /* 10 symbols from 32 that cannot be confused when read aloud or copied. */
    static const char alphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    size_t n = len - 1 < 10 ? len - 1 : 10;
    for (size_t i = 0; i < n; i++)
        code[i] = alphabet[randombytes_uniform(32)];
    code[n] = '\0';
}

bool ogi_app_query_code_ok(ogi_store *s, const char *tracking_no, const char *code)
{
    char *stored = tracking_no && code ? ogi_store_app_query_hash(s, tracking_no) : NULL;
    if (!stored)
        return false;
    unsigned char salt[16];
    bool ok = strlen(stored) == 3 + 32 + 1 + 64 &&
              sodium_hex2bin(salt, sizeof salt, stored + 3, 32, NULL, NULL, NULL) == 0;
    char expect[128];
    if (ok) {
        hash_code(code, salt, expect, sizeof expect);
        ok = strlen(expect) == strlen(stored) &&
             sodium_memcmp(expect, stored, strlen(stored)) == 0;
    }
    free(stored);
    return ok;
}

/* ---- field checks ---- */

static bool is_column_key(const char *key)
{
    const ogi_table_def *t = ogi_table_at(OGI_T_S3);
    for (size_t c = 0; key && c < t->n_cols; c++)
        if (!t->cols[c].is_total && !strcmp(t->cols[c].key, key))
            return true;
    return false;
}

/* An outcome a handling can end in: a v2021 outcome row of section 三. */
static bool is_outcome_key(const char *key)
{
    const ogi_table_def *t = ogi_table_at(OGI_T_S3);
    for (size_t r = 0; key && r < t->n_rows; r++)
        if (t->rows[r].is_outcome && (t->rows[r].formats & OGI_FMT_V2021) &&
            !strcmp(t->rows[r].key, key))
            return true;
    return false;
}

static bool one_of(const char *v, const char *const *set)
{
    for (size_t i = 0; v && set[i]; i++)
        if (!strcmp(v, set[i]))
            return true;
    return false;
}

static int fail(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return -1;
}

static bool valid_date(const char *s, ogi_date *out)
{
    ogi_date tmp;
    return s && ogi_date_parse(s, out ? out : &tmp);
}

/* ---- the clock of the current handling ---- */

static const char *detail_str(const json_t *d, const char *k)
{
    const json_t *v = json_object_get(d, k);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static ogi_date detail_date(const json_t *d, const char *k)
{
    ogi_date x;
    return valid_date(detail_str(d, k), &x) ? x : OGI_DATE_NONE;
}

/* The events of the current handling as the deadline engine sees them.
 * *start receives the handling's start (receipt, transfer or reopening). */
static size_t engine_events(const ogi_application *a, const ogi_app_event *ev, size_t n,
                            ogi_event *out, ogi_date *start)
{
    size_t first = 0;
    ogi_date_parse(a->received_date, start);
    for (size_t i = 0; i < n; i++)
        if (!strcmp(ev[i].kind, "reopen") || !strcmp(ev[i].kind, "transfer")) {
            first = i + 1;
            ogi_date_parse(ev[i].date, start);
        }
    size_t k = 0;
    ssize_t open_consult = -1, open_fee = -1;
    for (size_t i = first; i < n; i++) {
        ogi_date d;
        if (!ogi_date_parse(ev[i].date, &d))
            continue;
        json_t *det = json_loads(ev[i].detail ? ev[i].detail : "{}", 0, NULL);
        const char *kind = ev[i].kind;
        if (!strcmp(kind, "request_supplement")) {
            out[k] = ogi_event_make(OGI_EV_SUPPLEMENT_REQUESTED, d);
            out[k++].wd = (int)json_integer_value(json_object_get(det, "wd"));
        } else if (!strcmp(kind, "supplement_received")) {
            out[k++] = ogi_event_make(OGI_EV_SUPPLEMENT_RECEIVED, d);
        } else if (!strcmp(kind, "consult_start")) {
            const char *party = detail_str(det, "party");
            out[k] = ogi_event_make(party && !strcmp(party, "agency") ? OGI_EV_CONSULT_AGENCY
                                                                      : OGI_EV_CONSULT_THIRD_PARTY,
                                    d);
            out[k].received = detail_date(det, "letter_received");
            open_consult = (ssize_t)k++;
        } else if (!strcmp(kind, "consult_end") && open_consult >= 0) {
            out[open_consult].end = d;
            open_consult = -1;
        } else if (!strcmp(kind, "extend")) {
            out[k] = ogi_event_make(OGI_EV_EXTENSION, d);
            out[k++].wd = (int)json_integer_value(json_object_get(det, "wd"));
        } else if (!strcmp(kind, "custom_deadline")) {
            out[k] = ogi_event_make(OGI_EV_CUSTOM_DEADLINE, d);
            out[k++].until = detail_date(det, "until");
        } else if (!strcmp(kind, "fee_notice")) {
            out[k] = ogi_event_make(OGI_EV_FEE_NOTICE, d);
            out[k].received = detail_date(det, "letter_received");
            open_fee = (ssize_t)k++;
        } else if (!strcmp(kind, "fee_paid") && open_fee >= 0) {
            out[open_fee].end = d;
            open_fee = -1;
        }
        json_decref(det);
    }
    return k;
}

/* Compute the clock of an application from its stored events. */
static int clock_of(ogi_store *s, const ogi_calendar *cal, const ogi_application *a,
                    ogi_deadline *dl, char *err, size_t errlen)
{
    ogi_app_event *ev = NULL;
    size_t n = 0;
    if (ogi_store_app_events(s, a->id, &ev, &n))
        return fail(err, errlen, "%s", ogi_store_error(s));
    ogi_event *eng = ogi_xcalloc(n ? n : 1, sizeof *eng);
    ogi_date start = OGI_DATE_NONE;
    size_t k = engine_events(a, ev, n, eng, &start);
    int rc = ogi_deadline_compute(cal, start, eng, k, NULL, dl, err, errlen);
    free(eng);
    for (size_t i = 0; i < n; i++)
        ogi_app_event_free(&ev[i]);
    free(ev);
    return rc;
}

/* ---- intake ---- */

/* A date the ledger may record: in a covered year, or in the year right
 * after the last covered one (the next year's holiday arrangement is
 * published late in the year; applications keep arriving meanwhile and
 * wait for it to get their deadline). */
static bool within_reach(const ogi_calendar *cal, ogi_date d)
{
    return ogi_calendar_covers(cal, d) ||
           (ogi_calendar_covers_year(cal, ogi_date_year(d) - 1) &&
            !ogi_calendar_covers_year(cal, ogi_date_year(d)));
}

static const char *const channels[] = {"online", "on_site", "letter", "fax", "email", NULL};

static int check_intake(const ogi_calendar *cal, const ogi_application *a, char *err,
                        size_t errlen)
{
    ogi_date d;
    if (!is_column_key(a->applicant_type))
        return fail(err, errlen, "申请人类型“%s”无效，应为 natural_person、commercial、research、"
                    "public_welfare、legal_service 或 other_org",
                    a->applicant_type ? a->applicant_type : "");
    if (!one_of(a->channel, channels))
        return fail(err, errlen, "申请渠道“%s”无效，应为 online、on_site、letter、fax 或 email",
                    a->channel ? a->channel : "");
    if (!valid_date(a->received_date, &d))
        return fail(err, errlen, "收到申请日期“%s”无效，应为 YYYY-MM-DD",
                    a->received_date ? a->received_date : "");
    if (!within_reach(cal, d))
        return fail(err, errlen, "收到申请日期 %s 不在工作日历覆盖的年份内，也不是其后一年，"
                    "无法受理登记", a->received_date);
    return 0;
}

int ogi_app_create(ogi_store *s, const ogi_calendar *cal, ogi_application *a, char *query_code,
                   size_t qclen, const char *actor, char *err, size_t errlen)
{
    if (check_intake(cal, a, err, errlen))
        return -1;
    ogi_agency ag = {0};
    if (ogi_store_agency_get(s, a->agency_id, &ag) != 1)
        return fail(err, errlen, "机关 %lld 不存在", (long long)a->agency_id);
    ogi_agency_free(&ag);
    ogi_deadline dl;
    ogi_date received;
    ogi_date_parse(a->received_date, &received);
    char why[256];
    int clock = ogi_deadline_compute(cal, received, NULL, 0, NULL, &dl, why, sizeof why);
    if (clock != 0 && clock != OGI_CAL_UNCOVERED)
        return fail(err, errlen, "%s", why);
    /* Beyond the calendar the deadline is not known yet: the application is
     * recorded all the same, with no due date until the calendar arrives
     * (ogi_app_recompute_all). */
    char due[OGI_DATE_TEXT];
    free(a->due_date);
    a->due_date = clock ? NULL : ogi_strdup(ogi_date_format(dl.due, due));
    if (!clock)
        ogi_deadline_free(&dl);
    free(a->status);
    a->status = ogi_strdup(ST_PROCESSING);
    unsigned char salt[16];
    randombytes_buf(salt, sizeof salt);
    char code[16], hash[128];
    new_query_code(code, sizeof code);
    hash_code(code, salt, hash, sizeof hash);
    if (ogi_store_app_insert(s, a, hash, actor))
        return fail(err, errlen, "%s", ogi_store_error(s));
    snprintf(query_code, qclen, "%s", code);
    return 0;
}

/* ---- events ---- */

static const char *const parties[] = {"third_party", "agency", NULL};
static const char *const fee_methods[] = {"per_item", "per_volume", NULL};

/* What each kind needs beyond its date. */
static int check_args(ogi_store *s, const ogi_application *a, const ogi_app_event_args *ev,
                      int64_t *target_agency, char *err, size_t errlen)
{
    const char *k = ev->kind;
    if (!strcmp(k, "answer")) {
        if (!is_outcome_key(ev->outcome))
            return fail(err, errlen, "答复结果“%s”不是年度报告第三部分的办理结果行",
                        ev->outcome ? ev->outcome : "");
        if (!strcmp(ev->outcome, "other_no_supplement"))
            return fail(err, errlen, "“逾期不补正”应通过 supplement_expired 步骤记录");
        if (!strcmp(ev->outcome, "other_fee_unpaid"))
            return fail(err, errlen, "“逾期未缴费”应通过 fee_expired 步骤记录");
    } else if (!strcmp(k, "extend")) {
        if (!ev->approver || !ev->approver[0])
            return fail(err, errlen, "延长答复期限须经政府信息公开工作机构负责人同意，请填写批准人");
        if (ev->wd < 1 || ev->wd > OGI_EXTENSION_MAX_WD)
            return fail(err, errlen, "延长期限应为1至%d个工作日", OGI_EXTENSION_MAX_WD);
    } else if (!strcmp(k, "request_supplement")) {
        if (ev->wd < 1 || ev->wd > 60)
            return fail(err, errlen, "补正期限应为1至60个工作日（由本机关合理确定）");
    } else if (!strcmp(k, "custom_deadline")) {
        if (!valid_date(ev->until, NULL) || strcmp(ev->until, ev->date) <= 0)
            return fail(err, errlen, "另行确定的答复期限应为晚于 %s 的日期", ev->date);
    } else if (!strcmp(k, "consult_start")) {
        if (!one_of(ev->party ? ev->party : "third_party", parties))
            return fail(err, errlen, "征求意见对象应为 third_party 或 agency");
        if (ev->letter_received && !valid_date(ev->letter_received, NULL))
            return fail(err, errlen, "对方收到征求意见函日期无效");
    } else if (!strcmp(k, "fee_notice")) {
        if (ev->fee_yuan <= 0)
            return fail(err, errlen, "收费金额应大于0元");
        if (!one_of(ev->fee_method, fee_methods))
            return fail(err, errlen, "计费方式应为 per_item（按件）或 per_volume（按量）");
    } else if (!strcmp(k, "transfer")) {
        ogi_agency to = {0};
        if (!ev->to_agency || ogi_store_agency_find(s, ev->to_agency, &to) != 1)
            return fail(err, errlen, "转办的目标机关“%s”不存在", ev->to_agency ? ev->to_agency : "");
        *target_agency = to.id;
        ogi_agency_free(&to);
        if (*target_agency == a->agency_id)
            return fail(err, errlen, "不能转由本机关办理");
    }
    return 0;
}

static char *event_detail(const ogi_app_event_args *ev)
{
    json_t *o = json_object();
    if (ev->outcome)
        json_object_set_new(o, "outcome", json_string(ev->outcome));
    if (ev->approver)
        json_object_set_new(o, "approver", json_string(ev->approver));
    if (ev->wd)
        json_object_set_new(o, "wd", json_integer(ev->wd));
    if (ev->until)
        json_object_set_new(o, "until", json_string(ev->until));
    if (ev->party || !strcmp(ev->kind, "consult_start"))
        json_object_set_new(o, "party", json_string(ev->party ? ev->party : "third_party"));
    if (ev->letter_received)
        json_object_set_new(o, "letter_received", json_string(ev->letter_received));
    if (ev->to_agency)
        json_object_set_new(o, "to_agency", json_string(ev->to_agency));
    if (ev->fee_yuan)
        json_object_set_new(o, "fee_yuan", json_integer(ev->fee_yuan));
    if (ev->fee_method)
        json_object_set_new(o, "fee_method", json_string(ev->fee_method));
    if (ev->note)
        json_object_set_new(o, "note", json_string(ev->note));
    char *text = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(o);
    return text;
}

static void set_str(char **dst, const char *v)
{
    free(*dst);
    *dst = ogi_strdup(v);
}

/* Deadlines that end a waiting state: the event may only be recorded after them. */
static int check_expiry(const ogi_app_event_args *ev, const ogi_deadline *dl, char *err,
                        size_t errlen)
{
    ogi_date date, limit = OGI_DATE_NONE;
    ogi_date_parse(ev->date, &date);
    const char *what = NULL;
    if (!strcmp(ev->kind, "supplement_expired"))
        limit = dl->supplement_due, what = "补正期限";
    else if (!strcmp(ev->kind, "fee_expired"))
        limit = dl->payment_deadline, what = "缴费期限";
    if (what && limit != OGI_DATE_NONE && date <= limit) {
        char d[OGI_DATE_TEXT];
        return fail(err, errlen, "%s至 %s 届满，%s 尚未逾期", what, ogi_date_format(limit, d),
                    ev->date);
    }
    return 0;
}

/* The status and outcome after the event; the handling bookkeeping. */
static int transition(ogi_store *s, ogi_application *a, const ogi_app_event_args *ev,
                      int64_t target_agency)
{
    static const struct {
        const char *kind, *status, *outcome;
    } moves[] = {
        {"request_supplement", ST_SUPPLEMENT, NULL}, {"supplement_received", ST_PROCESSING, NULL},
        {"supplement_expired", ST_CONCLUDED, "other_no_supplement"},
        {"consult_start", ST_CONSULTING, NULL},       {"consult_end", ST_PROCESSING, NULL},
        {"fee_notice", ST_PAYMENT, NULL},             {"fee_paid", ST_PROCESSING, NULL},
        {"fee_expired", ST_CONCLUDED, "other_fee_unpaid"},
        {"withdraw", ST_CONCLUDED, "other_misc"},     {"answer", ST_CONCLUDED, NULL},
        /* Art. 36(5): not this body's information — the applicant is told which
         * body holds it, and that body handles it as a new application. */
        {"transfer", ST_PROCESSING, "unavailable_not_held"},
        {"reopen", ST_PROCESSING, NULL},
    };
    for (size_t i = 0; i < sizeof moves / sizeof *moves; i++) {
        if (strcmp(moves[i].kind, ev->kind))
            continue;
        const char *outcome = moves[i].outcome ? moves[i].outcome : ev->outcome;
        if (!strcmp(moves[i].status, ST_CONCLUDED) || !strcmp(ev->kind, "transfer")) {
            if (ogi_store_handling_conclude(s, a->id, ev->date, outcome))
                return -1;
        }
        if (!strcmp(ev->kind, "transfer") || !strcmp(ev->kind, "reopen")) {
            if (target_agency)
                a->agency_id = target_agency;
            if (ogi_store_handling_open(s, a->id, a->agency_id, a->applicant_type, ev->date))
                return -1;
            outcome = NULL;
        }
        set_str(&a->status, moves[i].status);
        bool concluded = !strcmp(moves[i].status, ST_CONCLUDED);
        set_str(&a->outcome, concluded ? outcome : NULL);
        set_str(&a->concluded_date, concluded ? ev->date : NULL);
    }
    return 0;
}

static int last_event_date(ogi_store *s, int64_t id, char *out, size_t len)
{
    ogi_app_event *ev;
    size_t n;
    if (ogi_store_app_events(s, id, &ev, &n))
        return -1;
    snprintf(out, len, "%s", n ? ev[n - 1].date : "");
    for (size_t i = 0; i < n; i++)
        ogi_app_event_free(&ev[i]);
    free(ev);
    return 0;
}

static int check_event(ogi_store *s, const ogi_calendar *cal, const ogi_application *a,
                       const ogi_app_event_args *ev, int64_t *target, char *err, size_t errlen)
{
    const event_def *d = event_by_kind(ev->kind);
    if (!d)
        return fail(err, errlen, "未知的办理步骤“%s”", ev->kind ? ev->kind : "");
    if (!legal_in(d, a->status))
        return fail(err, errlen, "申请当前状态为“%s”，不能执行“%s”", ogi_app_status_label(a->status),
                    d->label);
    ogi_date date;
    if (!valid_date(ev->date, &date))
        return fail(err, errlen, "日期“%s”无效，应为 YYYY-MM-DD", ev->date ? ev->date : "");
    char last[OGI_DATE_TEXT + 1];
    if (last_event_date(s, a->id, last, sizeof last))
        return fail(err, errlen, "%s", ogi_store_error(s));
    const char *floor = last[0] && strcmp(last, a->received_date) > 0 ? last : a->received_date;
    if (strcmp(ev->date, floor) < 0)
        return fail(err, errlen, "日期 %s 早于上一步骤或收到申请的日期 %s", ev->date, floor);
    if (d->needs_clock ? !ogi_calendar_covers(cal, date) : !within_reach(cal, date))
        return fail(err, errlen, "日期 %s 不在工作日历覆盖的年份内，不能记录“%s”", ev->date,
                    d->label);
    return check_args(s, a, ev, target, err, errlen);
}

/* The clock before a step, and the deadlines the step must respect.  When
 * the calendar does not reach the deadline yet, a step that is judged
 * against the clock waits; the others (answer, withdrawal, transfer …)
 * stand on their own and go ahead. */
static int before_step(ogi_store *s, const ogi_calendar *cal, const ogi_application *a,
                       const ogi_app_event_args *ev, ogi_deadline *before, char *err,
                       size_t errlen)
{
    char why[256];
    int clock = clock_of(s, cal, a, before, why, sizeof why);
    if (clock == OGI_CAL_UNCOVERED && !event_by_kind(ev->kind)->needs_clock)
        return 0;
    if (clock == OGI_CAL_UNCOVERED)
        return fail(err, errlen, "答复期限尚无法计算（%s），“%s”须对照期限判断，请载入覆盖该年度的"
                    "节假日安排（ogi app recompute --calendar 文件）后再记录",
                    why, ogi_app_event_label(ev->kind));
    if (clock)
        return fail(err, errlen, "%s", why);
    return check_expiry(ev, before, err, errlen);
}

int ogi_app_event_apply(ogi_store *s, const ogi_calendar *cal, int64_t app_id,
                        const ogi_app_event_args *ev, const char *actor, char *err,
                        size_t errlen)
{
    ogi_application a;
    int found = ogi_store_app_get(s, app_id, &a);
    if (found < 0)
        return fail(err, errlen, "%s", ogi_store_error(s));
    if (found == 0)
        return fail(err, errlen, "申请 %lld 不存在", (long long)app_id);
    int64_t target = 0;
    int rc = -1;
    ogi_deadline before = {0}, after = {0};
    if (check_event(s, cal, &a, ev, &target, err, errlen))
        goto out;
    if (strcmp(a.status, ST_CONCLUDED) && before_step(s, cal, &a, ev, &before, err, errlen))
        goto out;
    if (ogi_store_begin(s))
        goto store_error;
    char *detail = event_detail(ev);
    int ok = !ogi_store_app_event_add(s, app_id, ev->kind, ev->date, detail, actor) &&
             !transition(s, &a, ev, target);
    free(detail);
    if (!ok) {
        ogi_store_rollback(s);
        goto store_error;
    }
    /* The engine refuses illegal histories (second 补正, extension past the cap
     * or after the deadline …): the event is only kept if the clock accepts it. */
    int clock = clock_of(s, cal, &a, &after, err, errlen);
    if (clock != 0 && clock != OGI_CAL_UNCOVERED) {
        ogi_store_rollback(s);
        goto out;
    }
    char due[OGI_DATE_TEXT];
    bool running = strcmp(a.status, ST_CONCLUDED) && !clock && after.state == OGI_CLOCK_RUNNING;
    set_str(&a.due_date, running ? ogi_date_format(after.due, due) : NULL);
    if (ogi_store_app_update(s, &a, actor) || ogi_store_commit(s)) {
        ogi_store_rollback(s);
        goto store_error;
    }
    rc = 0;
    goto out;
store_error:
    fail(err, errlen, "%s", ogi_store_error(s));
out:
    ogi_deadline_free(&before);
    ogi_deadline_free(&after);
    ogi_application_free(&a);
    return rc;
}

/* ---- reading ---- */

int ogi_app_get(ogi_store *s, int64_t id, ogi_application *out)
{
    return ogi_store_app_get(s, id, out);
}

int ogi_app_find(ogi_store *s, const char *tracking_no, ogi_application *out)
{
    return ogi_store_app_find(s, tracking_no, out);
}

int ogi_app_events(ogi_store *s, int64_t id, ogi_app_event **out, size_t *n)
{
    return ogi_store_app_events(s, id, out, n);
}

int ogi_app_clock(ogi_store *s, const ogi_calendar *cal, int64_t id, const char *asof,
                  ogi_deadline *dl, int *days_left, bool *overdue, char *err, size_t errlen)
{
    ogi_application a;
    int found = ogi_store_app_get(s, id, &a);
    if (found != 1)
        return fail(err, errlen, "申请 %lld 不存在", (long long)id);
    ogi_date when;
    int rc = -1;
    if (!valid_date(asof, &when))
        fail(err, errlen, "日期“%s”无效", asof ? asof : "");
    else if (!(rc = clock_of(s, cal, &a, dl, err, errlen))) {
        rc = ogi_deadline_days_left(cal, dl, when, days_left, overdue, err, errlen);
        if (rc) /* the caller owns *dl only on success */
            ogi_deadline_free(dl);
    }
    ogi_application_free(&a);
    return rc;
}

int ogi_app_list(ogi_store *s, const ogi_app_filter *f, ogi_application **out, size_t *n)
{
    return ogi_store_app_list(s, f->agency_id, f->status, f->due_before, f->offset, f->limit,
                              out, n);
}

int ogi_app_recompute_all(ogi_store *s, const ogi_calendar *cal, size_t *changed, char *err,
                          size_t errlen)
{
    *changed = 0;
    /* Keyset paging by id: updating due dates must not reorder what is left. */
    for (int64_t after = 0;;) {
        int64_t *ids;
        size_t n;
        if (ogi_store_app_open_ids(s, after, 500, &ids, &n))
            return fail(err, errlen, "%s", ogi_store_error(s));
        int rc = 0;
        for (size_t i = 0; i < n && !rc; i++) {
            ogi_application a;
            ogi_deadline dl = {0};
            int clock = 0;
            if (ogi_store_app_get(s, ids[i], &a) != 1)
                rc = fail(err, errlen, "%s", ogi_store_error(s));
            else if ((clock = clock_of(s, cal, &a, &dl, err, errlen)) != 0 &&
                     clock != OGI_CAL_UNCOVERED)
                rc = -1, ogi_application_free(&a);
            else {
                /* Still beyond the calendar: no due date yet, not an error. */
                char due[OGI_DATE_TEXT];
                const char *now = !clock && dl.state == OGI_CLOCK_RUNNING
                                      ? ogi_date_format(dl.due, due)
                                      : NULL;
                if (now ? !a.due_date || strcmp(now, a.due_date) : a.due_date != NULL) {
                    set_str(&a.due_date, now);
                    rc = ogi_store_app_update(s, &a, "calendar");
                    if (rc)
                        fail(err, errlen, "%s", ogi_store_error(s));
                    (*changed)++;
                }
                ogi_deadline_free(&dl);
                ogi_application_free(&a);
            }
        }
        if (n)
            after = ids[n - 1];
        free(ids);
        if (rc)
            return -1;
        if (n < 500)
            return 0;
    }
}
