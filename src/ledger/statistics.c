/*
 * statistics.c — the annual report computed from the ledger.
 *
 * Section 三 counts handlings (store: ogi_store_handling_stats), section 四
 * counts cases, section 二 (一) counts registry items and the other Article
 * 20 figures come from what the office recorded for the year.  Every cell
 * is addressed through the format definition; totals are computed from the
 * definition's total columns and outcome rows, so the report satisfies the
 * table identities (R3.1–R3.3, R4.x) by construction.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/buf.h"
#include "ogi/format.h"
#include "ogi/ledger.h"

static int cell_of(ogi_table_id t, const char *row_key, const char *col_key)
{
    const ogi_table_def *td = ogi_table_at(t);
    for (size_t r = 0; r < td->n_rows; r++)
        if (!strcmp(td->rows[r].key, row_key))
            for (size_t c = 0; c < td->n_cols; c++)
                if (!strcmp(td->cols[c].key, col_key))
                    return ogi_cell_in_table(t, r, c);
    return -1;
}

static void add_to(ogi_report *r, int cell, int64_t n)
{
    if (cell < 0)
        return;
    ogi_cell *c = &r->cells[cell];
    ogi_report_set_value(r, (size_t)cell, (c->state == OGI_CELL_VALUE ? c->value : 0) + n, 0);
}

/* Every present cell of a table starts at 0: the ledger is the complete record. */
static void zero_table(ogi_report *r, ogi_table_id t)
{
    for (size_t i = 0; i < ogi_cell_count(); i++)
        if (ogi_cell_at(i)->table->id == t && r->cells[i].state != OGI_CELL_ABSENT)
            ogi_report_set_value(r, i, 0, 0);
}

/* Fill each row's total column, and the outcome-total row from the outcome rows. */
static void fill_totals(ogi_report *r, ogi_table_id t)
{
    const ogi_table_def *td = ogi_table_at(t);
    for (size_t row = 0; row < td->n_rows; row++) {
        size_t c0 = 0;
        for (size_t c = 0; c < td->n_cols; c++) {
            if (!td->cols[c].is_total)
                continue;
            int total = ogi_cell_in_table(t, row, c);
            if (total >= 0 && r->cells[total].state != OGI_CELL_ABSENT) {
                int64_t sum = 0;
                for (size_t k = c0; k < c; k++) {
                    int cell = ogi_cell_in_table(t, row, k);
                    if (cell >= 0 && r->cells[cell].state == OGI_CELL_VALUE)
                        sum += r->cells[cell].value;
                }
                ogi_report_set_value(r, (size_t)total, sum, 0);
            }
            c0 = c + 1; /* section 四: each group's total closes the group */
        }
    }
}

static void fill_outcome_total(ogi_report *r)
{
    const ogi_table_def *td = ogi_table_at(OGI_T_S3);
    for (size_t c = 0; c < td->n_cols; c++) {
        int64_t sum = 0;
        for (size_t row = 0; row < td->n_rows; row++) {
            int cell = ogi_cell_in_table(OGI_T_S3, row, c);
            if (td->rows[row].is_outcome && cell >= 0 && r->cells[cell].state == OGI_CELL_VALUE)
                sum += r->cells[cell].value;
        }
        int total = cell_of(OGI_T_S3, "outcome_total", td->cols[c].key);
        ogi_report_set_value(r, (size_t)total, sum, 0);
    }
}

/* v2019 has one （六）其他处理 row for the three v2021 ones. */
static const char *outcome_row(const ogi_report *r, const char *outcome)
{
    int cell = cell_of(OGI_T_S3, outcome, "total");
    if (cell >= 0 && r->cells[cell].state != OGI_CELL_ABSENT)
        return outcome;
    return strncmp(outcome, "other_", 6) == 0 ? "other_v2019" : outcome;
}

static int fill_section3(ogi_store *s, ogi_report *r, int64_t agency, int year)
{
    ogi_handling_count *counts;
    size_t n;
    if (ogi_store_handling_stats(s, agency, year, &counts, &n))
        return -1;
    zero_table(r, OGI_T_S3);
    for (size_t i = 0; i < n; i++) {
        const char *row = strcmp(counts[i].part, "outcome") ? counts[i].part
                                                            : outcome_row(r, counts[i].outcome);
        add_to(r, cell_of(OGI_T_S3, row, counts[i].applicant_type), counts[i].count);
    }
    free(counts);
    fill_outcome_total(r);
    fill_totals(r, OGI_T_S3);
    return 0;
}

static int fill_section4(ogi_store *s, ogi_report *r, int64_t agency, int year)
{
    ogi_case_count *counts;
    size_t n;
    if (ogi_store_case_stats(s, agency, year, &counts, &n))
        return -1;
    zero_table(r, OGI_T_S4);
    for (size_t i = 0; i < n; i++) {
        char col[48];
        snprintf(col, sizeof col, "%s_%s", counts[i].kind, counts[i].result);
        add_to(r, cell_of(OGI_T_S4, "", col), counts[i].count);
    }
    free(counts);
    fill_totals(r, OGI_T_S4);
    return 0;
}

/* Section 二: (一) of v2021 from the registry; every other cell of the
 * year's format from the recorded yearly figures (blank when not recorded). */
static int fill_section2(ogi_store *s, ogi_report *r, int64_t agency, int year)
{
    static const struct {
        const char *row, *item_kind;
    } registry_rows[] = {{"rules", "rule"}, {"normative", "normative"}};
    const ogi_table_def *t1 = ogi_table_at(OGI_T_ART20_1_V2021);
    bool v2021 = ogi_format_for_year(year) == OGI_FORMAT_V2021;
    for (size_t i = 0; v2021 && i < sizeof registry_rows / sizeof *registry_rows; i++) {
        int64_t v[3];
        if (ogi_store_item_counts(s, agency, registry_rows[i].item_kind, year, &v[0], &v[1],
                                  &v[2]))
            return -1;
        for (size_t c = 0; c < t1->n_cols && c < 3; c++) /* issued, repealed, in force */
            ogi_report_set_value(r, (size_t)cell_of(t1->id, registry_rows[i].row,
                                                    t1->cols[c].key),
                                 v[c], 0);
    }
    for (size_t i = 0; i < ogi_cell_count(); i++) {
        const ogi_cell_def *d = ogi_cell_at(i);
        if (d->table->section != 2 || r->cells[i].state != OGI_CELL_BLANK)
            continue;
        int64_t value;
        int decimals;
        int found = ogi_store_figure_get(s, agency, year, d->key, &value, &decimals);
        if (found < 0)
            return -1;
        if (found)
            ogi_report_set_value(r, i, value, decimals);
    }
    return 0;
}

static int fill_sections(ogi_report *r, const char *sections_json, char *err, size_t errlen)
{
    if (!sections_json)
        return 0;
    json_error_t je;
    json_t *o = json_loads(sections_json, 0, &je);
    if (!json_is_object(o)) {
        snprintf(err, errlen, "narrative sections: expected a JSON object {\"s1\": …} (%s)",
                 o ? "not an object" : je.text);
        json_decref(o);
        return -1;
    }
    for (size_t i = 0; i < ogi_section_count(); i++) {
        const json_t *v = json_object_get(o, ogi_section_at(i)->key);
        if (json_is_string(v)) {
            free(r->sections[i]);
            r->sections[i] = ogi_strdup(json_string_value(v));
        }
    }
    json_decref(o);
    return 0;
}

ogi_report *ogi_ledger_build_report(ogi_store *s, int64_t agency_id, int year,
                                    const char *sections_json, char *err, size_t errlen)
{
    if (ogi_format_for_year(year) == OGI_FORMAT_UNKNOWN) {
        snprintf(err, errlen, "%d: annual reports in the national format start with 2019", year);
        return NULL;
    }
    ogi_agency ag = {0};
    if (ogi_store_agency_get(s, agency_id, &ag) != 1) {
        snprintf(err, errlen, "agency %lld does not exist", (long long)agency_id);
        return NULL;
    }
    ogi_report *r = ogi_report_blank(ag.name, year, ag.kind);
    ogi_agency_free(&ag);
    if (fill_section2(s, r, agency_id, year) || fill_section3(s, r, agency_id, year) ||
        fill_section4(s, r, agency_id, year)) {
        snprintf(err, errlen, "%s", ogi_store_error(s));
        ogi_report_free(r);
        return NULL;
    }
    if (fill_sections(r, sections_json, err, errlen)) {
        ogi_report_free(r);
        return NULL;
    }
    return r;
}
