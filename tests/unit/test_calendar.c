/*
 * test_calendar.c — dates, loading holidays.csv and add_wd across holidays
 * and make-up working days (application-procedure.md §1, holidays.md).
 *
 * Every expected date below was counted by hand from holidays.csv; the
 * reasoning is written next to it ("(n)" = the n-th counted working day).
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

#include "ogi/buf.h"
#include "ogi/calendar.h"

static char err[512];

static ogi_date D(const char *s)
{
    ogi_date d;
    assert_true(ogi_date_parse(s, &d));
    return d;
}

static char *shared_csv_path(void)
{
    const char *shared = getenv("OGI_SHARED");
    assert_non_null(shared);
    ogi_buf b;
    ogi_buf_init(&b);
    ogi_buf_printf(&b, "%s/spec/holidays.csv", shared);
    return ogi_buf_steal(&b);
}

static ogi_calendar *shared_calendar(void)
{
    char *path = shared_csv_path();
    ogi_calendar *cal = ogi_calendar_load(path, err, sizeof err);
    free(path);
    if (!cal)
        fail_msg("%s", err);
    return cal;
}

/* add_wd that must succeed; returns the date as text for readable failures. */
static const char *add(const ogi_calendar *cal, const char *from, int n)
{
    static char buf[OGI_DATE_TEXT];
    ogi_date out;
    if (ogi_add_wd(cal, D(from), n, &out, err, sizeof err) != 0)
        fail_msg("add_wd(%s, %d): %s", from, n, err);
    return ogi_date_format(out, buf);
}

static bool working(const ogi_calendar *cal, const char *date)
{
    bool w;
    if (ogi_is_working_day(cal, D(date), &w, err, sizeof err) != 0)
        fail_msg("%s: %s", date, err);
    return w;
}

static void test_date_parse_and_format(void **state)
{
    (void)state;
    char buf[OGI_DATE_TEXT];
    ogi_date d;
    assert_true(ogi_date_parse("2024-02-29", &d));
    assert_string_equal(ogi_date_format(d, buf), "2024-02-29");
    assert_true(ogi_date_parse("1970-01-01", &d));
    assert_int_equal(d, 0);
    assert_true(ogi_date_from_ymd(2019, 1, 1, &d));
    assert_string_equal(ogi_date_format(d + 365, buf), "2020-01-01");
    const char *bad[] = {"2023-02-29", "2024-13-01", "2024-00-10", "2024-04-31", "2024-1-05",
                         "2024-01-05x", "2024/01/05", "", "20240105", "2024-01-0a"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(ogi_date_parse(bad[i], &d));
    assert_false(ogi_date_parse(NULL, &d));
}

static void test_weekday(void **state)
{
    (void)state;
    assert_int_equal(ogi_date_weekday(D("1970-01-01")), 4); /* a Thursday */
    assert_int_equal(ogi_date_weekday(D("2024-10-12")), 6); /* make-up Saturday */
    assert_int_equal(ogi_date_weekday(D("2026-01-04")), 7); /* make-up Sunday */
    assert_int_equal(ogi_date_weekday(D("2000-02-29")), 2);
    assert_int_equal(ogi_date_weekday(D("1969-12-31")), 3);
    assert_int_equal(ogi_date_year(D("2018-12-31")), 2018);
}

static void test_shared_calendar_coverage(void **state)
{
    (void)state;
    ogi_calendar *cal = shared_calendar();
    assert_int_equal(ogi_calendar_rows(cal), 200); /* holidays.md: 200 rows */
    for (int y = 2019; y <= 2026; y++)
        assert_true(ogi_calendar_covers_year(cal, y));
    /* The two 2018-12 rows belong to the 2019 元旦 arrangement: 2018 is
     * not a covered year, and there is no data for 2027. */
    assert_false(ogi_calendar_covers_year(cal, 2018));
    assert_false(ogi_calendar_covers_year(cal, 2027));
    const char *name;
    assert_int_equal(ogi_calendar_kind(cal, D("2018-12-29"), &name), OGI_DAY_WORKDAY);
    assert_string_equal(name, "元旦");
    assert_int_equal(ogi_calendar_kind(cal, D("2025-10-08"), &name), OGI_DAY_HOLIDAY);
    assert_string_equal(name, "国庆节、中秋节");
    assert_int_equal(ogi_calendar_kind(cal, D("2024-02-09"), &name), OGI_DAY_ORDINARY);
    assert_null(name);
    ogi_calendar_free(cal);
}

static void test_data_copy_matches_shared(void **state)
{
    (void)state;
    const char *src = getenv("OGI_SOURCE_DIR");
    assert_non_null(src);
    ogi_buf path;
    ogi_buf_init(&path);
    ogi_buf_printf(&path, "%s/data/holidays.csv", src);
    char *shared_path = shared_csv_path();
    size_t la, lb;
    char *a = ogi_read_file(path.data, 0, &la), *b = ogi_read_file(shared_path, 0, &lb);
    assert_non_null(a);
    assert_non_null(b);
    assert_int_equal(la, lb);
    assert_memory_equal(a, b, la);
    free(a);
    free(b);
    free(shared_path);
    ogi_buf_free(&path);
}

static void test_working_day_rule(void **state)
{
    (void)state;
    ogi_calendar *cal = shared_calendar();
    assert_true(working(cal, "2024-10-12"));  /* Sat, workday row (国庆节 调休) */
    assert_false(working(cal, "2024-10-13")); /* Sun, not listed */
    assert_false(working(cal, "2024-10-07")); /* Mon, holiday row */
    assert_true(working(cal, "2024-10-08"));  /* Tue, not listed */
    assert_true(working(cal, "2024-02-09"));  /* 2024 除夕 (Fri) is NOT a holiday */
    assert_true(working(cal, "2025-01-26"));  /* Sun, workday row (春节) */
    assert_false(working(cal, "2025-01-28")); /* 2025 除夕 (Tue) is a holiday from 2025 */
    assert_true(working(cal, "2026-01-04"));  /* Sun, workday row (元旦) */
    /* 2020 amendment: 1-31 (Fri) became a holiday, 2-1 (Sat) is no longer
     * a working day; 1-19 (Sun) stayed a working day. */
    assert_false(working(cal, "2020-01-31"));
    assert_false(working(cal, "2020-02-01"));
    assert_true(working(cal, "2020-01-19"));
    /* 2019 amendment of 劳动节: 5-2, 5-3 holidays; 4-28, 5-5 (Sun) worked. */
    assert_false(working(cal, "2019-05-03"));
    assert_true(working(cal, "2019-04-28"));
    assert_true(working(cal, "2019-05-05"));
    ogi_calendar_free(cal);
}

static void test_uncovered_day_refused(void **state)
{
    (void)state;
    ogi_calendar *cal = shared_calendar();
    bool w;
    assert_int_equal(ogi_is_working_day(cal, D("2027-01-04"), &w, err, sizeof err),
                     OGI_CAL_UNCOVERED);
    assert_non_null(strstr(err, "2027"));
    assert_int_equal(ogi_is_working_day(cal, D("2018-12-29"), &w, err, sizeof err),
                     OGI_CAL_UNCOVERED);
    assert_non_null(strstr(err, "2018"));
    ogi_calendar_free(cal);
}

static void test_add_wd_national_day_2024(void **state)
{
    (void)state;
    ogi_calendar *cal = shared_calendar();
    /* 2024-09-27 (Fri): 9-28 Sat rest; 9-29 Sun workday (1); 9-30 (2);
     * 10-1..10-7 国庆节 (10-5/6 weekend); 10-8..10-11 (3..6); 10-12 Sat
     * workday (7); 10-14..18 (8..12); 10-21..25 (13..17); 10-28 (18),
     * 10-29 (19), 10-30 (20). */
    assert_string_equal(add(cal, "2024-09-27", 20), "2024-10-30");
    /* 7 days: 9-29 (1), 9-30 (2), 10-8..11 (3..6), 10-12 Sat workday (7). */
    assert_string_equal(add(cal, "2024-09-27", 7), "2024-10-12");
    ogi_calendar_free(cal);
}

static void test_add_wd_spring_festival_2025(void **state)
{
    (void)state;
    ogi_calendar *cal = shared_calendar();
    /* 2025-01-24 (Fri): 1-25 Sat rest; 1-26 Sun workday (1); 1-27 Mon (2);
     * 1-28..2-4 春节 (1-28..31 and 2-3/4 holiday rows, 2-1/2 weekend);
     * 2-5 (3), 2-6 (4), 2-7 (5); 2-8 Sat workday (6); 2-10..14 (7..11);
     * 2-17..21 (12..16); 2-24 (17), 2-25 (18), 2-26 (19), 2-27 (20). */
    assert_string_equal(add(cal, "2025-01-24", 20), "2025-02-27");
    ogi_calendar_free(cal);
}

static void test_add_wd_spring_festival_2026(void **state)
{
    (void)state;
    ogi_calendar *cal = shared_calendar();
    /* 2026-02-13 (Fri): 2-14 Sat workday (1); 2-15 Sun rest; 2-16..20 and
     * 2-23 holiday rows (2-21/22 weekend); 2-24..27 (2..5); 2-28 Sat
     * workday (6); 3-1 Sun; 3-2..6 (7..11); 3-9..13 (12..16);
     * 3-16 (17), 3-17 (18), 3-18 (19), 3-19 (20). */
    assert_string_equal(add(cal, "2026-02-13", 20), "2026-03-19");
    ogi_calendar_free(cal);
}

static void test_add_wd_new_year_2026_makeup_sunday(void **state)
{
    (void)state;
    ogi_calendar *cal = shared_calendar();
    /* 2025-12-31 (Wed): 1-1, 1-2 holiday rows; 1-3 Sat rest; 1-4 Sun
     * workday (1). */
    assert_string_equal(add(cal, "2025-12-31", 1), "2026-01-04");
    /* … 1-5..9 (2..6), 1-10/11 weekend, 1-12 (7). */
    assert_string_equal(add(cal, "2025-12-31", 7), "2026-01-12");
    ogi_calendar_free(cal);
}

static void test_start_day_never_counts(void **state)
{
    (void)state;
    ogi_calendar *cal = shared_calendar();
    /* Received on the make-up Saturday 2024-10-12 (itself a working day,
     * not counted): 10-13 Sun rest, 10-14 Mon (1). */
    assert_string_equal(add(cal, "2024-10-12", 1), "2024-10-14");
    /* 10-14..18 (1..5), 10-21..25 (6..10), 10-28..11-1 (11..15),
     * 11-4..8 (16..20); no holiday rows in between. */
    assert_string_equal(add(cal, "2024-10-12", 20), "2024-11-08");
    /* Received on the holiday 2024-10-03: 10-4 holiday, 10-5/6 weekend,
     * 10-7 holiday; 10-8..11 (1..4); 10-12 Sat workday (5); 10-14..18
     * (6..10); 10-21..25 (11..15); 10-28..11-1 (16..20). */
    assert_string_equal(add(cal, "2024-10-03", 20), "2024-11-01");
    /* The start day may even lie in an uncovered year: 2018-12-31 is not
     * examined; 2019-01-01 holiday; 2019-01-02 (1). */
    assert_string_equal(add(cal, "2018-12-31", 1), "2019-01-02");
    ogi_calendar_free(cal);
}

static void test_add_wd_amended_2019_labour_day(void **state)
{
    (void)state;
    ogi_calendar *cal = shared_calendar();
    /* 2019-04-26 (Fri): 4-27 Sat rest; 4-28 Sun workday (1); 4-29 (2);
     * 4-30 (3); 5-1..3 holiday rows; 5-4 Sat rest; 5-5 Sun workday (4);
     * 5-6..10 (5..9); 5-13..17 (10..14); 5-20..24 (15..19); 5-27 (20). */
    assert_string_equal(add(cal, "2019-04-26", 20), "2019-05-27");
    ogi_calendar_free(cal);
}

/* holidays.csv as the original 2020 notice had it: 2020-01-31 an ordinary
 * Friday and 2020-02-01 (Sat) a make-up working day. */
static char *original_2020_text(void)
{
    char *path = shared_csv_path();
    size_t len;
    char *text = ogi_read_file(path, 0, &len);
    free(path);
    assert_non_null(text);
    ogi_buf b;
    ogi_buf_init(&b);
    const char *row = strstr(text, "2020-01-31,holiday,春节\n");
    assert_non_null(row);
    ogi_buf_put(&b, text, (size_t)(row - text));
    ogi_buf_puts(&b, "2020-02-01,workday,春节\n");
    ogi_buf_puts(&b, row + strlen("2020-01-31,holiday,春节\n"));
    free(text);
    return ogi_buf_steal(&b);
}

static void test_calendar_is_data_2020_amendment(void **state)
{
    (void)state;
    ogi_calendar *amended = shared_calendar();
    /* Amended: 2020-01-23 (Thu): 1-24 and 1-27..31 holiday rows, 1-25/26
     * weekend, 2-1 Sat and 2-2 Sun rest; 2-3..7 (1..5), 2-10..14
     * (6..10), 2-17..21 (11..15), 2-24..28 (16..20). */
    assert_string_equal(add(amended, "2020-01-23", 20), "2020-02-28");
    char *text = original_2020_text();
    ogi_calendar *original = ogi_calendar_parse(text, strlen(text), "original-2020.csv", err,
                                                sizeof err);
    free(text);
    if (!original)
        fail_msg("%s", err);
    /* Original: 1-31 Fri (1); 2-1 Sat workday (2); 2-3..7 (3..7);
     * 2-10..14 (8..12); 2-17..21 (13..17); 2-24 (18), 2-25 (19), 2-26 (20). */
    assert_string_equal(add(original, "2020-01-23", 20), "2020-02-26");
    assert_true(working(original, "2020-02-01"));
    /* The amended calendar still answers as before: nothing is global. */
    assert_string_equal(add(amended, "2020-01-23", 20), "2020-02-28");
    ogi_calendar_free(original);
    ogi_calendar_free(amended);
}

static void test_counting_into_2027_refused(void **state)
{
    (void)state;
    ogi_calendar *cal = shared_calendar();
    ogi_date out;
    /* 2026-12-15 (Tue): 12-16..18 (3), 12-21..25 (8), 12-28..31 (12);
     * the 13th day would be in 2027 → refused, naming 2027-01-01. */
    assert_int_equal(ogi_add_wd(cal, D("2026-12-15"), 20, &out, err, sizeof err),
                     OGI_CAL_UNCOVERED);
    assert_non_null(strstr(err, "2027-01-01"));
    assert_int_equal(ogi_add_wd(cal, D("2026-12-31"), 1, &out, err, sizeof err), OGI_CAL_UNCOVERED);
    /* Still inside 2026: 12-2..4 (3), 12-7..11 (8), 12-14..18 (13),
     * 12-21..25 (18), 12-28 (19), 12-29 (20). */
    assert_string_equal(add(cal, "2026-12-01", 20), "2026-12-29");
    /* Starting in uncovered 2018-12: 2018-12-29 would be examined. */
    assert_int_equal(ogi_add_wd(cal, D("2018-12-28"), 1, &out, err, sizeof err), OGI_CAL_UNCOVERED);
    assert_int_equal(ogi_add_wd(cal, D("2024-01-02"), 0, &out, err, sizeof err), -1);
    ogi_calendar_free(cal);
}

static void test_coverage_is_per_year(void **state)
{
    (void)state;
    const char *text = "date,kind,name\n"
                       "2021-01-01,holiday,元旦\n"
                       "2023-01-02,holiday,元旦\n";
    ogi_calendar *cal = ogi_calendar_parse(text, strlen(text), "gap.csv", err, sizeof err);
    if (!cal)
        fail_msg("%s", err);
    assert_true(ogi_calendar_covers_year(cal, 2021));
    assert_false(ogi_calendar_covers_year(cal, 2022));
    assert_true(ogi_calendar_covers_year(cal, 2023));
    ogi_date out;
    /* 2021-12-30 (Thu): 12-31 (1), then 2022 is unknown. */
    assert_string_equal(add(cal, "2021-12-30", 1), "2021-12-31");
    assert_int_equal(ogi_add_wd(cal, D("2021-12-30"), 2, &out, err, sizeof err),
                     OGI_CAL_UNCOVERED);
    assert_non_null(strstr(err, "2022"));
    ogi_calendar_free(cal);
}

/* Parses text that must be refused; the message must contain `want`. */
static void expect_bad(const char *text, const char *want)
{
    ogi_calendar *cal = ogi_calendar_parse(text, strlen(text), "bad.csv", err, sizeof err);
    assert_null(cal);
    if (!strstr(err, want) || !strstr(err, "bad.csv"))
        fail_msg("message «%s» lacks «%s»", err, want);
}

static void test_bad_rows_refused(void **state)
{
    (void)state;
    expect_bad("", "没有任何日期行");
    expect_bad("date,kind\n2024-01-01,holiday,元旦\n", "第1行");
    expect_bad("date,kind,name\n2024-01-01,holiday,元旦\n2024-02-30,holiday,春节\n", "第3行");
    expect_bad("date,kind,name\n2024-01-01,rest,元旦\n", "类型「rest」");
    expect_bad("date,kind,name\n2024-10-12,holiday,国庆节\n", "是周末");       /* a Saturday */
    expect_bad("date,kind,name\n2024-10-11,workday,国庆节\n", "周一至周五"); /* a Friday */
    expect_bad("date,kind,name\n2024-01-01;holiday;元旦\n", "第2行");
    expect_bad("date,kind,name\n2024-01-01,holiday,\n", "名称为空");
    expect_bad("date,kind,name\n2024-01-01,holiday,元旦\n2024-01-01,holiday,元旦\n", "2024-01-01");
}

static void test_load_names_file_and_line(void **state)
{
    (void)state;
    char path[] = "/tmp/ogi-calendar-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char *text = "\xEF\xBB\xBF" "date,kind,name\r\n2024-01-01,holiday,元旦\r\n2024-1-2,holiday,x\r\n";
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    assert_null(ogi_calendar_load(path, err, sizeof err));
    assert_non_null(strstr(err, path));
    assert_non_null(strstr(err, "第3行"));
    unlink(path);
    assert_null(ogi_calendar_load(path, err, sizeof err));
    assert_non_null(strstr(err, path));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_date_parse_and_format),
        cmocka_unit_test(test_weekday),
        cmocka_unit_test(test_shared_calendar_coverage),
        cmocka_unit_test(test_data_copy_matches_shared),
        cmocka_unit_test(test_working_day_rule),
        cmocka_unit_test(test_uncovered_day_refused),
        cmocka_unit_test(test_add_wd_national_day_2024),
        cmocka_unit_test(test_add_wd_spring_festival_2025),
        cmocka_unit_test(test_add_wd_spring_festival_2026),
        cmocka_unit_test(test_add_wd_new_year_2026_makeup_sunday),
        cmocka_unit_test(test_start_day_never_counts),
        cmocka_unit_test(test_add_wd_amended_2019_labour_day),
        cmocka_unit_test(test_calendar_is_data_2020_amendment),
        cmocka_unit_test(test_counting_into_2027_refused),
        cmocka_unit_test(test_coverage_is_per_year),
        cmocka_unit_test(test_bad_rows_refused),
        cmocka_unit_test(test_load_names_file_and_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
