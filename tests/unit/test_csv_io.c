/*
 * test_csv_io.c — the RFC 4180 reader (quotes, doubled quotes, embedded
 * line breaks, CRLF, BOM, the line numbers it reports) and CSV import /
 * export of the ledger: all-or-nothing with line + column errors, history
 * replayed through the workflow rules, and export → import → export giving
 * the same file.
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

#include "ogi/csv_io.h"
#include "ogi/ledger.h"

/* ---- the reader ---- */

static ogi_csv parse_ok(const char *text)
{
    ogi_csv c;
    char err[256] = "";
    if (ogi_csv_parse(text, strlen(text), &c, err, sizeof err))
        fail_msg("parse failed: %s", err);
    return c;
}

static void test_quoted_fields_and_line_ends(void **state)
{
    (void)state;
    ogi_csv c = parse_ok("\xEF\xBB\xBF" "a,b,c\r\n"
                         "\"x, y\",\"say \"\"hi\"\"\",\"two\r\nlines\"\r\n"
                         "\n"
                         "1,,\"\"\n"
                         "last,row,no-newline");
    assert_int_equal(c.n, 4);
    assert_string_equal(c.rows[0].fields[0], "a"); /* BOM removed */
    assert_int_equal(c.rows[1].n, 3);
    assert_string_equal(c.rows[1].fields[0], "x, y");
    assert_string_equal(c.rows[1].fields[1], "say \"hi\"");
    assert_string_equal(c.rows[1].fields[2], "two\r\nlines");
    /* the record after a two-line field starts on line 4; line 4 is empty, skipped */
    assert_int_equal(c.rows[2].line, 5);
    assert_int_equal(c.rows[2].n, 3);
    assert_string_equal(c.rows[2].fields[1], "");
    assert_string_equal(c.rows[2].fields[2], "");
    assert_int_equal(c.rows[3].line, 6);
    assert_string_equal(c.rows[3].fields[2], "no-newline");
    ogi_csv_free(&c);
}

static void test_lone_cr_and_trailing_empty_field(void **state)
{
    (void)state;
    ogi_csv c = parse_ok("a,b\rc,\r");
    assert_int_equal(c.n, 2);
    assert_int_equal(c.rows[1].line, 2);
    assert_int_equal(c.rows[1].n, 2);
    assert_string_equal(c.rows[1].fields[0], "c");
    assert_string_equal(c.rows[1].fields[1], "");
    ogi_csv_free(&c);
}

static void expect_parse_error(const char *text, size_t len, const char *needle)
{
    ogi_csv c;
    char err[256] = "";
    assert_int_equal(ogi_csv_parse(text, len, &c, err, sizeof err), -1);
    assert_int_equal(c.n, 0);
    if (!strstr(err, needle))
        fail_msg("error '%s' does not contain '%s'", err, needle);
}

static void test_malformed_input_is_refused_with_the_line(void **state)
{
    (void)state;
    const char *unterminated = "a,b\n1,\"open\n2,3\n";
    expect_parse_error(unterminated, strlen(unterminated), "第 2 行开始");
    const char *after_quote = "a,b\n1,2\n\"x\"y,3\n";
    expect_parse_error(after_quote, strlen(after_quote), "第 3 行");
    const char *stray = "a,b\nfo\"o,1\n";
    expect_parse_error(stray, strlen(stray), "第 2 行");
    const char bad_utf8[] = "a,b\n\xff\xfe,1\n";
    expect_parse_error(bad_utf8, sizeof bad_utf8 - 1, "UTF-8");
}

/* ---- import and export ---- */

typedef struct {
    ogi_store *store;
    ogi_calendar *cal;
    char path[64];
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    char err[512], csv[512];
    static int serial; /* the round-trip test opens a second ledger */
    snprintf(f->path, sizeof f->path, "/tmp/ogi-test-csv-%d-%d.db", (int)getpid(), serial++);
    unlink(f->path);
    f->store = ogi_store_open(f->path, err, sizeof err);
    assert_non_null(f->store);
    assert_int_equal(ogi_store_migrate(f->store, NULL, err, sizeof err), 0);
    snprintf(csv, sizeof csv, "%s/spec/holidays.csv", getenv("OGI_SHARED"));
    f->cal = ogi_calendar_load(csv, err, sizeof err);
    assert_non_null(f->cal);
    const char *names[] = {"某市教育局", "某市财政局"};
    for (size_t i = 0; i < 2; i++) {
        ogi_agency a = {.name = (char *)names[i], .kind = OGI_KIND_DEPARTMENT,
                        .index_prefix = (char *)"JY"};
        assert_int_equal(ogi_store_agency_add(f->store, &a, "t"), 0);
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    ogi_store_close(f->store);
    ogi_calendar_free(f->cal);
    char side[80];
    unlink(f->path);
    snprintf(side, sizeof side, "%s-wal", f->path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", f->path);
    unlink(side);
    free(f);
    return 0;
}

static int import(fixture *f, ogi_csv_kind kind, const char *text, ogi_csv_errors *errs)
{
    size_t n;
    return ogi_csv_import(f->store, f->cal, kind, text, strlen(text), "importer", &n, errs);
}

static void import_ok(fixture *f, ogi_csv_kind kind, const char *text)
{
    ogi_csv_errors errs = {0};
    if (import(f, kind, text, &errs))
        fail_msg("import refused: line %d %s: %s", errs.items[0].line, errs.items[0].column,
                 errs.items[0].message);
    ogi_csv_errors_free(&errs);
}

static size_t count_apps(fixture *f)
{
    ogi_application *apps;
    size_t n;
    ogi_app_filter filter = {0};
    assert_int_equal(ogi_app_list(f->store, &filter, &apps, &n), 0);
    for (size_t i = 0; i < n; i++)
        ogi_application_free(&apps[i]);
    free(apps);
    return n;
}

static bool has_error(const ogi_csv_errors *e, int line, const char *column, const char *needle)
{
    for (size_t i = 0; i < e->n; i++)
        if (e->items[i].line == line && !strcmp(e->items[i].column, column) &&
            strstr(e->items[i].message, needle))
            return true;
    return false;
}

static void test_one_bad_row_imports_nothing(void **state)
{
    fixture *f = *state;
    ogi_csv_errors errs = {0};
    const char *text = "agency,applicant_type,received_date,outcome,concluded_date\n"
                       "某市教育局,natural_person,2024-03-01,granted,2024-03-10\n"
                       "某市教育局,martian,2024-02-30,,\n"
                       "某市体育局,commercial,2024-03-01,,\n"
                       "某市教育局,commercial,2024-03-01,granted,2024-02-01\n";
    assert_int_equal(import(f, OGI_CSV_APPLICATIONS, text, &errs), -1);
    assert_true(has_error(&errs, 3, "applicant_type", "martian"));
    assert_true(has_error(&errs, 3, "received_date", "2024-02-30"));
    assert_true(has_error(&errs, 4, "agency", "某市体育局"));
    /* the workflow refuses concluding before receipt: the rule, not the CSV layer */
    assert_true(has_error(&errs, 5, "outcome", "早于"));
    assert_int_equal(errs.n, 4);
    assert_int_equal(count_apps(f), 0); /* the good row 2 was rolled back too */
    ogi_csv_errors_free(&errs);
}

static void test_header_and_shape_errors(void **state)
{
    fixture *f = *state;
    ogi_csv_errors errs = {0};
    /* A bad header stops before the rows: their fields cannot be named. */
    assert_int_equal(import(f, OGI_CSV_CASES, "agency,kind,kind,colour\n某市教育局,review\n",
                            &errs), -1);
    assert_true(has_error(&errs, 1, "colour", "未知的列名"));
    assert_true(has_error(&errs, 1, "kind", "重复"));
    assert_int_equal(errs.n, 2);
    ogi_csv_errors_free(&errs);
    /* A row of the wrong width is refused; the other rows are still checked. */
    assert_int_equal(import(f, OGI_CSV_CASES,
                            "agency,kind,filed_date\n某市教育局,review\n某市教育局,appeal,2024-01-01\n",
                            &errs), -1);
    assert_true(has_error(&errs, 2, "", "2 个字段"));
    assert_true(has_error(&errs, 3, "kind", "appeal"));
    ogi_csv_errors_free(&errs);
    assert_int_equal(import(f, OGI_CSV_CASES, "", &errs), -1);
    assert_true(has_error(&errs, 0, "", "表头"));
    ogi_csv_errors_free(&errs);
}

static void test_history_is_replayed_through_the_rules(void **state)
{
    fixture *f = *state;
    /* Row 2: an answer without history; row 3: events that conclude the application;
     * row 4: events that are illegal (an extension with no approver). */
    const char *text =
        "tracking_no,agency,applicant_type,received_date,outcome,concluded_date,status,events\n"
        "LEGACY-001,某市教育局,natural_person,2024-09-27,partial,2024-10-20,,\n"
        "LEGACY-002,某市教育局,commercial,2024-09-27,,,concluded,\"[{\"\"kind\"\":\"\"extend\"\","
        "\"\"date\"\":\"\"2024-10-29\"\",\"\"wd\"\":10,\"\"approver\"\":\"\"主任\"\"},"
        "{\"\"kind\"\":\"\"answer\"\",\"\"date\"\":\"\"2024-11-12\"\",\"\"outcome\"\":\"\"granted\"\"}]\"\n";
    import_ok(f, OGI_CSV_APPLICATIONS, text);
    ogi_application a;
    assert_int_equal(ogi_app_find(f->store, "LEGACY-001", &a), 1);
    assert_string_equal(a.status, "concluded");
    assert_string_equal(a.outcome, "partial");
    assert_string_equal(a.concluded_date, "2024-10-20");
    ogi_application_free(&a);
    assert_int_equal(ogi_app_find(f->store, "LEGACY-002", &a), 1);
    assert_string_equal(a.outcome, "granted");
    ogi_application_free(&a);

    ogi_csv_errors errs = {0};
    const char *illegal =
        "agency,applicant_type,received_date,status,events\n"
        "某市教育局,natural_person,2024-09-27,,\"[{\"\"kind\"\":\"\"extend\"\",\"\"date\"\":"
        "\"\"2024-10-29\"\",\"\"wd\"\":10}]\"\n"
        "某市教育局,natural_person,2024-09-27,concluded,\n"
        "LEGACY-001,某市教育局,natural_person\n";
    assert_int_equal(import(f, OGI_CSV_APPLICATIONS, illegal, &errs), -1);
    assert_true(has_error(&errs, 2, "events", "批准人"));
    assert_true(has_error(&errs, 3, "status", "processing"));
    assert_true(has_error(&errs, 4, "", "3 个字段"));
    ogi_csv_errors_free(&errs);
    assert_int_equal(count_apps(f), 2);
}

static char *export(fixture *f, ogi_csv_kind kind)
{
    ogi_buf b;
    char err[256];
    ogi_buf_init(&b);
    assert_int_equal(ogi_csv_export(f->store, kind, 0, &b, err, sizeof err), 0);
    return ogi_buf_steal(&b);
}

/* A ledger with every kind of record, built through the library. */
static void build_ledger(fixture *f)
{
    const char *apps =
        "tracking_no,agency,applicant_type,applicant_name,channel,received_date,description,"
        "outcome,concluded_date,events\n"
        "A1,某市教育局,natural_person,\"张三, 李四\",letter,2024-12-20,\"两行\n描述\",,,"
        "\"[{\"\"kind\"\":\"\"request_supplement\"\",\"\"date\"\":\"\"2024-12-23\"\",\"\"wd\"\":15},"
        "{\"\"kind\"\":\"\"supplement_received\"\",\"\"date\"\":\"\"2025-01-24\"\"}]\"\n"
        "A2,某市教育局,commercial,,online,2024-03-01,,unavailable_not_held,2024-03-15,\n"
        "A3,某市财政局,research,,email,2024-09-27,,,,"
        "\"[{\"\"kind\"\":\"\"consult_start\"\",\"\"date\"\":\"\"2024-09-30\"\",\"\"party\"\":\"\"agency\"\"}]\"\n";
    import_ok(f, OGI_CSV_APPLICATIONS, apps);
    import_ok(f, OGI_CSV_ITEMS,
              "agency,title,category,kind,formed_date,status,published_date,repealed_date\n"
              "某市教育局,规范性文件甲,art20_01,normative,2024-03-01,published,2024-03-05,\n"
              "某市教育局,旧规章,art20_01,rule,2023-01-05,repealed,2023-01-10,2024-06-30\n"
              "某市财政局,预算公开,art20_07,other,2024-02-01,secrecy_review,,\n");
    import_ok(f, OGI_CSV_CASES,
              "agency,application,kind,filed_date,result,decided_date,note\n"
              "某市教育局,A2,review,2024-04-01,corrected,2024-06-01,\"纠正\"\"答复\"\"\"\n"
              "某市教育局,,suit_direct,2024-05-01,,,\n");
}

static void test_export_import_round_trip(void **state)
{
    fixture *f = *state;
    build_ledger(f);
    ogi_csv_kind kinds[] = {OGI_CSV_APPLICATIONS, OGI_CSV_ITEMS, OGI_CSV_CASES};
    char *first[3];
    for (size_t i = 0; i < 3; i++)
        first[i] = export(f, kinds[i]);
    assert_non_null(strstr(first[0], "\"两行\n描述\"")); /* quoted on the way out */
    assert_non_null(strstr(first[0], ",consulting,"));
    assert_non_null(strstr(first[2], "\"纠正\"\"答复\"\"\""));

    fixture *g = NULL;
    setup((void **)&g);
    for (size_t i = 0; i < 3; i++)
        import_ok(g, kinds[i], first[i]);
    for (size_t i = 0; i < 3; i++) {
        char *again = export(g, kinds[i]);
        assert_string_equal(again, first[i]);
        free(again);
        free(first[i]);
    }
    teardown((void **)&g);
}

static void test_empty_ledger_exports_the_header_only(void **state)
{
    fixture *f = *state;
    ogi_csv_kind kinds[] = {OGI_CSV_APPLICATIONS, OGI_CSV_ITEMS, OGI_CSV_CASES};
    for (size_t i = 0; i < 3; i++) {
        char *text = export(f, kinds[i]);
        ogi_csv c = parse_ok(text);
        assert_int_equal(c.n, 1);
        const char *const *cols = ogi_csv_columns(kinds[i]);
        for (size_t k = 0; k < c.rows[0].n; k++)
            assert_string_equal(c.rows[0].fields[k], cols[k]);
        assert_null(cols[c.rows[0].n]);
        ogi_csv_free(&c);
        free(text);
    }
    ogi_buf b;
    char err[256];
    ogi_buf_init(&b);
    assert_int_equal(ogi_csv_export(f->store, OGI_CSV_FIGURES, 0, &b, err, sizeof err), -1);
    ogi_buf_free(&b);
}

static void test_figures_are_exact(void **state)
{
    fixture *f = *state;
    int64_t v;
    int dec;
    char err[256];
    assert_int_equal(ogi_figure_parse("s2_fee_amount_wan", "1887.214474", &v, &dec, err,
                                      sizeof err), 0);
    assert_true(v == INT64_C(1887214474));
    assert_int_equal(dec, 6);
    assert_int_equal(ogi_figure_parse("s2_fee_amount_wan", "25.10", &v, &dec, err, sizeof err),
                     0);
    assert_true(v == INT64_C(25100000));
    assert_int_equal(dec, 2);
    assert_int_equal(ogi_figure_parse("s2_licensing_decisions", "1.5", &v, &dec, err,
                                      sizeof err), -1);
    assert_int_equal(ogi_figure_parse("s2_licensing_decisions", "-3", &v, &dec, err,
                                      sizeof err), -1);
    /* a key outside section 二 is not a yearly figure */
    assert_int_equal(ogi_figure_parse("s3_granted__total", "3", &v, &dec, err, sizeof err), -1);

    ogi_csv_errors errs = {0};
    assert_int_equal(import(f, OGI_CSV_FIGURES,
                            "agency,year,key,value\n某市教育局,2024,s2_penalty_decisions,x\n"
                            "某市教育局,1999,s2_penalty_decisions,4\n",
                            &errs), -1);
    assert_true(has_error(&errs, 2, "value", "无效"));
    assert_true(has_error(&errs, 3, "year", "1999"));
    ogi_csv_errors_free(&errs);
    import_ok(f, OGI_CSV_FIGURES, "agency,year,key,value\n某市教育局,2024,s2_fee_amount_wan,12.50\n");
    ogi_agency ag;
    assert_int_equal(ogi_store_agency_find(f->store, "某市教育局", &ag), 1);
    assert_int_equal(ogi_store_figure_get(f->store, ag.id, 2024, "s2_fee_amount_wan", &v, &dec), 1);
    assert_true(v == INT64_C(12500000));
    assert_int_equal(dec, 2);
    ogi_agency_free(&ag);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quoted_fields_and_line_ends),
        cmocka_unit_test(test_lone_cr_and_trailing_empty_field),
        cmocka_unit_test(test_malformed_input_is_refused_with_the_line),
        cmocka_unit_test_setup_teardown(test_one_bad_row_imports_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_header_and_shape_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_history_is_replayed_through_the_rules, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_export_import_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_ledger_exports_the_header_only, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_figures_are_exact, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
