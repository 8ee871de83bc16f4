/*
 * map_order.c — section 三 rows whose numbers a converter set apart from
 * their labels, placed by document order and kept only when the table's
 * own arithmetic confirms the placement.
 *
 * PDF-to-Markdown converters can print a row's numbers as a grid row
 * without a label and its label elsewhere, wrapped mid-word (so some labels
 * are not even recognisable).  What survives is order: the label-less
 * number rows come in the definition's row order, and so do the rows that
 * kept their labels beside their numbers ("anchors").  The anchors cut the
 * table into segments; in each, the k-th number row goes to the k-th row
 * that has no numbers yet.  A segment with fewer number rows than open
 * rows is left alone (never shifted); one with more tries every
 * order-keeping choice.  A placement is kept only when the completed table
 * passes every identity that can be checked (R3.1 on the placed rows, R3.2,
 * R3.3) and every placed row takes part in a column identity checked in all
 * columns; a row is set only when all placements that pass agree on it.
 *
 * Limit, by construction: R3.2 is a column sum, so two outcome rows
 * swapped inside one segment pass it too; the arithmetic confirms which
 * rows the numbers belong to as a set (outcome rows vs 一/二/四, nothing
 * missing or extra), the within-segment order is the document's.
 */
#include <stdlib.h>
#include <string.h>

#include "map_internal.h"
#include "ogi/buf.h"

#define ORDER_ROWS 32
#define ORDER_NUMS 64
#define ORDER_MAX_COMBOS 100000L

typedef struct {
    size_t tok;
    int64_t v[MAP_MAX_COLS];
} num_row;

typedef struct {
    size_t rows[ORDER_ROWS], nrows; /* open rows, definition order */
    size_t nums[ORDER_NUMS], nnums; /* number rows, document order */
    size_t pick[ORDER_ROWS];        /* rows[i] takes nums[pick[i]]; increasing */
} segment;

typedef struct {
    map_ctx *m;
    size_t ncols, nrows;
    bool use[ORDER_ROWS];  /* rows of the report's format */
    bool open[ORDER_ROWS]; /* rows without any number or blank yet */
    num_row num[ORDER_NUMS];
    size_t nnum;
    size_t anchor_row[ORDER_ROWS], anchor_tok[ORDER_ROWS], nanchor;
    segment seg[ORDER_ROWS + 1];
    size_t nseg;
    int agreed[ORDER_ROWS]; /* -1 no placement passed yet, 0 agreed, -2 conflict */
    int64_t agreed_v[ORDER_ROWS][MAP_MAX_COLS];
    size_t agreed_tok[ORDER_ROWS];
} order_ctx;

typedef struct {
    int64_t v[ORDER_ROWS][MAP_MAX_COLS];
    bool known[ORDER_ROWS][MAP_MAX_COLS];
    bool placed[ORDER_ROWS];
} table_view;

static int row_by_key(const char *key)
{
    const ogi_table_def *td = ogi_table_at(OGI_T_S3);
    for (size_t r = 0; r < td->n_rows; r++)
        if (strcmp(td->rows[r].key, key) == 0)
            return (int)r;
    return -1;
}

static ogi_cell_state state_of(const order_ctx *o, size_t row, size_t c)
{
    int i = map_cell_index(OGI_T_S3, row, c);
    return i < 0 ? OGI_CELL_ABSENT : o->m->r->cells[i].state;
}

/* Rows of the format the report shows in （六）: a v2021-only row present
 * means v2021, the v2019 single row means v2019, else the year decides. */
static void pick_format_rows(order_ctx *o)
{
    const ogi_table_def *td = ogi_table_at(OGI_T_S3);
    bool v21 = false, v19 = false;
    for (size_t r = 0; r < o->nrows; r++) {
        if (!map_row_present(o->m->r, OGI_T_S3, r))
            continue;
        v21 |= td->rows[r].formats == OGI_FMT_V2021;
        v19 |= td->rows[r].formats == OGI_FMT_V2019;
    }
    unsigned mask = v21 != v19 ? (v21 ? OGI_FMT_V2021 : OGI_FMT_V2019)
                               : ogi_format_mask(ogi_format_for_year(o->m->r->year));
    if (!mask)
        mask = OGI_FMT_V2021;
    for (size_t r = 0; r < o->nrows; r++) {
        o->use[r] = (td->rows[r].formats & mask) != 0;
        bool open = true;
        for (size_t c = 0; c < o->ncols && open; c++) {
            ogi_cell_state s = state_of(o, r, c);
            open = s == OGI_CELL_ABSENT || s == OGI_CELL_AMBIGUOUS;
        }
        o->open[r] = o->use[r] && open;
    }
}

/* ---- what the document holds: anchors and label-less number rows ---- */

/* A grid row of exactly ncols whole numbers and otherwise empty cells —
 * or led by text without digits that is no label: the label's fragment
 * left after the converter wrapped it across lines (「行政机关不再处理其政府
 * 信息公 | 40 | 1 | … | 43」), which names no row, so the row counts as
 * label-less and order and arithmetic place it like the others. */
static bool read_number_row(const order_ctx *o, size_t from, size_t to, num_row *out)
{
    size_t k = 0;
    for (size_t j = from; j < to; j++) {
        const map_token *t = &o->m->t->v[j];
        if (!t->grid)
            return false;
        if (t->kind == TK_EMPTY || (t->kind == TK_TEXT && k == 0 && !map_has_digit(t->text)))
            continue;
        if (t->kind != TK_NUMBER || k >= o->ncols || !map_all_digits(t->text) ||
            strlen(t->text) > 15)
            return false;
        out->v[k++] = strtoll(t->text, NULL, 10);
    }
    out->tok = from;
    return k == o->ncols;
}

/* The section 三 row whose label stands in a grid row beside its numbers. */
static int anchor_of(const order_ctx *o, size_t from, size_t to)
{
    for (size_t j = from; j < to; j++) {
        const map_token *t = &o->m->t->v[j];
        if (t->kind != TK_LABEL || !t->grid)
            continue;
        int r = map_row_in_table(o->m->d, t->key, OGI_T_S3);
        if (r >= 0 && (size_t)r < o->nrows && o->use[r] && !o->open[r])
            return r;
    }
    return -1;
}

/* Section of the table: that of the first grid row carrying a 三 label. */
static int table_section(const order_ctx *o)
{
    const map_tokens *t = o->m->t;
    for (size_t j = 0; j < t->n; j++)
        if (t->v[j].kind == TK_LABEL && t->v[j].grid &&
            map_row_in_table(o->m->d, t->v[j].key, OGI_T_S3) >= 0)
            return t->v[j].section;
    return -1;
}

/* False when the anchors are not in definition order (then order is no evidence). */
static bool scan_document(order_ctx *o)
{
    const map_tokens *t = o->m->t;
    int section = table_section(o);
    if (section < 0)
        return false;
    for (size_t i = 0; i < t->n;) {
        size_t j = i;
        while (j < t->n && t->v[j].row == t->v[i].row)
            j++;
        if (t->v[i].section == section && !t->v[i].heading) {
            int r = anchor_of(o, i, j);
            if (r >= 0) {
                if (o->nanchor && (size_t)r <= o->anchor_row[o->nanchor - 1])
                    return false;
                if (o->nanchor >= ORDER_ROWS)
                    return false;
                o->anchor_row[o->nanchor] = (size_t)r;
                o->anchor_tok[o->nanchor++] = i;
            } else if (o->nnum < ORDER_NUMS && read_number_row(o, i, j, &o->num[o->nnum])) {
                o->nnum++;
            }
        }
        i = j;
    }
    return true;
}

/* Segment s lies between anchor s-1 and anchor s (both exclusive). */
static void build_segments(order_ctx *o)
{
    o->nseg = o->nanchor + 1;
    for (size_t s = 0; s < o->nseg; s++) {
        segment *g = &o->seg[s];
        size_t lo_row = s ? o->anchor_row[s - 1] + 1 : 0;
        size_t hi_row = s < o->nanchor ? o->anchor_row[s] : o->nrows;
        size_t lo_tok = s ? o->anchor_tok[s - 1] : 0;
        size_t hi_tok = s < o->nanchor ? o->anchor_tok[s] : SIZE_MAX;
        g->nrows = g->nnums = 0;
        for (size_t r = lo_row; r < hi_row; r++)
            if (o->open[r])
                g->rows[g->nrows++] = r;
        for (size_t k = 0; k < o->nnum; k++)
            if (o->num[k].tok >= lo_tok && o->num[k].tok < hi_tok)
                g->nums[g->nnums++] = k;
        for (size_t i = 0; i < g->nrows; i++)
            g->pick[i] = i;
    }
}

/* A segment takes part when it has open rows and at least as many number rows. */
static bool segment_matched(const segment *g)
{
    return g->nrows > 0 && g->nnums >= g->nrows;
}

/* Next order-keeping choice of nrows of the nnums number rows; false after the last. */
static bool next_pick(segment *g)
{
    size_t r = g->nrows, k = g->nnums;
    for (size_t i = r; i-- > 0;) {
        if (g->pick[i] < k - r + i) {
            g->pick[i]++;
            for (size_t q = i + 1; q < r; q++)
                g->pick[q] = g->pick[q - 1] + 1;
            return true;
        }
    }
    for (size_t i = 0; i < r; i++)
        g->pick[i] = i;
    return false;
}

static long choose(size_t k, size_t r)
{
    long c = 1;
    if (k - r < r)
        r = k - r;
    for (size_t i = 0; i < r && c <= ORDER_MAX_COMBOS; i++)
        c = c * (long)(k - i) / (long)(i + 1);
    return c;
}

/* ---- checking one placement ---- */

static void view_of_report(const order_ctx *o, table_view *base)
{
    memset(base, 0, sizeof *base);
    for (size_t r = 0; r < o->nrows; r++)
        for (size_t c = 0; c < o->ncols; c++) {
            int i = map_cell_index(OGI_T_S3, r, c);
            if (i >= 0 && o->m->r->cells[i].state == OGI_CELL_VALUE) {
                base->known[r][c] = true;
                base->v[r][c] = o->m->r->cells[i].value;
            }
        }
}

static void place_current(const order_ctx *o, table_view *tv)
{
    for (size_t s = 0; s < o->nseg; s++) {
        const segment *g = &o->seg[s];
        if (!segment_matched(g))
            continue;
        for (size_t i = 0; i < g->nrows; i++) {
            const num_row *nr = &o->num[g->nums[g->pick[i]]];
            for (size_t c = 0; c < o->ncols; c++) {
                tv->v[g->rows[i]][c] = nr->v[c];
                tv->known[g->rows[i]][c] = true;
            }
            tv->placed[g->rows[i]] = true;
        }
    }
}

/* R3.2 for column c: 1 holds, 0 fails, -1 not checkable. */
static int outcome_sum(const order_ctx *o, const table_view *tv, size_t c, size_t total)
{
    const ogi_table_def *td = ogi_table_at(OGI_T_S3);
    if (!tv->known[total][c])
        return -1;
    int64_t sum = 0;
    for (size_t r = 0; r < o->nrows; r++) {
        if (!o->use[r] || !td->rows[r].is_outcome)
            continue;
        if (!tv->known[r][c])
            return -1;
        sum += tv->v[r][c];
    }
    return sum == tv->v[total][c];
}

/* R3.3 for column c: 1 holds, 0 fails, -1 not checkable. */
static int balance(const table_view *tv, size_t c, const int *rows)
{
    for (size_t k = 0; k < 4; k++)
        if (rows[k] < 0 || !tv->known[rows[k]][c])
            return -1;
    return tv->v[rows[0]][c] + tv->v[rows[1]][c] == tv->v[rows[2]][c] + tv->v[rows[3]][c];
}

static bool row_adds_up(const order_ctx *o, const table_view *tv, size_t r)
{
    int64_t sum = 0;
    for (size_t c = 0; c + 1 < o->ncols; c++)
        sum += tv->v[r][c];
    return sum == tv->v[r][o->ncols - 1];
}

/* Every checkable identity holds, and each placed row is in an identity
 * checked in all columns (R3.2 for outcome rows and （七）, R3.3 for 一/二/四). */
static bool placement_holds(const order_ctx *o, const table_view *tv)
{
    const ogi_table_def *td = ogi_table_at(OGI_T_S3);
    int total = row_by_key("outcome_total");
    int bal[4] = {row_by_key("new_received"), row_by_key("carried_over"), total,
                  row_by_key("carry_forward")};
    if (total < 0)
        return false;
    bool all32 = true, all33 = true;
    for (size_t c = 0; c < o->ncols; c++) {
        int a = outcome_sum(o, tv, c, (size_t)total), b = balance(tv, c, bal);
        if (a == 0 || b == 0)
            return false;
        all32 &= a == 1;
        all33 &= b == 1;
    }
    for (size_t r = 0; r < o->nrows; r++) {
        if (!tv->placed[r])
            continue;
        if (!row_adds_up(o, tv, r))
            return false;
        bool in32 = td->rows[r].is_outcome || (int)r == total;
        if (!(in32 ? all32 : all33))
            return false;
    }
    return true;
}

static void record_agreement(order_ctx *o, const table_view *tv)
{
    for (size_t r = 0; r < o->nrows; r++) {
        if (!tv->placed[r] || o->agreed[r] == -2)
            continue;
        if (o->agreed[r] == -1) {
            memcpy(o->agreed_v[r], tv->v[r], o->ncols * sizeof tv->v[r][0]);
            o->agreed[r] = 0;
        } else if (memcmp(o->agreed_v[r], tv->v[r], o->ncols * sizeof tv->v[r][0]) != 0) {
            o->agreed[r] = -2;
        }
    }
}

/* The number row each row takes in the current placement (for provenance). */
static void note_sources(order_ctx *o)
{
    for (size_t s = 0; s < o->nseg; s++) {
        const segment *g = &o->seg[s];
        if (segment_matched(g))
            for (size_t i = 0; i < g->nrows; i++)
                o->agreed_tok[g->rows[i]] = o->num[g->nums[g->pick[i]]].tok;
    }
}

/* Advance the odometer over the matched segments; false when it wrapped. */
static bool next_placement(order_ctx *o)
{
    for (size_t s = 0; s < o->nseg; s++)
        if (segment_matched(&o->seg[s]) && next_pick(&o->seg[s]))
            return true;
    return false;
}

static void try_placements(order_ctx *o)
{
    long combos = 1;
    bool any = false;
    for (size_t s = 0; s < o->nseg && combos <= ORDER_MAX_COMBOS; s++)
        if (segment_matched(&o->seg[s])) {
            combos *= choose(o->seg[s].nnums, o->seg[s].nrows);
            any = true;
        }
    if (!any || combos > ORDER_MAX_COMBOS)
        return;
    table_view *base = ogi_xmalloc(sizeof *base), *tv = ogi_xmalloc(sizeof *tv);
    view_of_report(o, base);
    bool first = true;
    do {
        *tv = *base;
        place_current(o, tv);
        if (placement_holds(o, tv)) {
            if (first)
                note_sources(o);
            first = false;
            record_agreement(o, tv);
        }
    } while (next_placement(o));
    free(tv);
    free(base);
}

void map_place_by_order(map_ctx *m)
{
    const ogi_table_def *td = ogi_table_at(OGI_T_S3);
    if (!m->s3_detached || td->n_rows > ORDER_ROWS || td->n_cols > MAP_MAX_COLS)
        return;
    order_ctx *o = ogi_xcalloc(1, sizeof *o);
    o->m = m;
    o->ncols = td->n_cols;
    o->nrows = td->n_rows;
    pick_format_rows(o);
    if (scan_document(o) && o->nnum > 0) {
        build_segments(o);
        for (size_t r = 0; r < o->nrows; r++)
            o->agreed[r] = -1;
        try_placements(o);
        for (size_t r = 0; r < o->nrows; r++)
            if (o->agreed[r] == 0)
                map_assign_values(m, OGI_T_S3, r, o->agreed_v[r], o->ncols, o->agreed_tok[r]);
    }
    free(o);
}
