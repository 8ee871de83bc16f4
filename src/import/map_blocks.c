/*
 * map_blocks.c — section 三 rows whose numbers do not stand next to their
 * labels.
 *
 * Plain pdftotext prints a table in reading order of its text boxes: the
 * numbers of several rows can follow one label while the other rows'
 * labels come elsewhere, alone; sometimes the numbers of a block run
 * column by column.  Order is evidence, but only arithmetic makes it
 * trustworthy: a block is placed on the rows whose labels stand alone only
 * when exactly one placement makes every row add up (R3.1).  Markdown made
 * from PDF can also put numbers in label-less rows; then nothing is placed
 * by proximity at all (see has_detached_rows).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "map_internal.h"
#include "ogi/buf.h"
#include "ogi/text.h"

/* ---- rows whose numbers came as a block after an earlier row ---- */

/* Is a label of this row in the document, with no number right after it? */
bool map_label_without_numbers(const map_ctx *m, ogi_table_id t, size_t row)
{
    for (size_t j = 0; j < m->t->n; j++) {
        const map_token *k = &m->t->v[j];
        if (k->kind != TK_LABEL || map_row_in_table(m->d, k->key, (int)t) != (int)row)
            continue;
        size_t q = j + 1;
        while (q < m->t->n && (m->t->v[q].kind == TK_JUNK ||
                               (m->t->v[q].kind == TK_TEXT && !map_has_digit(m->t->v[q].text))))
            q++;
        if (q >= m->t->n || m->t->v[q].kind != TK_NUMBER)
            return true;
    }
    return false;
}

bool map_whole_numbers(const pieces *p, size_t from, int64_t *v)
{
    for (size_t i = from; i < p->n; i++) {
        if (!map_all_digits(p->v[i].text) || strlen(p->v[i].text) > 15)
            return false;
        v[i - from] = strtoll(p->v[i].text, NULL, 10);
    }
    return true;
}

/* Every row of k rows × n columns (row-major or column-major) has its
 * last value equal to the sum of the others (R3.1)?  rows[] receives them. */
static bool rows_add_up(const int64_t *v, size_t k, size_t n, bool column_major, int64_t *rows)
{
    for (size_t r = 0; r < k; r++) {
        int64_t sum = 0;
        for (size_t c = 0; c < n; c++) {
            rows[r * n + c] = column_major ? v[c * k + r] : v[r * n + c];
            if (c + 1 < n)
                sum += rows[r * n + c];
        }
        if (sum != rows[r * n + n - 1])
            return false;
    }
    return true;
}

/* Plain pdftotext may print the numbers of several rows after the first
 * row's label, the other rows' labels elsewhere.  The extra numbers belong
 * to the next rows (definition order) whose labels stand without numbers,
 * read row by row or column by column — whichever makes every row add up
 * (R3.1); when neither or both (differently) do, they stay unattributed. */
/* The rows of a block read row by row or column by column, whichever
 * makes every row add up (R3.1); false when neither does, or both do with
 * different values.  out receives k × n values. */
static bool block_values(const pieces *p, size_t from, size_t k, size_t n, int64_t *out)
{
    int64_t v[MAP_MAX_PIECES], by_col[MAP_MAX_PIECES];
    if (k == 0 || p->n - from != k * n || !map_whole_numbers(p, from, v))
        return false;
    bool rm = rows_add_up(v, k, n, false, out), cm = rows_add_up(v, k, n, true, by_col);
    if (rm && cm)
        return memcmp(out, by_col, k * n * sizeof *v) == 0;
    if (cm)
        memcpy(out, by_col, k * n * sizeof *v);
    return rm || cm;
}

static void fill_rows(map_ctx *m, ogi_table_id t, const size_t *rows, size_t k,
                      const pieces *p, size_t from, size_t n)
{
    int64_t v[MAP_MAX_PIECES];
    if (!block_values(p, from, k, n, v))
        return;
    for (size_t r = 0; r < k; r++)
        map_assign_values(m, t, rows[r], v + r * n, n, p->v[from].tok);
}

/* A row may stand for itself, or for a neighbour whose label came alone. */
static bool row_open(const map_ctx *m, ogi_table_id t, size_t r, size_t self)
{
    return r == self || (!map_row_present(m->r, t, r) && map_label_without_numbers(m, t, r));
}

/* Plain pdftotext may print the numbers of several rows after one of their
 * labels, the other labels elsewhere without numbers.  The block of k × n
 * numbers then belongs to k consecutive rows (definition order) around this
 * one whose labels stand alone; it is accepted only when exactly one such
 * window, read row- or column-wise, makes every row add up (R3.1). */
bool map_fill_block(map_ctx *m, ogi_table_id t, size_t row, const pieces *p, size_t n)
{
    size_t k = p->n / n, n_rows = ogi_table_at(t)->n_rows, found = 0, first = 0;
    int64_t v[MAP_MAX_PIECES], chosen[MAP_MAX_PIECES];
    for (size_t s = 0; s < k && s <= row; s++) {
        size_t start = row - s;
        bool open = start + k <= n_rows;
        for (size_t r = start; r < start + k && open; r++)
            open = row_open(m, t, r, row);
        if (!open || !block_values(p, 0, k, n, v))
            continue;
        if (found++ == 0) {
            first = start;
            memcpy(chosen, v, k * n * sizeof *v);
        }
    }
    if (found == 1) {
        for (size_t r = 0; r < k; r++)
            map_assign_values(m, t, first + r, chosen + r * n, n, p->v[0].tok);
        return true;
    }
    /* Else: this row's own numbers first (they add up), then a block for
     * the rows after it, 「（二）部分公开 4 0 0 0 0 0 4」 + ten rows by column. */
    if (found > 1)
        return false;
    pieces head = *p;
    head.n = n;
    if (!block_values(&head, 0, 1, n, v))
        return false;
    map_assign_values(m, t, row, v, n, p->v[0].tok);
    size_t rows[MAP_MAX_PIECES];
    for (size_t r = 0; r + 1 < k; r++) {
        if (row + 1 + r >= n_rows || !row_open(m, t, row + 1 + r, row))
            return true;
        rows[r] = row + 1 + r;
    }
    fill_rows(m, t, rows, k - 1, p, n, n);
    return true;
}

/* Numbers met before a row's label, after the previous row: they belong to
 * the rows just before it (definition order) whose labels stand alone. */
void map_fill_preceding_rows(map_ctx *m, ogi_table_id t, size_t row)
{
    size_t n = ogi_table_at(t)->n_cols;
    pieces p;
    map_pieces_init(&p);
    for (size_t k = 0; k < m->ns3_orphans; k++)
        map_add_token_pieces(&p, &m->t->v[m->s3_orphans[k]], m->s3_orphans[k]);
    m->ns3_orphans = 0;
    size_t k = p.n / n, rows[MAP_MAX_PIECES], nrows = 0;
    if (p.n % n == 0 && k > 0 && k <= row) {
        for (size_t r = row; r-- > 0 && nrows < k;)
            if (!map_row_present(m->r, t, r) && map_label_without_numbers(m, t, r))
                rows[k - 1 - nrows++] = r;
        if (nrows == k)
            fill_rows(m, t, rows, k, &p, 0, n);
    }
    map_pieces_free(&p);
}

/* A grid row of exactly n numbers and nothing else: a table row whose
 * label a converter put elsewhere (Markdown made from PDF). */
bool map_has_detached_rows(const map_tokens *t, size_t n)
{
    size_t i = 0;
    while (i < t->n) {
        size_t row = t->v[i].row, numbers = 0, j = i;
        bool only_numbers = t->v[i].grid;
        for (; j < t->n && t->v[j].row == row; j++) {
            if (t->v[j].kind == TK_NUMBER)
                numbers++;
            else if (t->v[j].kind != TK_EMPTY)
                only_numbers = false;
        }
        if (only_numbers && numbers == n)
            return true;
        i = j;
    }
    return false;
}
