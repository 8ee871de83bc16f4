/*
 * test_validate.c — every rule of validation-rules.md fires on a report
 * built to break it and stays quiet on one that does not, with the §0
 * missing-value policy (SKIPPED, missing addends as 0) checked on the
 * arithmetic rules.
 *
 * Reports start from ogi_report_blank() with every cell set to 0 (a clean
 * report: no findings), then one thing is broken.  Cells are named by the
 * spec's keys or found through the format definition.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ogi/json.h"
#include "ogi/report.h"
#include "ogi/validate.h"
#include "report/validate_internal.h"

/* ---- helpers ---- */

static ogi_report *clean_report(int year, ogi_agency_kind kind)
{
    ogi_report *r = ogi_report_blank("测试市测试局", year, kind);
    for (size_t i = 0; i < ogi_cell_count(); i++)
        if (r->cells[i].state != OGI_CELL_ABSENT)
            ogi_report_set_value(r, i, 0, 0);
    char date[32];
    snprintf(date, sizeof date, "%d-01-15", year + 1);
    r->publish_date = strdup(date);
    return r;
}

static size_t idx(const char *key)
{
    int i = ogi_cell_index(key);
    assert_true(i >= 0);
    return (size_t)i;
}

static void set(ogi_report *r, const char *key, int64_t v)
{
    ogi_report_set_value(r, idx(key), v, 0);
}
static void raw(ogi_report *r, const char *key, const char *text)
{
    ogi_report_set_raw(r, idx(key), text);
}
static void blank(ogi_report *r, const char *key) { ogi_report_set_blank(r, idx(key)); }
static void absent(ogi_report *r, const char *key)
{
    ogi_cell *c = ogi_report_cell(r, key);
    free(c->raw);
    free(c->unit);
    *c = (ogi_cell){.state = OGI_CELL_ABSENT, .src = {NULL, 0, -1, -1, -1}};
}

static void validate(const ogi_report *r, ogi_findings *f)
{
    ogi_findings_init(f);
    ogi_validate(r, f);
}

static size_t count_rule(const ogi_findings *f, const char *rule)
{
    size_t n = 0;
    for (size_t i = 0; i < f->n; i++)
        n += strcmp(f->items[i].rule, rule) == 0;
    return n;
}

static bool has_key(const ogi_finding *x, const char *key)
{
    for (size_t k = 0; k < x->n_keys; k++)
        if (strcmp(x->keys[k], key) == 0)
            return true;
    return false;
}

/* The finding of a rule naming key (or table when key is NULL); fails if none. */
static const ogi_finding *expect(const ogi_findings *f, const char *rule, ogi_severity sev,
                                 const char *key, const char *table)
{
    for (size_t i = 0; i < f->n; i++) {
        const ogi_finding *x = &f->items[i];
        if (strcmp(x->rule, rule) != 0)
            continue;
        if (key && !has_key(x, key))
            continue;
        if (table && (!x->table || strcmp(x->table, table) != 0))
            continue;
        assert_int_equal(x->severity, sev);
        assert_non_null(x->message_en);
        assert_non_null(x->message_zh);
        assert_true(x->message_en[0] && x->message_zh[0]);
        return x;
    }
    fail_msg("no %s finding on %s", rule, key ? key : table ? table : "(report)");
    return NULL;
}

static void expect_only(const ogi_findings *f, const char *rule, size_t n)
{
    if (f->n != n || count_rule(f, rule) != n) {
        for (size_t i = 0; i < f->n; i++)
            print_message("  got %s %s\n", f->items[i].rule, f->items[i].message_en);
        fail_msg("expected exactly %zu %s findings and nothing else, got %zu findings", n, rule,
                 f->n);
    }
}

/* Cell key of (table, row key, col key) through the definition. */
static const char *key_at(ogi_table_id t, const char *row, const char *col)
{
    int i = val_cell(t, row, col);
    assert_true(i >= 0);
    return ogi_cell_at((size_t)i)->key;
}

/* ---- findings API ---- */

static void test_findings_api(void **state)
{
    (void)state;
    ogi_findings f;
    ogi_findings_init(&f);
    assert_int_equal(f.n, 0);
    const char *keys[] = {"s3_new_received__total", "s3_carried_over__total", NULL};
    ogi_finding *x = ogi_findings_add(&f, "R3.3", OGI_SEV_ERROR, keys, "s3", "en", "中文");
    assert_string_equal(x->rule, "R3.3");
    assert_int_equal(x->n_keys, 2);
    assert_string_equal(x->keys[1], "s3_carried_over__total");
    assert_string_equal(x->table, "s3");
    for (int i = 0; i < 40; i++) /* grows */
        ogi_findings_add(&f, "R0.1", OGI_SEV_WARNING, NULL, NULL, "w", "警告");
    assert_int_equal(ogi_findings_count(&f, OGI_SEV_ERROR), 1);
    assert_int_equal(ogi_findings_count(&f, OGI_SEV_WARNING), 40);
    assert_null(f.items[5].table);
    assert_int_equal(f.items[5].n_keys, 0);
    assert_string_equal(ogi_severity_name(OGI_SEV_ERROR), "ERROR");
    assert_string_equal(ogi_severity_name(OGI_SEV_WARNING), "WARNING");
    ogi_findings_free(&f);
    assert_int_equal(f.n, 0);
}

static void test_clean_reports_have_no_findings(void **state)
{
    (void)state;
    int years[] = {2020, 2023};
    for (size_t y = 0; y < 2; y++) {
        ogi_report *r = clean_report(years[y], OGI_KIND_GOVERNMENT);
        ogi_findings f;
        validate(r, &f);
        expect_only(&f, "-", 0);
        ogi_findings_free(&f);
        ogi_report_free(r);
    }
}

/* ---- R0 ---- */

static void test_r0_1_blank_cell(void **state)
{
    (void)state;
    ogi_report *r = clean_report(2023, OGI_KIND_DEPARTMENT);
    blank(r, "s3_granted__research");
    raw(r, "s4_review_other", "—"); /* placeholder: MISSING with a warning */
    ogi_findings f;
    validate(r, &f);
    const ogi_finding *x = expect(&f, "R0.1", OGI_SEV_WARNING, "s3_granted__research", "s3");
    assert_int_equal(x->n_keys, 1);
    assert_non_null(strstr(x->message_zh, "单元格为空，按缺失处理（不视为0）。"));
    assert_non_null(strstr(x->message_en, "s3_granted__research ("));
    expect(&f, "R0.1", OGI_SEV_WARNING, "s4_review_other", "s4");
    expect_only(&f, "R0.1", 2); /* no arithmetic finding: blanks count 0 */
    ogi_findings_free(&f);
    ogi_report_free(r);
}

static void test_r0_1_one_cell_table_is_not_r0_2(void **state)
{
    (void)state;
    ogi_report *r = clean_report(2023, OGI_KIND_DEPARTMENT);
    const char *fee = key_at(OGI_T_ART20_8_V2021, "fee", "amount_wan");
    raw(r, fee, "\xc2\xa0"); /* a lone NBSP, as in seed 003 */
    ogi_findings f;
    validate(r, &f);
    const ogi_finding *x = expect(&f, "R0.1", OGI_SEV_WARNING, fee, NULL);
    char want[256];
    snprintf(want, sizeof want, "%s单元格为空，按缺失处理（不视为0）。",
             ogi_cell_at(idx(fee))->label);
    assert_string_equal(x->message_zh, want);
    expect_only(&f, "R0.1", 1);
    ogi_findings_free(&f);
    ogi_report_free(r);
}

static void test_r0_2_table_without_figures(void **state)
{
    (void)state;
    ogi_report *r = clean_report(2023, OGI_KIND_DEPARTMENT);
    const ogi_table_def *s4 = ogi_table_at(OGI_T_S4);
    for (size_t c = 0; c < s4->n_cols; c++)
        ogi_report_set_blank(r, (size_t)ogi_cell_in_table(OGI_T_S4, 0, c));
    ogi_findings f;
    validate(r, &f);
    const ogi_finding *x = expect(&f, "R0.2", OGI_SEV_ERROR, NULL, "s4");
    assert_int_equal(x->n_keys, 0);
    char want[256];
    snprintf(want, sizeof want, "%s表格未填写任何数据，无数据的应填0。", s4->caption);
    assert_string_equal(x->message_zh, want);
    expect_only(&f, "R0.2", 1); /* R0.1 not repeated per cell; R4 SKIPPED */
    ogi_findings_free(&f);

    /* one figure left: no R0.2, each blank cell gets R0.1 */
    set(r, "s4_review_upheld", 0);
    validate(r, &f);
    assert_int_equal(count_rule(&f, "R0.2"), 0);
    assert_int_equal(count_rule(&f, "R0.1"), s4->n_cols - 1);
    ogi_findings_free(&f);
    ogi_report_free(r);
}

static void test_r0_3_unit_in_cell(void **state)
{
    (void)state;
    ogi_report *r = clean_report(2023, OGI_KIND_DEPARTMENT);
    raw(r, "s2_licensing_decisions", "15098件");
    raw(r, "s2_fee_amount_wan", "251000元"); /* 元 in the 万元 column: / 10 000 */
    ogi_findings f;
    validate(r, &f);
    const ogi_finding *x = expect(&f, "R0.3", OGI_SEV_WARNING, "s2_licensing_decisions", NULL);
    assert_string_equal(
        x->message_en, "s2_licensing_decisions: unit \"件\" written in the cell; parsed as 15098.");
    assert_non_null(strstr(x->message_zh, "单元格含单位“件”，已按15098处理。"));
    x = expect(&f, "R0.3", OGI_SEV_WARNING, "s2_fee_amount_wan", NULL);
    assert_non_null(strstr(x->message_en, "unit \"元\" written in the cell; parsed as 25.1."));
    expect_only(&f, "R0.3", 2);
    ogi_findings_free(&f);

    raw(r, "s2_licensing_decisions", "15098");
    raw(r, "s2_fee_amount_wan", "25.1");
    validate(r, &f);
    expect_only(&f, "R0.3", 0);
    ogi_findings_free(&f);
    ogi_report_free(r);
}

static void test_r0_4_not_integer(void **state)
{
    (void)state;
    ogi_report *r = clean_report(2023, OGI_KIND_DEPARTMENT);
    raw(r, "s3_granted__commercial", "2.5");
    ogi_findings f;
    validate(r, &f);
    const ogi_finding *x = expect(&f, "R0.4", OGI_SEV_ERROR, "s3_granted__commercial", "s3");
    assert_string_equal(x->message_en, "s3_granted__commercial must be a whole number, got 2.5.");
    assert_non_null(strstr(x->message_zh, "应为整数，实际为“2.5”。"));
    expect_only(&f, "R0.4", 1); /* unreadable = MISSING in arithmetic */
    ogi_findings_free(&f);
    raw(r, "s3_granted__commercial", "0");
    raw(r, "s2_fee_amount_wan", "2.5"); /* money may have decimals */
    validate(r, &f);
    expect_only(&f, "R0.4", 0);
    ogi_findings_free(&f);
    ogi_report_free(r);
}

static void test_r0_5_negative(void **state)
{
    (void)state;
    ogi_report *r = clean_report(2023, OGI_KIND_DEPARTMENT);
    raw(r, "s2_penalty_decisions", "-3");
    ogi_findings f;
    validate(r, &f);
    const ogi_finding *x = expect(&f, "R0.5", OGI_SEV_ERROR, "s2_penalty_decisions", NULL);
    assert_string_equal(x->message_en, "s2_penalty_decisions must not be negative, got -3.");
    assert_non_null(strstr(x->message_zh, "不得为负数（-3）。"));
    expect_only(&f, "R0.5", 1);
    ogi_findings_free(&f);
    ogi_report_free(r);

    /* 本年增/减 (SIGNED) may be negative */
    r = clean_report(2020, OGI_KIND_DEPARTMENT);
    raw(r, "s2v19_licensing_change", "-3");
    assert_int_equal(ogi_report_cell(r, "s2v19_licensing_change")->value, -3);
    validate(r, &f);
    expect_only(&f, "R0.5", 0);
    ogi_findings_free(&f);
    ogi_report_free(r);
}

static void test_r0_6_not_a_number(void **state)
{
    (void)state;
    ogi_report *r = clean_report(2023, OGI_KIND_DEPARTMENT);
    raw(r, "s3_granted__total", "若干");
    raw(r, "s2_coercion_decisions", "3万元"); /* 万元 in a count column */
    ogi_findings f;
    validate(r, &f);
    const ogi_finding *x = expect(&f, "R0.6", OGI_SEV_ERROR, "s3_granted__total", "s3");
    assert_string_equal(x->message_en, "s3_granted__total: cannot read \"若干\" as a number.");
    assert_non_null(strstr(x->message_zh, "“若干”无法识别为数字。"));
    expect(&f, "R0.6", OGI_SEV_ERROR, "s2_coercion_decisions", NULL);
    expect_only(&f, "R0.6", 2); /* the unreadable total SKIPs R3.1 */
    ogi_findings_free(&f);
    ogi_report_free(r);
}

static const char ambiguous_json[] =
    "{\"agency\":\"测试市测试局\",\"year\":2023,\"agency_kind\":\"department\","
    "\"publish_date\":\"2024-01-10\",\"cells\":{\"s4_review_upheld\":1,\"s4_review_corrected\":0,"
    "\"s4_review_other\":null,\"s4_review_pending\":null,\"s4_review_total\":null},"
    "\"cell_detail\":{\"s4_review_other\":{\"state\":\"ambiguous\",\"raw\":\"5 7\"},"
    "\"s4_review_pending\":{\"state\":\"ambiguous\",\"raw\":\"5 7\"},"
    "\"s4_review_total\":{\"state\":\"ambiguous\",\"raw\":\"5 7\"}}}";

static void test_r0_7_ambiguous_row(void **state)
{
    (void)state;
    char err[256] = "";
    ogi_report *r =
        ogi_report_from_json_text(ambiguous_json, strlen(ambiguous_json), err, sizeof err);
    assert_non_null(r);
    assert_int_equal(ogi_report_cell(r, "s4_review_total")->state, OGI_CELL_AMBIGUOUS);
    ogi_findings f;
    validate(r, &f);
    const ogi_finding *x = expect(&f, "R0.7", OGI_SEV_WARNING, "s4_review_total", "s4");
    assert_int_equal(count_rule(&f, "R0.7"), 1); /* once per row */
    assert_int_equal(x->n_keys, 3);
    assert_true(has_key(x, "s4_review_other") && has_key(x, "s4_review_pending"));
    assert_non_null(strstr(x->message_en, "the values 5 7 belong to; treated as missing."));
    assert_non_null(strstr(x->message_zh, "行的数值5 7无法对应到具体列，按缺失处理。"));
    assert_int_equal(count_rule(&f, "R4.1"), 0); /* ambiguous total = MISSING → SKIPPED */
    assert_int_equal(count_rule(&f, "R0.1"), 0); /* R0.7 says it; no R0.1 for ambiguous */
    ogi_findings_free(&f);
    ogi_report_free(r);

    r = clean_report(2023, OGI_KIND_DEPARTMENT);
    validate(r, &f);
    assert_int_equal(count_rule(&f, "R0.7"), 0);
    ogi_findings_free(&f);
    ogi_report_free(r);
}

/* ---- R1 ---- */

static void set_headings(ogi_report *r)
{
    r->structure_known = true;
    for (size_t s = 0; s < ogi_section_count(); s++) {
        free(r->headings[s]);
        r->headings[s] = strdup(ogi_section_at(s)->heading);
        r->heading_order[s] = (int)s + 1;
    }
}

static void test_r1_1_sections_missing_or_out_of_order(void **state)
{
    (void)state;
    ogi_report *r = clean_report(2023, OGI_KIND_DEPARTMENT);
    set_headings(r);
    ogi_findings f;
    validate(r, &f);
    expect_only(&f, "R1.1", 0);
    ogi_findings_free(&f);

    free(r->headings[5]);
    r->headings[5] = NULL;
    r->heading_order[5] = 0;
    validate(r, &f);
    const ogi_finding *x = expect(&f, "R1.1", OGI_SEV_ERROR, NULL, "s6");
    assert_string_equal(x->message_zh, "缺少第六部分“六、其他需要报告的事项”或顺序错误。");
    expect_only(&f, "R1.1", 1);
    ogi_findings_free(&f);

    /* 二 found after 五: only 二 is out of order */
    set_headings(r);
    r->heading_order[1] = 6;
    r->heading_order[2] = 2, r->heading_order[3] = 3, r->heading_order[4] = 4;
    r->heading_order[5] = 7;
    validate(r, &f);
    expect(&f, "R1.1", OGI_SEV_ERROR, NULL, "s2");
    expect_only(&f, "R1.1", 1);
    ogi_findings_free(&f);

    /* headings unknown (no importer saw the document): R1.1/R1.2 not evaluated */
    r->structure_known = false;
    free(r->headings[0]);
    r->headings[0] = NULL;
    validate(r, &f);
    expect_only(&f, "R1.1", 0);
    ogi_findings_free(&f);
    ogi_report_free(r);
}

static void test_r1_2_heading_differs(void **state)
{
    (void)state;
    ogi_report *r = clean_report(2020, OGI_KIND_DEPARTMENT);
    set_headings(r);
    free(r->headings[3]);
    r->headings[3] = strdup("四、因政府信息公开工作被申请行政复议、提起行政诉讼情况");
    free(r->headings[0]);
    r->headings[0] = strdup("\xe3\x80\x80 一、 总体情况 "); /* whitespace only: same */
    ogi_findings f;
    validate(r, &f);
    const ogi_finding *x = expect(&f, "R1.2", OGI_SEV_WARNING, NULL, "s4");
    assert_string_equal(x->message_zh,
                        "第四部分标题“四、因政府信息公开工作被申请行政复议、提起行政诉讼情况”"
                        "与标准标题“四、政府信息公开行政复议、行政诉讼情况”不一致。");
    expect_only(&f, "R1.2", 1);
    ogi_findings_free(&f);

    /* a trailing 。 or a bullet is not stripped for R1.2 */
    free(r->headings[3]);
    r->headings[3] = strdup(ogi_section_at(3)->heading);
    free(r->headings[4]);
    r->headings[4] = strdup("\xe3\x80\x80- 存在的主要问题及改进情况 "); /* shown trimmed */
    free(r->headings[1]);
    r->headings[1] = strdup("二、主动公开政府信息情况。");
    free(r->headings[5]);
    r->headings[5] = strdup("六、“其他需要报告的事项”"); /* quotes are not stripped either */
    validate(r, &f);
    x = expect(&f, "R1.2", OGI_SEV_WARNING, NULL, "s5");
    assert_non_null(strstr(x->message_zh, "第五部分标题“- 存在的主要问题及改进情况”与标准标题"));
    expect(&f, "R1.2", OGI_SEV_WARNING, NULL, "s2");
    expect(&f, "R1.2", OGI_SEV_WARNING, NULL, "s6");
    expect_only(&f, "R1.2", 3);
    ogi_findings_free(&f);
    ogi_report_free(r);
}

static void test_r1_3_r1_4_mixed_format(void **state)
{
    (void)state;
    ogi_report *r = clean_report(2023, OGI_KIND_DEPARTMENT);
    set(r, "s2v19_procurement_projects", 9);
    set(r, "s2v19_procurement_amount", 0);
    ogi_findings f;
    validate(r, &f);
    const ogi_finding *x = expect(&f, "R1.3", OGI_SEV_WARNING, NULL, NULL);
    assert_non_null(strstr(x->message_zh, "报告混用了2019年试行格式（第二十条第（九）项"));
    x = expect(&f, "R1.4", OGI_SEV_WARNING, NULL, NULL);
    assert_string_equal(x->message_zh, "2023年度报告应采用2021年格式，但发现2019年格式内容。");
    assert_non_null(strstr(x->message_en, "国办公开办函〔2021〕30号"));
    assert_int_equal(f.n, 2);
    ogi_findings_free(&f);
    ogi_report_free(r);
}

static void test_r1_4_format_for_year(void **state)
{
    (void)state;
    /* a 2020 report with v2021 elements only: not mixed, but the wrong format */
    ogi_report *r = clean_report(2023, OGI_KIND_DEPARTMENT);
    r->year = 2020;
    free(r->publish_date);
    r->publish_date = strdup("2021-01-10");
    free(r->period);
    r->period = strdup("2020-01-01/2020-12-31");
    ogi_findings f;
    validate(r, &f);
    const ogi_finding *x = expect(&f, "R1.4", OGI_SEV_WARNING, NULL, NULL);
    assert_non_null(strstr(x->message_en,
                           "A 2020 report should use the 2019 format (国办公开办函〔2019〕60号)"));
    assert_int_equal(count_rule(&f, "R1.3"), 0);
    assert_true(count_rule(&f, "R1.5") > 0); /* the v2019 cells are absent */
    ogi_findings_free(&f);
    ogi_report_free(r);

    r = clean_report(2020, OGI_KIND_DEPARTMENT); /* v2019 in 2020: fine */
    validate(r, &f);
    expect_only(&f, "R1.4", 0);
    ogi_findings_free(&f);
    ogi_report_free(r);
}

static void test_r1_5_required_cell_absent(void **state)
{
    (void)state;
    ogi_report *r = clean_report(2023, OGI_KIND_DEPARTMENT);
    absent(r, "s3_other_misc__total");
    absent(r, "s2_fee_amount_wan");
    ogi_findings f;
    validate(r, &f);
    const ogi_finding *x = expect(&f, "R1.5", OGI_SEV_ERROR, "s3_other_misc__total", "s3");
    char want[256];
    snprintf(want, sizeof want, "报告缺少必填项“%s”。",
             ogi_cell_at(idx("s3_other_misc__total"))->label);
    assert_string_equal(x->message_zh, want);
    expect(&f, "R1.5", OGI_SEV_ERROR, "s2_fee_amount_wan", "art20_8_v2021");
    expect_only(&f, "R1.5", 2); /* absent = MISSING: R3 still balances */
    ogi_findings_free(&f);

    /* year unknown: the detected (unmixed) format decides */
    r->year = 0;
    validate(r, &f);
    assert_int_equal(count_rule(&f, "R1.5"), 2);
    ogi_findings_free(&f);
    /* year unknown and mixed: SKIPPED */
    set(r, "s2v19_fee_prev_items", 0);
    validate(r, &f);
    assert_int_equal(count_rule(&f, "R1.5"), 0);
    assert_int_equal(count_rule(&f, "R1.3"), 1);
    ogi_findings_free(&f);
    ogi_report_free(r);
}

static void check_deadline(ogi_agency_kind kind, const char *date, bool fires)
{
    ogi_report *r = clean_report(2023, kind);
    free(r->publish_date);
    r->publish_date = strdup(date);
    ogi_findings f;
    validate(r, &f);
    if (fires) {
        const ogi_finding *x = expect(&f, "R1.6", OGI_SEV_WARNING, NULL, NULL);
        assert_non_null(strstr(x->message_zh, date));
        assert_non_null(strstr(x->message_zh, "（《条例》第四十九条）。"));
    }
    expect_only(&f, "R1.6", fires ? 1 : 0);
    ogi_findings_free(&f);
    ogi_report_free(r);
}

static void test_r1_6_publication_deadline(void **state)
{
    (void)state;
    check_deadline(OGI_KIND_DEPARTMENT, "2024-01-31", false); /* deadline day is on time */
    check_deadline(OGI_KIND_DEPARTMENT, "2024-02-01", true);
    check_deadline(OGI_KIND_GOVERNMENT, "2024-03-31", false);
    check_deadline(OGI_KIND_GOVERNMENT, "2024-04-01", true);
    check_deadline(OGI_KIND_TOWNSHIP, "2024-06-01", false); /* not evaluated */
    check_deadline(OGI_KIND_OTHER, "2024-06-01", false);
    check_deadline(OGI_KIND_UNKNOWN, "2024-06-01", false);
}

static void check_period(const char *period, bool fires)
{
    ogi_report *r = clean_report(2023, OGI_KIND_DEPARTMENT);
    free(r->period);
    r->period = period ? strdup(period) : NULL;
    ogi_findings f;
    validate(r, &f);
    if (fires) {
        const ogi_finding *x = expect(&f, "R1.7", OGI_SEV_WARNING, NULL, NULL);
        char want[256];
        snprintf(want, sizeof want, "统计期限“%s”不是2023年1月1日至12月31日。", period);
        assert_string_equal(x->message_zh, want);
    }
    expect_only(&f, "R1.7", fires ? 1 : 0);
    ogi_findings_free(&f);
    ogi_report_free(r);
}

static void test_r1_7_period(void **state)
{
    (void)state;
    check_period("2023-01-01/2023-12-31", false);
    check_period("自2023年1月1日起，至2023年12月31日止", false);
    check_period("2023年1月1日至2023年12月31日", false);
    check_period("自２０２３年１月１日起至12月31日止", false); /* full-width digits */
    check_period(NULL, false);
    check_period("2023-01-01/2023-06-30", true);
    check_period("2022年1月1日至2022年12月31日", true);
}

/* ---- R2 (within one report) ---- */

static void test_r2_1_in_force_below_issued(void **state)
{
    (void)state;
    ogi_report *r = clean_report(2023, OGI_KIND_DEPARTMENT);
    set(r, "s2_normative_issued", 5);
    set(r, "s2_normative_in_force", 3);
    ogi_findings f;
    validate(r, &f);
    const ogi_finding *x =
        expect(&f, "R2.1", OGI_SEV_WARNING, "s2_normative_issued", "art20_1_v2021");
    assert_true(has_key(x, "s2_normative_in_force"));
    assert_string_equal(x->message_zh, "行政规范性文件本年制发5件而现行有效仅3件，请核实。");
    expect_only(&f, "R2.1", 1);
    ogi_findings_free(&f);

    set(r, "s2_normative_in_force", 9); /* seed 000: 9 ≥ 2 */
    validate(r, &f);
    expect_only(&f, "R2.1", 0);
    ogi_findings_free(&f);
    blank(r, "s2_normative_in_force"); /* missing input: SKIPPED */
    validate(r, &f);
    assert_int_equal(count_rule(&f, "R2.1"), 0);
    ogi_findings_free(&f);
    ogi_report_free(r);
}

static void check_rules_power(const char *agency, ogi_agency_kind kind, bool fires)
{
    ogi_report *r = clean_report(2023, kind);
    free(r->agency);
    r->agency = strdup(agency);
    set(r, "s2_rules_issued", 2);
    set(r, "s2_rules_in_force", 4);
    ogi_findings f;
    validate(r, &f);
    if (fires) {
        const ogi_finding *x = expect(&f, "R2.3", OGI_SEV_WARNING, "s2_rules_issued", NULL);
        assert_true(has_key(x, "s2_rules_in_force"));
        assert_false(has_key(x, "s2_rules_repealed")); /* 0: not a 规章 reported */
        char want[256];
        snprintf(want, sizeof want, "%s不具有规章制定权，却填报规章4件。", agency);
        assert_string_equal(x->message_zh, want);
    }
    if (count_rule(&f, "R2.3") != (fires ? 1u : 0u))
        fail_msg("R2.3 for %s: expected %s", agency, fires ? "a finding" : "none");
    ogi_findings_free(&f);
    ogi_report_free(r);
}

static void test_r2_3_rules_without_power(void **state)
{
    (void)state;
    check_rules_power("晋江市龙湖镇人民政府", OGI_KIND_TOWNSHIP, true);
    check_rules_power("某某街道办事处", OGI_KIND_UNKNOWN, true);  /* name shows 街道 */
    check_rules_power("西充县司法局", OGI_KIND_DEPARTMENT, true); /* county level */
    check_rules_power("广州市海珠区人民政府", OGI_KIND_GOVERNMENT, true);
    check_rules_power("上海市科学技术委员会", OGI_KIND_DEPARTMENT, true); /* local department */
    check_rules_power("上海市人民政府", OGI_KIND_GOVERNMENT, false);
    check_rules_power("广西壮族自治区人民政府", OGI_KIND_GOVERNMENT, false);
    check_rules_power("淮安市人民政府", OGI_KIND_GOVERNMENT, false); /* 设区的市 */
    check_rules_power("住房和城乡建设部", OGI_KIND_DEPARTMENT, false);
    check_rules_power("国家市场监督管理总局", OGI_KIND_DEPARTMENT, false);
    check_rules_power("国家乡村振兴局", OGI_KIND_DEPARTMENT, false);
    check_rules_power("上海市人民政府办公厅", OGI_KIND_DEPARTMENT, false); /* unsure: skip */
    check_rules_power("枣阳市人民政府", OGI_KIND_GOVERNMENT, false); /* county-level city: unsure */
    check_rules_power("某某研究中心", OGI_KIND_OTHER, false);
    check_rules_power("某某研究中心", OGI_KIND_UNKNOWN, false);
}

static void test_r2_4_fee_too_precise(void **state)
{
    (void)state;
    ogi_report *r = clean_report(2023, OGI_KIND_DEPARTMENT);
    raw(r, "s2_fee_amount_wan", "1.2345678");
    ogi_findings f;
    validate(r, &f);
    const ogi_finding *x = expect(&f, "R2.4", OGI_SEV_WARNING, "s2_fee_amount_wan", NULL);
    assert_string_equal(x->message_zh, "收费金额1.2345678万元小数位超过6位，请核实单位。");
    expect_only(&f, "R2.4", 1);
    ogi_findings_free(&f);
    raw(r, "s2_fee_amount_wan", "1887.214474"); /* 6 decimals: fine */
    validate(r, &f);
    expect_only(&f, "R2.4", 0);
    ogi_findings_free(&f);
    ogi_report_free(r);
}

/* ---- R3.1–R3.3 ---- */

static void test_r3_1_row_total(void **state)
{
    (void)state;
    ogi_report *r = clean_report(2023, OGI_KIND_DEPARTMENT);
    set(r, "s3_granted__natural_person", 3);
    set(r, "s3_granted__commercial", 1);
    set(r, "s3_granted__total", 3);
    ogi_findings f;
    validate(r, &f);
    const ogi_finding *x = expect(&f, "R3.1", OGI_SEV_ERROR, "s3_granted__total", "s3");
    assert_string_equal(x->message_zh, "“（一）予以公开”行：总计3不等于各类申请人之和4。");
    assert_int_equal(count_rule(&f, "R3.1"), 1);
    ogi_findings_free(&f);

    set(r, "s3_granted__total", 4);
    blank(r, "s3_granted__commercial"); /* missing addend counts 0 … */
    set(r, "s3_granted__total", 3);
    validate(r, &f);
    assert_int_equal(count_rule(&f, "R3.1"), 0);
    ogi_findings_free(&f);
    blank(r, "s3_granted__total"); /* … missing result: SKIPPED */
    set(r, "s3_granted__natural_person", 7);
    validate(r, &f);
    assert_int_equal(count_rule(&f, "R3.1"), 0);
    ogi_findings_free(&f);
    ogi_report_free(r);
}

static void test_r3_1_all_addends_missing_is_skipped(void **state)
{
    (void)state;
    ogi_report *r = clean_report(2023, OGI_KIND_DEPARTMENT);
    const ogi_table_def *s3 = ogi_table_at(OGI_T_S3);
    size_t row = (size_t)val_row(s3, "new_received");
    for (size_t c = 0; c < s3->n_cols; c++)
        if (!s3->cols[c].is_total)
            ogi_report_set_blank(r, (size_t)ogi_cell_in_table(OGI_T_S3, row, c));
    set(r, "s3_new_received__total", 5);
    ogi_findings f;
    validate(r, &f);
    assert_int_equal(count_rule(&f, "R3.1"), 0);
    assert_int_equal(count_rule(&f, "R0.1"), s3->n_cols - 1);
    ogi_findings_free(&f);
    ogi_report_free(r);
}

static void test_r3_2_outcome_total(void **state)
{
    (void)state;
    ogi_report *r = clean_report(2023, OGI_KIND_DEPARTMENT);
    set(r, "s3_other_misc__research", 2);
    set(r, "s3_other_misc__total", 2);
    set(r, "s3_outcome_total__research", 1);
    set(r, "s3_outcome_total__total", 2);
    ogi_findings f;
    validate(r, &f);
    const ogi_finding *x = expect(&f, "R3.2", OGI_SEV_ERROR, "s3_outcome_total__research", "s3");
    assert_string_equal(x->message_zh, "“科研机构”列：（七）总计1不等于（一）至（六）各项之和2。");
    assert_int_equal(count_rule(&f, "R3.2"), 1);
    assert_int_equal(count_rule(&f, "R3.1"), 1); /* and the outcome_total row no longer adds up */
    ogi_findings_free(&f);
    ogi_report_free(r);

    /* v2019: OUT19 includes the single （六） row */
    r = clean_report(2020, OGI_KIND_DEPARTMENT);
    set(r, "s3_other_v2019__natural_person", 1);
    set(r, "s3_other_v2019__total", 1);
    set(r, "s3_outcome_total__natural_person", 1);
    set(r, "s3_outcome_total__total", 1);
    set(r, "s3_new_received__natural_person", 1);
    set(r, "s3_new_received__total", 1);
    validate(r, &f);
    expect_only(&f, "-", 0);
    ogi_findings_free(&f);
    ogi_report_free(r);
}

static void test_r3_3_balance(void **state)
{
    (void)state;
    ogi_report *r = clean_report(2023, OGI_KIND_TOWNSHIP);
    set(r, "s3_carried_over__natural_person", 6); /* seed 001 */
    set(r, "s3_carried_over__total", 6);
    ogi_findings f;
    validate(r, &f);
    const ogi_finding *x =
        expect(&f, "R3.3", OGI_SEV_ERROR, "s3_carried_over__natural_person", "s3");
    assert_int_equal(x->n_keys, 4);
    assert_true(has_key(x, "s3_new_received__natural_person"));
    assert_true(has_key(x, "s3_outcome_total__natural_person"));
    assert_true(has_key(x, "s3_carry_forward__natural_person"));
    assert_string_equal(x->message_en,
                        "Column \"自然人\": new 0 + carried over 6 = 6, but handled 0 "
                        "+ carried forward 0 = 0.");
    assert_string_equal(x->message_zh, "“自然人”列勾稽关系不平：本年新收0+上年结转6=6，"
                                       "本年办理结果总计0+结转下年度0=0。");
    expect(&f, "R3.3", OGI_SEV_ERROR, "s3_carried_over__total", "s3");
    expect_only(&f, "R3.3", 2);
    ogi_findings_free(&f);
    ogi_report_free(r);
}

static void test_r3_3_missing_policy(void **state)
{
    (void)state;
    ogi_report *r = clean_report(2023, OGI_KIND_DEPARTMENT);
    const char *col[] = {"s3_new_received__commercial", "s3_carried_over__commercial",
                         "s3_outcome_total__commercial", "s3_carry_forward__commercial"};
    for (int k = 0; k < 4; k++)
        blank(r, col[k]);
    ogi_findings f;
    validate(r, &f); /* all four MISSING: SKIPPED */
    assert_int_equal(count_rule(&f, "R3.3"), 0);
    ogi_findings_free(&f);
    set(r, col[1], 2); /* carried over 2, the rest missing = 0: 2 ≠ 0 */
    validate(r, &f);
    expect(&f, "R3.3", OGI_SEV_ERROR, col[1], "s3");
    ogi_findings_free(&f);
    set(r, col[2], 2); /* 0 + 2 = 2 + 0 */
    validate(r, &f);
    assert_int_equal(count_rule(&f, "R3.3"), 0);
    ogi_findings_free(&f);
    ogi_report_free(r);
}

/* ---- R3.5 ---- */

static void check_narrative(const char *text, int64_t received, bool fires)
{
    ogi_report *r = clean_report(2023, OGI_KIND_DEPARTMENT);
    free(r->sections[2]);
    r->sections[2] = strdup(text);
    set(r, "s3_new_received__natural_person", received);
    set(r, "s3_new_received__total", received);
    set(r, "s3_granted__natural_person", received);
    set(r, "s3_granted__total", received);
    set(r, "s3_outcome_total__natural_person", received);
    set(r, "s3_outcome_total__total", received);
    ogi_findings f;
    validate(r, &f);
    if (fires) {
        const ogi_finding *x = expect(&f, "R3.5", OGI_SEV_WARNING, "s3_new_received__total", "s3");
        assert_non_null(strstr(x->message_zh, "，但表中本年新收申请为"));
    }
    if (f.n != (fires ? 1u : 0u))
        fail_msg("R3.5 on \"%s\" with %lld: expected %s, got %zu findings", text,
                 (long long)received, fires ? "one" : "none", f.n);
    ogi_findings_free(&f);
    ogi_report_free(r);
}

static void test_r3_5_narrative(void **state)
{
    (void)state;
    check_narrative("2023年我镇未收到政府信息公开申请。", 0, false);
    check_narrative("2023年我镇未收到政府信息公开申请。", 3, true);
    check_narrative("本年度共收到政府信息公开申请15件，均已按时答复。", 15, false);
    check_narrative("本年度共收到政府信息公开申请15件，均已按时答复。", 14, true);
    check_narrative("本年度共收到政府信息公开申请10件。", 10, false); /* 「10件」 is not 「0件」 */
    check_narrative("本年度依申请公开0件。", 2, true);
    check_narrative("我局认真做好依申请公开工作。", 5, false); /* says nothing: SKIPPED */
}

/* ---- R4 ---- */

static void test_r4_totals(void **state)
{
    (void)state;
    const char *rules[] = {"R4.1", "R4.2", "R4.3"};
    const ogi_table_def *s4 = ogi_table_at(OGI_T_S4);
    size_t k = 0;
    for (size_t c = 0; c < s4->n_cols; c++) {
        if (!s4->cols[c].is_total)
            continue;
        ogi_report *r = clean_report(2023, OGI_KIND_DEPARTMENT);
        ogi_report_set_value(r, (size_t)ogi_cell_in_table(OGI_T_S4, 0, c - 1), 2, 0); /* 尚未审结 */
        ogi_report_set_value(r, (size_t)ogi_cell_in_table(OGI_T_S4, 0, c), 1, 0);
        ogi_findings f;
        validate(r, &f);
        const char *total_key = ogi_cell_at((size_t)ogi_cell_in_table(OGI_T_S4, 0, c))->key;
        const ogi_finding *x = expect(&f, rules[k], OGI_SEV_ERROR, total_key, "s4");
        if (k == 0) {
            assert_string_equal(x->message_en,
                                "行政复议 总计 is 1 but 结果维持+结果纠正+其他结果+尚未审结 = 2.");
            assert_string_equal(x->message_zh,
                                "行政复议总计1不等于结果维持、结果纠正、其他结果、尚未审结之和2。");
        } else if (k == 1) {
            assert_string_equal(x->message_en,
                                "未经复议直接起诉 总计 is 1 but its four parts add up to 2.");
            assert_string_equal(x->message_zh,
                                "行政诉讼（未经复议直接起诉）总计1不等于各项之和2。");
        } else {
            assert_string_equal(x->message_zh, "行政诉讼（复议后起诉）总计1不等于各项之和2。");
        }
        expect_only(&f, rules[k], 1);
        ogi_findings_free(&f);
        ogi_report_set_value(r, (size_t)ogi_cell_in_table(OGI_T_S4, 0, c), 2, 0);
        validate(r, &f);
        expect_only(&f, rules[k], 0);
        ogi_findings_free(&f);
        ogi_report_free(r);
        k++;
    }
    assert_int_equal(k, 3);
}

/* ---- order ---- */

static void test_order_of_rule_groups(void **state)
{
    (void)state;
    ogi_report *r = clean_report(2023, OGI_KIND_DEPARTMENT);
    set(r, "s4_review_total", 3);           /* R4.1 */
    set(r, "s3_carried_over__research", 1); /* R3.3 (and R3.1) */
    set(r, "s2_normative_issued", 1);       /* R2.1 */
    free(r->publish_date);
    r->publish_date = strdup("2024-05-01"); /* R1.6 */
    blank(r, "s3_granted__legal_service");  /* R0.1 */
    ogi_findings f;
    validate(r, &f);
    const char *order[] = {"R0.1", "R1.6", "R2.1", "R3.1", "R3.3", "R4.1"};
    assert_int_equal(f.n, 6);
    for (size_t i = 0; i < 6; i++)
        assert_string_equal(f.items[i].rule, order[i]);
    ogi_findings_free(&f);
    ogi_report_free(r);
}

/* ---- cross-report ---- */

static void test_same_agency(void **state)
{
    (void)state;
    ogi_report *a = clean_report(2022, OGI_KIND_DEPARTMENT),
               *b = clean_report(2023, OGI_KIND_DEPARTMENT);
    free(b->agency);
    b->agency = strdup(" 测试市 测试局\xe3\x80\x80");
    assert_true(ogi_same_agency(a, b));
    free(b->agency);
    b->agency = strdup("测试市另一局");
    assert_false(ogi_same_agency(a, b));
    free(b->agency);
    b->agency = NULL;
    assert_false(ogi_same_agency(a, b));
    ogi_report_free(a);
    ogi_report_free(b);
}

static void pair(const ogi_report *prev, const ogi_report *cur, ogi_findings *f)
{
    ogi_findings_init(f);
    ogi_validate_pair(prev, cur, f);
}

static void test_r3_4_carry_over(void **state)
{
    (void)state;
    ogi_report *prev = clean_report(2022, OGI_KIND_DEPARTMENT),
               *cur = clean_report(2023, OGI_KIND_DEPARTMENT);
    set(prev, "s3_carry_forward__natural_person", 3);
    set(prev, "s3_carry_forward__total", 3);
    set(cur, "s3_carried_over__natural_person", 2);
    set(cur, "s3_carried_over__total", 3);
    ogi_findings f;
    pair(prev, cur, &f);
    const ogi_finding *x =
        expect(&f, "R3.4", OGI_SEV_ERROR, "s3_carried_over__natural_person", "s3");
    assert_true(has_key(x, "s3_carry_forward__natural_person"));
    assert_string_equal(x->message_zh, "“自然人”列：2023年上年结转2与2022年结转下年度3不一致。");
    assert_string_equal(
        x->message_en,
        "Column \"自然人\": 2023 上年结转 is 2, but the 2022 report carried forward 3.");
    expect_only(&f, "R3.4", 1);
    ogi_findings_free(&f);

    set(cur, "s3_carried_over__natural_person", 3);
    pair(prev, cur, &f);
    expect_only(&f, "-", 0);
    ogi_findings_free(&f);

    blank(prev, "s3_carry_forward__total"); /* previous figure missing: SKIPPED */
    set(cur, "s3_carried_over__total", 9);
    pair(prev, cur, &f);
    expect_only(&f, "-", 0);
    ogi_findings_free(&f);

    /* not consecutive / not the same agency: nothing is compared */
    set(cur, "s3_carried_over__natural_person", 0);
    prev->year = 2021;
    pair(prev, cur, &f);
    expect_only(&f, "-", 0);
    ogi_findings_free(&f);
    prev->year = 2022;
    free(prev->agency);
    prev->agency = strdup("别的局");
    pair(prev, cur, &f);
    expect_only(&f, "-", 0);
    ogi_findings_free(&f);
    ogi_report_free(prev);
    ogi_report_free(cur);
}

static void test_r2_2_in_force_across_years(void **state)
{
    (void)state;
    ogi_report *prev = clean_report(2022, OGI_KIND_DEPARTMENT),
               *cur = clean_report(2023, OGI_KIND_DEPARTMENT);
    set(prev, "s2_normative_in_force", 10);
    set(cur, "s2_normative_issued", 2);
    set(cur, "s2_normative_repealed", 1);
    set(cur, "s2_normative_in_force", 12);
    ogi_findings f;
    pair(prev, cur, &f);
    const ogi_finding *x =
        expect(&f, "R2.2", OGI_SEV_WARNING, "s2_normative_in_force", "art20_1_v2021");
    assert_true(has_key(x, "s2_normative_issued") && has_key(x, "s2_normative_repealed"));
    assert_string_equal(
        x->message_en,
        "行政规范性文件: in force 2022 10 + issued 2 − repealed 1 = 11, but 2023 reports 12.");
    assert_string_equal(
        x->message_zh,
        "行政规范性文件：上年现行有效10+本年制发2−本年废止1=11，与本年现行有效12不符。");
    expect_only(&f, "R2.2", 1);
    ogi_findings_free(&f);
    set(cur, "s2_normative_in_force", 11);
    pair(prev, cur, &f);
    expect_only(&f, "-", 0);
    ogi_findings_free(&f);
    blank(cur, "s2_normative_in_force"); /* missing result: SKIPPED */
    pair(prev, cur, &f);
    expect_only(&f, "-", 0);
    ogi_findings_free(&f);
    ogi_report_free(prev);
    ogi_report_free(cur);
}

static void test_r2_5_items_across_years(void **state)
{
    (void)state;
    ogi_report *prev = clean_report(2019, OGI_KIND_DEPARTMENT),
               *cur = clean_report(2020, OGI_KIND_DEPARTMENT);
    set(prev, "s2v19_licensing_prev_items", 10);
    raw(prev, "s2v19_licensing_change", "-2");
    set(cur, "s2v19_licensing_prev_items", 9);
    ogi_findings f;
    pair(prev, cur, &f);
    const ogi_finding *x =
        expect(&f, "R2.5", OGI_SEV_WARNING, "s2v19_licensing_prev_items", "art20_5_v2019");
    assert_true(has_key(x, "s2v19_licensing_change"));
    assert_string_equal(x->message_en,
                        "行政许可: 2019 items 10 -2 ≠ next year's 上一年项目数量 9.");
    assert_string_equal(x->message_zh,
                        "行政许可：2019年项目数10加增减-2与次年“上一年项目数量”9不符。");
    expect_only(&f, "R2.5", 1);
    ogi_findings_free(&f);
    set(cur, "s2v19_licensing_prev_items", 8);
    pair(prev, cur, &f);
    expect_only(&f, "-", 0);
    ogi_findings_free(&f);
    ogi_report_free(prev);
    ogi_report_free(cur);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_findings_api),
        cmocka_unit_test(test_clean_reports_have_no_findings),
        cmocka_unit_test(test_r0_1_blank_cell),
        cmocka_unit_test(test_r0_1_one_cell_table_is_not_r0_2),
        cmocka_unit_test(test_r0_2_table_without_figures),
        cmocka_unit_test(test_r0_3_unit_in_cell),
        cmocka_unit_test(test_r0_4_not_integer),
        cmocka_unit_test(test_r0_5_negative),
        cmocka_unit_test(test_r0_6_not_a_number),
        cmocka_unit_test(test_r0_7_ambiguous_row),
        cmocka_unit_test(test_r1_1_sections_missing_or_out_of_order),
        cmocka_unit_test(test_r1_2_heading_differs),
        cmocka_unit_test(test_r1_3_r1_4_mixed_format),
        cmocka_unit_test(test_r1_4_format_for_year),
        cmocka_unit_test(test_r1_5_required_cell_absent),
        cmocka_unit_test(test_r1_6_publication_deadline),
        cmocka_unit_test(test_r1_7_period),
        cmocka_unit_test(test_r2_1_in_force_below_issued),
        cmocka_unit_test(test_r2_3_rules_without_power),
        cmocka_unit_test(test_r2_4_fee_too_precise),
        cmocka_unit_test(test_r3_1_row_total),
        cmocka_unit_test(test_r3_1_all_addends_missing_is_skipped),
        cmocka_unit_test(test_r3_2_outcome_total),
        cmocka_unit_test(test_r3_3_balance),
        cmocka_unit_test(test_r3_3_missing_policy),
        cmocka_unit_test(test_r3_5_narrative),
        cmocka_unit_test(test_r4_totals),
        cmocka_unit_test(test_order_of_rule_groups),
        cmocka_unit_test(test_same_agency),
        cmocka_unit_test(test_r3_4_carry_over),
        cmocka_unit_test(test_r2_2_in_force_across_years),
        cmocka_unit_test(test_r2_5_items_across_years),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
