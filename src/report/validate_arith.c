/*
 * validate_arith.c — the identities printed in the official tables:
 * section 三 row totals (R3.1), outcome totals (R3.2), the 勾稽关系
 * new + carried over = handled + carried forward (R3.3), and section 四's
 * 总计 per group of columns (R4.1–R4.3).  Rows, columns, totals and outcome
 * rows come from the format definition; the missing-value policy (§0) is
 * val_identity's.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "ogi/buf.h"
#include "report/validate_internal.h"

enum { MAX_TERMS = 64 };

static int total_col(const ogi_table_def *td)
{
    for (size_t c = 0; c < td->n_cols; c++)
        if (td->cols[c].is_total)
            return (int)c;
    return -1;
}

/* ---- R3.1: per row, 总计 = Σ applicant columns ---- */

static void r3_1_rows(const ogi_report *r, ogi_findings *out)
{
    const ogi_table_def *td = ogi_table_at(OGI_T_S3);
    int tc = total_col(td);
    if (tc < 0)
        return;
    for (size_t row = 0; row < td->n_rows; row++) {
        val_term terms[MAX_TERMS];
        size_t n = 0;
        for (size_t c = 0; c < td->n_cols && n < MAX_TERMS; c++)
            if ((int)c != tc)
                terms[n++] = (val_term){val_cell_at(td->id, row, c), 1};
        int result = val_cell_at(td->id, row, (size_t)tc);
        int64_t total, sum;
        if (!val_identity(r, result, terms, n, &total, &sum) || total == sum)
            continue;
        const char *keys[] = {ogi_cell_at((size_t)result)->key, NULL};
        const char *label = td->rows[row].label;
        val_add(out, "R3.1", OGI_SEV_ERROR, keys, td->key,
                val_fmt("Row \"%s\": 总计 is %lld but the six applicant columns add up to %lld.",
                        label, (long long)total, (long long)sum),
                val_fmt("“%s”行：总计%lld不等于各类申请人之和%lld。", label, (long long)total,
                        (long long)sum));
    }
}

/* ---- R3.2: per column, （七）总计 = Σ outcome rows ---- */

static bool outcome_rows_present(const ogi_report *r, const ogi_table_def *td, unsigned only)
{
    for (size_t row = 0; row < td->n_rows; row++)
        if (td->rows[row].is_outcome && td->rows[row].formats == only &&
            val_row_present(r, td->id, row))
            return true;
    return false;
}

/* OUT21 or OUT19: the set matching the （六） rows present in the report (a
 * mixed report with the single （六） row uses OUT19).  Both present: every
 * outcome row; neither: the year's format (absent rows count 0 anyway). */
static unsigned outcome_set(const ogi_report *r, const ogi_table_def *td)
{
    bool v21 = outcome_rows_present(r, td, OGI_FMT_V2021);
    bool v19 = outcome_rows_present(r, td, OGI_FMT_V2019);
    if (v19 != v21)
        return v19 ? OGI_FMT_V2019 : OGI_FMT_V2021;
    if (v19)
        return OGI_FMT_BOTH;
    unsigned year_mask = ogi_format_mask(ogi_format_for_year(r->year));
    return year_mask ? year_mask : OGI_FMT_BOTH;
}

static void r3_2_columns(const ogi_report *r, ogi_findings *out)
{
    const ogi_table_def *td = ogi_table_at(OGI_T_S3);
    int total_row = val_row(td, "outcome_total");
    if (total_row < 0)
        return;
    unsigned set = outcome_set(r, td);
    for (size_t c = 0; c < td->n_cols; c++) {
        val_term terms[MAX_TERMS];
        size_t n = 0;
        for (size_t row = 0; row < td->n_rows && n < MAX_TERMS; row++)
            if (td->rows[row].is_outcome && (td->rows[row].formats & set))
                terms[n++] = (val_term){val_cell_at(td->id, row, c), 1};
        int result = val_cell_at(td->id, (size_t)total_row, c);
        int64_t total, sum;
        if (!val_identity(r, result, terms, n, &total, &sum) || total == sum)
            continue;
        const char *keys[] = {ogi_cell_at((size_t)result)->key, NULL};
        const char *label = td->cols[c].label;
        val_add(
            out, "R3.2", OGI_SEV_ERROR, keys, td->key,
            val_fmt("Column \"%s\": （七）总计 is %lld but the outcome rows （一）–（六） add up "
                    "to %lld.",
                    label, (long long)total, (long long)sum),
            val_fmt("“%s”列：（七）总计%lld不等于（一）至（六）各项之和%lld。", label,
                    (long long)total, (long long)sum));
    }
}

/* ---- R3.3: per column, new + carried over = handled + carried forward ---- */

static void r3_3_column(const ogi_report *r, const ogi_table_def *td, size_t c, const int *rows,
                        ogi_findings *out)
{
    int cell[4];
    bool all_missing = true;
    int64_t v[4];
    for (int k = 0; k < 4; k++) {
        cell[k] = val_cell_at(td->id, (size_t)rows[k], c);
        all_missing = all_missing && val_missing(r, cell[k]);
        v[k] = val_value(r, cell[k]); /* MISSING counts 0 … */
    }
    if (all_missing)
        return; /* … unless all four are MISSING: SKIPPED */
    int64_t lhs, rhs;
    if (__builtin_add_overflow(v[0], v[1], &lhs) || __builtin_add_overflow(v[2], v[3], &rhs) ||
        lhs == rhs)
        return;
    const char *keys[] = {ogi_cell_at((size_t)cell[0])->key, ogi_cell_at((size_t)cell[1])->key,
                          ogi_cell_at((size_t)cell[2])->key, ogi_cell_at((size_t)cell[3])->key,
                          NULL};
    const char *label = td->cols[c].label;
    val_add(
        out, "R3.3", OGI_SEV_ERROR, keys, td->key,
        val_fmt("Column \"%s\": new %lld + carried over %lld = %lld, but handled %lld + carried "
                "forward %lld = %lld.",
                label, (long long)v[0], (long long)v[1], (long long)lhs, (long long)v[2],
                (long long)v[3], (long long)rhs),
        val_fmt("“%s”列勾稽关系不平：本年新收%lld+上年结转%lld=%lld，本年办理结果总计%lld+"
                "结转下年度%lld=%lld。",
                label, (long long)v[0], (long long)v[1], (long long)lhs, (long long)v[2],
                (long long)v[3], (long long)rhs));
}

static void r3_3_balance(const ogi_report *r, ogi_findings *out)
{
    const ogi_table_def *td = ogi_table_at(OGI_T_S3);
    int rows[4] = {val_row(td, "new_received"), val_row(td, "carried_over"),
                   val_row(td, "outcome_total"), val_row(td, "carry_forward")};
    for (int k = 0; k < 4; k++)
        if (rows[k] < 0)
            return;
    for (size_t c = 0; c < td->n_cols; c++)
        r3_3_column(r, td, c, rows, out);
}

/* ---- R4.1–R4.3: per (group, subgroup) of section 四, 总计 = Σ parts ---- */

/* The spec's templates: R4.1 (行政复议, no subgroup) names its parts; R4.2
 * and R4.3 (行政诉讼 subgroups) name the subgroup. */
static char *r4_message_en(const ogi_col_def *g, const char *parts_plus, long long total,
                           long long sum)
{
    if (!g->subgroup)
        return val_fmt("%s 总计 is %lld but %s = %lld.", g->group, total, parts_plus, sum);
    return val_fmt("%s 总计 is %lld but its four parts add up to %lld.", g->subgroup, total, sum);
}

static char *r4_message_zh(const ogi_col_def *g, const char *parts_list, long long total,
                           long long sum)
{
    if (!g->subgroup)
        return val_fmt("%s总计%lld不等于%s之和%lld。", g->group, total, parts_list, sum);
    return val_fmt("%s（%s）总计%lld不等于各项之和%lld。", g->group, g->subgroup, total, sum);
}

static bool same_text(const char *a, const char *b) { return a == b || (a && b && !strcmp(a, b)); }

static bool same_group(const ogi_col_def *a, const ogi_col_def *b)
{
    return same_text(a->group, b->group) && same_text(a->subgroup, b->subgroup);
}

/* Columns [first, end) form one group; check its 总计. */
static void r4_group(const ogi_report *r, const ogi_table_def *td, size_t first, size_t end, int k,
                     ogi_findings *out)
{
    val_term terms[MAX_TERMS];
    size_t n = 0;
    int result = -1;
    for (size_t c = first; c < end && n < MAX_TERMS; c++) {
        int i = val_cell_at(td->id, 0, c);
        if (td->cols[c].is_total)
            result = i;
        else
            terms[n++] = (val_term){i, 1};
    }
    int64_t total, sum;
    if (result < 0 || k > 2 || !val_identity(r, result, terms, n, &total, &sum) || total == sum)
        return;
    char rule[16];
    snprintf(rule, sizeof rule, "R4.%d", k + 1);
    const char *keys[] = {ogi_cell_at((size_t)result)->key, NULL};
    /* 结果维持+结果纠正+其他结果+尚未审结 / 结果维持、结果纠正、其他结果、尚未审结 */
    ogi_buf plus, list;
    ogi_buf_init(&plus);
    ogi_buf_init(&list);
    for (size_t c = first; c < end; c++) {
        if (td->cols[c].is_total)
            continue;
        ogi_buf_printf(&plus, "%s%s", plus.len ? "+" : "", td->cols[c].label);
        ogi_buf_printf(&list, "%s%s", list.len ? "、" : "", td->cols[c].label);
    }
    const ogi_col_def *g = &td->cols[first];
    val_add(out, rule, OGI_SEV_ERROR, keys, td->key, r4_message_en(g, plus.data, total, sum),
            r4_message_zh(g, list.data, total, sum));
    ogi_buf_free(&plus);
    ogi_buf_free(&list);
}

static void r4_totals(const ogi_report *r, ogi_findings *out)
{
    const ogi_table_def *td = ogi_table_at(OGI_T_S4);
    size_t first = 0;
    int k = 0;
    for (size_t c = 1; c <= td->n_cols; c++) {
        if (c < td->n_cols && same_group(&td->cols[c], &td->cols[first]))
            continue;
        r4_group(r, td, first, c, k++, out);
        first = c;
    }
}

void val_arith(const ogi_report *r, ogi_findings *out)
{
    r3_1_rows(r, out);
    r3_2_columns(r, out);
    r3_3_balance(r, out);
    r4_totals(r, out);
}
