/*
 * test_demo.c — the demonstration ledger (ogi/demo.h) is what `make run`
 * shows, so it must be a lawful, complete year: its computed annual report
 * has no ERROR finding, every v2021 outcome row and every applicant type of
 * section 三 is used, registry items sit in every review state, and the
 * same options give the same report.
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

#include "ogi/demo.h"
#include "ogi/format.h"
#include "ogi/ledger.h"
#include "ogi/validate.h"

#define YEAR 2024
#define ASOF "2024-11-20"

typedef struct {
    char path[96];
    ogi_calendar *cal;
    ogi_store *store;
    ogi_demo_summary sum;
} fixture;

static void remove_db(const char *path)
{
    char side[128];
    unlink(path);
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
}

static void seed(fixture *f, int n)
{
    char err[1024];
    snprintf(f->path, sizeof f->path, "/tmp/ogi-test-demo-%d-%d.db", (int)getpid(), n);
    remove_db(f->path);
    f->store = ogi_store_open(f->path, err, sizeof err);
    assert_non_null(f->store);
    assert_int_equal(ogi_store_migrate(f->store, NULL, err, sizeof err), 0);
    ogi_demo_options o = {.year = YEAR, .asof = ASOF};
    if (ogi_demo_seed(f->store, f->cal, &o, &f->sum, err, sizeof err))
        fail_msg("demo: %s", err);
}

static int setup(void **state)
{
    fixture *f = calloc(2, sizeof *f);
    char csv[512], err[512];
    snprintf(csv, sizeof csv, "%s/spec/holidays.csv", getenv("OGI_SHARED"));
    f[0].cal = ogi_calendar_load(csv, err, sizeof err);
    assert_non_null(f[0].cal);
    f[1].cal = f[0].cal;
    seed(&f[0], 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    for (int i = 0; i < 2; i++)
        if (f[i].store) {
            ogi_store_close(f[i].store);
            remove_db(f[i].path);
        }
    ogi_calendar_free(f[0].cal);
    free(f);
    return 0;
}

static ogi_report *report_of(fixture *f, int64_t agency)
{
    char err[512];
    ogi_report *r = ogi_ledger_build_report(f->store, agency, YEAR,
                                            "{\"s1\": \"总体情况\", \"s6\": \"无\"}", err, sizeof err);
    if (!r)
        fail_msg("report: %s", err);
    return r;
}

static int64_t s3_value(const ogi_report *r, size_t row, size_t col)
{
    int cell = ogi_cell_in_table(OGI_T_S3, row, col);
    assert_true(cell >= 0);
    assert_int_equal(r->cells[cell].state, OGI_CELL_VALUE);
    return r->cells[cell].value;
}

static size_t total_col(const ogi_table_def *t)
{
    for (size_t c = 0; c < t->n_cols; c++)
        if (t->cols[c].is_total)
            return c;
    fail_msg("section 三 has no total column");
    return 0;
}

static void test_no_errors(void **state)
{
    fixture *f = *state;
    int64_t agencies[] = {f->sum.agency_a, f->sum.agency_b};
    for (size_t i = 0; i < 2; i++) {
        ogi_report *r = report_of(f, agencies[i]);
        ogi_findings fd;
        ogi_findings_init(&fd);
        ogi_validate(r, &fd);
        for (size_t k = 0; k < fd.n; k++)
            if (fd.items[k].severity == OGI_SEV_ERROR)
                fail_msg("%s %s", fd.items[k].rule, fd.items[k].message_en);
        ogi_findings_free(&fd);
        ogi_report_free(r);
    }
}

static void test_every_outcome_and_applicant_type(void **state)
{
    fixture *f = *state;
    ogi_report *r = report_of(f, f->sum.agency_a);
    const ogi_table_def *t = ogi_table_at(OGI_T_S3);
    size_t total = total_col(t), outcome_rows = 0;
    for (size_t row = 0; row < t->n_rows; row++) {
        if (!t->rows[row].is_outcome || !(t->rows[row].formats & OGI_FMT_V2021))
            continue;
        outcome_rows++;
        if (s3_value(r, row, total) < 1)
            fail_msg("outcome row %s unused", t->rows[row].key);
    }
    assert_true(outcome_rows > 20);
    for (size_t row = 0; row < t->n_rows; row++)
        if (!strcmp(t->rows[row].key, "new_received"))
            for (size_t c = 0; c < t->n_cols; c++)
                if (s3_value(r, row, c) < 1)
                    fail_msg("applicant type %s unused", t->cols[c].key);
    for (size_t row = 0; row < t->n_rows; row++)
        if (!strcmp(t->rows[row].key, "carry_forward"))
            assert_int_equal(s3_value(r, row, total), (int64_t)f->sum.open_applications);
    ogi_report_free(r);
}

static size_t items_with(fixture *f, const char *status, const char *query)
{
    ogi_item_filter flt = {.status = status, .query = query, .limit = 100};
    ogi_item *items;
    size_t n, total = 0;
    assert_int_equal(ogi_store_item_search(f->store, &flt, &items, &n, &total), 0);
    for (size_t i = 0; i < n; i++)
        ogi_item_free(&items[i]);
    free(items);
    return total;
}

static void test_registry_states_and_search(void **state)
{
    fixture *f = *state;
    const char *states[] = {"draft", "secrecy_review", "approval", "published", "repealed"};
    for (size_t i = 0; i < 5; i++)
        if (items_with(f, states[i], NULL) < 1)
            fail_msg("no item in state %s", states[i]);
    assert_true(items_with(f, "published", "招生") >= 1); /* two-character words */
    assert_true(items_with(f, "published", "预算") >= 1);
    assert_int_equal(items_with(f, "published", "统计"), 0); /* only the draft says it */
}

static void test_open_queue_and_scoping(void **state)
{
    fixture *f = *state;
    ogi_app_filter flt = {.agency_id = f->sum.agency_a, .status = "open", .limit = 100};
    ogi_application *apps;
    size_t n;
    assert_int_equal(ogi_app_list(f->store, &flt, &apps, &n), 0);
    assert_int_equal(n, f->sum.open_applications);
    size_t overdue = 0, due_soon = 0;
    for (size_t i = 0; i < n; i++) {
        ogi_deadline dl;
        int left = 0;
        bool late = false;
        char err[256];
        if (!ogi_app_clock(f->store, f->cal, apps[i].id, ASOF, &dl, &left, &late, err, sizeof err)) {
            overdue += late;
            due_soon += !late && left <= 5;
            ogi_deadline_free(&dl);
        }
        ogi_application_free(&apps[i]);
    }
    free(apps);
    assert_true(overdue >= 1);
    assert_true(due_soon >= 1);
    /* The transferred application is agency B's now. */
    flt.agency_id = f->sum.agency_b;
    flt.status = NULL;
    assert_int_equal(ogi_app_list(f->store, &flt, &apps, &n), 0);
    assert_int_equal(n, 1);
    ogi_application_free(&apps[0]);
    free(apps);
}

static void test_deterministic(void **state)
{
    fixture *f = *state;
    seed(&f[1], 1);
    ogi_report *a = report_of(&f[0], f[0].sum.agency_a), *b = report_of(&f[1], f[1].sum.agency_a);
    for (size_t i = 0; i < ogi_cell_count(); i++) {
        assert_int_equal(a->cells[i].state, b->cells[i].state);
        assert_int_equal(a->cells[i].value, b->cells[i].value);
    }
    ogi_report_free(a);
    ogi_report_free(b);
}

static void test_bad_asof_refused(void **state)
{
    fixture *f = *state;
    char err[512];
    ogi_demo_summary sum;
    ogi_demo_options o = {.year = YEAR, .asof = "2024-02-01"};
    assert_int_equal(ogi_demo_seed(f->store, f->cal, &o, &sum, err, sizeof err), -1);
    assert_non_null(strstr(err, "2024-02-01"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_errors),
        cmocka_unit_test(test_every_outcome_and_applicant_type),
        cmocka_unit_test(test_registry_states_and_search),
        cmocka_unit_test(test_open_queue_and_scoping),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_bad_asof_refused),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
