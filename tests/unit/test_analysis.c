/*
 * test_analysis.c — cross-year analysis: the rate table against the format
 * definition, exact rates and their rounding, per cell deltas as CSV
 * (money exact), rankings of a region's agencies, and the cross-report
 * rules (R3.4, R2.5) across consecutive years built from the corpus truth
 * (平潭 2021 / 2023 are not consecutive, so 2023's cells stand in for 2022).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/analysis.h"
#include "ogi/import.h"
#include "ogi/json.h"
#include "store_fixture.h"

static ogi_report *truth(const char *stem)
{
    char path[1024], err[512];
    const char *shared = getenv("OGI_SHARED");
    assert_non_null(shared);
    snprintf(path, sizeof path, "%s/corpus/%s.truth.json", shared, stem);
    ogi_report *r = ogi_import_file(path, err, sizeof err);
    if (!r)
        fail_msg("%s", err);
    return r;
}

static void set(ogi_report *r, const char *key, int64_t v)
{
    int i = ogi_cell_index(key);
    assert_true(i >= 0);
    ogi_report_set_value(r, (size_t)i, v, 0);
}

static void test_rate_table(void **state)
{
    (void)state;
    assert_true(ogi_rate_count() >= 5);
    for (size_t i = 0; i < ogi_rate_count(); i++) {
        const ogi_rate_def *d = ogi_rate_at(i);
        assert_ptr_equal(ogi_rate_by_key(d->key), d);
        assert_non_null(d->numerator[0]);
        assert_non_null(d->denominator[0]);
        for (const char *const *k = d->numerator; *k; k++)
            assert_true(ogi_cell_index(*k) >= 0);
        for (const char *const *k = d->denominator; *k; k++)
            assert_true(ogi_cell_index(*k) >= 0);
    }
    assert_null(ogi_rate_by_key("no_such_rate"));
    assert_null(ogi_rate_at(ogi_rate_count()));
}

static void test_rates_exact(void **state)
{
    (void)state;
    char buf[32];
    ogi_report *r = truth("real/023_pingtan_zonghe_shiyanqu_2023");
    ogi_rate_value v = ogi_rate_eval(ogi_rate_by_key("granted_share"), r);
    assert_true(v.defined);
    assert_int_equal(v.num, 22);
    assert_int_equal(v.den, 81);
    assert_string_equal(ogi_rate_text(v, buf), "0.2716");
    v = ogi_rate_eval(ogi_rate_by_key("review_corrected_share"), r);
    assert_string_equal(ogi_rate_text(v, buf), "0.5000"); /* 1 of 2 reviews */
    /* concluded_share has a two-cell denominator: 81 / (81 + 0). */
    v = ogi_rate_eval(ogi_rate_by_key("concluded_share"), r);
    assert_int_equal(v.den, 81);
    /* Rounding half up at the 4th place, from integers only. */
    set(r, "s3_granted__total", 1);
    set(r, "s3_outcome_total__total", 20000);
    v = ogi_rate_eval(ogi_rate_by_key("granted_share"), r);
    assert_string_equal(ogi_rate_text(v, buf), "0.0001"); /* 0.00005 */
    set(r, "s3_outcome_total__total", 20001);
    v = ogi_rate_eval(ogi_rate_by_key("granted_share"), r);
    assert_string_equal(ogi_rate_text(v, buf), "0.0000");
    set(r, "s3_granted__total", 2);
    set(r, "s3_outcome_total__total", 3);
    v = ogi_rate_eval(ogi_rate_by_key("granted_share"), r);
    assert_string_equal(ogi_rate_text(v, buf), "0.6667");
    /* Undefined: a zero denominator, or a blank cell (never taken as 0). */
    set(r, "s3_outcome_total__total", 0);
    v = ogi_rate_eval(ogi_rate_by_key("granted_share"), r);
    assert_false(v.defined);
    assert_string_equal(ogi_rate_text(v, buf), "");
    set(r, "s3_outcome_total__total", 5);
    ogi_report_set_blank(r, (size_t)ogi_cell_index("s3_granted__total"));
    assert_false(ogi_rate_eval(ogi_rate_by_key("granted_share"), r).defined);
    ogi_report_free(r);
}

static void test_rate_compare(void **state)
{
    (void)state;
    ogi_rate_value a = {true, 1, 3}, b = {true, 333, 1000}, u = {false, 0, 0};
    assert_int_equal(ogi_rate_cmp(a, b), 1); /* 1/3 > 0.333 */
    assert_int_equal(ogi_rate_cmp(b, a), -1);
    assert_int_equal(ogi_rate_cmp(a, (ogi_rate_value){true, 2, 6}), 0);
    assert_int_equal(ogi_rate_cmp(u, b), -1);
    assert_int_equal(ogi_rate_cmp(a, u), 1);
}

/* The CSV line for a key, or NULL. */
static const char *line_of(const char *csv, const char *kind, const char *key, char *line,
                           size_t len)
{
    char prefix[128];
    snprintf(prefix, sizeof prefix, "\r\n%s,%s,", kind, key);
    const char *p = strstr(csv, prefix);
    if (!p)
        return NULL;
    p += 2;
    const char *end = strstr(p, "\r\n");
    snprintf(line, len, "%.*s", (int)(end - p), p);
    return line;
}

static void expect_line(const char *csv, const char *kind, const char *key, const char *label,
                        const char *rest)
{
    char line[1024];
    ogi_buf want;
    ogi_buf_init(&want);
    ogi_buf_printf(&want, "%s,%s,", kind, key);
    ogi_buf_csv(&want, label);
    ogi_buf_printf(&want, ",%s", rest);
    assert_non_null(line_of(csv, kind, key, line, sizeof line));
    assert_string_equal(line, want.data);
    ogi_buf_free(&want);
}

static const char *label_of(const char *key)
{
    return ogi_cell_at((size_t)ogi_cell_index(key))->label;
}

static void test_compare_csv(void **state)
{
    (void)state;
    ogi_report *y1 = truth("real/021_pingtan_zonghe_shiyanqu_2021");
    ogi_report *y2 = truth("real/023_pingtan_zonghe_shiyanqu_2023");
    ogi_buf csv;
    ogi_buf_init(&csv);
    ogi_compare_csv(y1, y2, &csv);
    static const char header[] = "kind,key,label,from,to,delta\r\n";
    assert_true(!strncmp(csv.data, header, strlen(header)));
    expect_line(csv.data, "cell", "s3_new_received__total", label_of("s3_new_received__total"),
                "70,81,11");
    expect_line(csv.data, "cell", "s3_carry_forward__total", label_of("s3_carry_forward__total"),
                "1,0,-1");
    /* Money: 24252.311082 → 5949.088667, exact. */
    expect_line(csv.data, "cell", "s2_fee_amount_wan", label_of("s2_fee_amount_wan"),
                "24252.311082,5949.088667,-18303.222415");
    /* granted_share 30/69 → 22/81; the delta is the exact difference −912/5589. */
    expect_line(csv.data, "rate", "granted_share", ogi_rate_by_key("granted_share")->label_zh,
                "0.4348,0.2716,-0.1632");
    /* One line per valued cell and per rate, plus the header. */
    size_t lines = 0, valued = 0;
    for (const char *p = csv.data; (p = strstr(p, "\r\n")); p += 2)
        lines++;
    for (size_t i = 0; i < ogi_cell_count(); i++)
        valued += y1->cells[i].state == OGI_CELL_VALUE || y2->cells[i].state == OGI_CELL_VALUE;
    assert_int_equal(lines, 1 + valued + ogi_rate_count());
    /* A cell valued on one side only has no delta. */
    ogi_report_set_blank(y1, (size_t)ogi_cell_index("s3_new_received__total"));
    ogi_buf_reset(&csv);
    ogi_compare_csv(y1, y2, &csv);
    expect_line(csv.data, "cell", "s3_new_received__total", label_of("s3_new_received__total"),
                ",81,");
    ogi_buf_free(&csv);
    ogi_report_free(y1);
    ogi_report_free(y2);
}

/* ---- with a store ---- */

static ogi_store *fresh(void)
{
    ogi_store *s = test_store_open("analysis");
    char err[512];
    assert_int_equal(ogi_store_migrate(s, NULL, err, sizeof err), 0);
    return s;
}

static int64_t add_agency(ogi_store *s, const char *name, ogi_agency_kind kind, int64_t parent)
{
    ogi_agency a = {.name = (char *)name, .kind = kind, .parent_id = parent,
                    .index_prefix = (char *)"T"};
    assert_int_equal(ogi_store_agency_add(s, &a, "test"), 0);
    return a.id;
}

static void store_as(ogi_store *s, int64_t agency, ogi_report *r, int year)
{
    r->year = year;
    json_t *j = ogi_report_to_json(r, NULL);
    char *text = json_dumps(j, OGI_JSON_DUMP_FLAGS), hash[OGI_CORPUS_HASH_HEX];
    json_decref(j);
    ogi_corpus_hash(text, strlen(text), hash);
    ogi_corpus_report c = {.agency_id = agency, .year = year, .source_path = (char *)"test",
                           .content_hash = hash, .report_json = text};
    assert_int_equal(ogi_store_corpus_add(s, &c, "test"), 1);
    free(text);
}

static bool has_rule(const ogi_findings *f, const char *rule, ogi_severity sev)
{
    for (size_t i = 0; i < f->n; i++)
        if (!strcmp(f->items[i].rule, rule) && f->items[i].severity == sev)
            return true;
    return false;
}

static void test_r34_across_years(void **state)
{
    (void)state;
    ogi_store *s = fresh();
    int64_t pt = add_agency(s, "平潭综合实验区管委会", OGI_KIND_DEPARTMENT, 0);
    ogi_report *y2021 = truth("real/021_pingtan_zonghe_shiyanqu_2021");
    ogi_report *y2022 = truth("real/023_pingtan_zonghe_shiyanqu_2023");
    store_as(s, pt, y2021, 2021);
    store_as(s, pt, y2022, 2022);
    ogi_findings f;
    ogi_findings_init(&f);
    char err[512];
    /* 2021 carried 1 application forward; "2022" says none was carried over. */
    assert_int_equal(ogi_check_pair(s, pt, 2022, OGI_SOURCE_AUTO, &f, err, sizeof err), 1);
    assert_true(has_rule(&f, "R3.4", OGI_SEV_ERROR));
    ogi_findings_free(&f);
    /* No report for 2020: nothing to check. */
    ogi_findings_init(&f);
    assert_int_equal(ogi_check_pair(s, pt, 2021, OGI_SOURCE_AUTO, &f, err, sizeof err), 0);
    assert_int_equal(f.n, 0);
    ogi_findings_free(&f);
    /* A corrected 2022 version (the latest wins) carries over what 2021 left. */
    const ogi_table_def *s3 = ogi_table_at(OGI_T_S3);
    size_t over = 0, fwd = 0;
    for (size_t r = 0; r < s3->n_rows; r++) {
        if (!strcmp(s3->rows[r].key, "carried_over"))
            over = r;
        if (!strcmp(s3->rows[r].key, "carry_forward"))
            fwd = r;
    }
    for (size_t c = 0; c < s3->n_cols; c++)
        ogi_report_set_value(y2022, (size_t)ogi_cell_in_table(OGI_T_S3, over, c),
                             y2021->cells[ogi_cell_in_table(OGI_T_S3, fwd, c)].value, 0);
    store_as(s, pt, y2022, 2022);
    ogi_findings_init(&f);
    assert_int_equal(ogi_check_pair(s, pt, 2022, OGI_SOURCE_AUTO, &f, err, sizeof err), 1);
    assert_false(has_rule(&f, "R3.4", OGI_SEV_ERROR));
    ogi_findings_free(&f);
    int *years;
    size_t n;
    assert_int_equal(ogi_store_report_years(s, pt, &years, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(years[0], 2021);
    assert_int_equal(years[1], 2022);
    free(years);
    ogi_report_free(y2021);
    ogi_report_free(y2022);
    test_store_close(s);
}

static void test_r25_v2019_across_years(void **state)
{
    (void)state;
    ogi_store *s = fresh();
    int64_t pt = add_agency(s, "平潭综合实验区管委会", OGI_KIND_DEPARTMENT, 0);
    ogi_report *y2019 = truth("real/019_pingtan_zonghe_shiyanqu_2019");
    ogi_report *y2020 = truth("real/019_pingtan_zonghe_shiyanqu_2019");
    store_as(s, pt, y2019, 2019);
    set(y2020, "s2v19_penalty_prev_items", 2650); /* 2648 + 0 ≠ 2650 */
    store_as(s, pt, y2020, 2020);
    ogi_findings f;
    ogi_findings_init(&f);
    char err[512];
    assert_int_equal(ogi_check_pair(s, pt, 2020, OGI_SOURCE_AUTO, &f, err, sizeof err), 1);
    assert_true(has_rule(&f, "R2.5", OGI_SEV_WARNING));
    assert_false(has_rule(&f, "R3.4", OGI_SEV_ERROR));
    ogi_findings_free(&f);
    ogi_report_free(y2019);
    ogi_report_free(y2020);
    test_store_close(s);
}

static void test_rank_region(void **state)
{
    (void)state;
    ogi_store *s = fresh();
    int64_t city = add_agency(s, "示范市人民政府", OGI_KIND_GOVERNMENT, 0);
    int64_t a = add_agency(s, "甲局", OGI_KIND_DEPARTMENT, city);
    int64_t b = add_agency(s, "乙局", OGI_KIND_DEPARTMENT, city);
    int64_t z = add_agency(s, "丙镇人民政府", OGI_KIND_TOWNSHIP, city);
    add_agency(s, "丁局", OGI_KIND_DEPARTMENT, city); /* no report */
    ogi_report *r = truth("real/023_pingtan_zonghe_shiyanqu_2023"); /* 22 / 81 */
    store_as(s, city, r, 2023);
    set(r, "s3_granted__total", 40); /* 40 / 81 */
    store_as(s, a, r, 2023);
    set(r, "s3_granted__total", 10);
    store_as(s, b, r, 2023);
    set(r, "s3_outcome_total__total", 0); /* undefined */
    store_as(s, z, r, 2023);
    ogi_report_free(r);
    ogi_rank_row *rows;
    size_t n;
    char err[512];
    assert_int_equal(ogi_rank_region(s, city, 2023, ogi_rate_by_key("granted_share"),
                                     OGI_SOURCE_AUTO, &rows, &n, err, sizeof err),
                     0);
    assert_int_equal(n, 5);
    const char *order[] = {"甲局", "示范市人民政府", "乙局"};
    for (size_t i = 0; i < 3; i++) {
        assert_string_equal(rows[i].agency.name, order[i]);
        assert_true(rows[i].value.defined);
    }
    assert_int_equal(rows[0].value.num, 40);
    /* Undefined last, by name; the agency without a report says so. */
    for (size_t i = 3; i < 5; i++) {
        assert_false(rows[i].value.defined);
        assert_int_equal(rows[i].has_report, !strcmp(rows[i].agency.name, "丙镇人民政府"));
    }
    ogi_rank_free(rows, n);
    test_store_close(s);
}

/* A report names its agency with or without the higher divisions in front;
 * a bare organ name never matches a region-qualified one, and two
 * candidates match nothing. */
static void test_agency_match_region_prefix(void **state)
{
    (void)state;
    ogi_store *s = fresh();
    int64_t city = add_agency(s, "淮安市人民政府", OGI_KIND_GOVERNMENT, 0);
    int64_t county = add_agency(s, "洪泽区人民政府", OGI_KIND_GOVERNMENT, city);
    add_agency(s, "淮安市教育局", OGI_KIND_DEPARTMENT, city);
    add_agency(s, "盱眙县教育局", OGI_KIND_DEPARTMENT, city);
    ogi_agency a;
    assert_int_equal(ogi_store_agency_match(s, "淮安市洪泽区人民政府", &a), 1);
    assert_int_equal(a.id, county);
    ogi_agency_free(&a);
    assert_int_equal(ogi_store_agency_match(s, "江苏省淮安市洪泽区人民政府", &a), 1);
    assert_int_equal(a.id, county);
    ogi_agency_free(&a);
    /* The longer name in the database, the shorter in the report. */
    assert_int_equal(ogi_store_agency_match(s, "淮安市人民政府", &a), 1);
    assert_int_equal(a.id, city);
    ogi_agency_free(&a);
    assert_int_equal(ogi_store_agency_match(s, "洪泽区教育局", &a), 0);
    /* "教育局" does not start with a place: no match, whatever the prefix. */
    assert_int_equal(ogi_store_agency_match(s, "教育局", &a), 0);
    /* Only a division's name may stand in front. */
    assert_int_equal(ogi_store_agency_match(s, "市委洪泽区人民政府", &a), 0);
    test_store_close(s);
}

static void test_agency_match_two_candidates(void **state)
{
    (void)state;
    ogi_store *s = fresh();
    add_agency(s, "淮安市洪泽区人民政府", OGI_KIND_GOVERNMENT, 0);
    add_agency(s, "宿迁市洪泽区人民政府", OGI_KIND_GOVERNMENT, 0);
    ogi_agency a;
    assert_int_equal(ogi_store_agency_match(s, "洪泽区人民政府", &a), 0);
    test_store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rate_table),       cmocka_unit_test(test_rates_exact),
        cmocka_unit_test(test_rate_compare),     cmocka_unit_test(test_compare_csv),
        cmocka_unit_test(test_r34_across_years), cmocka_unit_test(test_r25_v2019_across_years),
        cmocka_unit_test(test_rank_region),
        cmocka_unit_test(test_agency_match_region_prefix),
        cmocka_unit_test(test_agency_match_two_candidates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
