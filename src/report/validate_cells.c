/*
 * validate_cells.c — R0, the cell-level rules: blank cells (R0.1), tables
 * without any figure (R0.2), units written in cells (R0.3), non-integers
 * (R0.4), negatives (R0.5), unreadable text (R0.6) and values that cannot
 * be attributed to a column (R0.7).  Everything is read from the cell's
 * state and parse status, which the report model set when the raw text was
 * parsed; nothing here re-parses text.
 */
#include <stdlib.h>

#include "ogi/buf.h"
#include "report/validate_internal.h"

static const char *raw_or_empty(const ogi_cell *c) { return c->raw ? c->raw : ""; }

/* R0.2 applies to a table with two or more cells present in the report, every
 * one of them MISSING (blank, placeholder or ambiguous).  A one-cell table's
 * blank cell is reported by R0.1 instead.  Why: the spec's own seed table
 * expects R0.1 only for seed 003, whose blank s2_fee_amount_wan is the single
 * cell of 第二十条第（八）项 (v2021), while the two-cell （八） table of the
 * v2019 seed 004 gets R0.2.  When R0.2 fires, R0.1 is not repeated for the
 * table's cells (the spec allows either; "implied by R0.2"). */
static bool table_without_figures(const ogi_report *r, ogi_table_id t)
{
    size_t present = 0;
    for (size_t i = 0; i < ogi_cell_count(); i++) {
        if (ogi_cell_at(i)->table->id != t || r->cells[i].state == OGI_CELL_ABSENT)
            continue;
        if (r->cells[i].state != OGI_CELL_BLANK && r->cells[i].state != OGI_CELL_AMBIGUOUS)
            return false;
        present++;
    }
    return present >= 2;
}

static void r0_1_blank(const ogi_report *r, const bool *no_figures, ogi_findings *out)
{
    for (size_t i = 0; i < ogi_cell_count(); i++) {
        const ogi_cell_def *d = ogi_cell_at(i);
        /* Ambiguous cells are MISSING too, but R0.7 already says so. */
        if (r->cells[i].state != OGI_CELL_BLANK || no_figures[d->table->id])
            continue;
        const char *keys[] = {d->key, NULL};
        val_add(out, "R0.1", OGI_SEV_WARNING, keys, d->table->key,
                val_fmt("%s (%s) is blank; treated as missing, not 0.", d->key, d->label),
                val_fmt("%s单元格为空，按缺失处理（不视为0）。", d->label));
    }
}

static void r0_2_no_figures(const bool *no_figures, ogi_findings *out)
{
    for (size_t t = 0; t < ogi_table_count(); t++) {
        if (!no_figures[t])
            continue;
        const ogi_table_def *td = ogi_table_at(t);
        val_add(out, "R0.2", OGI_SEV_ERROR, NULL, td->key,
                val_fmt("Table %s contains no figures; all cells are blank. Fill in 0 where there "
                        "were none.",
                        td->caption),
                val_fmt("%s表格未填写任何数据，无数据的应填0。", td->caption));
    }
}

static void r0_3_unit(const ogi_report *r, ogi_findings *out)
{
    for (size_t i = 0; i < ogi_cell_count(); i++) {
        const ogi_cell *c = &r->cells[i];
        if (c->state != OGI_CELL_VALUE || !c->unit)
            continue;
        const ogi_cell_def *d = ogi_cell_at(i);
        char buf[OGI_VALUE_BUF];
        const char *value = ogi_cell_value_text(d, c, buf);
        const char *keys[] = {d->key, NULL};
        val_add(
            out, "R0.3", OGI_SEV_WARNING, keys, d->table->key,
            val_fmt("%s: unit \"%s\" written in the cell; parsed as %s.", d->key, c->unit, value),
            val_fmt("%s单元格含单位“%s”，已按%s处理。", d->label, c->unit, value));
    }
}

static void r0_4_not_integer(const ogi_report *r, ogi_findings *out)
{
    for (size_t i = 0; i < ogi_cell_count(); i++) {
        const ogi_cell *c = &r->cells[i];
        if (c->state != OGI_CELL_UNREADABLE || c->parse != OGI_PARSE_NOT_INTEGER)
            continue;
        const ogi_cell_def *d = ogi_cell_at(i);
        const char *keys[] = {d->key, NULL};
        val_add(out, "R0.4", OGI_SEV_ERROR, keys, d->table->key,
                val_fmt("%s must be a whole number, got %s.", d->key, raw_or_empty(c)),
                val_fmt("%s应为整数，实际为“%s”。", d->label, raw_or_empty(c)));
    }
}

static void r0_5_negative(const ogi_report *r, ogi_findings *out)
{
    for (size_t i = 0; i < ogi_cell_count(); i++) {
        const ogi_cell *c = &r->cells[i];
        const ogi_cell_def *d = ogi_cell_at(i);
        if (c->state != OGI_CELL_VALUE || c->value >= 0 || d->kind == OGI_VAL_SIGNED)
            continue;
        char buf[OGI_VALUE_BUF];
        const char *value = ogi_cell_value_text(d, c, buf);
        const char *keys[] = {d->key, NULL};
        val_add(out, "R0.5", OGI_SEV_ERROR, keys, d->table->key,
                val_fmt("%s must not be negative, got %s.", d->key, value),
                val_fmt("%s不得为负数（%s）。", d->label, value));
    }
}

/* Every unreadable cell that is not a plain non-integer (R0.4): not a number,
 * 万元 in a count column, out of range — or unreadable for a reason an
 * importer recorded without a parse status. */
static void r0_6_unreadable(const ogi_report *r, ogi_findings *out)
{
    for (size_t i = 0; i < ogi_cell_count(); i++) {
        const ogi_cell *c = &r->cells[i];
        if (c->state != OGI_CELL_UNREADABLE || c->parse == OGI_PARSE_NOT_INTEGER)
            continue;
        const ogi_cell_def *d = ogi_cell_at(i);
        const char *keys[] = {d->key, NULL};
        val_add(out, "R0.6", OGI_SEV_ERROR, keys, d->table->key,
                val_fmt("%s: cannot read \"%s\" as a number.", d->key, raw_or_empty(c)),
                val_fmt("%s“%s”无法识别为数字。", d->label, raw_or_empty(c)));
    }
}

/* One R0.7 per (table, row) holding ambiguous cells; the keys are those
 * cells, the values the row's unattributed numbers (kept in raw). */
static void r0_7_row(const ogi_report *r, const ogi_table_def *td, size_t row, ogi_findings *out)
{
    enum { MAX_COLS = 32 }; /* the widest table (section 四) has 15 columns */
    const char *keys[MAX_COLS + 1];
    size_t n = 0;
    const char *values = NULL;
    for (size_t c = 0; c < td->n_cols && c < MAX_COLS; c++) {
        int i = val_cell_at(td->id, row, c);
        if (i < 0 || r->cells[i].state != OGI_CELL_AMBIGUOUS)
            continue;
        keys[n++] = ogi_cell_at((size_t)i)->key;
        if (!values && r->cells[i].raw)
            values = r->cells[i].raw;
    }
    keys[n] = NULL;
    if (!n)
        return;
    const char *label = td->rows[row].label[0] ? td->rows[row].label : td->caption;
    values = values ? values : "";
    val_add(out, "R0.7", OGI_SEV_WARNING, keys, td->key,
            val_fmt("Cannot tell which cells of %s row %s the values %s belong to; treated as "
                    "missing.",
                    td->caption, label, values),
            val_fmt("%s“%s”行的数值%s无法对应到具体列，按缺失处理。", td->caption, label, values));
}

static void r0_7_ambiguous(const ogi_report *r, ogi_findings *out)
{
    for (size_t t = 0; t < ogi_table_count(); t++) {
        const ogi_table_def *td = ogi_table_at(t);
        for (size_t row = 0; row < td->n_rows; row++)
            r0_7_row(r, td, row, out);
    }
}

void val_cells(const ogi_report *r, ogi_findings *out)
{
    bool no_figures[OGI_TABLE_COUNT];
    for (size_t t = 0; t < ogi_table_count(); t++)
        no_figures[t] = table_without_figures(r, ogi_table_at(t)->id);
    r0_1_blank(r, no_figures, out);
    r0_2_no_figures(no_figures, out);
    r0_3_unit(r, out);
    r0_4_not_integer(r, out);
    r0_5_negative(r, out);
    r0_6_unreadable(r, out);
    r0_7_ambiguous(r, out);
}
