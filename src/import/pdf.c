/*
 * pdf.c — a PDF's text layer → ogi_doc, tables rebuilt from coordinates.
 *
 * A PDF has no table structure, only glyphs with positions, and its
 * reading order interleaves merged cells with the rows beside them.  So
 * this reader ignores reading order: it takes every glyph box from
 * poppler, rebuilds lines by clustering glyph centres in y (tolerant to
 * sub-pixel jitter and to fonts whose boxes differ in height), splits
 * lines into cells at x gaps, lifts out labels written vertically (one
 * glyph per line, as in a merged 「三、本年度办理结果」 cell), and within
 * each table region derives the value columns from x positions aligned
 * across rows.  Wrapped label lines are joined to the row they belong to.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <poppler.h>

#include "import/readers.h"
#include "ogi/text.h"

#define PDF_MAX_PAGES 2000
#define PDF_MAX_GLYPHS_PAGE 200000
#define PDF_MAX_VERT_CANDIDATES 4000 /* bounds the quadratic stacking search */

typedef struct {
    double x1, y1, x2, y2;
    char s[8];
    bool vert;    /* part of a vertically written label */
} glyph;

typedef struct {
    double x1, x2, yc, h;
    char *text;
    bool num;     /* a number or a blank placeholder */
} chunk;

typedef struct {
    double yc, h;
    size_t *g;    /* glyph indices, sorted by x */
    size_t ng;
    chunk *ch;
    size_t nch;
    bool num;     /* a table row with values */
    int region;   /* table region, -1 when none */
    bool used;    /* merged into another line (wrapped label) */
    size_t owner; /* when used: the value line it belongs to */
    int owner_cell; /* …and which of its label cells, -1 for a new one */
} pline;

typedef struct {
    glyph *g;
    size_t ng;
    pline *l;
    size_t nl;
} page_text;

static double gh(const glyph *g) { return g->y2 - g->y1; }
static double gyc(const glyph *g) { return (g->y1 + g->y2) / 2; }

/* ---- glyphs ------------------------------------------------------------ */

static bool is_space_char(const char *s, size_t n)
{
    return (n == 1 && (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t')) ||
           (n == 2 && !memcmp(s, "\xC2\xA0", 2)) || (n == 3 && !memcmp(s, "\xE3\x80\x80", 3));
}

static size_t utf8_len(unsigned char c)
{
    return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

static int read_glyphs(PopplerPage *page, page_text *pt)
{
    char *text = poppler_page_get_text(page);
    PopplerRectangle *r = NULL;
    guint nr = 0;
    if (!text || !poppler_page_get_text_layout(page, &r, &nr))
        nr = 0;
    pt->g = ogi_xcalloc(nr ? nr : 1, sizeof *pt->g);
    const char *s = text;
    for (guint i = 0; i < nr && s && *s; i++) {
        size_t n = utf8_len((unsigned char)*s);
        if (strnlen(s, n) < n)
            break;
        if (!is_space_char(s, n) && pt->ng < PDF_MAX_GLYPHS_PAGE) {
            glyph *g = &pt->g[pt->ng++];
            g->x1 = fmin(r[i].x1, r[i].x2), g->x2 = fmax(r[i].x1, r[i].x2);
            g->y1 = fmin(r[i].y1, r[i].y2), g->y2 = fmax(r[i].y1, r[i].y2);
            if (g->y2 - g->y1 < 0.5)
                g->y2 = g->y1 + 0.5;
            memcpy(g->s, s, n);
        }
        s += n;
    }
    g_free(r);
    g_free(text);
    return pt->ng >= PDF_MAX_GLYPHS_PAGE ? -1 : 0;
}

/* ---- lines ------------------------------------------------------------- */

/* Sort keys travel with the indices so sorting needs no global state
 * (readers run in parallel threads). */
typedef struct {
    double key;
    size_t idx;
} keyed;

static int by_key(const void *a, const void *b)
{
    double d = ((const keyed *)a)->key - ((const keyed *)b)->key;
    return d < 0 ? -1 : d > 0;
}

static void sort_by_x(const glyph *g, size_t *idx, size_t n)
{
    keyed *k = ogi_xmalloc((n ? n : 1) * sizeof *k);
    for (size_t i = 0; i < n; i++)
        k[i] = (keyed){g[idx[i]].x1, idx[i]};
    qsort(k, n, sizeof *k, by_key);
    for (size_t i = 0; i < n; i++)
        idx[i] = k[i].idx;
    free(k);
}

static void add_line(page_text *pt, size_t *idx, size_t n)
{
    pline *l = &pt->l[pt->nl++];
    memset(l, 0, sizeof *l);
    l->g = ogi_xmalloc(n * sizeof *l->g);
    memcpy(l->g, idx, n * sizeof *idx);
    l->ng = n;
    l->region = -1;
    sort_by_x(pt->g, l->g, n);
    double sy = 0, hmin = 1e9;
    for (size_t i = 0; i < n; i++)
        sy += gyc(&pt->g[idx[i]]), hmin = fmin(hmin, gh(&pt->g[idx[i]]));
    l->yc = sy / (double)n;
    l->h = hmin;
}

/* Glyphs whose centres lie within 40% of a glyph height of the line's
 * running centre belong to that line. */
static void build_lines(page_text *pt)
{
    keyed *k = ogi_xmalloc((pt->ng ? pt->ng : 1) * sizeof *k);
    for (size_t i = 0; i < pt->ng; i++)
        k[i] = (keyed){gyc(&pt->g[i]), i};
    qsort(k, pt->ng, sizeof *k, by_key);
    size_t *idx = ogi_xmalloc((pt->ng ? pt->ng : 1) * sizeof *idx);
    for (size_t i = 0; i < pt->ng; i++)
        idx[i] = k[i].idx;
    free(k);
    pt->l = ogi_xcalloc(pt->ng ? pt->ng : 1, sizeof *pt->l);
    size_t start = 0;
    double sum = 0, hmin = 1e9;
    for (size_t i = 0; i < pt->ng; i++) {
        const glyph *g = &pt->g[idx[i]];
        double mean = i > start ? sum / (double)(i - start) : gyc(g);
        if (i > start && fabs(gyc(g) - mean) > 0.4 * fmin(gh(g), hmin)) {
            add_line(pt, idx + start, i - start);
            start = i, sum = 0, hmin = 1e9;
        }
        sum += gyc(g);
        hmin = fmin(hmin, gh(g));
    }
    if (pt->ng > start)
        add_line(pt, idx + start, pt->ng - start);
    free(idx);
}

/* ---- vertical labels --------------------------------------------------- */

typedef struct {
    char *text;
    double yc, x1, x2;
} vlabel;

static bool isolated(const page_text *pt, const pline *l, size_t k)
{
    const glyph *g = &pt->g[l->g[k]];
    if ((unsigned char)g->s[0] < 0x80)
        return false;
    double tol = 0.25 * gh(g);
    if (k > 0 && g->x1 - pt->g[l->g[k - 1]].x2 < tol)
        return false;
    return !(k + 1 < l->ng && pt->g[l->g[k + 1]].x1 - g->x2 < tol);
}

/* Candidates: non-ASCII glyphs standing apart on their line.  Three or
 * more of them stacked at the same x, each close below the previous,
 * are one label written top to bottom. */
static size_t find_vertical(page_text *pt, vlabel *out, size_t max)
{
    size_t *cand = ogi_xmalloc((pt->ng ? pt->ng : 1) * sizeof *cand), nc = 0, nv = 0;
    for (size_t i = 0; i < pt->nl; i++)
        for (size_t k = 0; k < pt->l[i].ng; k++)
            if (nc < PDF_MAX_VERT_CANDIDATES && isolated(pt, &pt->l[i], k))
                cand[nc++] = pt->l[i].g[k];
    bool *taken = ogi_xcalloc(nc ? nc : 1, sizeof *taken);
    size_t *run = ogi_xmalloc((nc ? nc : 1) * sizeof *run);
    for (size_t a = 0; a < nc && nv < max; a++) {
        if (taken[a])
            continue;
        size_t nrun = 0;
        const glyph *last = &pt->g[cand[a]];
        run[nrun++] = a;
        for (size_t b = a + 1; b < nc; b++) {
            const glyph *g = &pt->g[cand[b]];
            if (taken[b] || fabs(g->x1 - last->x1) > 1.0 || fabs(g->x2 - last->x2) > 1.0)
                continue;
            if (g->y1 - last->y2 > 1.5 * gh(last) || g->y1 < last->y1)
                continue;
            run[nrun++] = b;
            last = g;
        }
        if (nrun < 3)
            continue;
        ogi_buf b;
        ogi_buf_init(&b);
        for (size_t k = 0; k < nrun; k++) {
            taken[run[k]] = true;
            pt->g[cand[run[k]]].vert = true;
            ogi_buf_puts(&b, pt->g[cand[run[k]]].s);
        }
        const glyph *first = &pt->g[cand[run[0]]];
        out[nv++] = (vlabel){ogi_buf_steal(&b), gyc(first), first->x1, first->x2};
        ogi_buf_free(&b);
    }
    free(run);
    free(taken);
    free(cand);
    return nv;
}

/* ---- cells ------------------------------------------------------------- */

static bool is_number_text(const char *s)
{
    static const char *const blanks[] = {"-", "—", "－", "/", "／", "无", "–", NULL};
    for (const char *const *p = blanks; *p; p++)
        if (!strcmp(s, *p))
            return true;
    const char *p = s;
    if (*p == '-' || *p == '+')
        p++;
    if (*p < '0' || *p > '9')
        return false;
    while ((*p >= '0' && *p <= '9') || *p == ',' || *p == '.')
        p++;
    static const char *const units[] = {"", "元", "万元", "件", "个", "项", "条", "次", NULL};
    for (const char *const *u = units; *u; u++)
        if (!strcmp(p, *u))
            return true;
    return false;
}

static void add_chunk(page_text *pt, pline *l, size_t from, size_t to)
{
    ogi_buf b;
    ogi_buf_init(&b);
    chunk c = {.x1 = 1e9, .x2 = -1e9, .yc = l->yc, .h = l->h};
    const glyph *prev = NULL;
    for (size_t k = from; k < to; k++) {
        const glyph *g = &pt->g[l->g[k]];
        if (g->vert)
            continue;
        /* Keep word spaces between Latin letters and digits. */
        if (prev && (unsigned char)g->s[0] < 0x80 && (unsigned char)prev->s[0] < 0x80 &&
            g->x1 - prev->x2 > 0.2 * gh(g))
            ogi_buf_putc(&b, ' ');
        ogi_buf_puts(&b, g->s);
        c.x1 = fmin(c.x1, g->x1), c.x2 = fmax(c.x2, g->x2);
        prev = g;
    }
    if (!b.len) {
        ogi_buf_free(&b);
        return;
    }
    c.text = ogi_buf_steal(&b);
    c.num = is_number_text(c.text);
    l->ch = ogi_xrealloc(l->ch, (l->nch + 1) * sizeof *l->ch);
    l->ch[l->nch++] = c;
    ogi_buf_free(&b);
}

/* A gap wider than 0.8 of the smaller neighbour's height separates cells. */
static void split_chunks(page_text *pt, pline *l)
{
    size_t from = 0;
    const glyph *prev = NULL;
    for (size_t k = 0; k < l->ng; k++) {
        const glyph *g = &pt->g[l->g[k]];
        if (g->vert)
            continue;
        if (prev && g->x1 - prev->x2 > 0.8 * fmin(gh(g), gh(prev))) {
            add_chunk(pt, l, from, k);
            from = k;
        }
        prev = g;
    }
    add_chunk(pt, l, from, l->ng);
    size_t nums = 0;
    for (size_t i = 0; i < l->nch; i++)
        nums += l->ch[i].num;
    l->num = nums >= 1 && l->nch >= 2 && !l->ch[0].num ? true : nums >= 2;
}

/* ---- table regions ----------------------------------------------------- */

typedef struct {
    double col[64];   /* centre x of each value column */
    int ncol;
    double zone;      /* labels lie left of this x */
    double y0, y1;    /* first and last value row */
} region;

static int by_double(const void *a, const void *b)
{
    double d = *(const double *)a - *(const double *)b;
    return d < 0 ? -1 : d > 0;
}

static bool in_value_zone(const region *r, const chunk *c) { return c->x2 > r->zone + 1.0; }

/* Value columns: centres of value cells clustered across the region's rows. */
static void find_columns(page_text *pt, region *r, int id)
{
    size_t n = 0, cap = 64;
    double *xs = ogi_xmalloc(cap * sizeof *xs);
    r->zone = 1e9;
    for (size_t i = 0; i < pt->nl; i++) {
        pline *l = &pt->l[i];
        if (l->region != id)
            continue;
        for (size_t k = 0; k < l->nch; k++) {
            if (!l->ch[k].num)
                continue;
            if (n == cap)
                xs = ogi_xrealloc(xs, (cap *= 2) * sizeof *xs);
            xs[n++] = (l->ch[k].x1 + l->ch[k].x2) / 2;
            r->zone = fmin(r->zone, l->ch[k].x1 - 1.0);
        }
    }
    qsort(xs, n, sizeof *xs, by_double);
    r->ncol = 0;
    double sum = 0;
    int cnt = 0;
    for (size_t i = 0; i < n; i++) {
        if (cnt && xs[i] - sum / cnt > 9.0 && r->ncol < 63) {
            r->col[r->ncol++] = sum / cnt;
            sum = 0, cnt = 0;
        }
        sum += xs[i], cnt++;
    }
    if (cnt)
        r->col[r->ncol++] = sum / cnt;
    free(xs);
}

static int nearest_col(const region *r, double x)
{
    int best = 0;
    for (int k = 1; k < r->ncol; k++)
        if (fabs(r->col[k] - x) < fabs(r->col[best] - x))
            best = k;
    return best;
}

static double first_value_x(const pline *l)
{
    for (size_t k = 0; k < l->nch; k++)
        if (l->ch[k].num)
            return l->ch[k].x1;
    return 1e9;
}

/* Whether two value rows belong to one table: close (4.5 line heights),
 * or up to 8 apart with only label text between them (a tall row whose
 * label wraps over several lines). */
static bool same_table(const pline *a, const pline *b)
{
    double h = fmax(a->h, b->h), gap = b->yc - a->yc;
    if (gap <= 4.5 * h)
        return true;
    if (gap > 8.0 * h)
        return false;
    double zone = fmin(first_value_x(a), first_value_x(b)) - 1.0;
    for (const pline *l = a + 1; l < b; l++)
        for (size_t k = 0; k < l->nch; k++)
            if (l->ch[k].x2 > zone)
                return false;
    return true;
}

/* Consecutive value rows of one table form a region. */
static int find_regions(page_text *pt, region **out)
{
    int nr = 0;
    const pline *prev = NULL;
    for (size_t i = 0; i < pt->nl; i++) {
        pline *l = &pt->l[i];
        if (!l->num)
            continue;
        if (!prev || !same_table(prev, l)) {
            *out = ogi_xrealloc(*out, (size_t)(nr + 1) * sizeof **out);
            (*out)[nr++] = (region){.y0 = l->yc};
        }
        l->region = nr - 1;
        (*out)[nr - 1].y1 = l->yc;
        prev = l;
    }
    for (int k = 0; k < nr; k++)
        find_columns(pt, &(*out)[k], k);
    return nr;
}

static size_t label_cells(const region *r, const pline *l)
{
    size_t n = 0;
    while (n < l->nch && !in_value_zone(r, &l->ch[n]))
        n++;
    return n;
}

/* A line of label text only, inside a region's label zone. */
static bool is_label_line(const region *r, const pline *l)
{
    if (l->num || !l->nch || l->yc < r->y0 - 2.5 * l->h || l->yc > r->y1 + 2.5 * l->h)
        return false;
    return label_cells(r, l) == l->nch;
}

/* The label cell of value row v that chunk c continues (overlaps in x),
 * -1 when none does. */
static int overlapped_cell(const region *r, const pline *v, const chunk *c)
{
    size_t n = label_cells(r, v);
    for (size_t k = 0; k < n; k++)
        if (c->x1 < v->ch[k].x2 && c->x2 > v->ch[k].x1)
            return (int)k;
    return -1;
}

/* Join a wrapped label line to the value row it belongs to: the nearest
 * row with a label cell it overlaps in x (within 1.6 line heights; 2.2
 * when left-aligned with it), or the nearest row that has no label of its
 * own (within 2.2). */
static void attach_wrapped(page_text *pt, region *regs, int nr)
{
    for (size_t i = 0; i < pt->nl; i++) {
        pline *w = &pt->l[i];
        for (int id = 0; id < nr && !w->used; id++) {
            if (w->nch != 1 || !is_label_line(&regs[id], w))
                continue;
            pline *best = NULL;
            int cell = -1;
            double bestd = 1e9;
            for (size_t j = 0; j < pt->nl; j++) {
                pline *v = &pt->l[j];
                if (v->region != id || !v->num)
                    continue;
                double d = fabs(v->yc - w->yc);
                int k = overlapped_cell(&regs[id], v, &w->ch[0]);
                bool aligned = k >= 0 && fabs(v->ch[k].x1 - w->ch[0].x1) <= 2.0;
                bool bare = label_cells(&regs[id], v) == 0;
                if (((k >= 0 && d <= 1.6 * w->h) || (aligned && d <= 2.2 * w->h) ||
                     (bare && d <= 2.2 * w->h)) && d < bestd)
                    best = v, bestd = d, cell = k;
            }
            if (best)
                w->used = true, w->owner = (size_t)(best - pt->l), w->owner_cell = cell;
        }
    }
}

/* A label in a narrow merged cell wraps over several rows without
 * belonging to any: join label-only lines stacked at the same x. */
static void join_stacked(page_text *pt, region *regs, int nr)
{
    for (size_t i = 0; i < pt->nl; i++) {
        pline *a = &pt->l[i];
        bool label = false;
        for (int id = 0; id < nr; id++)
            label = label || is_label_line(&regs[id], a);
        if (a->used || a->nch != 1 || !label)
            continue;
        for (size_t j = i + 1; j < pt->nl; j++) {
            pline *b = &pt->l[j];
            if (b->yc - a->yc > 2.5 * a->h)
                break;
            if (b->used || b->num || b->nch != 1 || fabs(b->ch[0].x1 - a->ch[0].x1) > 2.5)
                continue;
            char *t = ogi_xmalloc(strlen(a->ch[0].text) + strlen(b->ch[0].text) + 1);
            strcat(strcpy(t, a->ch[0].text), b->ch[0].text);
            free(a->ch[0].text);
            a->ch[0].text = t;
            a->ch[0].x2 = fmax(a->ch[0].x2, b->ch[0].x2);
            b->used = true, b->owner = (size_t)-1;
            break;
        }
    }
}

/* ---- output ------------------------------------------------------------ */

/* Label cell k of a value row (k = -1: the row has no label of its own):
 * its own text with the wrapped lines joined to it, top to bottom. */
static char *row_label(const page_text *pt, const pline *v, int k)
{
    ogi_buf b;
    ogi_buf_init(&b);
    size_t self = (size_t)(v - pt->l);
    bool own_done = k < 0;
    for (size_t i = 0; i < pt->nl; i++) {
        const pline *l = &pt->l[i];
        if (!own_done && l->yc >= v->yc) {
            ogi_buf_puts(&b, v->ch[k].text);
            own_done = true;
        }
        if (l->used && l->owner == self && l->owner_cell == k)
            ogi_buf_puts(&b, l->ch[0].text);
    }
    if (!own_done)
        ogi_buf_puts(&b, v->ch[k].text);
    char *s = ogi_buf_steal(&b);
    ogi_buf_free(&b);
    return s ? s : ogi_strdup("");
}

static void emit_value_row(ogi_doc *doc, const page_text *pt, const region *r, const pline *v,
                           int table, int row)
{
    ogi_doc_row *out = ogi_doc_add_row(doc, true, 0);
    int col = 0, nlab = (int)label_cells(r, v);
    for (int k = nlab ? 0 : -1; k < nlab; k++) {
        char *label = row_label(pt, v, k);
        if (*label || k >= 0)
            ogi_doc_add_cell(doc, out, label, strlen(label), 0, table, row, col++, false);
        free(label);
    }
    char *cells[64] = {0};
    for (size_t k = label_cells(r, v); k < v->nch; k++) {
        int c = nearest_col(r, (v->ch[k].x1 + v->ch[k].x2) / 2);
        if (!cells[c]) {
            cells[c] = ogi_strdup(v->ch[k].text);
            continue;
        }
        char *joined = ogi_xmalloc(strlen(cells[c]) + strlen(v->ch[k].text) + 2);
        sprintf(joined, "%s %s", cells[c], v->ch[k].text);
        free(cells[c]);
        cells[c] = joined;
    }
    for (int c = 0; c < r->ncol; c++) {
        const char *t = cells[c] ? cells[c] : "";
        ogi_doc_add_cell(doc, out, t, strlen(t), 0, table, row, col + c, false);
        free(cells[c]);
    }
}

/* 「-3-」「第 3 页」「3/12」 alone in the top or bottom tenth of a page. */
static bool is_page_number(const pline *l, double page_h)
{
    if (l->nch != 1 || (l->yc > 0.1 * page_h && l->yc < 0.9 * page_h))
        return false;
    const char *s = l->ch[0].text;
    bool digit = false;
    for (; *s; s++) {
        if (*s >= '0' && *s <= '9')
            digit = true;
        else if (!strchr("- ", *s) && strncmp(s, "—", 3) && strncmp(s, "第", 3) &&
                 strncmp(s, "页", 3) && strncmp(s, "共", 3) && strncmp(s, "／", 3) && *s != '/')
            return false;
        else if ((unsigned char)*s >= 0x80)
            s += 2;
    }
    return digit;
}

static void emit_plain(ogi_doc *doc, const pline *l)
{
    ogi_doc_row *out = ogi_doc_add_row(doc, false, 0);
    for (size_t k = 0; k < l->nch; k++)
        ogi_doc_add_cell(doc, out, l->ch[k].text, strlen(l->ch[k].text), 0, -1, -1, -1, false);
}

static void emit_vlabel(ogi_doc *doc, const vlabel *v)
{
    ogi_doc_row *out = ogi_doc_add_row(doc, false, 0);
    ogi_doc_add_cell(doc, out, v->text, strlen(v->text), 0, -1, -1, -1, false);
}

typedef struct {
    int tables;       /* tables emitted in earlier pages */
} pdf_ctx;

static void emit_page(ogi_doc *doc, pdf_ctx *c, page_text *pt, region *regs, int nr,
                      vlabel *vl, size_t nv, double page_h)
{
    int rows[64] = {0};
    size_t v = 0;
    for (size_t i = 0; i < pt->nl; i++) {
        pline *l = &pt->l[i];
        while (v < nv && vl[v].yc <= l->yc)
            emit_vlabel(doc, &vl[v++]);
        if (l->used || !l->nch || is_page_number(l, page_h))
            continue;
        if (l->num && l->region >= 0 && l->region < 64)
            emit_value_row(doc, pt, &regs[l->region], l, c->tables + l->region, rows[l->region]++);
        else
            emit_plain(doc, l);
    }
    while (v < nv)
        emit_vlabel(doc, &vl[v++]);
    c->tables += nr;
}

static int by_vy(const void *a, const void *b)
{
    double d = ((const vlabel *)a)->yc - ((const vlabel *)b)->yc;
    return d < 0 ? -1 : d > 0;
}

static void free_page(page_text *pt)
{
    for (size_t i = 0; i < pt->nl; i++) {
        for (size_t k = 0; k < pt->l[i].nch; k++)
            free(pt->l[i].ch[k].text);
        free(pt->l[i].ch);
        free(pt->l[i].g);
    }
    free(pt->l);
    free(pt->g);
}

static int read_page(ogi_doc *doc, pdf_ctx *c, PopplerPage *page)
{
    page_text pt = {0};
    double w = 0, h = 0;
    poppler_page_get_size(page, &w, &h);
    int rc = read_glyphs(page, &pt);
    build_lines(&pt);
    vlabel vl[32];
    size_t nv = find_vertical(&pt, vl, 32);
    qsort(vl, nv, sizeof *vl, by_vy);
    for (size_t i = 0; i < pt.nl; i++)
        split_chunks(&pt, &pt.l[i]);
    region *regs = NULL;
    int nr = find_regions(&pt, &regs);
    attach_wrapped(&pt, regs, nr);
    join_stacked(&pt, regs, nr);
    emit_page(doc, c, &pt, regs, nr, vl, nv, h);
    for (size_t i = 0; i < nv; i++)
        free(vl[i].text);
    free(regs);
    free_page(&pt);
    return rc;
}

static int fail(char *err, size_t errlen, const char *file, const char *msg)
{
    snprintf(err, errlen, "%s: cannot read PDF: %s", file, msg);
    return -1;
}

int ogi_read_pdf(const char *data, size_t len, ogi_doc *out, char *err, size_t errlen)
{
    const char *file = out->file ? out->file : "(input)";
    if (len == 0)
        return fail(err, errlen, file, "empty file");
    if (len > OGI_IMPORT_MAX_BYTES)
        return fail(err, errlen, file, "file too large (limit 128 MiB)");
    GError *ge = NULL;
    GBytes *bytes = g_bytes_new(data, len);
    PopplerDocument *pd = poppler_document_new_from_bytes(bytes, NULL, &ge);
    g_bytes_unref(bytes);
    if (!pd) {
        char msg[256];
        snprintf(msg, sizeof msg, "%s", ge && ge->code == POPPLER_ERROR_ENCRYPTED
                                            ? "the document is password-protected"
                                            : ge ? ge->message : "damaged file");
        g_clear_error(&ge);
        return fail(err, errlen, file, msg);
    }
    int pages = poppler_document_get_n_pages(pd);
    if (pages <= 0 || pages > PDF_MAX_PAGES) {
        g_object_unref(pd);
        return fail(err, errlen, file, pages <= 0 ? "no pages" : "more than 2000 pages");
    }
    char *title = poppler_document_get_title(pd);
    if (title && *title)
        out->title = ogi_strdup(title);
    g_free(title);
    pdf_ctx c = {0};
    int rc = 0;
    /* Stop at the row limit (the dispatcher refuses such a document). */
    for (int i = 0; i < pages && rc == 0 && out->n <= OGI_DOC_MAX_ROWS; i++) {
        PopplerPage *page = poppler_document_get_page(pd, i);
        if (page) {
            rc = read_page(out, &c, page);
            g_object_unref(page);
        }
    }
    g_object_unref(pd);
    if (rc)
        return fail(err, errlen, file, "too many glyphs on one page");
    if (out->n == 0)
        return fail(err, errlen, file, "no text layer (a scanned image? OCR is not supported)");
    return 0;
}
