/*
 * map_s4.c — section 四: one row of 15 numbers after the table's headers,
 * by position (annual-report-format.md §4), with the run reordering that
 * plain pdftotext output needs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "map_internal.h"
#include "ogi/buf.h"
#include "ogi/text.h"

/* ---- section 四 ---- */

static void collect_s4(map_ctx *m, size_t i, pieces *p)
{
    size_t j = i;
    for (; j < m->t->n && p->n < 15; j++) {
        map_token *k = &m->t->v[j];
        if (k->kind == TK_NUMBER) {
            map_add_token_pieces(p, k, j);
            k->used = true;
        } else if (k->kind == TK_EMPTY && p->n > 0 && k->grid && m->t->v[j - 1].row == k->row) {
            p->v[p->n++] = (piece){NULL, false, j};
        } else if (k->kind == TK_LABEL && !k->heading &&
                   (map_dict_find_in(m->d, k->key, LAB_COL, OGI_T_S4) ||
                    map_dict_find_in(m->d, k->key, LAB_HEAD, OGI_T_S4))) {
            continue; /* header labels of the table */
        } else if (k->kind == TK_JUNK || k->kind == TK_EMPTY ||
                   (k->kind == TK_TEXT && !map_has_digit(k->text))) {
            continue; /* broken header fragments 「总 计」「维持」 */
        } else {
            break;
        }
    }
    p->eof = j >= m->t->n;
}

#define S4_N 15
#define S4_MAX_CHUNKS 7

typedef struct {
    int64_t v[S4_N];
    size_t start[S4_MAX_CHUNKS + 1], nchunks; /* runs of numbers between header words */
    int64_t agree[S4_N];
    bool differs[S4_N];
    size_t valid;
} s4_order;

static bool groups_hold(const int64_t *v)
{
    for (size_t g = 0; g < S4_N; g += 5)
        if (!map_check_groups_of_five(v, g + 5, NULL))
            return false;
    return true;
}

static void permute_chunks(s4_order *o, int64_t *seq, size_t filled, unsigned used)
{
    if (filled == S4_N) {
        if (!groups_hold(seq))
            return;
        for (size_t c = 0; c < S4_N; c++) {
            if (o->valid == 0)
                o->agree[c] = seq[c];
            else if (o->agree[c] != seq[c])
                o->differs[c] = true;
        }
        o->valid++;
        return;
    }
    for (size_t k = 0; k < o->nchunks; k++) {
        if (used & (1u << k))
            continue;
        size_t len = o->start[k + 1] - o->start[k];
        memcpy(seq + filled, o->v + o->start[k], len * sizeof *seq);
        permute_chunks(o, seq, filled + len, used | (1u << k));
    }
}

/* Plain pdftotext prints section 四's numbers in runs broken by header
 * words, not always in column order.  When the reading order breaks the
 * table's identities (each 总计 = sum of its four) but some order of the
 * runs keeps them, the cells on which every such order agrees are taken;
 * the others are ambiguous.  When no order keeps them, the reading order
 * stands (a published inconsistency is the validator's to report). */
static bool s4_reorder(map_ctx *m, const pieces *p)
{
    s4_order o = {.nchunks = 0, .valid = 0};
    if (p->n != S4_N || !map_whole_numbers(p, 0, o.v) || groups_hold(o.v))
        return false;
    for (size_t i = 0; i < S4_N; i++) {
        bool gap = i == 0;
        for (size_t j = i ? p->v[i - 1].tok + 1 : 0; i && j < p->v[i].tok; j++)
            gap |= m->t->v[j].kind != TK_JUNK;
        if (gap && o.nchunks == S4_MAX_CHUNKS)
            return false;
        if (gap)
            o.start[o.nchunks++] = i;
    }
    o.start[o.nchunks] = S4_N;
    int64_t seq[S4_N];
    if (o.nchunks < 2)
        return false;
    permute_chunks(&o, seq, 0, 0);
    if (o.valid == 0)
        return false;
    char *raw = map_join_pieces(p);
    for (size_t c = 0; c < S4_N; c++) {
        int cell = map_cell_index(OGI_T_S4, 0, c);
        if (!o.differs[c]) {
            char buf[32];
            snprintf(buf, sizeof buf, "%lld", (long long)o.agree[c]);
            map_set_cell_raw(m, OGI_T_S4, 0, c, buf, p->v[0].tok);
        } else if (cell >= 0) {
            ogi_report_set_blank(m->r, (size_t)cell);
            m->r->cells[cell].state = OGI_CELL_AMBIGUOUS;
            m->r->cells[cell].raw = ogi_strdup(raw);
            map_set_source(m, cell, p->v[0].tok);
        }
    }
    free(raw);
    return true;
}

void map_handle_s4(map_ctx *m, size_t i)
{
    pieces p;
    map_pieces_init(&p);
    collect_s4(m, i, &p);
    bool grid = p.n > 0 && m->t->v[p.v[0].tok].grid;
    m->s4_done = true;
    if (grid || !s4_reorder(m, &p))
        map_assign_row(m, OGI_T_S4, 0, &p, grid && p.n == S4_N, i);
    map_pieces_free(&p);
}

bool map_s4_allowed(const map_ctx *m, const map_token *k)
{
    if (m->s4_done || !map_dict_only_table(m->d, k->key, OGI_T_S4))
        return false;
    if (m->has_heading4)
        return k->section == 4;
    return m->s3_seen && k->section <= 4;
}

/* Section 四 whose header words matched no label (set one character per
 * line, or garbled by a converter): the heading names the table, and the
 * first run of numbers after the heading's prose is its row when it is
 * exactly 15 numbers with nothing but header fragments between them. */
void map_s4_by_heading(map_ctx *m)
{
    size_t i = 0;
    while (i < m->t->n && m->t->v[i].heading != 4)
        i++;
    for (; i < m->t->n && m->t->v[i].section == 4; i++)
        if (m->t->v[i].kind == TK_NUMBER && !m->t->v[i].used)
            break;
    if (m->s4_done || i >= m->t->n || m->t->v[i].section != 4)
        return;
    pieces p;
    map_pieces_init(&p);
    collect_s4(m, i, &p);
    int64_t v[S4_N];
    bool row = p.n == S4_N && map_whole_numbers(&p, 0, v);
    map_pieces_free(&p);
    for (size_t k = 0; !row && k < p.n; k++)
        m->t->v[p.v[k].tok].used = false; /* not the table: leave the numbers be */
    if (row)
        map_handle_s4(m, i);
}
