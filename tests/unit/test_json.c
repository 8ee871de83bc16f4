/*
 * test_json.c — the report JSON (docs/json.md) is a lossless exchange form:
 * JSON → model → JSON gives the same document, money keeps the decimals
 * it was written with, blank (null) and absent (no key) stay apart, cell
 * states and provenance survive, bad input is refused with a message that
 * names the offending key, and every ground-truth file of the corpus loads.
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "ogi/buf.h"
#include "ogi/json.h"
#include "ogi/report.h"

/* ---- helpers ---- */

static ogi_report *parse_ok(const char *text)
{
    char err[512] = "";
    ogi_report *r = ogi_report_from_json_text(text, strlen(text), err, sizeof err);
    if (!r)
        fail_msg("report JSON refused: %s", err);
    return r;
}

static void assert_json_same(const json_t *want, const json_t *got)
{
    if (json_equal((json_t *)want, (json_t *)got))
        return;
    char *a = json_dumps(want, JSON_SORT_KEYS | JSON_INDENT(1));
    char *b = json_dumps(got, JSON_SORT_KEYS | JSON_INDENT(1));
    print_error("expected:\n%s\ngot:\n%s\n", a, b);
    free(a);
    free(b);
    fail();
}

/* Parse text, write it back, and compare with the text as a JSON value. */
static void assert_round_trip(const char *text)
{
    json_error_t je;
    json_t *in = json_loads(text, 0, &je);
    if (!in)
        fail_msg("fixture is not JSON: line %d: %s", je.line, je.text);
    ogi_report *r = parse_ok(text);
    json_t *out = ogi_report_to_json(r, NULL);
    assert_json_same(in, out);
    json_decref(out);
    json_decref(in);
    ogi_report_free(r);
}

static const ogi_cell *cell(const ogi_report *r, const char *key)
{
    const ogi_cell *c = ogi_report_cell_c(r, key);
    if (!c)
        fail_msg("%s is not a cell key of the format definition", key);
    return c;
}

static void assert_value_text(const ogi_report *r, const char *key, const char *want)
{
    char buf[OGI_VALUE_BUF];
    const char *got = ogi_cell_value_text(ogi_cell_at((size_t)ogi_cell_index(key)),
                                          cell(r, key), buf);
    assert_string_equal(got, want);
}

/* ---- lossless round trips ---- */

/* A v2019 report with every kind of field ogi writes. */
static const char full_v2019[] =
    "{\"agency\": \"上海市人民政府办公厅\", \"agency_kind\": \"government\", \"year\": 2019,"
    " \"publish_date\": \"2020-01-20\", \"period\": \"2019-01-01/2019-12-31\","
    " \"format_version\": \"v2019\", \"source_file\": \"in/shanghai_2019.html\","
    " \"sections\": {\"s1\": \"总体情况正文\", \"s5\": \"\"},"
    " \"headings\": {\"s1\": \"一、总体情况\", \"s5\": \"五、存在的主要问题及改进情况\"},"
    " \"heading_order\": {\"s1\": 1, \"s5\": 2},"
    " \"cells\": {"
    "  \"s2v19_rules_made\": 3,"
    "  \"s2v19_licensing_change\": -8,"
    "  \"s2v19_procurement_amount\": 1887.214474,"
    "  \"s3_granted__natural_person\": null,"
    "  \"s3_partial__total\": null,"
    "  \"s3_other_v2019__total\": null,"
    "  \"s4_review_total\": 2},"
    " \"cell_detail\": {"
    "  \"s2v19_procurement_amount\": {\"state\": \"value\", \"raw\": \"1887.214474万元\","
    "   \"unit\": \"万元\"},"
    "  \"s3_partial__total\": {\"state\": \"ambiguous\", \"raw\": \"3 4\"},"
    "  \"s3_other_v2019__total\": {\"state\": \"unreadable\", \"raw\": \"若干\"},"
    "  \"s4_review_total\": {\"state\": \"value\", \"source\": {\"file\": \"in/shanghai_2019.html\","
    "   \"line\": 120, \"table\": 2, \"row\": 3, \"col\": 4}}},"
    " \"extras\": [\"其他主动公开文件 3\"]}";

static void round_trip_full_report(void **state)
{
    (void)state;
    assert_round_trip(full_v2019);
}

static void money_decimals_are_exact(void **state)
{
    (void)state;
    ogi_report *r = parse_ok(full_v2019);
    const ogi_cell *c = cell(r, "s2v19_procurement_amount");
    assert_int_equal(c->state, OGI_CELL_VALUE);
    assert_true(c->value == 1887214474);
    assert_int_equal(c->decimals, 6);
    assert_string_equal(c->unit, "万元");
    assert_value_text(r, "s2v19_procurement_amount", "1887.214474");
    assert_true(cell(r, "s2v19_licensing_change")->value == -8);
    ogi_report_free(r);
}

/* 0.50 keeps its trailing zero through cell_detail.raw. */
static const char fee_050[] =
    "{\"agency\": \"某局\", \"agency_kind\": null, \"year\": 2023, \"publish_date\": null,"
    " \"period\": null, \"format_version\": \"v2021\", \"sections\": {},"
    " \"cells\": {\"s2_fee_amount_wan\": 0.5},"
    " \"cell_detail\": {\"s2_fee_amount_wan\": {\"state\": \"value\", \"raw\": \"0.50\"}}}";

static void money_keeps_trailing_zero(void **state)
{
    (void)state;
    assert_round_trip(fee_050);
    ogi_report *r = parse_ok(fee_050);
    const ogi_cell *c = cell(r, "s2_fee_amount_wan");
    assert_true(c->value == 500000);
    assert_int_equal(c->decimals, 2);
    assert_value_text(r, "s2_fee_amount_wan", "0.50");
    ogi_report_free(r);
}

/* 「251000元」 in a 万元 cell is 25.1 万元; the raw text and unit are kept. */
static const char fee_yuan[] =
    "{\"agency\": \"某局\", \"agency_kind\": null, \"year\": 2023, \"publish_date\": null,"
    " \"period\": null, \"format_version\": \"v2021\", \"sections\": {},"
    " \"cells\": {\"s2_fee_amount_wan\": 25.1},"
    " \"cell_detail\": {\"s2_fee_amount_wan\": {\"state\": \"value\", \"raw\": \"251000元\","
    "  \"unit\": \"元\"}}}";

static void money_from_yuan(void **state)
{
    (void)state;
    assert_round_trip(fee_yuan);
    ogi_report *r = parse_ok(fee_yuan);
    const ogi_cell *c = cell(r, "s2_fee_amount_wan");
    assert_true(c->value == 25100000);
    assert_string_equal(c->raw, "251000元");
    assert_value_text(r, "s2_fee_amount_wan", "25.1");
    ogi_report_free(r);
}

/* A plain JSON number without detail: the written decimals are recovered,
 * and the document ogi writes is itself stable under a second round trip. */
static void plain_money_number_is_stable(void **state)
{
    (void)state;
    static const char text[] = "{\"year\": 2019, \"cells\": {\"s2v19_procurement_amount\": "
                               "1887.214474, \"s2v19_procurement_projects\": 7}}";
    ogi_report *r = parse_ok(text);
    assert_true(cell(r, "s2v19_procurement_amount")->value == 1887214474);
    json_t *once = ogi_report_to_json(r, NULL);
    char *once_text = json_dumps(once, OGI_JSON_DUMP_FLAGS);
    assert_non_null(strstr(once_text, "1887.214474"));
    assert_round_trip(once_text);
    free(once_text);
    json_decref(once);
    ogi_report_free(r);
}

static void null_and_absent_stay_apart(void **state)
{
    (void)state;
    ogi_report *r = parse_ok("{\"year\": 2023, \"cells\": {\"s4_review_total\": null}}");
    assert_int_equal(cell(r, "s4_review_total")->state, OGI_CELL_BLANK);
    assert_int_equal(cell(r, "s4_review_upheld")->state, OGI_CELL_ABSENT);
    json_t *out = ogi_report_to_json(r, NULL);
    json_t *cells = json_object_get(out, "cells");
    assert_true(json_is_null(json_object_get(cells, "s4_review_total")));
    assert_null(json_object_get(cells, "s4_review_upheld"));
    assert_int_equal(json_object_size(cells), 1);
    json_decref(out);
    ogi_report_free(r);
}

static void cell_states_and_sources(void **state)
{
    (void)state;
    ogi_report *r = parse_ok(full_v2019);
    const ogi_cell *amb = cell(r, "s3_partial__total");
    assert_int_equal(amb->state, OGI_CELL_AMBIGUOUS);
    assert_string_equal(amb->raw, "3 4");
    const ogi_cell *bad = cell(r, "s3_other_v2019__total");
    assert_int_equal(bad->state, OGI_CELL_UNREADABLE);
    assert_int_equal(bad->parse, OGI_PARSE_NOT_NUMBER);
    assert_string_equal(bad->raw, "若干");
    assert_int_equal(cell(r, "s3_granted__natural_person")->state, OGI_CELL_BLANK);
    const ogi_cell *src = cell(r, "s4_review_total");
    assert_true(src->value == 2);
    assert_string_equal(src->src.file, "in/shanghai_2019.html");
    assert_int_equal(src->src.line, 120);
    assert_int_equal(src->src.table, 2);
    assert_int_equal(src->src.row, 3);
    assert_int_equal(src->src.col, 4);
    assert_string_equal(r->extras[0], "其他主动公开文件 3");
    assert_int_equal(r->agency_kind, OGI_KIND_GOVERNMENT);
    ogi_report_free(r);
}

/* ---- refused input names what is wrong ---- */

static void assert_refused(const char *text, const char *must_mention)
{
    char err[512] = "";
    ogi_report *r = ogi_report_from_json_text(text, strlen(text), err, sizeof err);
    if (r) {
        ogi_report_free(r);
        fail_msg("accepted bad input: %s", text);
    }
    if (!strstr(err, must_mention))
        fail_msg("error \"%s\" does not mention \"%s\"", err, must_mention);
}

static void errors_name_the_key(void **state)
{
    (void)state;
    assert_refused("{\"cells\": {\"s3_bogus__total\": 1}}", "s3_bogus__total");
    assert_refused("{\"cells\": {\"s4_review_total\": true}}", "s4_review_total");
    assert_refused("{\"cells\": {\"s4_review_total\": [1]}}", "s4_review_total");
    assert_refused("{\"cells\": []}", "cells");
    assert_refused("{\"cell_detail\": {\"s9_nothing\": {}}}", "s9_nothing");
    assert_refused("{\"cell_detail\": {\"s4_review_total\": {\"state\": \"maybe\"}}}",
                   "s4_review_total");
    assert_refused("{\"agency_kind\": \"ministry\"}", "agency_kind");
    assert_refused("{\"year\": \"2023\"}", "year");
    assert_refused("{\"sections\": {\"s1\": 5}}", "s1");
    assert_refused("{\"extras\": \"x\"}", "extras");
    assert_refused("[1, 2]", "object");
    assert_refused("{\"cells\": {", "line 1");
}

/* ---- the corpus ---- */

static size_t truth_files;
static size_t truth_cells;

static void check_truth_file(const char *path)
{
    size_t len = 0;
    char *text = ogi_read_file(path, 0, &len);
    if (!text)
        fail_msg("%s: cannot read", path);
    json_error_t je;
    json_t *truth = json_loadb(text, len, 0, &je);
    if (!truth)
        fail_msg("%s: not JSON: %s", path, je.text);
    char err[512] = "";
    ogi_report *r = ogi_report_from_json_text(text, len, err, sizeof err);
    if (!r)
        fail_msg("%s: refused: %s", path, err);
    json_t *out = ogi_report_to_json(r, NULL);
    json_t *want = json_object_get(truth, "cells"), *got = json_object_get(out, "cells");
    const char *key;
    json_t *v;
    json_object_foreach(want, key, v) {
        json_t *g = json_object_get(got, key);
        if (!g || !json_equal(v, g))
            fail_msg("%s: cell %s did not round-trip", path, key);
        truth_cells++;
    }
    if (json_object_size(got) != json_object_size(want))
        fail_msg("%s: %zu cells written, truth has %zu", path, json_object_size(got),
                 json_object_size(want));
    json_decref(out);
    json_decref(truth);
    ogi_report_free(r);
    free(text);
    truth_files++;
}

static int visit(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    size_t n = strlen(path), s = strlen(".truth.json");
    if (flag == FTW_F && n > s && strcmp(path + n - s, ".truth.json") == 0)
        check_truth_file(path);
    return 0;
}

static void corpus_truth_files_load(void **state)
{
    (void)state;
    const char *shared = getenv("OGI_SHARED");
    if (!shared)
        fail_msg("OGI_SHARED is not set");
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/corpus", shared);
    truth_files = truth_cells = 0;
    assert_int_equal(nftw(dir, visit, 16, FTW_PHYS), 0);
    print_message("%zu truth files, %zu cells round-tripped\n", truth_files, truth_cells);
    assert_true(truth_files >= 5); /* at least the five seeds */
    assert_true(truth_cells > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(round_trip_full_report),
        cmocka_unit_test(money_decimals_are_exact),
        cmocka_unit_test(money_keeps_trailing_zero),
        cmocka_unit_test(money_from_yuan),
        cmocka_unit_test(plain_money_number_is_stable),
        cmocka_unit_test(null_and_absent_stay_apart),
        cmocka_unit_test(cell_states_and_sources),
        cmocka_unit_test(errors_name_the_key),
        cmocka_unit_test(corpus_truth_files_load),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
