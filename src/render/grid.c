/*
 * grid.c — report tables as rectangles of merged cells, for the office
 * writers (DOCX, XLSX), which have no header markup of their own.
 *
 * The rectangle follows the national template exactly as the HTML page
 * does: spans come from the group / subgroup / label levels of the format
 * definition (render_internal.h), never from a list of labels here.  A
 * merged block is one anchor cell with its spans; the cells it covers
 * point back at it, so a writer can emit Word's vMerge "continue" cells.
 */
#include <stdlib.h>
#include <string.h>

#include "render/grid.h"
#include "render/render_internal.h"

static void grid_init(ogi_grid *g, size_t rows, size_t cols)
{
    g->n_rows = rows;
    g->n_cols = cols;
    g->head_rows = 0;
    g->label_cols = 0;
    g->cells = ogi_xcalloc(rows * cols, sizeof *g->cells);
}

void ogi_grid_free(ogi_grid *g)
{
    for (size_t i = 0; g->cells && i < g->n_rows * g->n_cols; i++)
        free(g->cells[i].text);
    free(g->cells);
    *g = (ogi_grid){0};
}

/* Place an anchor with its spans; the covered cells point back at it. */
static ogi_grid_cell *place(ogi_grid *g, size_t r, size_t c, size_t rowspan, size_t colspan,
                            ogi_grid_kind kind, const char *text)
{
    for (size_t i = 0; i < rowspan; i++)
        for (size_t j = 0; j < colspan; j++) {
            ogi_grid_cell *x = ogi_grid_at(g, r + i, c + j);
            x->anchor_r = r;
            x->anchor_c = c;
        }
    ogi_grid_cell *a = ogi_grid_at(g, r, c);
    a->kind = kind;
    a->text = ogi_strdup(text ? text : "");
    a->rowspan = rowspan;
    a->colspan = colspan;
    a->cell = -1;
    return a;
}

/* A column header, with the display unit added when a money column's
 * canonical label does not state it (v2019 采购总金额) — as on the page. */
static void place_col_header(ogi_grid *g, size_t r, size_t c, size_t rowspan, size_t colspan,
                             const ogi_col_def *col)
{
    ogi_buf b;
    ogi_buf_init(&b);
    ogi_buf_puts(&b, col->label);
    if (col->kind == OGI_VAL_MONEY && col->unit && !strstr(col->label, col->unit))
        ogi_buf_printf(&b, "（单位：%s）", col->unit);
    place(g, r, c, rowspan, colspan, OGI_GRID_HEAD, b.data);
    ogi_buf_free(&b);
}

static void place_value(ogi_grid *g, size_t r, size_t c, size_t colspan, const ogi_report *rep,
                        const ogi_table_def *t, size_t row, size_t col)
{
    char buf[OGI_VALUE_BUF];
    int idx;
    const char *text = ogi_rd_value(rep, t, row, col, &idx, buf);
    ogi_grid_cell *a = place(g, r, c, 1, colspan, OGI_GRID_VALUE, text);
    a->cell = idx;
    if (idx < 0 || rep->cells[idx].state != OGI_CELL_VALUE)
        return;
    a->has_number = true;
    a->money = ogi_cell_at((size_t)idx)->kind == OGI_VAL_MONEY;
    a->value = rep->cells[idx].value;
    a->decimals = rep->cells[idx].decimals;
}

static size_t shown_rows(const ogi_report *r, const ogi_table_def *t)
{
    size_t n = 0;
    for (size_t i = 0; i < t->n_rows; i++)
        n += ogi_rd_row_shown(r, t, i);
    return n;
}

/* ---- section 二 ---- */

/* One Article 20 item from grid row `at`: caption row, header row, data
 * rows.  The last column takes the slack so every item fills the width. */
static size_t s2_item(ogi_grid *g, size_t at, const ogi_report *r, const ogi_table_def *t)
{
    size_t slack = g->n_cols - t->n_cols;
    place(g, at++, 0, 1, g->n_cols, OGI_GRID_CAPTION, t->caption);
    place(g, at, 0, 1, 1, OGI_GRID_HEAD, t->corner);
    for (size_t c = 0; c < t->n_cols; c++)
        place_col_header(g, at, c + 1, 1, c + 1 == t->n_cols ? slack : 1, &t->cols[c]);
    at++;
    for (size_t row = 0; row < t->n_rows; row++) {
        if (!ogi_rd_row_shown(r, t, row))
            continue;
        place(g, at, 0, 1, 1, OGI_GRID_ROWHEAD, t->rows[row].label);
        for (size_t c = 0; c < t->n_cols; c++)
            place_value(g, at, c + 1, c + 1 == t->n_cols ? slack : 1, r, t, row, c);
        at++;
    }
    return at;
}

bool ogi_grid_section2(const ogi_report *r, ogi_grid *g)
{
    const ogi_table_def *t[OGI_TABLE_COUNT];
    size_t n = ogi_rd_section_tables(r, 2, t, OGI_TABLE_COUNT), width = 0, rows = 0;
    *g = (ogi_grid){0};
    if (!n)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (t[i]->n_cols + 1 > width)
            width = t[i]->n_cols + 1;
        rows += 2 + shown_rows(r, t[i]);
    }
    grid_init(g, rows, width);
    g->label_cols = 1;
    size_t at = 0;
    for (size_t i = 0; i < n; i++)
        at = s2_item(g, at, r, t[i]);
    return true;
}

/* ---- sections 三 and 四: nested headers ---- */

/* Whether columns a and b share header levels 0..h, level h being a group
 * above the leaf for both (so it is one merged header cell). */
static bool col_prefix_equal(const ogi_table_def *t, size_t a, size_t b, size_t h)
{
    const char *la[3], *lb[3];
    size_t na = ogi_rd_col_levels(&t->cols[a], la), nb = ogi_rd_col_levels(&t->cols[b], lb);
    if (na <= h + 1 || nb <= h + 1)
        return false;
    for (size_t k = 0; k <= h; k++)
        if (strcmp(la[k], lb[k]))
            return false;
    return true;
}

/* Header level h at grid row `at`: leaves span down to the last header
 * row, groups span across their columns. */
static void header_level(ogi_grid *g, size_t at, const ogi_table_def *t, size_t h, size_t depth)
{
    for (size_t c = 0; c < t->n_cols; c++) {
        const char *lv[3];
        size_t n = ogi_rd_col_levels(&t->cols[c], lv), x = g->label_cols + c;
        if (h + 1 == n) {
            place_col_header(g, at, x, depth - h, 1, &t->cols[c]);
        } else if (h + 1 < n && !(c > 0 && col_prefix_equal(t, c - 1, c, h))) {
            size_t run = 1;
            while (c + run < t->n_cols && col_prefix_equal(t, c, c + run, h))
                run++;
            place(g, at, x, 1, run, OGI_GRID_HEAD, lv[h]);
        }
    }
}

static void table_head(ogi_grid *g, const ogi_table_def *t)
{
    const char *super = ogi_rd_super_header(t);
    size_t depth = ogi_rd_header_depth(t), at = 0;
    if (g->label_cols) {
        bool note = t->id == OGI_T_S3;
        place(g, 0, 0, g->head_rows, g->label_cols, note ? OGI_GRID_NOTE : OGI_GRID_HEAD,
              note ? OGI_RD_S3_NOTE : t->corner);
    }
    if (super)
        place(g, at++, g->label_cols, 1, t->n_cols, OGI_GRID_HEAD, super);
    for (size_t h = 0; h < depth; h++)
        header_level(g, at + h, t, h, depth);
}

/* Whether rows a and b share row header levels 0..k, level k being a
 * merged group header (not the leaf label) for both. */
static bool row_prefix_equal(const ogi_table_def *t, size_t a, size_t b, size_t k)
{
    const char *la[3], *lb[3];
    size_t na = ogi_rd_row_levels(&t->rows[a], la), nb = ogi_rd_row_levels(&t->rows[b], lb);
    if (na <= k + 1 || nb <= k + 1)
        return false;
    for (size_t i = 0; i <= k; i++)
        if (strcmp(la[i], lb[i]))
            return false;
    return true;
}

/* How many shown rows from `row` on share its level-k group. */
static size_t row_run(const ogi_report *r, const ogi_table_def *t, size_t row, size_t k)
{
    size_t run = 1;
    for (size_t next = row + 1; next < t->n_rows; next++) {
        if (!ogi_rd_row_shown(r, t, next))
            continue;
        if (!row_prefix_equal(t, row, next, k))
            break;
        run++;
    }
    return run;
}

/* Row headers of a shown row at grid row `at`; prev is the previous shown
 * row or (size_t)-1.  Level k sits in label column k; the leaf label takes
 * the remaining label columns. */
static void row_headers(ogi_grid *g, size_t at, const ogi_report *r, const ogi_table_def *t,
                        size_t row, size_t prev)
{
    const char *lv[3];
    size_t n = ogi_rd_row_levels(&t->rows[row], lv);
    if (!n)
        return;
    for (size_t k = 0; k + 1 < n; k++)
        if (prev == (size_t)-1 || !row_prefix_equal(t, prev, row, k))
            place(g, at, k, row_run(r, t, row, k), 1, OGI_GRID_ROWHEAD, lv[k]);
    place(g, at, n - 1, 1, g->label_cols - (n - 1), OGI_GRID_ROWHEAD, lv[n - 1]);
}

void ogi_grid_table(const ogi_report *r, const ogi_table_def *t, ogi_grid *g)
{
    size_t label_cols = ogi_rd_label_cols(t);
    size_t head = ogi_rd_header_depth(t) + (ogi_rd_super_header(t) ? 1 : 0);
    grid_init(g, head + shown_rows(r, t), label_cols + t->n_cols);
    g->head_rows = head;
    g->label_cols = label_cols;
    table_head(g, t);
    size_t at = head, prev = (size_t)-1;
    for (size_t row = 0; row < t->n_rows; row++) {
        if (!ogi_rd_row_shown(r, t, row))
            continue;
        row_headers(g, at, r, t, row, prev);
        for (size_t c = 0; c < t->n_cols; c++)
            place_value(g, at, label_cols + c, 1, r, t, row, c);
        prev = row;
        at++;
    }
}
