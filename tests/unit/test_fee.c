/*
 * test_fee.c — the 信息处理费 tariffs of 国办函〔2020〕109号
 * (application-procedure.md §11): per-application bands, the monthly
 * total, per-page tiers, and refusal of out-of-range inputs.
 * Expected amounts are worked by hand from the spec's tier wording.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ogi/fee.h"

static void test_fee_per_application_bands(void **state)
{
    (void)state;
    /* 1st–10th free; 11th–30th 100 元; 31–40 200; 41–50 300; 51–60 400. */
    assert_int_equal(ogi_fee_by_count(1), 0);
    assert_int_equal(ogi_fee_by_count(10), 0);
    assert_int_equal(ogi_fee_by_count(11), 100);
    assert_int_equal(ogi_fee_by_count(30), 100);
    assert_int_equal(ogi_fee_by_count(31), 200);
    assert_int_equal(ogi_fee_by_count(40), 200);
    assert_int_equal(ogi_fee_by_count(41), 300);
    assert_int_equal(ogi_fee_by_count(50), 300);
    assert_int_equal(ogi_fee_by_count(51), 400);
    assert_int_equal(ogi_fee_by_count(101), 900); /* 101–110: (101-31)/10 = 7 → 100 × 9 */
}

static void test_fee_monthly_total(void **state)
{
    (void)state;
    /* Spec example: 35 applications = 20 × 100 + 5 × 200 = 3 000 元. */
    assert_int_equal(ogi_fee_by_count_total(35), 3000);
    assert_int_equal(ogi_fee_by_count_total(0), 0);
    assert_int_equal(ogi_fee_by_count_total(10), 0);
    assert_int_equal(ogi_fee_by_count_total(11), 100);
    assert_int_equal(ogi_fee_by_count_total(30), 2000);
    /* 2000 + 10 × 200 + 10 × 300 = 7 000. */
    assert_int_equal(ogi_fee_by_count_total(50), 7000);
    /* The 13th to 15th of a month after 12 earlier ones: 3 × 100. */
    assert_int_equal(ogi_fee_by_count_total(15) - ogi_fee_by_count_total(12), 300);
}

static void test_fee_by_pages(void **state)
{
    (void)state;
    /* Spec example: 150 pages = 70 × 10 + 50 × 20 = 1 700 元. */
    assert_int_equal(ogi_fee_by_pages(150), 1700);
    assert_int_equal(ogi_fee_by_pages(0), 0);
    assert_int_equal(ogi_fee_by_pages(30), 0);
    assert_int_equal(ogi_fee_by_pages(31), 10);
    assert_int_equal(ogi_fee_by_pages(100), 700);
    assert_int_equal(ogi_fee_by_pages(101), 720);
    assert_int_equal(ogi_fee_by_pages(200), 2700);  /* 700 + 100 × 20 */
    assert_int_equal(ogi_fee_by_pages(201), 2740);  /* + 40 */
    assert_int_equal(ogi_fee_by_pages(250), 4700);  /* 2700 + 50 × 40 */
}

static void test_fee_refuses_out_of_range(void **state)
{
    (void)state;
    assert_int_equal(ogi_fee_by_count(0), -1);
    assert_int_equal(ogi_fee_by_count(-3), -1);
    assert_int_equal(ogi_fee_by_count(OGI_FEE_MAX_APPLICATIONS + 1), -1);
    assert_int_equal(ogi_fee_by_count_total(-1), -1);
    assert_int_equal(ogi_fee_by_pages(-1), -1);
    assert_int_equal(ogi_fee_by_pages(OGI_FEE_MAX_PAGES + 1), -1);
    /* The largest accepted page count still fits: 2700 + (1e9 − 200) × 40. */
    assert_int_equal(ogi_fee_by_pages(OGI_FEE_MAX_PAGES), 2700 + (OGI_FEE_MAX_PAGES - 200) * 40LL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fee_per_application_bands),
        cmocka_unit_test(test_fee_monthly_total),
        cmocka_unit_test(test_fee_by_pages),
        cmocka_unit_test(test_fee_refuses_out_of_range),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
