/*
 * map_tables.c — finding the report's tables in the token stream and
 * filling their cells.
 *
 * Section 二: a caption 「第二十条第（X）项」 opens a group of candidate
 * tables (the v2021 and v2019 tables share captions); the header labels
 * that follow pick the table (§7), and each row label takes the numbers
 * that follow it.  Section 三: its row labels are distinctive and are
 * matched wherever they appear.  Section 四: after its header labels, the
 * next 15 numbers, by position (§4).
 *
 * How numbers are attributed (§6, R0.7): in a grid row (pipe rows, HTML
 * tables) by position, an empty cell being blank; in flattened text, a
 * label followed directly by another label has blank cells, a label with
 * all its numbers gets them in order, a row cut off by the end of the
 * document keeps the numbers it has from the left, and a row with some but
 * not all numbers is ambiguous — unless the numbers ran together without
 * separators, when map_settle.c recovers the cells from the table's own
 * arithmetic, or says they are ambiguous.  Rows whose numbers are away
 * from their labels are map_blocks.c's, or map_order.c's when a converter
 * set them apart; section 四 is map_s4.c's.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "map_internal.h"
#include "ogi/buf.h"
#include "ogi/text.h"

/* ---- helpers ---- */

void map_pieces_init(pieces *p)
{
    p->n = 0;
    p->eof = false;
    p->sub_row = false;
    p->n_owned = 0;
}

void map_pieces_free(pieces *p)
{
    for (size_t i = 0; i < p->n_owned; i++)
        free(p->owned[i]);
    p->n_owned = 0;
}

/* Split a number token ("230 000023", "0 0 00") into its blank-separated numbers. */
void map_add_token_pieces(pieces *p, const map_token *k, size_t tok)
{
    const char *s = k->text;
    while (*s && p->n < MAP_MAX_PIECES && p->n_owned < MAP_MAX_PIECES) {
        while (*s == ' ')
            s++;
        if (!*s)
            break;
        const char *e = strchr(s, ' ');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        /* a unit standing apart belongs to the number before it */
        const char *next = s + len;
        while (*next == ' ')
            next++;
        if (*next && !map_has_digit(next) && !strchr(next, ' ')) {
            len = strlen(s);
            next = s + len;
        }
        char *text = ogi_strndup(s, len);
        p->owned[p->n_owned++] = text;
        p->v[p->n++] = (piece){text, k->glued, tok};
        s = next;
    }
}

void map_set_source(map_ctx *m, int cell, size_t tok)
{
    const map_token *k = &m->t->v[tok];
    ogi_report_set_source(m->r, (size_t)cell, m->file, k->line, k->src_table, k->src_row,
                          k->src_col);
}

bool map_row_present(const ogi_report *r, ogi_table_id t, size_t row)
{
    const ogi_table_def *td = ogi_table_at(t);
    for (size_t c = 0; c < td->n_cols; c++) {
        int i = map_cell_index(t, row, c);
        if (i >= 0 && r->cells[i].state != OGI_CELL_ABSENT)
            return true;
    }
    return false;
}

void map_set_cell_raw(map_ctx *m, ogi_table_id t, size_t row, size_t c, const char *raw,
                         size_t tok)
{
    int i = map_cell_index(t, row, c);
    if (i < 0)
        return;
    if (raw)
        ogi_report_set_raw(m->r, (size_t)i, raw);
    else
        ogi_report_set_blank(m->r, (size_t)i);
    map_set_source(m, i, tok);
}

void map_set_row_ambiguous(map_ctx *m, ogi_table_id t, size_t row, const char *raw,
                              size_t tok)
{
    const ogi_table_def *td = ogi_table_at(t);
    for (size_t c = 0; c < td->n_cols; c++) {
        int i = map_cell_index(t, row, c);
        if (i < 0)
            continue;
        ogi_report_set_blank(m->r, (size_t)i);
        ogi_cell *cell = &m->r->cells[i];
        cell->state = OGI_CELL_AMBIGUOUS;
        cell->parse = OGI_PARSE_OK;
        cell->raw = ogi_strdup(raw);
        map_set_source(m, i, tok);
    }
}

char *map_join_pieces(const pieces *p)
{
    ogi_buf b;
    ogi_buf_init(&b);
    for (size_t i = 0; i < p->n; i++) {
        if (i)
            ogi_buf_putc(&b, ' ');
        ogi_buf_puts(&b, p->v[i].text ? p->v[i].text : "");
    }
    if (!b.data)
        ogi_buf_puts(&b, "");
    return ogi_buf_steal(&b);
}

/* ---- collecting the numbers after a label ---- */

static bool is_stop(const map_token *k)
{
    return k->heading || k->kind == TK_LABEL || (k->kind == TK_TEXT && map_has_digit(k->text));
}

/* A column header of table t (PDF text can print one between a row label
 * and its number). */
static bool is_column_header(const map_ctx *m, const map_token *k, ogi_table_id t)
{
    return k->kind == TK_LABEL && !k->heading &&
           (map_dict_find_in(m->d, k->key, LAB_COL, (int)t) ||
            map_dict_find_in(m->d, k->key, LAB_HEAD, (int)t)) &&
           !map_dict_find_in(m->d, k->key, LAB_ROW, (int)t);
}

/* Text after label token lab that cannot be the label's wrapped tail: the
 * label was complete (the cell held nothing else) and the text is no
 * parenthesised instruction — a local sub-row (「其他对外管理服务事项」 /
 * 「行政检查 0 0 0」), whose numbers are not the label's. */
static bool is_sub_row_label(const map_token *lab, const map_token *k)
{
    return lab->kind == TK_LABEL && lab->key && strcmp(lab->norm, lab->key) == 0 &&
           k->kind == TK_TEXT && k->norm[0] != '(' && k->whole_row && !k->grid;
}

/* An empty cell the text reader kept from one-cell-per-line text, where
 * each cell closes with its own pipe and a lone "|" line is a cell with
 * nothing in it (text.c): in flattened text it holds a column's place. */
static bool is_blank_cell_line(const map_token *k)
{
    return k->kind == TK_EMPTY && k->grid && k->whole_row && k->src_table < 0;
}

/* Only blank cells collected, and fewer than the row has: they were no
 * row of this label (a frame cell, or the row's cells are elsewhere). */
static void drop_lone_blanks(pieces *p, size_t want)
{
    for (size_t c = 0; c < p->n; c++)
        if (p->v[c].text)
            return;
    if (p->n < want)
        p->n = 0;
}

/* Numbers following token i in flattened text, up to want of them. */
void map_collect_stream(map_ctx *m, size_t i, ogi_table_id t, size_t want, pieces *p)
{
    size_t j = i + 1;
    for (; j < m->t->n && p->n < want; j++) {
        const map_token *k = &m->t->v[j];
        if (p->n == 0 && is_column_header(m, k, t))
            continue;
        if (k->kind == TK_NUMBER && !k->heading) {
            map_add_token_pieces(p, k, j);
            m->t->v[j].used = true;
        } else if (is_blank_cell_line(k) && p->n < MAP_MAX_PIECES) {
            p->v[p->n++] = (piece){NULL, false, j};
        } else if (k->kind == TK_JUNK || k->kind == TK_EMPTY) {
            continue;
        } else if (is_stop(k) || p->n > 0) {
            break;
        } else if (is_sub_row_label(&m->t->v[i], k)) {
            p->sub_row = true;
            break;
        }
        /* text without digits before any number: the label's wrapped tail */
    }
    p->eof = j >= m->t->n;
    drop_lone_blanks(p, want);
}

/* Cells of the same grid row after token i, by position. */
static bool collect_grid(map_ctx *m, size_t i, size_t want, pieces *p)
{
    const map_token *lab = &m->t->v[i];
    if (!lab->grid || i + 1 >= m->t->n || m->t->v[i + 1].row != lab->row)
        return false;
    if (m->t->v[i + 1].kind == TK_LABEL)
        return true; /* a group header cell: its row has no numbers of its own */
    for (size_t j = i + 1; j < m->t->n && m->t->v[j].row == lab->row && p->n < want; j++) {
        map_token *k = &m->t->v[j];
        if (k->kind == TK_LABEL)
            break;
        k->used = true;
        p->v[p->n++] = (piece){k->kind == TK_EMPTY ? NULL : k->text, false, j};
    }
    return true;
}

/* ---- assigning a row ---- */

bool map_all_digits(const char *s)
{
    return s && *s && strspn(s, "0123456789") == strlen(s);
}

static void assign_pieces(map_ctx *m, ogi_table_id t, size_t row, const pieces *p, size_t n)
{
    for (size_t c = 0; c < n && c < p->n; c++)
        map_set_cell_raw(m, t, row, c, p->v[c].text, p->v[c].tok);
}

/* v in decimal, written at the end of buf (room for 24 bytes); without
 * printf, which was a third of assigning a row. */
static const char *int_text(int64_t v, char *buf)
{
    char *p = buf + 23;
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    *p = '\0';
    do
        *--p = (char)('0' + u % 10);
    while ((u /= 10) > 0);
    if (v < 0)
        *--p = '-';
    return p;
}

void map_assign_values(map_ctx *m, ogi_table_id t, size_t row, const int64_t *v, size_t n,
                          size_t tok)
{
    for (size_t c = 0; c < n; c++) {
        char buf[24];
        /* a dash read as a blank cell is kept as written (a placeholder) */
        map_set_cell_raw(m, t, row, c, v[c] == MAP_BLANK_VALUE ? "-" : int_text(v[c], buf), tok);
    }
}

static bool any_glued_digits(const pieces *p)
{
    bool glued = false;
    for (size_t i = 0; i < p->n; i++) {
        if (!map_digit_run(p->v[i].text))
            return false;
        glued |= p->v[i].glued;
    }
    return glued;
}

void map_assign_row(map_ctx *m, ogi_table_id t, size_t row, const pieces *p, bool grid,
                       size_t label_tok)
{
    size_t n = ogi_table_at(t)->n_cols;
    if (!grid && t == OGI_T_S3 && m->s3_detached) {
        /* numbers and labels were set apart: what follows a label is a guess */
        char *raw = map_join_pieces(p);
        map_set_row_ambiguous(m, t, row, raw, p->n ? p->v[0].tok : label_tok);
        free(raw);
        return;
    }
    if (p->n == 0) {
        for (size_t c = 0; c < n; c++)
            map_set_cell_raw(m, t, row, c, NULL, label_tok);
    } else if (grid || p->n == n) {
        assign_pieces(m, t, row, p, n);
    } else if (any_glued_digits(p)) {
        map_assign_glued(m, t, row, p, n);
    } else if (p->eof) {
        assign_pieces(m, t, row, p, n); /* the document stops inside this row */
    } else {
        char *raw = map_join_pieces(p);
        map_set_row_ambiguous(m, t, row, raw, p->v[0].tok);
        free(raw);
    }
}

/* ---- section 二 caption groups ---- */

static void group_end(map_ctx *m)
{
    m->ncand = 0;
    m->chosen = -1;
    m->norphans = 0;
}

static void group_start(map_ctx *m, size_t i)
{
    group_end(m);
    const char *key = m->t->v[i].key;
    for (size_t t = 0; t < ogi_table_count() && m->ncand < 4; t++) {
        const ogi_table_def *td = ogi_table_at(t);
        if (td->section == 2 && map_dict_find_in(m->d, key, LAB_CAPTION, (int)t))
            m->cand[m->ncand++] = (int)t;
    }
    m->group_start = i + 1;
}

/* Score a candidate table by the header labels seen since the caption:
 * a canonical column label counts 2, a variant (truncation) 1 (§7). */
static int header_score(const map_ctx *m, int table, size_t upto)
{
    int score = 0;
    for (size_t j = m->group_start; j < upto; j++) {
        const map_token *k = &m->t->v[j];
        if (k->kind != TK_LABEL)
            continue;
        for (size_t e = 0; e < m->d->n; e++) {
            const map_label *l = &m->d->v[e];
            if (l->kind == LAB_COL && l->table == table && strcmp(l->norm, k->key) == 0) {
                score += l->variant ? 1 : 2;
                break;
            }
        }
    }
    return score;
}

int map_row_in_table(const map_dict *d, const char *key, int table)
{
    const map_label *l = map_dict_find_in(d, key, LAB_ROW, table);
    return l ? l->index : -1;
}

/* The format the document's section 二 headers speak: a column label that
 * only tables of one format have is a vote for it.  A table printed
 * without headers takes the majority (OGI_FMT_* mask, 0 when no votes or
 * a tie).  One pass over the tokens. */
static unsigned document_format(const map_tokens *t, const map_dict *d)
{
    size_t votes[2] = {0, 0};
    for (size_t i = 0; i < t->n; i++) {
        const map_token *k = &t->v[i];
        const map_label *col = k->kind == TK_LABEL ? map_dict_find(d, k->key, LAB_COL) : NULL;
        if (!col || ogi_table_at((size_t)col->table)->section != 2)
            continue;
        unsigned f = map_dict_col_formats(d, k->key);
        if (f == OGI_FMT_V2021 || f == OGI_FMT_V2019)
            votes[f == OGI_FMT_V2019]++;
    }
    if (votes[0] == votes[1])
        return 0;
    return votes[1] > votes[0] ? OGI_FMT_V2019 : OGI_FMT_V2021;
}

static void group_choose(map_ctx *m, size_t upto, const char *row_key)
{
    int best = -1, best_score = -1;
    ogi_format_version expected = ogi_format_for_year(m->r->year);
    for (size_t c = 0; c < m->ncand; c++) {
        int t = m->cand[c];
        unsigned formats = ogi_table_at((size_t)t)->formats;
        int s = header_score(m, t, upto) * 8;
        if (map_row_in_table(m->d, row_key, t) >= 0)
            s += 4; /* the row label is this table's own wording */
        if (formats & m->doc_format)
            s += 2; /* no headers: the format of the document's other tables */
        if (formats & ogi_format_mask(expected))
            s += 1; /* tie-break: the format of the report's year */
        if (s > best_score) {
            best = t;
            best_score = s;
        }
    }
    m->chosen = best;
}

/* The row of the chosen table for a row label of any table of the group
 * (the two formats name the same row differently: 规范性文件 / 行政规范性文件). */
static int group_row(map_ctx *m, const char *key)
{
    int r = map_row_in_table(m->d, key, m->chosen);
    if (r >= 0)
        return r;
    const ogi_table_def *chosen = ogi_table_at((size_t)m->chosen);
    for (size_t c = 0; c < m->ncand; c++) {
        int other = map_row_in_table(m->d, key, m->cand[c]);
        if (other < 0)
            continue;
        const char *rk = ogi_table_at((size_t)m->cand[c])->rows[other].key;
        for (size_t k = 0; k < chosen->n_rows; k++)
            if (strcmp(chosen->rows[k].key, rk) == 0)
                return (int)k;
    }
    return -1;
}

static bool group_has_row(const map_ctx *m, const char *key)
{
    for (size_t c = 0; c < m->ncand; c++)
        if (map_row_in_table(m->d, key, m->cand[c]) >= 0)
            return true;
    return false;
}

/* ---- rows ---- */

/* Row labels, row subgroups and captions of the definition normalised
 * like labels, once per process: the walk compares them with token keys
 * for every row, and normalising them each time showed in profiles. */
typedef struct {
    char **label, **subgroup; /* by row; NULL where the row has no subgroup */
    char *caption;
} table_norms;

static table_norms def_norms[OGI_TABLE_COUNT];
static pthread_once_t def_norms_once = PTHREAD_ONCE_INIT;

static void build_def_norms(void)
{
    for (size_t i = 0; i < ogi_table_count(); i++) {
        const ogi_table_def *td = ogi_table_at(i);
        table_norms *n = &def_norms[td->id];
        n->label = ogi_xcalloc(td->n_rows + 1, sizeof *n->label);
        n->subgroup = ogi_xcalloc(td->n_rows + 1, sizeof *n->subgroup);
        for (size_t r = 0; r < td->n_rows; r++) {
            n->label[r] = map_norm(td->rows[r].label);
            n->subgroup[r] = td->rows[r].subgroup ? map_norm(td->rows[r].subgroup) : NULL;
        }
        n->caption = map_norm(td->caption);
    }
}
/* (Never freed: like the dictionary, they live as long as the process.) */

static const table_norms *norms_of(ogi_table_id t)
{
    pthread_once(&def_norms_once, build_def_norms);
    return &def_norms[t];
}

/* 「（六）其他处理」 is a v2019 row and the v2021 group header of rows 1–3:
 * a header when the next label is one of its rows. */
static bool is_group_header(map_ctx *m, ogi_table_id t, size_t row, size_t i)
{
    const ogi_table_def *td = ogi_table_at(t);
    const char *label = norms_of(t)->label[row];
    bool header = false;
    for (size_t j = i + 1; j < m->t->n && !header; j++) {
        const map_token *k = &m->t->v[j];
        if (k->kind == TK_NUMBER || k->heading)
            break;
        if (k->kind != TK_LABEL)
            continue;
        int r = map_row_in_table(m->d, k->key, (int)t);
        if (r >= 0 && td->rows[r].subgroup)
            header = strcmp(norms_of(t)->subgroup[r], label) == 0;
        break;
    }
    return header;
}

static void take_orphans(map_ctx *m, pieces *p, size_t n)
{
    if (m->norphans == 0)
        return;
    pieces o;
    map_pieces_init(&o);
    for (size_t k = 0; k < m->norphans; k++)
        map_add_token_pieces(&o, &m->t->v[m->orphans[k]], m->orphans[k]);
    if (o.n == n) {
        *p = o;
        for (size_t k = 0; k < m->norphans; k++)
            m->t->v[m->orphans[k]].used = true;
        m->norphans = 0;
        return;
    }
    map_pieces_free(&o);
}

/* Whether the label of table t's row comes again after token i.  A
 * converter may print a row label as a heading of its own and then again
 * in the table row that holds the numbers (「### 一、本年新收…」, then
 * 「| 本年新收… | 705 | 3 | … |」): the heading says nothing of the cells. */
static bool row_label_recurs(const map_ctx *m, size_t i, ogi_table_id t, size_t row)
{
    for (size_t j = i + 1; j < m->t->n; j++) {
        const map_token *k = &m->t->v[j];
        if (k->kind == TK_LABEL && k->key && map_row_in_table(m->d, k->key, (int)t) == (int)row)
            return true;
    }
    return false;
}

static void handle_row(map_ctx *m, size_t i, ogi_table_id t, size_t row)
{
    if (map_row_present(m->r, t, row) || is_group_header(m, t, row, i))
        return;
    size_t n = ogi_table_at(t)->n_cols;
    pieces p;
    map_pieces_init(&p);
    bool grid = collect_grid(m, i, n, &p);
    if (!grid)
        map_collect_stream(m, i, t, t == OGI_T_S3 ? MAP_MAX_PIECES : n, &p);
    if (p.n > n && !(t == OGI_T_S3 && m->s3_detached) && p.eof && p.n % n != 0)
        p.n = n; /* the document ends in a cut-off label: 「… 0 0 2」 */
    if (p.n > n && !(t == OGI_T_S3 && m->s3_detached)) {
        m->t->v[i].used = true;
        if (p.n % n != 0 || !map_fill_block(m, t, row, &p, n)) {
            char *raw = map_join_pieces(&p); /* numbers that cannot be attributed */
            map_set_row_ambiguous(m, t, row, raw, p.v[0].tok);
            free(raw);
        }
        map_pieces_free(&p);
        return;
    }
    if (p.n == 0 && !grid && t != OGI_T_S3)
        take_orphans(m, &p, n);
    m->t->v[i].used = true;
    if (p.n == 0 && !grid && (p.sub_row || p.eof || row_label_recurs(m, i, t, row))) {
        /* the label heads local sub-rows (kept as s2_extra), the document
         * stops right after it, or it is repeated later where its numbers
         * are: here the file says nothing of its cells */
        map_pieces_free(&p);
        return;
    }
    map_assign_row(m, t, row, &p, grid, i);
    map_pieces_free(&p);
}

/* ---- the walk ---- */

/* A column header that belongs to one section 二 table outside the current
 * group: a table whose caption was lost or printed elsewhere (a converter's
 * 「表二」 heading) starts here. */
static int header_without_caption(const map_ctx *m, const map_token *k)
{
    const map_label *col = map_dict_find(m->d, k->key, LAB_COL);
    if (!col || ogi_table_at((size_t)col->table)->section != 2 ||
        !map_dict_only_table(m->d, k->key, col->table))
        return -1;
    for (size_t c = 0; c < m->ncand; c++)
        if (m->cand[c] == col->table)
            return -1;
    return col->table;
}

static void on_label(map_ctx *m, size_t i)
{
    map_token *k = &m->t->v[i];
    const map_label *cap = map_dict_find(m->d, k->key, LAB_CAPTION);
    if (cap && ogi_table_at((size_t)cap->table)->section == 2) {
        group_start(m, i);
        return;
    }
    int uncaptioned = header_without_caption(m, k);
    if (uncaptioned >= 0) {
        const char *caption = norms_of((ogi_table_id)uncaptioned)->caption;
        const map_label *c = map_dict_find_in(m->d, caption, LAB_CAPTION, uncaptioned);
        if (c) {
            const char *saved = k->key;
            k->key = c->norm; /* start the group as if the caption stood here */
            group_start(m, i);
            k->key = saved;
            m->group_start = i; /* this header counts for choosing the table */
        }
        return;
    }
    if (m->ncand && group_has_row(m, k->key)) {
        if (m->chosen < 0)
            group_choose(m, i, k->key);
        int row = group_row(m, k->key);
        if (row >= 0)
            handle_row(m, i, (ogi_table_id)m->chosen, (size_t)row);
        return;
    }
    int s3 = map_row_in_table(m->d, k->key, OGI_T_S3);
    if (s3 >= 0) {
        group_end(m);
        m->s3_seen = true;
        if (m->ns3_orphans && !m->s3_detached)
            map_fill_preceding_rows(m, OGI_T_S3, (size_t)s3);
        handle_row(m, i, OGI_T_S3, (size_t)s3);
        return;
    }
    if (map_s4_allowed(m, k)) {
        group_end(m);
        map_handle_s4(m, i);
    }
}

/* A local extra row inside a section 二 table (「其他主动公开文件（…）」
 * followed by its numbers): kept verbatim in s2_extra[], never mapped. */
static bool take_extra_row(map_ctx *m, size_t i)
{
    map_token *k = &m->t->v[i];
    if (!m->ncand || m->chosen < 0 || k->kind != TK_TEXT || map_has_digit(k->text))
        return false;
    size_t n = ogi_table_at((size_t)m->chosen)->n_cols;
    pieces p;
    map_pieces_init(&p);
    map_collect_stream(m, i, (ogi_table_id)m->chosen, n, &p);
    if (p.n == 0)
        return false;
    ogi_buf b;
    ogi_buf_init(&b);
    ogi_buf_puts(&b, k->text);
    for (size_t c = 0; c < p.n; c++)
        ogi_buf_printf(&b, " | %s", p.v[c].text);
    m->r->extras = ogi_xrealloc(m->r->extras, (m->r->n_extras + 1) * sizeof *m->r->extras);
    m->r->extras[m->r->n_extras++] = ogi_buf_steal(&b);
    k->used = true;
    map_pieces_free(&p);
    return true;
}

void map_tables(map_tokens *t, const map_dict *d, ogi_report *r, const char *file)
{
    map_ctx m = {.t = t, .d = d, .r = r, .file = file, .chosen = -1};
    for (size_t i = 0; i < t->n; i++)
        m.has_heading4 |= t->v[i].heading == 4;
    m.s3_detached = map_has_detached_rows(t, ogi_table_at(OGI_T_S3)->n_cols);
    m.doc_format = document_format(t, d);
    for (size_t i = 0; i < t->n; i++) {
        map_token *k = &t->v[i];
        if (k->heading) {
            group_end(&m);
            continue;
        }
        if (k->used)
            continue;
        if (k->kind == TK_LABEL)
            on_label(&m, i);
        else if (take_extra_row(&m, i))
            continue;
        else if (k->kind == TK_NUMBER && m.ncand && m.chosen < 0 && m.norphans < MAP_MAX_COLS)
            m.orphans[m.norphans++] = i;
        else if (k->kind == TK_NUMBER && !m.ncand && k->section == 3 &&
                 m.ns3_orphans < MAP_MAX_PIECES)
            m.s3_orphans[m.ns3_orphans++] = i;
    }
    if (m.has_heading4 && !m.s4_done)
        map_s4_by_heading(&m);
    map_resolve_pending(&m);
    map_place_by_order(&m);
}
