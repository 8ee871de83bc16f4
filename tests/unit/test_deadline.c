/*
 * test_deadline.c — the answer clock of one application: 补正 restart,
 * consultation pauses across a holiday, extensions and their caps, the
 * Art. 35 date, fee notices, days left, refusals, the Chinese explanation
 * (application-procedure.md §§1, 4–6, 8, 11, 12).
 *
 * Expected dates were counted by hand from holidays.csv; "(n)" = n-th
 * counted working day.  The fee-pause flag (§11, UNCONFIRMED) is only
 * checked for its plumbing, never pinned to a date.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/buf.h"
#include "ogi/calendar.h"
#include "ogi/deadline.h"

static char err[1024];
static ogi_calendar *cal;

static ogi_date D(const char *s)
{
    ogi_date d;
    assert_true(ogi_date_parse(s, &d));
    return d;
}

static const char *T(ogi_date d)
{
    static char buf[4][OGI_DATE_TEXT];
    static int i;
    if (d == OGI_DATE_NONE)
        return "NONE";
    return ogi_date_format(d, buf[i++ % 4]);
}

static int setup(void **state)
{
    (void)state;
    ogi_buf path;
    ogi_buf_init(&path);
    ogi_buf_printf(&path, "%s/spec/holidays.csv", getenv("OGI_SHARED"));
    cal = ogi_calendar_load(path.data, err, sizeof err);
    ogi_buf_free(&path);
    if (!cal)
        fprintf(stderr, "%s\n", err);
    return cal ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    ogi_calendar_free(cal);
    return 0;
}

static void compute_ok(const char *received, const ogi_event *ev, size_t n,
                       const ogi_deadline_options *opt, ogi_deadline *dl)
{
    if (ogi_deadline_compute(cal, D(received), ev, n, opt, dl, err, sizeof err) != 0)
        fail_msg("compute: %s", err);
}

/* The history must be refused with a message containing `why`. */
static void compute_refused(const char *received, const ogi_event *ev, size_t n, const char *why)
{
    ogi_deadline dl;
    assert_int_equal(ogi_deadline_compute(cal, D(received), ev, n, NULL, &dl, err, sizeof err), -1);
    if (!strstr(err, why))
        fail_msg("message «%s» lacks «%s»", err, why);
}

static int left(const ogi_deadline *dl, const char *asof, bool *overdue)
{
    int n;
    if (ogi_deadline_days_left(cal, dl, D(asof), &n, overdue, err, sizeof err) != 0)
        fail_msg("days_left(%s): %s", asof, err);
    return n;
}

static ogi_event ev_ext(const char *date, int wd)
{
    ogi_event e = ogi_event_make(OGI_EV_EXTENSION, D(date));
    e.wd = wd;
    return e;
}

static ogi_event ev_consult(ogi_event_kind k, const char *sent, const char *reply,
                            const char *letter_received)
{
    ogi_event e = ogi_event_make(k, D(sent));
    if (reply)
        e.end = D(reply);
    if (letter_received)
        e.received = D(letter_received);
    return e;
}

static void test_plain_deadline_and_explanation(void **state)
{
    (void)state;
    ogi_deadline dl;
    compute_ok("2024-09-27", NULL, 0, NULL, &dl);
    /* 9-29 Sun workday (1), 9-30 (2), 国庆节 10-1..7, 10-8..11 (3..6),
     * 10-12 Sat workday (7), 10-14..18 (12), 10-21..25 (17), 10-28..30 (20). */
    assert_int_equal(dl.state, OGI_CLOCK_RUNNING);
    assert_string_equal(T(dl.due), "2024-10-30");
    /* 9-29 (1), 9-30 (2), 10-8..11 (3..6), 10-12 (7). */
    assert_string_equal(T(dl.supplement_notice_deadline), "2024-10-12");
    assert_string_equal(dl.explanation,
                        "2024-09-27 收到申请；自次日起算20个工作日，9月29日调休上班计入，"
                        "国庆节（10月1日至7日）不计，10月12日调休上班计入 → 2024-10-30");
    ogi_deadline_free(&dl);
}

static void test_received_on_holiday_and_makeup_day(void **state)
{
    (void)state;
    ogi_deadline dl;
    /* Received on 国庆节 2024-10-03: 10-4, 10-7 holidays; 10-8..11 (1..4),
     * 10-12 Sat workday (5), 10-14..18 (10), 10-21..25 (15), 10-28..11-1 (20). */
    compute_ok("2024-10-03", NULL, 0, NULL, &dl);
    assert_string_equal(T(dl.due), "2024-11-01");
    assert_non_null(strstr(dl.explanation, "国庆节（10月4日至7日）不计"));
    ogi_deadline_free(&dl);
    /* Received on the make-up Saturday 2024-10-12 (not counted): 10-14..18
     * (5), 10-21..25 (10), 10-28..11-1 (15), 11-4..8 (20). */
    compute_ok("2024-10-12", NULL, 0, NULL, &dl);
    assert_string_equal(T(dl.due), "2024-11-08");
    ogi_deadline_free(&dl);
}

static void test_deadline_on_makeup_saturday_2025(void **state)
{
    (void)state;
    ogi_deadline dl;
    /* 2025-01-06 (Mon): 1-7..10 (4), 1-13..17 (9), 1-20..24 (14), 1-26 Sun
     * workday (15), 1-27 (16), 春节 1-28..2-4, 2-5 (17), 2-6 (18), 2-7 (19),
     * 2-8 Sat workday (20). */
    compute_ok("2025-01-06", NULL, 0, NULL, &dl);
    assert_string_equal(T(dl.due), "2025-02-08");
    assert_non_null(strstr(dl.explanation, "春节（1月28日至2月4日）不计"));
    ogi_deadline_free(&dl);
}

static void test_supplement_restarts_clock(void **state)
{
    (void)state;
    ogi_event ev[2] = {ogi_event_make(OGI_EV_SUPPLEMENT_REQUESTED, D("2024-03-06")),
                       ogi_event_make(OGI_EV_SUPPLEMENT_RECEIVED, D("2024-03-19"))};
    ev[0].wd = 10;
    ogi_deadline dl;
    compute_ok("2024-03-01", ev, 1, NULL, &dl);
    assert_int_equal(dl.state, OGI_CLOCK_AWAITING_SUPPLEMENT);
    assert_int_equal(dl.due, OGI_DATE_NONE);
    /* Notice deadline from 2024-03-01 (Fri): 3-4..8 (5), 3-11 (6), 3-12 (7). */
    assert_string_equal(T(dl.supplement_notice_deadline), "2024-03-12");
    /* Supplement period from 3-6 (Wed): 3-7, 3-8 (2), 3-11..15 (7), 3-18..20 (10). */
    assert_string_equal(T(dl.supplement_due), "2024-03-20");
    int n;
    bool overdue;
    assert_int_equal(ogi_deadline_days_left(cal, &dl, D("2024-03-10"), &n, &overdue, err, sizeof err), -1);
    ogi_deadline_free(&dl);

    compute_ok("2024-03-01", ev, 2, NULL, &dl);
    /* Fresh 20 days from 3-19 (Tue): 3-20..22 (3), 3-25..29 (8), 4-1..3 (11),
     * 清明节 4-4/5, 4-6 Sat rest, 4-7 Sun workday (12), 4-8..12 (17),
     * 4-15 (18), 4-16 (19), 4-17 (20). */
    assert_int_equal(dl.state, OGI_CLOCK_RUNNING);
    assert_string_equal(T(dl.answer_start), "2024-03-19");
    assert_string_equal(T(dl.due), "2024-04-17");
    assert_non_null(strstr(dl.explanation, "2024-03-19 收到补正材料，答复期限重新计算"));
    assert_non_null(strstr(dl.explanation, "4月7日调休上班计入"));
    ogi_deadline_free(&dl);
}

static void test_supplement_refusals(void **state)
{
    (void)state;
    ogi_event ev[3] = {ogi_event_make(OGI_EV_SUPPLEMENT_REQUESTED, D("2024-03-06")),
                       ogi_event_make(OGI_EV_SUPPLEMENT_RECEIVED, D("2024-03-19")),
                       ogi_event_make(OGI_EV_SUPPLEMENT_REQUESTED, D("2024-03-20"))};
    ev[0].wd = ev[2].wd = 10;
    compute_refused("2024-03-01", ev, 3, "一次性");
    /* Notice deadline 2024-03-12 (see above): 3-13 is too late. */
    ogi_event late = ogi_event_make(OGI_EV_SUPPLEMENT_REQUESTED, D("2024-03-13"));
    late.wd = 10;
    compute_refused("2024-03-01", &late, 1, "7个工作日内");
    ogi_event no_period = ogi_event_make(OGI_EV_SUPPLEMENT_REQUESTED, D("2024-03-05"));
    compute_refused("2024-03-01", &no_period, 1, "补正期限");
    ogi_event orphan = ogi_event_make(OGI_EV_SUPPLEMENT_RECEIVED, D("2024-03-05"));
    compute_refused("2024-03-01", &orphan, 1, "没有发出过补正通知");
    ogi_event waiting[2] = {ev[0], ev_ext("2024-03-07", 5)};
    compute_refused("2024-03-01", waiting, 2, "补正材料尚未收到");
}

static void test_pause_spanning_national_day(void **state)
{
    (void)state;
    ogi_event ev = ev_consult(OGI_EV_CONSULT_THIRD_PARTY, "2024-09-26", "2024-10-09", NULL);
    ogi_deadline dl;
    compute_ok("2024-09-20", &ev, 1, NULL, &dl);
    /* 2024-09-20 (Fri): 9-23..26 (1..4), S = 9-26 counts; 16 left, frozen.
     * (9-26, 10-9] excluded (it holds 9-29 workday and 国庆节).  Resume on
     * 10-10: 10-10 (5), 10-11 (6), 10-12 Sat workday (7), 10-14..18 (12),
     * 10-21..25 (17), 10-28 (18), 10-29 (19), 10-30 (20).
     * (Without the pause: 10-23.) */
    assert_string_equal(T(dl.due), "2024-10-30");
    assert_int_equal(dl.n_pauses, 1);
    assert_non_null(strstr(dl.explanation, "暂停时尚余16个工作日"));
    assert_non_null(strstr(dl.explanation, "9月27日至10月9日不计"));
    bool overdue;
    /* As of 10-1 (inside the pause): 10-10..30 still hold 16 counted days. */
    assert_int_equal(left(&dl, "2024-10-01", &overdue), 16);
    assert_false(overdue);
    ogi_deadline_free(&dl);
}

static void test_open_and_capped_pause(void **state)
{
    (void)state;
    ogi_deadline dl;
    ogi_event open = ev_consult(OGI_EV_CONSULT_AGENCY, "2024-09-26", NULL, NULL);
    compute_ok("2024-09-20", &open, 1, NULL, &dl);
    assert_int_equal(dl.state, OGI_CLOCK_PAUSED);
    assert_int_equal(dl.due, OGI_DATE_NONE);
    assert_int_equal(dl.paused_remaining_wd, 16); /* 9-23..26 counted 4 */
    bool overdue;
    assert_int_equal(left(&dl, "2024-11-20", &overdue), 16);
    /* 9-24 → 9-25, 9-26 still to count before the freeze: 2 + 16. */
    assert_int_equal(left(&dl, "2024-09-24", &overdue), 18);
    ogi_deadline_free(&dl);

    /* Letter received 9-27, no reply: reply period 9-29 Sun workday (1),
     * 9-30 (2), 10-8..11 (6), 10-12 (7), 10-14..18 (12), 10-21..23 (15)
     * → E = 10-23.  Resume 10-24 with 16: 10-24, 25 (2), 10-28..11-1 (7),
     * 11-4..8 (12), 11-11..14 (16). */
    ogi_event capped = ev_consult(OGI_EV_CONSULT_THIRD_PARTY, "2024-09-26", NULL, "2024-09-27");
    compute_ok("2024-09-20", &capped, 1, NULL, &dl);
    assert_string_equal(T(dl.pauses[0].end), "2024-10-23");
    assert_string_equal(T(dl.due), "2024-11-14");
    ogi_deadline_free(&dl);
    /* A reply before the 15-day deadline ends the pause: back to 10-30. */
    capped.end = D("2024-10-09");
    compute_ok("2024-09-20", &capped, 1, NULL, &dl);
    assert_string_equal(T(dl.due), "2024-10-30");
    ogi_deadline_free(&dl);
    ogi_date reply;
    assert_int_equal(ogi_consult_reply_deadline(cal, D("2024-09-27"), &reply, err, sizeof err), 0);
    assert_string_equal(T(reply), "2024-10-23");
}

static void test_extensions_and_caps(void **state)
{
    (void)state;
    ogi_deadline dl;
    /* Base due 2024-10-30 (see the plain test).  Approved on the deadline
     * day, 10 days: 10-31 (1), 11-1 (2), 11-4..8 (7), 11-11..13 (10). */
    ogi_event ev[3] = {ev_ext("2024-10-30", 10), ev_ext("2024-11-13", 10), ev_ext("2024-11-13", 1)};
    compute_ok("2024-09-27", ev, 1, NULL, &dl);
    assert_string_equal(T(dl.due), "2024-11-13");
    assert_int_equal(dl.extension_wd, 10);
    ogi_deadline_free(&dl);
    /* Second extension of 10 approved on 11-13: 11-14, 15 (2), 11-18..22
     * (7), 11-25..27 (10). */
    compute_ok("2024-09-27", ev, 2, NULL, &dl);
    assert_string_equal(T(dl.due), "2024-11-27");
    assert_non_null(strstr(dl.explanation, "累计20个"));
    ogi_deadline_free(&dl);
    compute_refused("2024-09-27", ev, 3, "不得超过20个工作日");
    ogi_event big = ev_ext("2024-10-10", 21);
    compute_refused("2024-09-27", &big, 1, "不得超过20个工作日");
    ogi_event zero = ev_ext("2024-10-10", 0);
    compute_refused("2024-09-27", &zero, 1, "至少为1");
    ogi_event late = ev_ext("2024-10-31", 5);
    compute_refused("2024-09-27", &late, 1, "晚于当前答复期限 2024-10-30");
}

static void test_custom_deadline(void **state)
{
    (void)state;
    ogi_deadline dl;
    ogi_event ev = ogi_event_make(OGI_EV_CUSTOM_DEADLINE, D("2024-10-10"));
    ev.until = D("2024-12-31");
    compute_ok("2024-09-27", &ev, 1, NULL, &dl);
    assert_true(dl.custom);
    assert_string_equal(T(dl.due), "2024-12-31");
    assert_string_equal(T(dl.statutory_due), "2024-10-30");
    ogi_deadline_free(&dl);
    ev.until = D("2024-10-25");
    compute_refused("2024-09-27", &ev, 1, "应晚于法定答复期限");
    ogi_event after[2] = {ogi_event_make(OGI_EV_CUSTOM_DEADLINE, D("2024-10-10")), ev_ext("2024-10-11", 5)};
    after[0].until = D("2024-12-31");
    compute_refused("2024-09-27", after, 2, "不能再延长");
}

static void test_fee_notice(void **state)
{
    (void)state;
    ogi_deadline dl;
    ogi_event fee = ogi_event_make(OGI_EV_FEE_NOTICE, D("2025-01-20"));
    fee.received = D("2025-01-22");
    fee.end = D("2025-02-05");
    compute_ok("2025-01-06", &fee, 1, NULL, &dl);
    /* Payment: from 1-22 (Wed): 1-23, 24 (2), 1-26 Sun workday (3), 1-27
     * (4), 春节, 2-5..7 (7), 2-8 Sat workday (8), 2-10..14 (13), 2-17..21
     * (18), 2-24 (19), 2-25 (20). */
    assert_string_equal(T(dl.payment_deadline), "2025-02-25");
    /* Default: the fee does not pause the clock (due as without it). */
    assert_string_equal(T(dl.due), "2025-02-08");
    assert_int_equal(dl.n_pauses, 0);
    ogi_deadline_free(&dl);

    /* fee_pause_enabled: the same result as a consultation over the same
     * interval (the UNCONFIRMED rule is not pinned to a date). */
    ogi_deadline_options opt = {.fee_pause_enabled = true};
    compute_ok("2025-01-06", &fee, 1, &opt, &dl);
    ogi_deadline same;
    ogi_event consult = ev_consult(OGI_EV_CONSULT_AGENCY, "2025-01-20", "2025-02-05", NULL);
    compute_ok("2025-01-06", &consult, 1, NULL, &same);
    assert_int_equal(dl.n_pauses, 1);
    assert_int_equal(dl.due, same.due);
    assert_true(dl.due > D("2025-02-08"));
    ogi_deadline_free(&same);
    ogi_deadline_free(&dl);

    fee.end = D("2025-02-26"); /* paid after the payment deadline */
    compute_refused("2025-01-06", &fee, 1, "缴费期限 2025-02-25");
    ogi_event late = ogi_event_make(OGI_EV_FEE_NOTICE, D("2025-02-10"));
    compute_refused("2025-01-06", &late, 1, "晚于当前答复期限 2025-02-08");
    ogi_event two[2] = {ogi_event_make(OGI_EV_FEE_NOTICE, D("2025-01-20")),
                        ogi_event_make(OGI_EV_FEE_NOTICE, D("2025-01-21"))};
    compute_refused("2025-01-06", two, 2, "第二份收费通知");
}

static void test_days_left(void **state)
{
    (void)state;
    ogi_deadline dl;
    bool overdue;
    compute_ok("2024-09-27", NULL, 0, NULL, &dl); /* due 2024-10-30 */
    assert_int_equal(left(&dl, "2024-09-27", &overdue), 20);
    /* As of the holiday 10-1: 9-29, 9-30 are behind; 18 remain. */
    assert_int_equal(left(&dl, "2024-10-01", &overdue), 18);
    assert_int_equal(left(&dl, "2024-10-30", &overdue), 0);
    assert_false(overdue);
    assert_int_equal(left(&dl, "2024-10-31", &overdue), -1); /* Thu */
    assert_true(overdue);
    /* 11-3 (Sun): 10-31, 11-1 are working days past the deadline. */
    assert_int_equal(left(&dl, "2024-11-03", &overdue), -2);
    ogi_deadline_free(&dl);
    /* Due Fri 2024-11-08; the Saturday after is overdue though no working
     * day has passed: -1. */
    compute_ok("2024-10-12", NULL, 0, NULL, &dl);
    assert_int_equal(left(&dl, "2024-11-09", &overdue), -1);
    assert_true(overdue);
    ogi_deadline_free(&dl);
}

static void test_refusals_of_order_and_unknown_years(void **state)
{
    (void)state;
    ogi_deadline dl;
    ogi_event ev[2] = {ev_ext("2024-10-10", 5), ev_ext("2024-10-08", 5)};
    compute_refused("2024-09-27", ev, 2, "日期顺序");
    ogi_event before = ev_ext("2024-09-20", 5);
    compute_refused("2024-09-27", &before, 1, "收到申请日期");
    /* 2026-12-15: 12 working days left in 2026, the 13th is in 2027. */
    assert_int_equal(ogi_deadline_compute(cal, D("2026-12-15"), NULL, 0, NULL, &dl, err, sizeof err),
                     OGI_CAL_UNCOVERED);
    assert_non_null(strstr(err, "2027"));
    /* 2026-12-01 → 12-29 (see test_calendar); the 7-day notice deadline
     * 12-2..4 (3), 12-7..10 (7) is inside 2026 too. */
    compute_ok("2026-12-01", NULL, 0, NULL, &dl);
    assert_string_equal(T(dl.due), "2026-12-29");
    assert_string_equal(T(dl.supplement_notice_deadline), "2026-12-10");
    bool overdue;
    int n;
    assert_int_equal(ogi_deadline_days_left(cal, &dl, D("2027-01-05"), &n, &overdue, err, sizeof err),
                     OGI_CAL_UNCOVERED);
    ogi_deadline_free(&dl);
}

static void test_publish_and_payment_helpers(void **state)
{
    (void)state;
    ogi_date out;
    /* Formed 2023-09-27 (Wed): 9-28 (1); 9-29 中秋节; 9-30, 10-1 weekend;
     * 10-2..6 holidays; 10-7 Sat, 10-8 Sun workdays (2, 3); 10-9..13 (8);
     * 10-16..20 (13); 10-23..27 (18); 10-30 (19), 10-31 (20). */
    assert_int_equal(ogi_publish_deadline(cal, D("2023-09-27"), &out, err, sizeof err), 0);
    assert_string_equal(T(out), "2023-10-31");
    assert_int_equal(ogi_payment_deadline(cal, D("2025-01-22"), &out, err, sizeof err), 0);
    assert_string_equal(T(out), "2025-02-25");
    assert_int_equal(ogi_publish_deadline(cal, D("2026-12-20"), &out, err, sizeof err),
                     OGI_CAL_UNCOVERED);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_deadline_and_explanation),
        cmocka_unit_test(test_received_on_holiday_and_makeup_day),
        cmocka_unit_test(test_deadline_on_makeup_saturday_2025),
        cmocka_unit_test(test_supplement_restarts_clock),
        cmocka_unit_test(test_supplement_refusals),
        cmocka_unit_test(test_pause_spanning_national_day),
        cmocka_unit_test(test_open_and_capped_pause),
        cmocka_unit_test(test_extensions_and_caps),
        cmocka_unit_test(test_custom_deadline),
        cmocka_unit_test(test_fee_notice),
        cmocka_unit_test(test_days_left),
        cmocka_unit_test(test_refusals_of_order_and_unknown_years),
        cmocka_unit_test(test_publish_and_payment_helpers),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
