/*
 * validate.c — the findings list, the helpers every rule group shares, and
 * the entry points that run the groups in the spec's evaluation order
 * (validation-rules.md "Evaluation order": R0, R1, R2–R4, then cross-report).
 *
 * The rules themselves live in validate_cells.c (R0), validate_structure.c
 * (R1), validate_section2.c (R2), validate_arith.c (R3.1–R3.3, R4),
 * validate_narrative.c (R3.5) and validate_cross.c (R2.2, R2.5, R3.4).
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/buf.h"
#include "ogi/text.h"
#include "report/validate_internal.h"

/* ---- findings ---- */

void ogi_findings_init(ogi_findings *f) { *f = (ogi_findings){0}; }

void ogi_findings_free(ogi_findings *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->n; i++) {
        ogi_finding *x = &f->items[i];
        for (size_t k = 0; k < x->n_keys; k++)
            free(x->keys[k]);
        free(x->keys);
        free(x->table);
        free(x->message_en);
        free(x->message_zh);
    }
    free(f->items);
    *f = (ogi_findings){0};
}

size_t ogi_findings_count(const ogi_findings *f, ogi_severity sev)
{
    size_t n = 0;
    for (size_t i = 0; f && i < f->n; i++)
        n += f->items[i].severity == sev;
    return n;
}

/* Append a finding that takes ownership of its two messages (the rules
 * format them fresh; copying them again cost an allocation each). */
static ogi_finding *add_owned(ogi_findings *f, const char *rule, ogi_severity sev,
                              const char *const *keys, const char *table, char *message_en,
                              char *message_zh)
{
    if (f->n == f->cap) {
        f->cap = f->cap ? f->cap * 2 : 16;
        f->items = ogi_xrealloc(f->items, f->cap * sizeof *f->items);
    }
    ogi_finding *x = &f->items[f->n++];
    *x = (ogi_finding){0};
    snprintf(x->rule, sizeof x->rule, "%s", rule ? rule : "");
    x->severity = sev;
    size_t n = 0;
    while (keys && keys[n])
        n++;
    x->keys = n ? ogi_xcalloc(n, sizeof *x->keys) : NULL;
    for (size_t k = 0; k < n; k++)
        x->keys[k] = ogi_strdup(keys[k]);
    x->n_keys = n;
    x->table = ogi_strdup(table);
    x->message_en = message_en ? message_en : ogi_strdup("");
    x->message_zh = message_zh ? message_zh : ogi_strdup("");
    return x;
}

ogi_finding *ogi_findings_add(ogi_findings *f, const char *rule, ogi_severity sev,
                              const char *const *keys, const char *table, const char *message_en,
                              const char *message_zh)
{
    return add_owned(f, rule, sev, keys, table, ogi_strdup(message_en), ogi_strdup(message_zh));
}

const char *ogi_severity_name(ogi_severity s) { return s == OGI_SEV_ERROR ? "ERROR" : "WARNING"; }

/* ---- shared helpers ---- */

bool val_missing(const ogi_report *r, int cell)
{
    return cell < 0 || r->cells[cell].state != OGI_CELL_VALUE;
}

int64_t val_value(const ogi_report *r, int cell)
{
    return val_missing(r, cell) ? 0 : r->cells[cell].value;
}

bool val_identity_x(const ogi_report *rr, int result_cell, const ogi_report *const *term_reports,
                    const val_term *terms, size_t n, int64_t *result, int64_t *sum)
{
    if (val_missing(rr, result_cell))
        return false; /* §0.1: missing result → SKIPPED */
    bool any = false;
    int64_t s = 0;
    for (size_t i = 0; i < n; i++) {
        const ogi_report *tr = term_reports[i];
        if (val_missing(tr, terms[i].cell))
            continue; /* §0.2: a missing addend counts 0 … */
        any = true;
        int64_t v = tr->cells[terms[i].cell].value;
        if (terms[i].sign < 0 ? __builtin_sub_overflow(s, v, &s) : __builtin_add_overflow(s, v, &s))
            return false;
    }
    if (!any)
        return false; /* … provided at least one addend is present */
    *result = rr->cells[result_cell].value;
    *sum = s;
    return true;
}

bool val_identity(const ogi_report *r, int result_cell, const val_term *terms, size_t n,
                  int64_t *result, int64_t *sum)
{
    enum { MAX_TERMS = 64 }; /* the longest identity (OUT21) has 21 terms */
    const ogi_report *reps[MAX_TERMS];
    if (n > MAX_TERMS)
        return false;
    for (size_t i = 0; i < n; i++)
        reps[i] = r;
    return val_identity_x(r, result_cell, reps, terms, n, result, sum);
}

int val_row(const ogi_table_def *t, const char *row_key)
{
    for (size_t i = 0; i < t->n_rows; i++)
        if (strcmp(t->rows[i].key, row_key) == 0)
            return (int)i;
    return -1;
}

int val_col(const ogi_table_def *t, const char *col_key)
{
    for (size_t i = 0; i < t->n_cols; i++)
        if (strcmp(t->cols[i].key, col_key) == 0)
            return (int)i;
    return -1;
}

/* (table, row, col) → cell index.  ogi_cell_in_table() scans the whole
 * format definition on each call, and the rules ask it thousands of times
 * per report; this index is built once from that same definition (so it
 * is no second list of cells): per table, n_rows × n_cols entries. */
static int *grid;            /* -1 where a table has no cell */
static size_t *grid_start;   /* per table id: its first entry in grid */
static pthread_once_t grid_built = PTHREAD_ONCE_INIT;

static void build_grid(void)
{
    size_t n_tables = ogi_table_count(), total = 0;
    grid_start = ogi_xcalloc(n_tables + 1, sizeof *grid_start);
    for (size_t t = 0; t < n_tables; t++) {
        grid_start[t] = total;
        total += ogi_table_at(t)->n_rows * ogi_table_at(t)->n_cols;
    }
    grid_start[n_tables] = total;
    grid = ogi_xmalloc((total ? total : 1) * sizeof *grid);
    for (size_t i = 0; i < total; i++)
        grid[i] = -1;
    for (size_t i = 0; i < ogi_cell_count(); i++) {
        const ogi_cell_def *d = ogi_cell_at(i);
        int *slot = &grid[grid_start[d->table->id] + d->r * d->table->n_cols + d->c];
        if (*slot < 0) /* the first, as ogi_cell_in_table() finds it */
            *slot = (int)i;
    }
}

int val_cell_at(ogi_table_id t, size_t r, size_t c)
{
    pthread_once(&grid_built, build_grid);
    const ogi_table_def *td = ogi_table_at(t);
    if (!td || r >= td->n_rows || c >= td->n_cols)
        return -1;
    return grid[grid_start[t] + r * td->n_cols + c];
}

int val_cell(ogi_table_id t, const char *row_key, const char *col_key)
{
    const ogi_table_def *td = ogi_table_at(t);
    int r = val_row(td, row_key), c = val_col(td, col_key);
    return r < 0 || c < 0 ? -1 : val_cell_at(t, (size_t)r, (size_t)c);
}

bool val_row_present(const ogi_report *r, ogi_table_id t, size_t row)
{
    const ogi_table_def *td = ogi_table_at(t);
    for (size_t c = 0; c < td->n_cols; c++) {
        int i = val_cell_at(t, row, c);
        if (i >= 0 && r->cells[i].state != OGI_CELL_ABSENT)
            return true;
    }
    return false;
}

char *val_fmt(const char *fmt, ...)
{
    ogi_buf b;
    ogi_buf_init(&b);
    va_list ap;
    va_start(ap, fmt);
    ogi_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    char *s = ogi_buf_steal(&b);
    return s ? s : ogi_strdup("");
}

void val_add(ogi_findings *out, const char *rule, ogi_severity sev, const char *const *keys,
             const char *table, char *en, char *zh)
{
    add_owned(out, rule, sev, keys, table, en, zh);
}

/* ---- entry points ---- */

void ogi_validate(const ogi_report *r, ogi_findings *out)
{
    if (!r || !out)
        return;
    val_cells(r, out);
    val_structure(r, out);
    val_section2(r, out);
    val_arith(r, out);
    val_narrative(r, out);
}

int ogi_same_agency(const ogi_report *a, const ogi_report *b)
{
    if (!a || !b || !a->agency || !b->agency)
        return 0;
    char *na = ogi_label_norm(a->agency), *nb = ogi_label_norm(b->agency);
    int same = na[0] && strcmp(na, nb) == 0;
    free(na);
    free(nb);
    return same;
}

void ogi_validate_pair(const ogi_report *prev, const ogi_report *cur, ogi_findings *out)
{
    if (!prev || !cur || !out || !prev->year || prev->year != cur->year - 1 ||
        !ogi_same_agency(prev, cur))
        return; /* not the previous report of the same agency: cross rules SKIPPED */
    val_cross(prev, cur, out);
}
