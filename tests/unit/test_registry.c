/*
 * test_registry.c — review before publication (先审查、后公开), repeal, and
 * the Art. 26 twenty-working-day publication period.
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
#include "store_fixture.h"

static ogi_store *store;
static ogi_calendar *cal;
static int64_t agency;

static int setup(void **state)
{
    (void)state;
    char err[512], csv[512];
    store = test_store_open("registry");
    assert_int_equal(ogi_store_migrate(store, NULL, err, sizeof err), 0);
    snprintf(csv, sizeof csv, "%s/spec/holidays.csv", getenv("OGI_SHARED"));
    cal = ogi_calendar_load(csv, err, sizeof err);
    assert_non_null(cal);
    ogi_agency a = {.name = (char *)"某县司法局", .kind = OGI_KIND_DEPARTMENT,
                    .index_prefix = (char *)"SF"};
    assert_int_equal(ogi_store_agency_add(store, &a, "t"), 0);
    agency = a.id;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    test_store_close(store);
    ogi_calendar_free(cal);
    return 0;
}

static int64_t draft(const char *formed)
{
    ogi_item it = {.agency_id = agency, .title = (char *)"关于规范行政执法公示的通知",
                   .category = (char *)"art20_01", .kind = (char *)"normative",
                   .formed_date = (char *)formed};
    char err[512];
    assert_int_equal(ogi_registry_create(store, &it, "author", err, sizeof err), 0);
    free(it.index_no);
    return it.id;
}

static int step(int64_t id, const char *name, const char *date, char *warning, char *err)
{
    return ogi_registry_step(store, cal, id, name, date, "reviewer", NULL, warning, 256, err, 512);
}

static void expect_status(int64_t id, const char *status)
{
    ogi_item it;
    assert_int_equal(ogi_store_item_get(store, id, &it), 1);
    assert_string_equal(it.status, status);
    ogi_item_free(&it);
}

static void test_review_before_publication(void **state)
{
    (void)state;
    char warning[256], err[512];
    int64_t id = draft("2024-09-20");
    assert_int_equal(step(id, "approve", "2024-09-25", warning, err), -1); /* not reviewed */
    assert_non_null(strstr(err, "草稿"));
    assert_int_equal(step(id, "submit", NULL, warning, err), 0);
    expect_status(id, "secrecy_review");
    assert_int_equal(step(id, "approve", "2024-09-25", warning, err), -1); /* secrecy first */
    assert_int_equal(step(id, "return", NULL, warning, err), 0);
    expect_status(id, "draft");
    assert_int_equal(step(id, "submit", NULL, warning, err), 0);
    assert_int_equal(step(id, "pass_secrecy", NULL, warning, err), 0);
    expect_status(id, "approval");
    assert_int_equal(step(id, "approve", "2024-09-19", warning, err), -1); /* before formed */
    assert_int_equal(step(id, "approve", "2024-09-25", warning, err), 0);
    assert_string_equal(warning, "");
    expect_status(id, "published");
    assert_int_equal(step(id, "repeal", "2024-12-31", warning, err), 0);
    expect_status(id, "repealed");
    assert_int_equal(step(id, "repeal", "2025-01-02", warning, err), -1);
}

static void test_art26_late_publication_warns(void **state)
{
    (void)state;
    char warning[256], err[512];
    /* Formed Fri 2024-09-20; 20 working days: 09-23..09-27 1–5, 09-29 (Sun, make-up) 6,
     * 09-30 7, 10-01..10-07 off, 10-08..10-11 8–11, 10-12 (Sat, make-up) 12,
     * 10-14..10-18 13–17, 10-21 18, 10-22 19, 10-23 20 → deadline 2024-10-23. */
    int64_t on_time = draft("2024-09-20"), late = draft("2024-09-20");
    for (int64_t id = on_time; id <= late; id++) {
        assert_int_equal(step(id, "submit", NULL, warning, err), 0);
        assert_int_equal(step(id, "pass_secrecy", NULL, warning, err), 0);
    }
    assert_int_equal(step(on_time, "approve", "2024-10-23", warning, err), 0);
    assert_string_equal(warning, "");
    assert_int_equal(step(late, "approve", "2024-10-24", warning, err), 0);
    assert_non_null(strstr(warning, "2024-10-23"));
    assert_non_null(strstr(warning, "第二十六条"));
}

static void test_create_validation(void **state)
{
    (void)state;
    char err[512];
    ogi_item it = {.agency_id = agency, .title = (char *)"x", .category = (char *)"art20_16",
                   .kind = (char *)"normative", .formed_date = (char *)"2024-01-01"};
    assert_int_equal(ogi_registry_create(store, &it, "a", err, sizeof err), -1);
    assert_non_null(strstr(err, "art20_16"));
    it.category = (char *)"art20_07";
    it.formed_date = (char *)"2024-13-01";
    assert_int_equal(ogi_registry_create(store, &it, "a", err, sizeof err), -1);
    assert_non_null(strstr(err, "2024-13-01"));
    assert_int_equal(ogi_registry_category_count(), 17);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_review_before_publication, setup, teardown),
        cmocka_unit_test_setup_teardown(test_art26_late_publication_warns, setup, teardown),
        cmocka_unit_test_setup_teardown(test_create_validation, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
