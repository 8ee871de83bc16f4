/*
 * deadline.c — the answer clock of one application (application-procedure.md
 * §§1, 4–6, 8, 11, 12): replay the recorded events in date order, refuse
 * the ones the statute does not allow, then walk the working-day calendar
 * to the deadline and explain the walk in Chinese.
 *
 * One counting rule serves every period: a day counts when it is a working
 * day and not inside an excluded interval (S, E] of a pause.  Extensions
 * continue the same count from the previous deadline (add_wd(deadline, ext)
 * in the spec), which is the same as counting 20 + ext from the start.
 */
#include "ogi/deadline.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/buf.h"

/* ---- pauses and the counting rule ------------------------------------ */

enum { DAY_COUNTABLE = 0, DAY_EXCLUDED = 1, DAY_FROZEN = 2 };

/* Whether day d lies in a pause: closed pauses exclude (S, E]; an open
 * pause freezes every day after S.  Returns the index of the pause. */
static int pause_status(const ogi_pause *p, size_t np, ogi_date d, size_t *which)
{
    int status = DAY_COUNTABLE;
    *which = 0; /* meaningful only when the day is in a pause */
    for (size_t i = 0; i < np; i++) {
        if (d <= p[i].start)
            continue;
        if (p[i].end == OGI_DATE_NONE) {
            *which = i;
            return DAY_FROZEN;
        }
        if (d <= p[i].end && status == DAY_COUNTABLE) {
            status = DAY_EXCLUDED;
            *which = i;
        }
    }
    return status;
}

/* Counts n days after `from`.  Returns 0 with *out = the n-th day, 1 when
 * an open pause froze the clock (*out = its start, *remaining = days still
 * to count), OGI_CAL_UNCOVERED on an uncovered date. */
static int walk(const ogi_calendar *cal, const ogi_pause *p, size_t np, ogi_date from, int n,
                ogi_date *out, int *remaining, char *err, size_t errlen)
{
    ogi_date d = from;
    for (int k = 0; k < n;) {
        bool working;
        size_t which;
        int rc = ogi_is_working_day(cal, ++d, &working, err, errlen);
        if (rc != 0)
            return rc;
        int st = pause_status(p, np, d, &which);
        if (st == DAY_FROZEN) {
            *out = p[which].start;
            *remaining = n - k;
            return 1;
        }
        k += working && st == DAY_COUNTABLE;
    }
    *out = d;
    return 0;
}

/* Counted days in (from, to]; pauses ignored when np == 0. */
static int count_between(const ogi_calendar *cal, const ogi_pause *p, size_t np, ogi_date from,
                         ogi_date to, int *count, char *err, size_t errlen)
{
    *count = 0;
    for (ogi_date d = from + 1; d <= to; d++) {
        bool working;
        size_t which;
        int rc = ogi_is_working_day(cal, d, &working, err, errlen);
        if (rc != 0)
            return rc;
        *count += working && pause_status(p, np, d, &which) == DAY_COUNTABLE;
    }
    return 0;
}

/* ---- Chinese date text ------------------------------------------------ */

static void put_md(ogi_buf *b, ogi_date d, bool with_year, bool with_month)
{
    int y, m, day;
    ogi_date_to_ymd(d, &y, &m, &day);
    if (with_year)
        ogi_buf_printf(b, "%d年", y);
    if (with_month)
        ogi_buf_printf(b, "%d月", m);
    ogi_buf_printf(b, "%d日", day);
}

/* "10月1日至7日", "1月28日至2月4日", "2025年12月31日至2026年1月2日", "6月7日". */
static void put_range(ogi_buf *b, ogi_date a, ogi_date e)
{
    int ya, ma, da, ye, me, de;
    ogi_date_to_ymd(a, &ya, &ma, &da);
    ogi_date_to_ymd(e, &ye, &me, &de);
    put_md(b, a, ya != ye, true);
    if (a == e)
        return;
    ogi_buf_puts(b, "至");
    put_md(b, e, ya != ye, ya != ye || ma != me);
}

static const char *fmt(ogi_date d, char *buf)
{
    return ogi_date_format(d, buf);
}

/* ---- the engine state ------------------------------------------------- */

typedef struct {
    const ogi_calendar *cal;
    const ogi_deadline_options *opt;
    ogi_deadline *dl;
    char **labels; /* parallel to dl->pauses: what the pause was, in Chinese */
    size_t pause_cap;
    bool supplement_requested, supplement_received, fee_notice;
    ogi_date supplement_notice_date, custom_notified;
    int supplement_period;
    ogi_date *extension_dates;
    int *extension_days;
    size_t n_extensions;
    size_t n_events;
    char *err;
    size_t errlen;
} engine;

static int refuse(engine *e, const char *fmtstr, ...) __attribute__((format(printf, 2, 3)));
static int refuse(engine *e, const char *fmtstr, ...)
{
    va_list ap;
    va_start(ap, fmtstr);
    vsnprintf(e->err, e->errlen, fmtstr, ap);
    va_end(ap);
    return -1;
}

static void add_pause(engine *e, ogi_event_kind kind, ogi_date start, ogi_date end, char *label)
{
    ogi_deadline *dl = e->dl;
    if (dl->n_pauses == e->pause_cap) {
        e->pause_cap = e->pause_cap ? e->pause_cap * 2 : 4;
        dl->pauses = ogi_xrealloc(dl->pauses, e->pause_cap * sizeof *dl->pauses);
        e->labels = ogi_xrealloc(e->labels, e->pause_cap * sizeof *e->labels);
    }
    dl->pauses[dl->n_pauses] = (ogi_pause){.kind = kind, .start = start, .end = end};
    e->labels[dl->n_pauses++] = label;
}

/* The statutory deadline as the events so far make it: 1 when frozen. */
static int current_due(engine *e, ogi_date *due, int *remaining)
{
    const ogi_deadline *dl = e->dl;
    return walk(e->cal, dl->pauses, dl->n_pauses, dl->answer_start,
                OGI_ANSWER_PERIOD_WD + dl->extension_wd, due, remaining, e->err, e->errlen);
}

/* Refuses an act dated after the running deadline (what = the act). */
static int require_before_due(engine *e, ogi_date date, const char *what)
{
    ogi_date due;
    int remaining;
    int rc = current_due(e, &due, &remaining);
    if (rc < 0)
        return rc;
    char b1[OGI_DATE_TEXT], b2[OGI_DATE_TEXT];
    if (rc == 0 && date > due)
        return refuse(e, "%s（%s）晚于当前答复期限 %s：应在期限届满之日或之前作出", what,
                      fmt(date, b1), fmt(due, b2));
    return 0;
}

/* ---- one handler per event kind ----------------------------------------- */

static int on_supplement_requested(engine *e, const ogi_event *ev)
{
    char b1[OGI_DATE_TEXT], b2[OGI_DATE_TEXT];
    if (e->supplement_requested)
        return refuse(e, "补正通知只能一次性发出（条例第三十条），%s 的第二次补正通知不予记录",
                      fmt(ev->date, b1));
    if (ev->date > e->dl->supplement_notice_deadline)
        return refuse(e, "补正通知应在收到申请之日起7个工作日内（%s 前）发出，%s 已逾期",
                      fmt(e->dl->supplement_notice_deadline, b1), fmt(ev->date, b2));
    if (ev->wd < 1)
        return refuse(e, "补正通知必须写明合理的补正期限（至少1个工作日）");
    int rc = ogi_add_wd(e->cal, ev->date, ev->wd, &e->dl->supplement_due, e->err, e->errlen);
    if (rc != 0)
        return rc;
    e->supplement_requested = true;
    e->supplement_notice_date = ev->date;
    e->supplement_period = ev->wd;
    e->dl->state = OGI_CLOCK_AWAITING_SUPPLEMENT;
    return 0;
}

static int on_supplement_received(engine *e, const ogi_event *ev)
{
    if (!e->supplement_requested)
        return refuse(e, "没有发出过补正通知，不能记录收到补正材料");
    e->supplement_received = true;
    e->dl->answer_start = ev->date;
    e->dl->state = OGI_CLOCK_RUNNING;
    return 0;
}

/* E of a consultation: the reply, capped by the 15-day reply deadline. */
static int consult_end(engine *e, const ogi_event *ev, ogi_date *end, ogi_buf *label)
{
    char b[OGI_DATE_TEXT];
    *end = ev->end;
    if (ev->end != OGI_DATE_NONE && ev->end < ev->date)
        return refuse(e, "征求意见的结束日期 %s 早于发函日期", fmt(ev->end, b));
    if (ev->received == OGI_DATE_NONE) {
        if (ev->end != OGI_DATE_NONE)
            ogi_buf_printf(label, "，%s收到答复", fmt(ev->end, b));
        return 0;
    }
    if (ev->received < ev->date)
        return refuse(e, "对方收到征求意见函的日期 %s 早于发函日期", fmt(ev->received, b));
    ogi_date cap;
    char b2[OGI_DATE_TEXT];
    int rc = ogi_consult_reply_deadline(e->cal, ev->received, &cap, e->err, e->errlen);
    if (rc != 0)
        return rc;
    if (ev->end != OGI_DATE_NONE && ev->end <= cap) {
        ogi_buf_printf(label, "，%s收到答复", fmt(ev->end, b));
        return 0;
    }
    *end = cap;
    ogi_buf_printf(label, "，对方%s收到，15个工作日答复期限%s届满", fmt(ev->received, b),
                   fmt(cap, b2));
    return 0;
}

static int on_consult(engine *e, const ogi_event *ev)
{
    ogi_buf label;
    ogi_buf_init(&label);
    char b[OGI_DATE_TEXT];
    ogi_buf_printf(&label, "%s（%s发函",
                   ev->kind == OGI_EV_CONSULT_THIRD_PARTY ? "征求第三方意见" : "征求其他机关意见",
                   fmt(ev->date, b));
    ogi_date end;
    int rc = consult_end(e, ev, &end, &label);
    if (rc != 0) {
        ogi_buf_free(&label);
        return rc;
    }
    ogi_buf_puts(&label, "）");
    add_pause(e, ev->kind, ev->date, end, ogi_buf_steal(&label));
    return 0;
}

static int on_extension(engine *e, const ogi_event *ev)
{
    ogi_deadline *dl = e->dl;
    if (dl->custom)
        return refuse(e, "已告知合理延后的答复期限（条例第三十五条），不能再延长法定期限");
    if (ev->wd < 1)
        return refuse(e, "延长的工作日数必须至少为1（收到 %d）", ev->wd);
    if (dl->extension_wd + ev->wd > OGI_EXTENSION_MAX_WD)
        return refuse(e, "延长答复期限最长不得超过20个工作日（条例第三十三条）：已延长%d个，本次%d个，合计%d个",
                      dl->extension_wd, ev->wd, dl->extension_wd + ev->wd);
    int rc = require_before_due(e, ev->date, "延长答复期限的批准");
    if (rc != 0)
        return rc;
    e->extension_dates = ogi_xrealloc(e->extension_dates, (e->n_extensions + 1) * sizeof(ogi_date));
    e->extension_days = ogi_xrealloc(e->extension_days, (e->n_extensions + 1) * sizeof(int));
    e->extension_dates[e->n_extensions] = ev->date;
    e->extension_days[e->n_extensions++] = ev->wd;
    dl->extension_wd += ev->wd;
    return 0;
}

static int on_custom(engine *e, const ogi_event *ev)
{
    char b1[OGI_DATE_TEXT], b2[OGI_DATE_TEXT];
    if (e->dl->custom)
        return refuse(e, "合理延后的答复期限已告知过一次，%s 的再次设定不予记录", fmt(ev->date, b1));
    if (ev->until == OGI_DATE_NONE || ev->until <= ev->date)
        return refuse(e, "合理延后的答复期限必须是晚于告知日期 %s 的日期", fmt(ev->date, b1));
    int rc = require_before_due(e, ev->date, "告知合理延后的答复期限");
    if (rc != 0)
        return rc;
    ogi_date due;
    int remaining;
    rc = current_due(e, &due, &remaining);
    if (rc == 0 && ev->until <= due)
        return refuse(e, "合理延后的答复期限 %s 应晚于法定答复期限 %s", fmt(ev->until, b1),
                      fmt(due, b2));
    e->dl->custom = true;
    e->dl->due = ev->until;
    e->custom_notified = ev->date;
    return 0;
}

static int on_fee_notice(engine *e, const ogi_event *ev)
{
    char b1[OGI_DATE_TEXT], b2[OGI_DATE_TEXT];
    if (e->fee_notice)
        return refuse(e, "本申请已发出过收费通知，%s 的第二份收费通知不予记录", fmt(ev->date, b1));
    ogi_date received = ev->received == OGI_DATE_NONE ? ev->date : ev->received;
    if (received < ev->date)
        return refuse(e, "收费通知的送达日期 %s 早于发出日期", fmt(received, b1));
    int rc = require_before_due(e, ev->date, "发出收费通知");
    if (rc == 0)
        rc = ogi_payment_deadline(e->cal, received, &e->dl->payment_deadline, e->err, e->errlen);
    if (rc != 0)
        return rc;
    if (ev->end != OGI_DATE_NONE && (ev->end < ev->date || ev->end > e->dl->payment_deadline))
        return refuse(e, "缴费日期 %s 不在收费通知发出之日至缴费期限 %s 之间（逾期未缴视为放弃申请）",
                      fmt(ev->end, b1), fmt(e->dl->payment_deadline, b2));
    e->fee_notice = true;
    if (e->opt->fee_pause_enabled) {
        ogi_buf label;
        ogi_buf_init(&label);
        ogi_buf_printf(&label, "收费（%s发出收费通知，", fmt(ev->date, b1));
        if (ev->end != OGI_DATE_NONE)
            ogi_buf_printf(&label, "%s缴费）", fmt(ev->end, b2));
        else
            ogi_buf_puts(&label, "尚未缴费）");
        add_pause(e, ev->kind, ev->date, ev->end, ogi_buf_steal(&label));
    }
    return 0;
}

static const char *event_name(ogi_event_kind k)
{
    switch (k) {
    case OGI_EV_SUPPLEMENT_REQUESTED: return "补正通知";
    case OGI_EV_SUPPLEMENT_RECEIVED: return "收到补正材料";
    case OGI_EV_CONSULT_THIRD_PARTY: return "征求第三方意见";
    case OGI_EV_CONSULT_AGENCY: return "征求其他机关意见";
    case OGI_EV_EXTENSION: return "延长答复期限";
    case OGI_EV_CUSTOM_DEADLINE: return "合理延后的答复期限";
    case OGI_EV_FEE_NOTICE: return "收费通知";
    }
    return "未知事件";
}

static int apply_event(engine *e, const ogi_event *ev)
{
    bool awaiting = e->supplement_requested && !e->supplement_received;
    if (awaiting && ev->kind != OGI_EV_SUPPLEMENT_RECEIVED)
        return refuse(e, "补正材料尚未收到，答复期限尚未重新起算，不能记录「%s」", event_name(ev->kind));
    switch (ev->kind) {
    case OGI_EV_SUPPLEMENT_REQUESTED: return on_supplement_requested(e, ev);
    case OGI_EV_SUPPLEMENT_RECEIVED:
        if (!awaiting && e->supplement_received)
            return refuse(e, "补正材料已经收到过，不能重复记录");
        return on_supplement_received(e, ev);
    case OGI_EV_CONSULT_THIRD_PARTY:
    case OGI_EV_CONSULT_AGENCY: return on_consult(e, ev);
    case OGI_EV_EXTENSION: return on_extension(e, ev);
    case OGI_EV_CUSTOM_DEADLINE: return on_custom(e, ev);
    case OGI_EV_FEE_NOTICE: return on_fee_notice(e, ev);
    }
    return refuse(e, "未知的事件类型 %d", (int)ev->kind);
}

/* ---- explanation --------------------------------------------------------- */

/* Consecutive days from d (≤ to) with the same status; the caller has
 * checked coverage of (from, to] by walking it first. */
static ogi_date run_end(engine *e, ogi_date d, ogi_date to, int want_status, bool want_working)
{
    while (d + 1 <= to) {
        size_t which;
        bool working;
        ogi_is_working_day(e->cal, d + 1, &working, e->err, e->errlen);
        int st = pause_status(e->dl->pauses, e->dl->n_pauses, d + 1, &which);
        if (st != want_status || (st == DAY_COUNTABLE && working != want_working))
            break;
        d++;
    }
    return d;
}

/* Holidays, make-up days and pauses met while counting n days in (from, to]. */
static void describe_range(engine *e, ogi_buf *b, ogi_date from, ogi_date to, int n)
{
    int counted = 0;
    for (ogi_date d = from + 1; d <= to;) {
        size_t which = 0;
        bool working;
        ogi_is_working_day(e->cal, d, &working, e->err, e->errlen);
        int st = pause_status(e->dl->pauses, e->dl->n_pauses, d, &which);
        if (st == DAY_FROZEN)
            break;
        if (st == DAY_EXCLUDED) {
            ogi_date end = run_end(e, d, to, DAY_EXCLUDED, false);
            ogi_buf_printf(b, "，%s期间", e->labels[which]);
            put_range(b, d, end);
            ogi_buf_printf(b, "不计（暂停时尚余%d个工作日）", n - counted);
            d = end + 1;
            continue;
        }
        ogi_date end = run_end(e, d, to, DAY_COUNTABLE, working);
        const char *name = NULL;
        for (ogi_date x = d; x <= end; x++) {
            const char *nm;
            ogi_day_kind k = ogi_calendar_kind(e->cal, x, &nm);
            if (!working && k == OGI_DAY_HOLIDAY && !name)
                name = nm;
            if (working && k == OGI_DAY_WORKDAY) {
                ogi_date y = x;
                while (y + 1 <= end && ogi_calendar_kind(e->cal, y + 1, NULL) == OGI_DAY_WORKDAY)
                    y++;
                ogi_buf_puts(b, "，");
                put_range(b, x, y);
                ogi_buf_puts(b, "调休上班计入");
                x = y;
            }
        }
        if (name) {
            ogi_buf_printf(b, "，%s（", name);
            put_range(b, d, end);
            ogi_buf_puts(b, "）不计");
        }
        if (working)
            counted += (int)(end - d + 1);
        d = end + 1;
    }
}

/* "自次日起算N个工作日…→ date"; returns 1 when an open pause froze it. */
static int explain_segment(engine *e, ogi_buf *b, ogi_date from, int n, ogi_date *out)
{
    int remaining = 0;
    int rc = walk(e->cal, e->dl->pauses, e->dl->n_pauses, from, n, out, &remaining, e->err,
                  e->errlen);
    if (rc < 0)
        return rc;
    ogi_buf_printf(b, "自次日起算%d个工作日", n);
    describe_range(e, b, from, *out, n);
    char buf[OGI_DATE_TEXT];
    if (rc == 0) {
        ogi_buf_printf(b, " → %s", fmt(*out, buf));
        return 0;
    }
    size_t which;
    pause_status(e->dl->pauses, e->dl->n_pauses, *out + 1, &which);
    ogi_buf_printf(b, "；%s起%s，期限暂停，本段尚余%d个工作日", fmt(*out, buf), e->labels[which],
                   remaining);
    return 1;
}

static int explain_supplement(engine *e, ogi_buf *b)
{
    char b1[OGI_DATE_TEXT], b2[OGI_DATE_TEXT], b3[OGI_DATE_TEXT];
    ogi_buf_printf(b, "\n%s 发出补正通知（法定发出期限：收到申请后7个工作日，至 %s）；补正期限%d个工作日 → %s",
                   fmt(e->supplement_notice_date, b1), fmt(e->dl->supplement_notice_deadline, b2),
                   e->supplement_period, fmt(e->dl->supplement_due, b3));
    if (!e->supplement_received) {
        ogi_buf_puts(b, "\n尚未收到补正材料：答复期限自收到补正材料之日起重新计算");
        return 1;
    }
    ogi_buf_printf(b, "\n%s 收到补正材料，答复期限重新计算；", fmt(e->dl->answer_start, b1));
    return 0;
}

/* One line per extension; once the clock is frozen they are only listed. */
static int explain_extensions(engine *e, ogi_buf *b, ogi_date *due, bool frozen)
{
    int total = 0;
    char b1[OGI_DATE_TEXT], b2[OGI_DATE_TEXT];
    for (size_t i = 0; i < e->n_extensions; i++) {
        total += e->extension_days[i];
        ogi_buf_printf(b, "\n%s 经政府信息公开工作机构负责人同意延长%d个工作日（累计%d个）",
                       fmt(e->extension_dates[i], b1), e->extension_days[i], total);
        if (frozen) {
            ogi_buf_puts(b, "，期限暂停中，恢复计算后顺延");
            continue;
        }
        ogi_buf_printf(b, "：原期限 %s，", fmt(*due, b2));
        int rc = explain_segment(e, b, *due, e->extension_days[i], due);
        if (rc < 0)
            return rc;
        frozen = rc == 1;
    }
    return frozen ? 1 : 0;
}

/* The frozen remainder of the whole period (20 + all extensions). */
static int set_paused(engine *e)
{
    ogi_deadline *dl = e->dl;
    ogi_date at;
    int rc = walk(e->cal, dl->pauses, dl->n_pauses, dl->answer_start,
                  OGI_ANSWER_PERIOD_WD + dl->extension_wd, &at, &dl->paused_remaining_wd, e->err,
                  e->errlen);
    if (rc < 0)
        return rc;
    dl->state = OGI_CLOCK_PAUSED;
    return 0;
}

static int explain(engine *e, ogi_buf *b)
{
    ogi_deadline *dl = e->dl;
    char b1[OGI_DATE_TEXT], b2[OGI_DATE_TEXT];
    ogi_buf_printf(b, "%s 收到申请", fmt(dl->received, b1));
    if (!e->supplement_requested)
        ogi_buf_puts(b, "；");
    else if (explain_supplement(e, b) != 0)
        return 0;
    ogi_date due;
    int rc = explain_segment(e, b, dl->answer_start, OGI_ANSWER_PERIOD_WD, &due);
    if (rc >= 0)
        rc = explain_extensions(e, b, &due, rc == 1);
    if (rc == 1) {
        int prc = set_paused(e);
        if (prc < 0)
            return prc;
    }
    if (rc < 0)
        return rc;
    dl->state = rc == 1 ? OGI_CLOCK_PAUSED : OGI_CLOCK_RUNNING;
    dl->statutory_due = rc == 1 ? OGI_DATE_NONE : due;
    if (dl->custom) {
        ogi_buf_printf(b, "\n%s 告知申请人合理延后的答复期限（条例第三十五条） → %s",
                       fmt(e->custom_notified, b1), fmt(dl->due, b2));
        dl->state = OGI_CLOCK_RUNNING;
    } else {
        dl->due = dl->statutory_due;
    }
    return 0;
}

static void explain_summary(engine *e, ogi_buf *b)
{
    const ogi_deadline *dl = e->dl;
    char buf[OGI_DATE_TEXT];
    if (e->n_events == 0)
        return;
    if (dl->state == OGI_CLOCK_RUNNING)
        ogi_buf_printf(b, "\n答复期限：%s", fmt(dl->due, buf));
    else if (dl->state == OGI_CLOCK_PAUSED)
        ogi_buf_printf(b, "\n答复期限暂停中：尚余%d个工作日，恢复计算后确定", dl->paused_remaining_wd);
}

static void explain_payment(engine *e, ogi_buf *b)
{
    char buf[OGI_DATE_TEXT];
    if (e->fee_notice)
        ogi_buf_printf(b, "\n缴费期限：收到收费通知之次日起20个工作日 → %s%s",
                       fmt(e->dl->payment_deadline, buf),
                       e->opt->fee_pause_enabled ? "（已启用收费期间暂停答复期限）" : "");
}

/* ---- public entry points ------------------------------------------------ */

ogi_event ogi_event_make(ogi_event_kind kind, ogi_date date)
{
    return (ogi_event){.kind = kind, .date = date, .end = OGI_DATE_NONE,
                       .received = OGI_DATE_NONE, .until = OGI_DATE_NONE};
}

void ogi_deadline_free(ogi_deadline *dl)
{
    free(dl->pauses);
    free(dl->explanation);
    memset(dl, 0, sizeof *dl);
}

static void engine_free(engine *e)
{
    for (size_t i = 0; i < e->dl->n_pauses; i++)
        free(e->labels[i]);
    free(e->labels);
    free(e->extension_dates);
    free(e->extension_days);
}

static int check_order(engine *e, ogi_date received, const ogi_event *events, size_t n)
{
    char b1[OGI_DATE_TEXT], b2[OGI_DATE_TEXT];
    for (size_t i = 0; i < n; i++) {
        ogi_date prev = i ? events[i - 1].date : received;
        if (events[i].date == OGI_DATE_NONE || events[i].date < prev)
            return refuse(e, "第%zu个事件「%s」的日期 %s 早于%s %s：事件须按日期顺序记录", i + 1,
                          event_name(events[i].kind),
                          events[i].date == OGI_DATE_NONE ? "（空）" : fmt(events[i].date, b1),
                          i ? "前一事件" : "收到申请日期", fmt(prev, b2));
    }
    return 0;
}

static int run(engine *e, const ogi_event *events, size_t n)
{
    ogi_deadline *dl = e->dl;
    e->n_events = n;
    int rc = ogi_add_wd(e->cal, dl->received, OGI_SUPPLEMENT_NOTICE_WD,
                        &dl->supplement_notice_deadline, e->err, e->errlen);
    if (rc == 0)
        rc = check_order(e, dl->received, events, n);
    for (size_t i = 0; i < n && rc == 0; i++)
        rc = apply_event(e, &events[i]);
    if (rc != 0)
        return rc;
    ogi_buf text;
    ogi_buf_init(&text);
    rc = explain(e, &text);
    explain_payment(e, &text);
    explain_summary(e, &text);
    dl->explanation = ogi_buf_steal(&text);
    return rc;
}

int ogi_deadline_compute(const ogi_calendar *cal, ogi_date received, const ogi_event *events,
                         size_t n_events, const ogi_deadline_options *opt, ogi_deadline *out,
                         char *err, size_t errlen)
{
    static const ogi_deadline_options defaults = {.fee_pause_enabled = false};
    memset(out, 0, sizeof *out);
    out->received = out->answer_start = received;
    out->supplement_due = out->statutory_due = out->due = OGI_DATE_NONE;
    out->payment_deadline = OGI_DATE_NONE;
    engine e = {.cal = cal, .opt = opt ? opt : &defaults, .dl = out, .err = err, .errlen = errlen};
    int rc = run(&e, events, n_events);
    engine_free(&e);
    if (rc != 0)
        ogi_deadline_free(out);
    return rc;
}

/* Counted days from asof up to the day an open pause froze the clock. */
static int days_left_paused(const ogi_calendar *cal, const ogi_deadline *dl, ogi_date asof,
                            int *days_left, char *err, size_t errlen)
{
    ogi_date frozen_at = OGI_DATE_NONE;
    int remaining = 0;
    int rc = walk(cal, dl->pauses, dl->n_pauses, dl->answer_start,
                  OGI_ANSWER_PERIOD_WD + dl->extension_wd, &frozen_at, &remaining, err, errlen);
    if (rc < 0)
        return rc;
    int before = 0;
    if (asof < frozen_at &&
        (rc = count_between(cal, dl->pauses, dl->n_pauses, asof, frozen_at, &before, err,
                            errlen)) != 0)
        return rc;
    *days_left = before + dl->paused_remaining_wd;
    return 0;
}

int ogi_deadline_days_left(const ogi_calendar *cal, const ogi_deadline *dl, ogi_date asof,
                           int *days_left, bool *overdue, char *err, size_t errlen)
{
    *overdue = false;
    if (dl->state == OGI_CLOCK_AWAITING_SUPPLEMENT) {
        snprintf(err, errlen, "补正材料尚未收到，答复期限尚未起算");
        return -1;
    }
    if (asof < dl->answer_start)
        asof = dl->answer_start;
    if (dl->state == OGI_CLOCK_PAUSED)
        return days_left_paused(cal, dl, asof, days_left, err, errlen);
    /* An Art. 35 date is fixed: consultation pauses do not move it. */
    size_t np = dl->custom ? 0 : dl->n_pauses;
    if (asof <= dl->due)
        return count_between(cal, dl->pauses, np, asof, dl->due, days_left, err, errlen);
    int late;
    int rc = count_between(cal, NULL, 0, dl->due, asof, &late, err, errlen);
    if (rc != 0)
        return rc;
    *overdue = true;
    *days_left = late > 0 ? -late : -1;
    return 0;
}

int ogi_consult_reply_deadline(const ogi_calendar *cal, ogi_date letter_received, ogi_date *out,
                               char *err, size_t errlen)
{
    return ogi_add_wd(cal, letter_received, OGI_CONSULT_REPLY_WD, out, err, errlen);
}

int ogi_payment_deadline(const ogi_calendar *cal, ogi_date notice_received, ogi_date *out,
                         char *err, size_t errlen)
{
    return ogi_add_wd(cal, notice_received, OGI_PAYMENT_PERIOD_WD, out, err, errlen);
}

int ogi_publish_deadline(const ogi_calendar *cal, ogi_date formed_or_changed, ogi_date *out,
                         char *err, size_t errlen)
{
    return ogi_add_wd(cal, formed_or_changed, OGI_PUBLISH_PERIOD_WD, out, err, errlen);
}
