/*
 * test_ledger.c — the application workflow on the statutory clock, and the
 * annual report computed from a ledger spanning two years.
 *
 * Expected due dates are worked out by hand from holidays.csv (reasoning
 * beside each); expected report cells are counted by hand from the
 * scenario in build_two_years().
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ogi/ledger.h"
#include "ogi/validate.h"
#include "store_fixture.h"

typedef struct {
    ogi_store *store;
    ogi_calendar *cal;
    int64_t a, b; /* two agencies */
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    char err[512], csv[512];
    f->store = test_store_open("ledger");
    assert_int_equal(ogi_store_migrate(f->store, NULL, err, sizeof err), 0);
    snprintf(csv, sizeof csv, "%s/spec/holidays.csv", getenv("OGI_SHARED"));
    f->cal = ogi_calendar_load(csv, err, sizeof err);
    assert_non_null(f->cal);
    ogi_agency a = {.name = (char *)"某市教育局", .kind = OGI_KIND_DEPARTMENT};
    ogi_agency b = {.name = (char *)"某市人力资源和社会保障局", .kind = OGI_KIND_DEPARTMENT};
    assert_int_equal(ogi_store_agency_add(f->store, &a, "t"), 0);
    assert_int_equal(ogi_store_agency_add(f->store, &b, "t"), 0);
    f->a = a.id;
    f->b = b.id;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    test_store_close(f->store);
    ogi_calendar_free(f->cal);
    free(f);
    return 0;
}

static int64_t new_app(fixture *f, int64_t agency, const char *type, const char *received)
{
    ogi_application a = {.agency_id = agency, .applicant_type = (char *)type,
                         .channel = (char *)"online", .received_date = (char *)received,
                         .description = (char *)"申请公开2023年度部门预算"};
    char code[16], err[512];
    int rc = ogi_app_create(f->store, f->cal, &a, code, sizeof code, "clerk", err, sizeof err);
    if (rc)
        fail_msg("%s", err);
    assert_int_equal(strlen(code), 10);
    int64_t id = a.id;
    a.applicant_type = a.channel = a.received_date = a.description = NULL;
    ogi_application_free(&a);
    return id;
}

static int event(fixture *f, int64_t id, ogi_app_event_args ev, char *err)
{
    return ogi_app_event_apply(f->store, f->cal, id, &ev, "officer", err, 512);
}

static void ok(fixture *f, int64_t id, ogi_app_event_args ev)
{
    char err[512];
    if (event(f, id, ev, err))
        fail_msg("%s %s: %s", ev.kind, ev.date, err);
}

static void expect_app(fixture *f, int64_t id, const char *status, const char *due,
                       const char *outcome)
{
    ogi_application a;
    assert_int_equal(ogi_app_get(f->store, id, &a), 1);
    assert_string_equal(a.status, status);
    if (due)
        assert_string_equal(a.due_date, due);
    else
        assert_null(a.due_date);
    if (outcome)
        assert_string_equal(a.outcome, outcome);
    else
        assert_null(a.outcome);
    ogi_application_free(&a);
}

static void test_intake_due_across_national_day(void **state)
{
    fixture *f = *state;
    /* Received Fri 2024-09-27.  Working days after it: 9-29 (Sun, make-up) 1, 9-30 2;
     * 10-01..10-07 off; 10-08..10-11 3–6; 10-12 (Sat, make-up) 7; 10-14..10-18 8–12;
     * 10-21..10-25 13–17; 10-28 18, 10-29 19, 10-30 20. */
    int64_t id = new_app(f, f->a, "natural_person", "2024-09-27");
    expect_app(f, id, "processing", "2024-10-30", NULL);
    /* Extension of 10 working days from 10-30: 10-31 1, 11-01 2, 11-04..11-08 3–7,
     * 11-11 8, 11-12 9, 11-13 10. */
    ok(f, id, (ogi_app_event_args){.kind = "extend", .date = "2024-10-29", .wd = 10,
                                   .approver = "办公室主任"});
    expect_app(f, id, "processing", "2024-11-13", NULL);
    ok(f, id, (ogi_app_event_args){.kind = "answer", .date = "2024-11-12", .outcome = "partial"});
    expect_app(f, id, "concluded", NULL, "partial");
}

static void test_supplement_restarts_clock_over_spring_festival(void **state)
{
    fixture *f = *state;
    int64_t id = new_app(f, f->a, "commercial", "2024-12-20");
    ok(f, id, (ogi_app_event_args){.kind = "request_supplement", .date = "2024-12-23", .wd = 15});
    expect_app(f, id, "awaiting_supplement", NULL, NULL);
    /* Fresh 20 working days from Fri 2025-01-24: 01-26 (Sun, make-up) 1, 01-27 2;
     * 01-28..02-04 off; 02-05..02-07 3–5; 02-08 (Sat, make-up) 6; 02-10..02-14 7–11;
     * 02-17..02-21 12–16; 02-24..02-27 17–20. */
    ok(f, id, (ogi_app_event_args){.kind = "supplement_received", .date = "2025-01-24"});
    expect_app(f, id, "processing", "2025-02-27", NULL);
}

static void test_illegal_steps_are_refused_with_reasons(void **state)
{
    fixture *f = *state;
    char err[512];
    int64_t id = new_app(f, f->a, "natural_person", "2024-03-01");
    assert_int_equal(event(f, id, (ogi_app_event_args){.kind = "extend", .date = "2024-03-05",
                                                        .wd = 5}, err), -1);
    assert_non_null(strstr(err, "批准人"));
    assert_int_equal(event(f, id, (ogi_app_event_args){.kind = "fee_paid", .date = "2024-03-05"},
                           err), -1);
    assert_non_null(strstr(err, "办理中"));
    assert_int_equal(event(f, id, (ogi_app_event_args){.kind = "answer", .date = "2024-03-05",
                                                        .outcome = "no_such_row"}, err), -1);
    assert_int_equal(event(f, id, (ogi_app_event_args){.kind = "answer", .date = "2024-02-01",
                                                        .outcome = "granted"}, err), -1);
    assert_non_null(strstr(err, "早于"));
    assert_int_equal(event(f, id, (ogi_app_event_args){.kind = "answer", .date = "2024-03-05",
                                                        .outcome = "other_fee_unpaid"}, err), -1);
    ok(f, id, (ogi_app_event_args){.kind = "request_supplement", .date = "2024-03-04", .wd = 5});
    /* 补正 period: 5 working days after 03-04 → 03-11; expiry can only be recorded after it. */
    assert_int_equal(event(f, id, (ogi_app_event_args){.kind = "supplement_expired",
                                                        .date = "2024-03-11"}, err), -1);
    assert_non_null(strstr(err, "2024-03-11"));
    ok(f, id, (ogi_app_event_args){.kind = "supplement_received", .date = "2024-03-08"});
    /* Only one 补正 notice per application (Art. 30): the engine refuses the second. */
    assert_int_equal(event(f, id, (ogi_app_event_args){.kind = "request_supplement",
                                                        .date = "2024-03-12", .wd = 5}, err), -1);
    ok(f, id, (ogi_app_event_args){.kind = "answer", .date = "2024-03-20", .outcome = "granted"});
    assert_int_equal(event(f, id, (ogi_app_event_args){.kind = "answer", .date = "2024-03-21",
                                                        .outcome = "granted"}, err), -1);
    assert_non_null(strstr(err, "已办结"));
    /* Dates past the year after the calendar are refused, never guessed. */
    assert_int_equal(event(f, id, (ogi_app_event_args){.kind = "reopen", .date = "2028-01-05"},
                           err), -1);
    assert_non_null(strstr(err, "2028-01-05"));
}

static void test_query_code(void **state)
{
    fixture *f = *state;
    ogi_application a = {.agency_id = f->a, .applicant_type = (char *)"natural_person",
                         .channel = (char *)"letter", .received_date = (char *)"2024-05-06"};
    char code[16], err[512];
    assert_int_equal(ogi_app_create(f->store, f->cal, &a, code, sizeof code, "t", err, sizeof err), 0);
    assert_true(ogi_app_query_code_ok(f->store, a.tracking_no, code));
    code[0] = code[0] == 'A' ? 'B' : 'A';
    assert_false(ogi_app_query_code_ok(f->store, a.tracking_no, code));
    assert_false(ogi_app_query_code_ok(f->store, "no-such-number", code));
    free(a.tracking_no);
    free(a.status);
    free(a.due_date);
}

static void test_intake_validation(void **state)
{
    fixture *f = *state;
    char code[16], err[512];
    ogi_application a = {.agency_id = f->a, .applicant_type = (char *)"alien",
                         .channel = (char *)"online", .received_date = (char *)"2024-05-06"};
    assert_int_equal(ogi_app_create(f->store, f->cal, &a, code, sizeof code, "t", err, sizeof err), -1);
    assert_non_null(strstr(err, "alien"));
    a.applicant_type = (char *)"natural_person";
    /* The calendar ends with 2026: 2027 waits for its arrangement (see
     * below), 2028 is out of reach. */
    a.received_date = (char *)"2028-03-01";
    assert_int_equal(ogi_app_create(f->store, f->cal, &a, code, sizeof code, "t", err, sizeof err), -1);
    assert_non_null(strstr(err, "2028-03-01"));
}

/* A calendar holding the shared one plus an arrangement for 2027 — a test
 * fixture (one holiday on 2027-01-01), not the real 2027 notice. */
static ogi_calendar *calendar_with_2027(void)
{
    char path[512], err[512];
    snprintf(path, sizeof path, "%s/spec/holidays.csv", getenv("OGI_SHARED"));
    FILE *in = fopen(path, "rb");
    assert_non_null(in);
    char *text = calloc(1, 1 << 16);
    size_t len = fread(text, 1, (1 << 16) - 64, in);
    fclose(in);
    len += (size_t)sprintf(text + len, "%s2027-01-01,holiday,元旦\n",
                           len && text[len - 1] != '\n' ? "\n" : "");
    ogi_calendar *cal = ogi_calendar_parse(text, len, "fixture", err, sizeof err);
    free(text);
    assert_non_null(cal);
    return cal;
}

/* Received where the deadline runs into a year without holiday data: the
 * application is recorded with no due date, steps judged against the clock
 * wait, an answer does not, and a calendar covering the year fills the due
 * date in. */
static void test_deadline_beyond_the_calendar(void **state)
{
    fixture *f = *state;
    char err[512];
    int64_t late = new_app(f, f->a, "natural_person", "2026-12-20");
    int64_t next_year = new_app(f, f->a, "commercial", "2027-01-05");
    int64_t answered = new_app(f, f->a, "research", "2026-12-21");
    expect_app(f, late, "processing", NULL, NULL);
    expect_app(f, next_year, "processing", NULL, NULL);

    ogi_deadline dl;
    int left;
    bool overdue;
    assert_int_equal(ogi_app_clock(f->store, f->cal, late, "2026-12-21", &dl, &left, &overdue, err,
                                   sizeof err),
                     OGI_CAL_UNCOVERED);
    assert_non_null(strstr(err, "2027"));
    assert_int_equal(event(f, late, (ogi_app_event_args){.kind = "extend", .date = "2026-12-28",
                                                         .wd = 5, .approver = "主任"},
                           err),
                     -1);
    assert_non_null(strstr(err, "延长答复期限"));
    expect_app(f, late, "processing", NULL, NULL);
    ok(f, answered, (ogi_app_event_args){.kind = "answer", .date = "2027-01-06",
                                         .outcome = "granted"});
    expect_app(f, answered, "concluded", NULL, "granted");

    /* 2026-12-20 (Sun): 12-21..25 1–5, 12-28..31 6–9, 2027-01-01 off,
     * 01-04..08 10–14, 01-11..15 15–19, 01-18 20.
     * 2027-01-05: 01-06..08 1–3, 01-11..15 4–8, 01-18..22 9–13,
     * 01-25..29 14–18, 02-01 19, 02-02 20. */
    ogi_calendar *cal = calendar_with_2027();
    size_t changed = 0;
    assert_int_equal(ogi_app_recompute_all(f->store, cal, &changed, err, sizeof err), 0);
    assert_int_equal(changed, 2);
    expect_app(f, late, "processing", "2027-01-18", NULL);
    expect_app(f, next_year, "processing", "2027-02-02", NULL);
    /* With the deadline known, the extension is judged and recorded. */
    ogi_app_event_args ext = {.kind = "extend", .date = "2026-12-28", .wd = 5, .approver = "主任"};
    assert_int_equal(ogi_app_event_apply(f->store, cal, late, &ext, "officer", err, sizeof err), 0);
    expect_app(f, late, "processing", "2027-01-25", NULL);
    ogi_calendar_free(cal);
}

static void set_figures(fixture *f, int64_t agency, int year)
{
    const char *keys[] = {"s2_licensing_decisions", "s2_penalty_decisions",
                          "s2_coercion_decisions", "s2_fee_amount_wan"};
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(ogi_store_figure_set(f->store, agency, year, keys[i], 0, 0, "t"), 0);
}

/* The scenario counted by hand in the tests below. */
static void build_two_years(fixture *f)
{
    int64_t app1 = new_app(f, f->a, "natural_person", "2023-12-20");
    int64_t app2 = new_app(f, f->a, "commercial", "2023-03-01");
    int64_t app7 = new_app(f, f->a, "natural_person", "2023-05-05");
    ok(f, app2, (ogi_app_event_args){.kind = "answer", .date = "2023-03-20", .outcome = "partial"});
    ok(f, app7, (ogi_app_event_args){.kind = "answer", .date = "2023-05-10",
                                     .outcome = "not_handled_repeat"});
    ok(f, app1, (ogi_app_event_args){.kind = "answer", .date = "2024-01-10", .outcome = "granted"});
    int64_t app3 = new_app(f, f->a, "natural_person", "2024-02-01");
    ok(f, app3, (ogi_app_event_args){.kind = "request_supplement", .date = "2024-02-05", .wd = 10});
    ok(f, app3, (ogi_app_event_args){.kind = "supplement_expired", .date = "2024-04-01"});
    int64_t app4 = new_app(f, f->a, "research", "2024-05-06");
    ok(f, app4, (ogi_app_event_args){.kind = "withdraw", .date = "2024-05-08"});
    int64_t app5 = new_app(f, f->a, "natural_person", "2024-06-03");
    ok(f, app5, (ogi_app_event_args){.kind = "transfer", .date = "2024-06-04",
                                     .to_agency = "某市人力资源和社会保障局"});
    ok(f, app5, (ogi_app_event_args){.kind = "answer", .date = "2024-06-20", .outcome = "granted"});
    new_app(f, f->a, "legal_service", "2024-12-25");
    ok(f, app7, (ogi_app_event_args){.kind = "reopen", .date = "2024-03-01"});
    ok(f, app7, (ogi_app_event_args){.kind = "answer", .date = "2024-03-20", .outcome = "granted"});
    char err[512];
    ogi_case review = {.agency_id = f->a, .application_id = app7, .kind = (char *)"review",
                       .filed_date = (char *)"2024-02-01"};
    assert_int_equal(ogi_case_add(f->store, &review, "t", err, sizeof err), 0);
    assert_int_equal(ogi_case_decide(f->store, review.id, "corrected", "2024-02-25", "t", err,
                                     sizeof err), 0);
    ogi_case suit = {.agency_id = f->a, .kind = (char *)"suit_direct",
                     .filed_date = (char *)"2024-11-01"};
    assert_int_equal(ogi_case_add(f->store, &suit, "t", err, sizeof err), 0);
    for (int y = 2023; y <= 2024; y++) {
        set_figures(f, f->a, y);
        set_figures(f, f->b, y);
    }
}

static int64_t cell(const ogi_report *r, const char *key)
{
    const ogi_cell *c = ogi_report_cell_c(r, key);
    assert_non_null(c);
    assert_int_equal(c->state, OGI_CELL_VALUE);
    return c->value;
}

static ogi_report *build(fixture *f, int64_t agency, int year)
{
    char err[512];
    ogi_report *r = ogi_ledger_build_report(f->store, agency, year,
                                            "{\"s1\": \"总体情况\", \"s6\": \"无\"}", err, sizeof err);
    if (!r)
        fail_msg("%s", err);
    return r;
}

static void test_report_computed_from_ledger(void **state)
{
    fixture *f = *state;
    build_two_years(f);
    ogi_report *r23 = build(f, f->a, 2023), *r24 = build(f, f->a, 2024);
    assert_int_equal(cell(r23, "s3_new_received__natural_person"), 2);
    assert_int_equal(cell(r23, "s3_new_received__commercial"), 1);
    assert_int_equal(cell(r23, "s3_partial__commercial"), 1);
    assert_int_equal(cell(r23, "s3_not_handled_repeat__natural_person"), 1);
    assert_int_equal(cell(r23, "s3_carry_forward__total"), 1);
    assert_int_equal(cell(r24, "s3_carried_over__natural_person"), 1);
    assert_int_equal(cell(r24, "s3_new_received__natural_person"), 3); /* app3, app5, reopened app7 */
    assert_int_equal(cell(r24, "s3_new_received__total"), 5);
    assert_int_equal(cell(r24, "s3_granted__natural_person"), 2);
    assert_int_equal(cell(r24, "s3_other_no_supplement__natural_person"), 1);
    assert_int_equal(cell(r24, "s3_other_misc__research"), 1);
    assert_int_equal(cell(r24, "s3_unavailable_not_held__natural_person"), 1); /* transferred */
    assert_int_equal(cell(r24, "s3_outcome_total__total"), 5);
    assert_int_equal(cell(r24, "s3_carry_forward__legal_service"), 1);
    assert_int_equal(cell(r24, "s4_review_corrected"), 1);
    assert_int_equal(cell(r24, "s4_review_total"), 1);
    assert_int_equal(cell(r24, "s4_suit_direct_pending"), 1);
    assert_int_equal(cell(r24, "s4_suit_direct_total"), 1);
    assert_int_equal(cell(r23, "s4_review_total"), 0);
    assert_string_equal(r24->sections[0], "总体情况");
    ogi_report *b24 = build(f, f->b, 2024);
    assert_int_equal(cell(b24, "s3_new_received__natural_person"), 1);
    assert_int_equal(cell(b24, "s3_granted__natural_person"), 1);
    /* Right by construction: no ERROR within each year, none across the years. */
    ogi_findings fd;
    ogi_findings_init(&fd);
    ogi_validate(r23, &fd);
    ogi_validate(r24, &fd);
    ogi_validate(b24, &fd);
    ogi_validate_pair(r23, r24, &fd);
    for (size_t i = 0; i < fd.n; i++)
        if (fd.items[i].severity == OGI_SEV_ERROR)
            fail_msg("%s %s", fd.items[i].rule, fd.items[i].message_en);
    ogi_findings_free(&fd);
    ogi_report_free(r23);
    ogi_report_free(r24);
    ogi_report_free(b24);
}

static void test_report_v2019_year_folds_other_rows(void **state)
{
    fixture *f = *state;
    int64_t id = new_app(f, f->a, "public_welfare", "2020-06-01");
    ok(f, id, (ogi_app_event_args){.kind = "withdraw", .date = "2020-06-03"});
    ogi_report *r = build(f, f->a, 2020);
    assert_int_equal(cell(r, "s3_other_v2019__public_welfare"), 1);
    assert_int_equal(ogi_report_cell_c(r, "s3_other_misc__total")->state, OGI_CELL_ABSENT);
    assert_int_equal(ogi_report_cell_c(r, "s2v19_penalty_decisions")->state, OGI_CELL_BLANK);
    ogi_report_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_intake_due_across_national_day, setup, teardown),
        cmocka_unit_test_setup_teardown(test_supplement_restarts_clock_over_spring_festival, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_illegal_steps_are_refused_with_reasons, setup, teardown),
        cmocka_unit_test_setup_teardown(test_query_code, setup, teardown),
        cmocka_unit_test_setup_teardown(test_intake_validation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deadline_beyond_the_calendar, setup, teardown),
        cmocka_unit_test_setup_teardown(test_report_computed_from_ledger, setup, teardown),
        cmocka_unit_test_setup_teardown(test_report_v2019_year_folds_other_rows, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
