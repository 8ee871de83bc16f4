/*
 * map_tokens.c — the label dictionary and the token stream.
 *
 * The dictionary holds every label of the format definition (captions, row
 * and column labels with their variants, group headers, canonical section
 * headings), normalised the way the spec compares labels (§6: NFKC, no
 * whitespace, no quotes) plus a fold of traditional characters.  NFKC does
 * not fold traditional to simplified characters, and some agencies (and
 * some converters) publish in traditional forms; the fold table below maps
 * the traditional form of each character that occurs in the definition's
 * labels — only those, because only labels are compared.
 *
 * Tokenising turns each document cell into tokens: a label, numbers, an
 * empty grid cell, or other text.  A cell where a label runs straight into
 * digits (「规章000规范性文件898989」, 「行政许可 97」) is cut at every label
 * it contains; the digit runs between labels become "glued" number tokens,
 * whose cell boundaries map_numbers.c may have to recover.
 */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "map_internal.h"
#include "ogi/buf.h"
#include "ogi/text.h"

/* ---- traditional → simplified fold of label characters ---- */

static const uint32_t fold_table[][2] = {
#include "map_fold.inc"
};
#define FOLD_N (sizeof fold_table / sizeof fold_table[0])

uint32_t map_fold_traditional(uint32_t cp)
{
    size_t lo = 0, hi = FOLD_N;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (fold_table[mid][0] == cp)
            return fold_table[mid][1];
        if (fold_table[mid][0] < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return cp;
}

size_t map_fold_count(void) { return FOLD_N; }

void map_fold_pair(size_t i, uint32_t *traditional, uint32_t *simplified)
{
    *traditional = fold_table[i][0];
    *simplified = fold_table[i][1];
}

/* ---- code points with "whitespace before" marks ---- */

typedef struct {
    uint32_t *cp;
    bool *space_before; /* whitespace stood before this code point */
    size_t n;
} cp_text;

static bool is_space(uint32_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0 || c == 0x3000 ||
           c == 0xFEFF || c == 0x200B || c == '\f' || c == '\v';
}

static bool is_quote(uint32_t c)
{
    return c == '"' || c == '\'' || c == 0x201C || c == 0x201D || c == 0x2018 || c == 0x2019 ||
           c == 0x300C || c == 0x300D;
}

/* NFKC, fold, drop quotes; whitespace dropped but remembered. */
static void to_cps(const char *s, cp_text *out)
{
    char *nf = ogi_nfkc(s);
    char *src = nf ? nf : ogi_label_norm(s);
    size_t len = strlen(src), i = 0;
    out->cp = ogi_xmalloc((len + 1) * sizeof *out->cp);
    out->space_before = ogi_xmalloc((len + 1) * sizeof *out->space_before);
    out->n = 0;
    bool sp = false;
    while (i < len) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k =
            utf8proc_iterate((const utf8proc_uint8_t *)src + i, (utf8proc_ssize_t)(len - i), &c);
        if (k <= 0) {
            i++;
            continue;
        }
        i += (size_t)k;
        if (is_space((uint32_t)c)) {
            sp = true;
            continue;
        }
        if (is_quote((uint32_t)c))
            continue;
        /* 「1、申请人…」: an item number written with 「、」 for 「.」 */
        if (c == 0x3001 && out->n && out->cp[out->n - 1] >= '0' && out->cp[out->n - 1] <= '9' &&
            (out->n == 1 || out->cp[out->n - 2] < '0' || out->cp[out->n - 2] > '9'))
            c = '.';
        out->cp[out->n] = map_fold_traditional((uint32_t)c);
        out->space_before[out->n++] = sp;
        sp = false;
    }
    free(src);
}

static void cps_free(cp_text *t)
{
    free(t->cp);
    free(t->space_before);
}

/* UTF-8 of cps[a..b), with a blank where whitespace stood if keep_space. */
static char *cps_utf8(const cp_text *t, size_t a, size_t b, bool keep_space)
{
    ogi_buf buf;
    ogi_buf_init(&buf);
    for (size_t i = a; i < b; i++) {
        if (keep_space && i > a && t->space_before[i])
            ogi_buf_putc(&buf, ' ');
        utf8proc_uint8_t enc[4];
        utf8proc_ssize_t k = utf8proc_encode_char((utf8proc_int32_t)t->cp[i], enc);
        ogi_buf_put(&buf, (const char *)enc, (size_t)k);
    }
    if (!buf.data)
        ogi_buf_puts(&buf, "");
    return ogi_buf_steal(&buf);
}

char *map_norm(const char *s)
{
    cp_text t;
    to_cps(s ? s : "", &t);
    char *r = cps_utf8(&t, 0, t.n, false);
    cps_free(&t);
    return r;
}

/* ---- the dictionary ---- */

static void dict_add(map_dict *d, const char *label, map_lab_kind kind, int table, int index,
                     bool variant)
{
    if (!label || !label[0])
        return;
    cp_text t;
    to_cps(label, &t);
    if (t.n == 0) {
        cps_free(&t);
        return;
    }
    d->v = ogi_xrealloc(d->v, (d->n + 1) * sizeof *d->v);
    map_label *e = &d->v[d->n++];
    *e = (map_label){cps_utf8(&t, 0, t.n, false), t.cp, t.n, kind, table, index, variant};
    free(t.space_before);
}

static void dict_add_list(map_dict *d, const char *const *list, map_lab_kind kind, int table,
                          int index)
{
    for (size_t i = 0; list && list[i]; i++)
        dict_add(d, list[i], kind, table, index, true);
}

static void dict_add_table(map_dict *d, const ogi_table_def *td)
{
    int t = (int)td->id;
    dict_add(d, td->caption, LAB_CAPTION, t, -1, false);
    dict_add(d, td->corner, LAB_HEAD, t, -1, false);
    for (size_t r = 0; r < td->n_rows; r++) {
        const ogi_row_def *row = &td->rows[r];
        dict_add(d, row->label, LAB_ROW, t, (int)r, false);
        dict_add_list(d, row->variants, LAB_ROW, t, (int)r);
        dict_add(d, row->group, LAB_HEAD, t, (int)r, false);
        dict_add(d, row->subgroup, LAB_HEAD, t, (int)r, false);
    }
    for (size_t c = 0; c < td->n_cols; c++) {
        const ogi_col_def *col = &td->cols[c];
        dict_add(d, col->label, LAB_COL, t, (int)c, false);
        dict_add_list(d, col->variants, LAB_COL, t, (int)c);
        dict_add(d, col->group, LAB_HEAD, t, (int)c, false);
        dict_add(d, col->subgroup, LAB_HEAD, t, (int)c, false);
    }
}

static size_t bucket_of(uint32_t cp) { return cp % MAP_BUCKETS; }

/* Counting sort of the entries by first code point bucket. */
static void dict_index(map_dict *d)
{
    size_t count[MAP_BUCKETS] = {0};
    for (size_t i = 0; i < d->n; i++)
        count[bucket_of(d->v[i].cps[0])]++;
    d->first[0] = 0;
    for (size_t b = 0; b < MAP_BUCKETS; b++)
        d->first[b + 1] = d->first[b] + count[b];
    size_t fill[MAP_BUCKETS];
    memcpy(fill, d->first, sizeof fill);
    d->by_first = ogi_xmalloc((d->n ? d->n : 1) * sizeof *d->by_first);
    for (size_t i = 0; i < d->n; i++)
        d->by_first[fill[bucket_of(d->v[i].cps[0])]++] = i;
}

void map_dict_build(map_dict *d)
{
    memset(d, 0, sizeof *d);
    for (size_t i = 0; i < ogi_table_count(); i++)
        dict_add_table(d, ogi_table_at(i));
    for (size_t i = 0; i < ogi_section_count(); i++)
        dict_add(d, ogi_section_at(i)->heading, LAB_HEADING, ogi_section_at(i)->n, -1, false);
    dict_index(d);
}

void map_dict_free(map_dict *d)
{
    for (size_t i = 0; i < d->n; i++) {
        free(d->v[i].norm);
        free(d->v[i].cps);
    }
    free(d->v);
    free(d->by_first);
    memset(d, 0, sizeof *d);
}

const map_label *map_dict_find(const map_dict *d, const char *norm, int kind)
{
    for (size_t i = 0; i < d->n; i++)
        if ((kind < 0 || (int)d->v[i].kind == kind) && strcmp(d->v[i].norm, norm) == 0)
            return &d->v[i];
    return NULL;
}

const map_label *map_dict_find_in(const map_dict *d, const char *norm, int kind, int table)
{
    for (size_t i = 0; i < d->n; i++)
        if ((int)d->v[i].kind == kind && d->v[i].table == table && strcmp(d->v[i].norm, norm) == 0)
            return &d->v[i];
    return NULL;
}

bool map_dict_only_table(const map_dict *d, const char *norm, int table)
{
    bool any = false;
    for (size_t i = 0; i < d->n; i++) {
        if (strcmp(d->v[i].norm, norm) != 0)
            continue;
        if (d->v[i].kind == LAB_HEADING || d->v[i].table != table)
            return false;
        any = true;
    }
    return any;
}

/* ---- classifying text ---- */

bool map_has_digit(const char *s)
{
    for (; s && *s; s++)
        if (*s >= '0' && *s <= '9')
            return true;
    return false;
}

static const char *const unit_tokens[] = {"万元", "件", "个", "项", "条", "次", "元", NULL};

/* Past a unit after a number (blanks allowed before it); p itself if none. */
static const char *skip_unit(const char *p)
{
    const char *q = p;
    while (*q == ' ')
        q++;
    for (size_t i = 0; unit_tokens[i]; i++)
        if (strncmp(q, unit_tokens[i], strlen(unit_tokens[i])) == 0)
            return q + strlen(unit_tokens[i]);
    return p;
}

/* One number: [+-]digits[,digits]*[.digits]; returns the end or NULL. */
static const char *scan_number(const char *p)
{
    if (*p == '+' || *p == '-')
        p++;
    if (*p < '0' || *p > '9')
        return NULL;
    while ((*p >= '0' && *p <= '9') || (*p == ',' && p[1] >= '0' && p[1] <= '9'))
        p++;
    if (*p == '.' && p[1] >= '0' && p[1] <= '9') {
        p++;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    return p;
}

bool map_is_numeric(const char *text)
{
    if (ogi_is_placeholder(text))
        return true;
    char *n = ogi_nfkc(text);
    if (!n)
        return false;
    const char *p = n;
    bool ok = false;
    for (;;) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p)
            break;
        const char *e = scan_number(p);
        if (!e) {
            ok = false;
            break;
        }
        p = skip_unit(e);
        ok = true;
        if (*p && *p != ' ' && *p != '\t') {
            ok = false;
            break;
        }
    }
    free(n);
    return ok;
}

/* 「-3-」「— 2 —」: page numbers of PDF text. */
static bool is_page_number(const char *norm)
{
    size_t len = strlen(norm);
    if (len < 3 || norm[0] != '-' || norm[len - 1] != '-')
        return false;
    for (size_t i = 1; i + 1 < len; i++)
        if (norm[i] < '0' || norm[i] > '9')
            return false;
    return true;
}

/* Longest common subsequence length of two code point strings. */
static size_t lcs(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
    if (na > 200 || nb > 200)
        return 0;
    size_t *prev = ogi_xcalloc(nb + 1, sizeof *prev), *cur = ogi_xcalloc(nb + 1, sizeof *cur);
    for (size_t i = 1; i <= na; i++) {
        for (size_t j = 1; j <= nb; j++)
            cur[j] = a[i - 1] == b[j - 1] ? prev[j - 1] + 1
                                          : (prev[j] > cur[j - 1] ? prev[j] : cur[j - 1]);
        size_t *t = prev;
        prev = cur;
        cur = t;
    }
    size_t r = prev[nb];
    free(prev);
    free(cur);
    return r;
}

static bool starts_with_cps(const cp_text *t, size_t at, const map_label *e)
{
    if (t->n - at < e->ncps)
        return false;
    return memcmp(t->cp + at, e->cps, e->ncps * sizeof *e->cps) == 0;
}

/* A whole cell as a label: exactly a label; a row label followed by a
 * parenthesised instruction (「规章（设区的市…）」) or cut short inside one;
 * or, for numbered rows, a near miss of a misprinted row label. */
static const map_label *match_cell(const map_dict *d, const cp_text *t, const char *norm)
{
    const map_label *e = map_dict_find(d, norm, -1);
    if (e)
        return e;
    const map_label *best = NULL;
    for (size_t i = 0; i < d->n; i++) {
        const map_label *c = &d->v[i];
        if (c->kind != LAB_ROW || c->ncps < 2 || !starts_with_cps(t, 0, c))
            continue;
        if (t->cp[c->ncps] == '(' && (!best || c->ncps > best->ncps))
            best = c;
    }
    if (best)
        return best;
    /* 「5.要求行政机关确认或重新出」: a row label cut by a line break, when
     * what is left starts exactly one label. */
    const map_label *prefix_of = NULL;
    size_t rows_prefixed = 0;
    for (size_t i = 0; i < d->n && t->n >= 6; i++) {
        const map_label *c = &d->v[i];
        if (c->kind != LAB_ROW || c->ncps <= t->n ||
            memcmp(c->cps, t->cp, t->n * sizeof *t->cp) != 0)
            continue;
        if (!prefix_of || strcmp(prefix_of->norm, c->norm) != 0)
            rows_prefixed++;
        prefix_of = c;
    }
    if (rows_prefixed == 1)
        return prefix_of;
    /* 「2.其他法律行政止公开」: a numbered row label with a character lost or
     * changed; accept only a close match that keeps the number. */
    size_t best_score = 0;
    for (size_t i = 0; i < d->n && t->n >= 4 && t->n <= 80; i++) {
        const map_label *c = &d->v[i];
        if (c->kind != LAB_ROW || c->ncps < 6 || c->cps[0] != t->cp[0] || c->cps[1] != t->cp[1])
            continue;
        size_t common = lcs(t->cp, t->n, c->cps, c->ncps);
        size_t score = 200 * common / (t->n + c->ncps); /* Dice coefficient, percent */
        if (score >= 85 && score > best_score) {
            best_score = score;
            best = c;
        }
    }
    return best;
}

/* Longest dictionary label starting at position at, or NULL. */
static const map_label *label_at(const map_dict *d, const cp_text *t, size_t at)
{
    const map_label *best = NULL;
    size_t b = bucket_of(t->cp[at]);
    for (size_t k = d->first[b]; k < d->first[b + 1]; k++) {
        const map_label *c = &d->v[d->by_first[k]];
        if ((!best || c->ncps > best->ncps) && starts_with_cps(t, at, c))
            best = c;
    }
    return best;
}

static bool is_ascii_digit(uint32_t c) { return c >= '0' && c <= '9'; }

/* Does some label run straight into a digit (blanks allowed between)? */
static bool is_glued(const map_dict *d, const cp_text *t)
{
    for (size_t at = 0; at < t->n; at++) {
        const map_label *e = label_at(d, t, at);
        if (e && at + e->ncps < t->n && is_ascii_digit(t->cp[at + e->ncps]) &&
            (at > 0 || e->ncps < t->n))
            return true;
    }
    return false;
}

/* ---- the token stream ---- */

static map_token *push(map_tokens *ts, const ogi_doc_row *row, const ogi_doc_cell *cell,
                       size_t row_index)
{
    if (ts->n == ts->cap) {
        ts->cap = ts->cap ? ts->cap * 2 : 256;
        ts->v = ogi_xrealloc(ts->v, ts->cap * sizeof *ts->v);
    }
    map_token *k = &ts->v[ts->n++];
    *k = (map_token){.grid = row->grid, .whole_row = row->n == 1, .row = row_index,
                     .line = cell->line ? cell->line : row->line, .src_table = cell->table,
                     .src_row = cell->row, .src_col = cell->col};
    return k;
}

static void classify(map_token *k, const map_dict *d, const cp_text *t)
{
    if (!k->norm[0]) {
        k->kind = TK_EMPTY;
    } else if (is_page_number(k->norm)) {
        k->kind = TK_JUNK;
    } else if (map_is_numeric(k->text)) {
        k->kind = TK_NUMBER;
    } else {
        const map_label *e = match_cell(d, t, k->norm);
        k->kind = e ? TK_LABEL : TK_TEXT;
        k->key = e ? e->norm : NULL;
    }
}

static void add_piece(map_tokens *ts, const ogi_doc_row *row, const ogi_doc_cell *cell,
                      size_t ri, const cp_text *t, size_t a, size_t b, const map_label *label)
{
    char *text = cps_utf8(t, a, b, true);
    char *trimmed_norm = cps_utf8(t, a, b, false);
    if (!trimmed_norm[0]) {
        free(text);
        free(trimmed_norm);
        return;
    }
    map_token *k = push(ts, row, cell, ri);
    k->text = text;
    k->norm = trimmed_norm;
    k->whole_row = false;
    if (label) {
        k->kind = TK_LABEL;
        k->key = label->norm;
    } else if (map_is_numeric(text)) {
        k->kind = TK_NUMBER;
        k->glued = true;
    } else {
        k->kind = is_page_number(trimmed_norm) ? TK_JUNK : TK_TEXT;
    }
}

/* Cut a glued cell at each label occurrence (longest label first). */
static void split_glued(map_tokens *ts, const map_dict *d, const ogi_doc_row *row,
                        const ogi_doc_cell *cell, size_t ri, const cp_text *t)
{
    size_t gap = 0, at = 0;
    while (at < t->n) {
        const map_label *e = label_at(d, t, at);
        if (!e) {
            at++;
            continue;
        }
        if (at > gap)
            add_piece(ts, row, cell, ri, t, gap, at, NULL);
        add_piece(ts, row, cell, ri, t, at, at + e->ncps, e);
        at += e->ncps;
        gap = at;
    }
    if (gap < t->n)
        add_piece(ts, row, cell, ri, t, gap, t->n, NULL);
}

static void add_cell(map_tokens *ts, const map_dict *d, const ogi_doc_row *row,
                     const ogi_doc_cell *cell, size_t ri)
{
    if (cell->spanned && cell->col > 0)
        return; /* a merged cell's copy: its text was seen once already */
    cp_text t;
    to_cps(cell->text ? cell->text : "", &t);
    if (t.n > 0 && !map_is_numeric(cell->text) && is_glued(d, &t)) {
        split_glued(ts, d, row, cell, ri, &t);
    } else if (t.n > 0 || row->grid) {
        map_token *k = push(ts, row, cell, ri);
        k->text = cps_utf8(&t, 0, t.n, true);
        k->norm = cps_utf8(&t, 0, t.n, false);
        classify(k, d, &t);
    }
    cps_free(&t);
}

/* 「第二十条  第（一）项」: a label that wide spacing cut into cells of one
 * row.  Joins runs of text tokens of the row that together form a label. */
static void join_split_labels(map_tokens *ts, const map_dict *d, size_t first)
{
    for (size_t i = first; i + 1 < ts->n; i++) {
        if (ts->v[i].kind != TK_TEXT)
            continue;
        ogi_buf b;
        ogi_buf_init(&b);
        ogi_buf_puts(&b, ts->v[i].norm);
        for (size_t j = i + 1; j < ts->n && j < i + 4 && ts->v[j].kind == TK_TEXT; j++) {
            ogi_buf_puts(&b, ts->v[j].norm);
            const map_label *e = map_dict_find(d, b.data, -1);
            if (!e)
                continue;
            ogi_buf tx;
            ogi_buf_init(&tx);
            for (size_t k = i; k <= j; k++) {
                ogi_buf_puts(&tx, k > i ? " " : "");
                ogi_buf_puts(&tx, ts->v[k].text);
            }
            map_token *k = &ts->v[i];
            free(k->text);
            free(k->norm);
            k->text = ogi_buf_steal(&tx);
            k->norm = ogi_strdup(b.data);
            k->kind = TK_LABEL;
            k->key = e->norm;
            k->whole_row = i == first && j + 1 == ts->n;
            for (size_t q = i + 1; q <= j; q++) {
                free(ts->v[q].text);
                free(ts->v[q].norm);
            }
            memmove(&ts->v[i + 1], &ts->v[j + 1], (ts->n - j - 1) * sizeof *ts->v);
            ts->n -= j - i;
            break;
        }
        ogi_buf_free(&b);
    }
}

void map_tokenize(const ogi_doc *doc, const map_dict *d, map_tokens *out)
{
    memset(out, 0, sizeof *out);
    for (size_t ri = 0; ri < doc->n; ri++) {
        const ogi_doc_row *row = &doc->rows[ri];
        size_t first = out->n;
        for (size_t c = 0; c < row->n; c++)
            add_cell(out, d, row, &row->cells[c], ri);
        if (row->n > 1)
            join_split_labels(out, d, first);
    }
}

void map_tokens_free(map_tokens *t)
{
    for (size_t i = 0; i < t->n; i++) {
        free(t->v[i].text);
        free(t->v[i].norm);
    }
    free(t->v);
    memset(t, 0, sizeof *t);
}
