/*
 * map_tokens.c — label normalisation and the token stream.
 *
 * The dictionary (map_dict.c) holds every label of the format definition,
 * normalised here the way the spec compares labels (§6: NFKC, no
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
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "import/fast_text.h"
#include "map_internal.h"
#include "ogi/buf.h"
#include "ogi/text.h"

/* ---- traditional → simplified fold of label characters ---- */

static const uint32_t fold_table[][2] = {
#include "map_fold.inc"
};
#define FOLD_N (sizeof fold_table / sizeof fold_table[0])

/* One bit per (code point mod 4096) that some traditional form has: most
 * code points are ruled out without the binary search.  Built once. */
static uint64_t fold_hint[4096 / 64];
static pthread_once_t fold_hint_once = PTHREAD_ONCE_INIT;

static void build_fold_hint(void)
{
    for (size_t i = 0; i < FOLD_N; i++)
        fold_hint[(fold_table[i][0] & 4095) / 64] |= 1ull << (fold_table[i][0] & 63);
}

uint32_t map_fold_traditional(uint32_t cp)
{
    pthread_once(&fold_hint_once, build_fold_hint);
    if (!(fold_hint[(cp & 4095) / 64] >> (cp & 63) & 1))
        return cp;
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

/* The code point of the UTF-8 sequence at p and its length; 0 when p
 * does not start a valid sequence (utf8proc_iterate's rules). */
static size_t decode_utf8(const unsigned char *p, size_t avail, uint32_t *c)
{
    if (p[0] < 0x80) {
        *c = p[0];
        return 1;
    }
    if ((p[0] & 0xF0) == 0xE0 && avail >= 3 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
        *c = ((uint32_t)(p[0] & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
        if (*c >= 0x800 && (*c < 0xD800 || *c > 0xDFFF))
            return 3;
    }
    utf8proc_int32_t u;
    utf8proc_ssize_t k = utf8proc_iterate(p, (utf8proc_ssize_t)avail, &u);
    *c = (uint32_t)u;
    return k > 0 ? (size_t)k : 0;
}

/* UTF-8 of one code point (cps hold valid scalar values); its length. */
static size_t encode_utf8(uint32_t c, char *o)
{
    if (c < 0x80) {
        o[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        o[0] = (char)(0xC0 | c >> 6);
        o[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        o[0] = (char)(0xE0 | c >> 12);
        o[1] = (char)(0x80 | (c >> 6 & 0x3F));
        o[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | c >> 18);
    o[1] = (char)(0x80 | (c >> 12 & 0x3F));
    o[2] = (char)(0x80 | (c >> 6 & 0x3F));
    o[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

/* The fold of cp once the hint is built (cps_decode builds it). */
static inline uint32_t fold_cp(uint32_t cp)
{
    if (cp < 0x80 || !(fold_hint[(cp & 4095) / 64] >> (cp & 63) & 1))
        return cp;
    return map_fold_traditional(cp);
}

/* ASCII white space as is_space has it. */
static inline bool ascii_space(unsigned char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

/* What a code point of a cell becomes. */
typedef enum { CP_KEEP, CP_SPACE, CP_DROP } cp_action;

/* The action for a code point c that is neither ASCII nor an ideograph
 * U+4000–U+9FFF, and what it is kept as (*f): cp[0..n) are the code
 * points kept before it. */
static cp_action other_cp(uint32_t c, const uint32_t *cp, size_t n, uint32_t *f)
{
    if (is_space(c))
        return CP_SPACE;
    if (is_quote(c))
        return CP_DROP;
    *f = c;
    /* 「1、申请人…」: an item number written with 「、」 for 「.」 */
    if (c == 0x3001 && n && cp[n - 1] >= '0' && cp[n - 1] <= '9' &&
        (n == 1 || cp[n - 2] < '0' || cp[n - 2] > '9'))
        *f = '.';
    *f = fold_cp(*f);
    return CP_KEEP;
}

static bool is_continuation(unsigned char b) { return (b & 0xC0) == 0x80; }

/* Fold, drop quotes; whitespace dropped but remembered — of text that is
 * already NFKC'd (or label-normalised when it was not valid UTF-8).  out
 * has room for len code points (and, with utf8, the bare and spaced
 * texts and their offsets).  Every cell of a document passes through
 * here, so ASCII and the ideographs (most of a report) are decoded inline. */
static inline __attribute__((always_inline)) void cps_decode_as(const char *src, size_t len,
                                                                 map_cp_text *out, bool utf8)
{
    const unsigned char *p = (const unsigned char *)src, *end = p + len;
    uint32_t *restrict cp = out->cp;
    bool *restrict space_before = out->space_before;
    char *restrict bare = out->bare, *restrict spaced = out->spaced;
    uint32_t *restrict bare_at = out->bare_at, *restrict spaced_at = out->spaced_at;
    size_t n = 0, nb = 0, ns = 0;
    bool sp = false, plain = true;
    while (p < end) {
        const unsigned char *bytes = p;
        uint32_t c, f = 0;
        size_t k;
        cp_action act = CP_KEEP;
        if (*p < 0x80) { /* ASCII: never folded */
            c = f = *p;
            k = 1;
            act = ascii_space(*p) ? CP_SPACE : (c == '"' || c == '\'') ? CP_DROP : CP_KEEP;
        } else if (*p >= 0xE4 && *p <= 0xE9 && end - p >= 3 && is_continuation(p[1]) &&
                   is_continuation(p[2])) { /* U+4000–U+9FFF: no space, quote or 、 */
            c = ((uint32_t)(p[0] & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
            k = 3;
            f = fold_cp(c);
        } else if ((k = decode_utf8(p, (size_t)(end - p), &c)) > 0) {
            act = other_cp(c, cp, n, &f);
            plain = plain && c != 0x1680 && c != 0x2028 && c != 0x2029;
        } else {
            p++; /* not UTF-8: skipped */
            continue;
        }
        p += k;
        if (act == CP_SPACE)
            sp = true;
        plain = plain && act != CP_DROP;
        if (act != CP_KEEP)
            continue;
        plain = plain && f == c;
        cp[n] = f;
        space_before[n] = sp;
        if (utf8) {
            if (sp && n > 0)
                spaced[ns++] = ' ';
            bare_at[n] = (uint32_t)nb;
            spaced_at[n] = (uint32_t)ns;
            char enc[4];
            if (f != c) /* else a valid sequence: it re-encodes to its own bytes */
                k = encode_utf8(f, enc), bytes = (const unsigned char *)enc;
            if (k == 3) {
                memcpy(bare + nb, bytes, 3);
                memcpy(spaced + ns, bytes, 3);
            } else {
                for (size_t i = 0; i < k; i++)
                    bare[nb + i] = spaced[ns + i] = (char)bytes[i];
            }
            nb += k, ns += k;
        }
        n++;
        sp = false;
    }
    out->n = n;
    out->bare_is_heading_norm = plain;
    if (utf8) {
        bare_at[n] = (uint32_t)nb;
        spaced_at[n] = (uint32_t)ns;
        bare[nb] = spaced[ns] = '\0';
    }
}

static void cps_decode(const char *src, size_t len, map_cp_text *out, bool utf8)
{
    pthread_once(&fold_hint_once, build_fold_hint);
    if (utf8)
        cps_decode_as(src, len, out, true); /* a copy of the loop for each case */
    else
        cps_decode_as(src, len, out, false);
}

static void cps_of_normalised(const char *src, map_cp_text *out)
{
    size_t len = strlen(src);
    memset(out, 0, sizeof *out);
    out->cp = ogi_xmalloc((len + 1) * sizeof *out->cp);
    out->space_before = ogi_xmalloc((len + 1) * sizeof *out->space_before);
    cps_decode(src, len, out, false);
}

/* s as cps given its NFKC (NULL when s is not valid UTF-8). */
static void cps_with_nfkc(const char *s, const char *nfkc, map_cp_text *out)
{
    if (nfkc) {
        cps_of_normalised(nfkc, out);
        return;
    }
    char *norm = ogi_label_norm(s);
    cps_of_normalised(norm, out);
    free(norm);
}

/* NFKC, fold, drop quotes; whitespace dropped but remembered. */
void map_cps(const char *s, map_cp_text *out)
{
    char *nf = fast_nfkc(s);
    cps_with_nfkc(s, nf, out);
    free(nf);
}

void map_cps_free(map_cp_text *t)
{
    free(t->cp);
    free(t->space_before);
    memset(t, 0, sizeof *t);
}

/* Where the UTF-8 of cps[a..b) is in t's bare or spaced text, and its
 * length (t built with utf8). */
static size_t piece_span(const map_cp_text *t, size_t a, size_t b, bool keep_space,
                         const char **start)
{
    if (b <= a) {
        *start = "";
        return 0;
    }
    if (!keep_space) {
        *start = t->bare + t->bare_at[a];
        return t->bare_at[b] - t->bare_at[a];
    }
    size_t end = t->spaced_at[b] - (b < t->n && t->space_before[b] ? 1 : 0);
    *start = t->spaced + t->spaced_at[a];
    return end - t->spaced_at[a];
}

/* UTF-8 of cps[a..b), with a blank where whitespace stood if keep_space. */
char *map_cps_utf8(const map_cp_text *t, size_t a, size_t b, bool keep_space)
{
    char *out = ogi_xmalloc(5 * (b > a ? b - a : 0) + 1), *o = out;
    for (size_t i = a; i < b; i++) {
        if (keep_space && i > a && t->space_before[i])
            *o++ = ' ';
        o += encode_utf8(t->cp[i], o);
    }
    *o = '\0';
    return out;
}

char *map_norm(const char *s)
{
    map_cp_text t;
    map_cps(s ? s : "", &t);
    char *r = map_cps_utf8(&t, 0, t.n, false);
    map_cps_free(&t);
    return r;
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
    if ((unsigned char)*q < 0xE4)
        return p; /* every unit is an ideograph from U+4E00 on */
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

/* map_is_numeric given text's NFKC (NULL when not valid UTF-8). */
static bool numeric_with_nfkc(const char *text, const char *n)
{
    if (!text)
        return false;
    if (fast_is_placeholder(text))
        return true;
    if (fast_not_numeric(text) || !n)
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
    return ok;
}

bool map_is_numeric(const char *text)
{
    if (fast_is_placeholder(text))
        return true;
    if (fast_not_numeric(text))
        return false;
    if (fast_nfkc_is_identity(text))
        return numeric_with_nfkc(text, text); /* its own NFKC: no copy */
    char *n = fast_nfkc(text);
    bool ok = numeric_with_nfkc(text, n);
    free(n);
    return ok;
}

/* 「-3-」「— 2 —」: page numbers of PDF text. */
static bool is_page_number(const char *norm)
{
    if (norm[0] != '-')
        return false; /* before measuring: most cells are not */
    size_t len = strlen(norm);
    if (len < 3 || norm[len - 1] != '-')
        return false;
    for (size_t i = 1; i + 1 < len; i++)
        if (norm[i] < '0' || norm[i] > '9')
            return false;
    return true;
}

#define LCS_MAX 200 /* longer texts are no misprinted labels */

/* Longest common subsequence length of two code point strings. */
static size_t lcs(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
    if (na > LCS_MAX || nb > LCS_MAX)
        return 0;
    size_t row[2][LCS_MAX + 1], *prev = row[0], *cur = row[1];
    memset(prev, 0, (nb + 1) * sizeof *prev);
    cur[0] = 0;
    for (size_t i = 1; i <= na; i++) {
        for (size_t j = 1; j <= nb; j++)
            cur[j] = a[i - 1] == b[j - 1] ? prev[j - 1] + 1
                                          : (prev[j] > cur[j - 1] ? prev[j] : cur[j - 1]);
        size_t *t = prev;
        prev = cur;
        cur = t;
    }
    return prev[nb];
}

static bool starts_with_cps(const map_cp_text *t, size_t at, const map_label *e)
{
    if (t->n - at < e->ncps)
        return false;
    return memcmp(t->cp + at, e->cps, e->ncps * sizeof *e->cps) == 0;
}

/* A whole cell as a label: exactly a label; a row or column label followed
 * by a parenthesised instruction (「规章（设区的市…）」, 「上一年项目数量
 * （指2019年事项数）」) or cut short inside one;
 * or, for numbered rows, a near miss of a misprinted row label.  Every
 * candidate of the three scans starts with the cell's first code point, so
 * only that bucket of the dictionary is scanned (in definition order). */
static const map_label *match_cell(const map_dict *d, const map_cp_text *t, const char *norm)
{
    const map_label *e = map_dict_find(d, norm, -1);
    if (e || t->n == 0)
        return e;
    size_t b = map_bucket_of(t->cp[0]), from = d->first[b], to = d->first[b + 1];
    const map_label *best = NULL;
    for (size_t i = from; i < to; i++) {
        const map_label *c = &d->v[d->by_first[i]];
        if ((c->kind != LAB_ROW && c->kind != LAB_COL) || c->ncps < 2 || c->ncps >= t->n ||
            !starts_with_cps(t, 0, c))
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
    for (size_t i = from; i < to && t->n >= 6; i++) {
        const map_label *c = &d->v[d->by_first[i]];
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
    for (size_t i = from; i < to && t->n >= 4 && t->n <= 80; i++) {
        const map_label *c = &d->v[d->by_first[i]];
        if (c->kind != LAB_ROW || c->ncps < 6 || c->cps[0] != t->cp[0] || c->cps[1] != t->cp[1])
            continue;
        size_t shorter = t->n < c->ncps ? t->n : c->ncps;
        if (200 * shorter / (t->n + c->ncps) < 85)
            continue; /* lengths too far apart for the score, whatever they share */
        size_t common = lcs(t->cp, t->n, c->cps, c->ncps);
        size_t score = 200 * common / (t->n + c->ncps); /* Dice coefficient, percent */
        if (score >= 85 && score > best_score) {
            best_score = score;
            best = c;
        }
    }
    return best;
}

/* ---- the tokenizer ---- */

/* What tokenising one document keeps from cell to cell: the current
 * cell's code points with its bare and spaced UTF-8 (buffers reused, so a
 * cell costs no allocation), the longest label at each of its positions
 * once worked out, and a buffer for texts that are only looked at.  The
 * buffers come from a pool of their own, given back after the document. */
typedef struct {
    map_tokens *out;
    const map_dict *d;
    map_cp_text t;
    const map_label **label; /* label[at]: longest label at position at */
    size_t label_cap;
    bool labels_known;
    ogi_buf tmp;
    import_arena scratch;
} tokenizer;

/* Room in z->t for a cell of len bytes: never more code points than
 * bytes, never more than four bytes of UTF-8 per code point and a blank
 * before each.  Old buffers stay in the pool. */
static void cell_reserve(tokenizer *z, size_t len)
{
    map_cp_text *t = &z->t;
    if (len + 1 <= t->cap)
        return;
    size_t cap = len + 1 > 2 * t->cap ? len + 1 : 2 * t->cap;
    t->cp = import_arena_alloc(&z->scratch, cap * sizeof *t->cp);
    t->space_before = import_arena_alloc(&z->scratch, cap * sizeof *t->space_before);
    t->bare_at = import_arena_alloc(&z->scratch, cap * sizeof *t->bare_at);
    t->spaced_at = import_arena_alloc(&z->scratch, cap * sizeof *t->spaced_at);
    t->bare = import_arena_alloc(&z->scratch, 4 * cap);
    t->spaced = import_arena_alloc(&z->scratch, 5 * cap);
    t->cap = cap;
}

/* The cell's code points into z->t, from its NFKC of nfkc_len bytes (NULL
 * when the text is not valid UTF-8: then from its label normalisation). */
static void cell_cps(tokenizer *z, const char *text, const char *nfkc, size_t nfkc_len)
{
    char *norm = text && !nfkc ? ogi_label_norm(text) : NULL;
    const char *src = !text ? "" : nfkc ? nfkc : norm;
    size_t len = nfkc ? nfkc_len : strlen(src);
    cell_reserve(z, len);
    cps_decode(src, len, &z->t, true);
    free(norm);
    z->labels_known = false;
}

/* A copy of cps[a..b) of the cell, living as long as the tokens. */
static char *piece_copy(tokenizer *z, size_t a, size_t b, bool keep_space)
{
    const char *start;
    size_t len = piece_span(&z->t, a, b, keep_space, &start);
    return import_arena_strndup(&z->out->strings, start, len);
}

/* cps[a..b) of the cell in z->tmp: valid until the next piece_tmp. */
static const char *piece_tmp(tokenizer *z, size_t a, size_t b, bool keep_space)
{
    const char *start;
    size_t len = piece_span(&z->t, a, b, keep_space, &start);
    ogi_buf_reset(&z->tmp);
    ogi_buf_put(&z->tmp, start, len);
    return z->tmp.data;
}

/* Longest dictionary label at each position of the cell, worked out once
 * for both the glue test and the cutting. */
static void find_labels(tokenizer *z)
{
    const map_cp_text *t = &z->t;
    if (z->labels_known)
        return;
    if (t->n > z->label_cap) {
        z->label_cap = t->n > 2 * z->label_cap ? t->n : 2 * z->label_cap;
        z->label = import_arena_alloc(&z->scratch, z->label_cap * sizeof *z->label);
    }
    for (size_t at = 0; at < t->n; at++)
        z->label[at] = map_dict_may_start(z->d, t->cp[at])
                           ? map_dict_longest_at(z->d, t->cp + at, t->n - at)
                           : NULL;
    z->labels_known = true;
}

static bool is_ascii_digit(uint32_t c) { return c >= '0' && c <= '9'; }

/* Does some label run straight into a digit (blanks allowed between)? */
static bool is_glued(tokenizer *z)
{
    const map_cp_text *t = &z->t;
    bool digit = false; /* without a digit there is nothing to be glued to */
    for (size_t at = 1; at < t->n && !digit; at++)
        digit = is_ascii_digit(t->cp[at]);
    if (!digit)
        return false;
    find_labels(z);
    for (size_t at = 0; at < t->n; at++) {
        const map_label *e = z->label[at];
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
    if (ts->n == ts->cap) { /* grown in the pool */
        ts->cap = ts->cap ? ts->cap * 2 : 256;
        ts->v = import_arena_grow(&ts->strings, ts->v, ts->n, ts->cap, sizeof *ts->v);
    }
    map_token *k = &ts->v[ts->n++];
    *k = (map_token){.grid = row->grid, .whole_row = row->n == 1, .row = row_index,
                     .line = cell->line ? cell->line : row->line, .src_table = cell->table,
                     .src_row = cell->row, .src_col = cell->col};
    return k;
}

static void classify(map_token *k, const map_dict *d, const map_cp_text *t)
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

/* Where a token comes from: the row and cell it is cut out of. */
typedef struct {
    const ogi_doc_row *row;
    const ogi_doc_cell *cell;
    size_t ri;
} cell_at;

static void add_piece(tokenizer *z, const cell_at *c, size_t a, size_t b,
                      const map_label *label)
{
    if (b <= a)
        return;
    map_token *k = push(z->out, c->row, c->cell, c->ri);
    k->text = piece_copy(z, a, b, true);
    k->norm = piece_copy(z, a, b, false);
    k->whole_row = false;
    if (label) {
        k->kind = TK_LABEL;
        k->key = label->norm;
    } else if (map_is_numeric(k->text)) {
        k->kind = TK_NUMBER;
        k->glued = true;
    } else if (is_page_number(k->norm)) {
        k->kind = TK_JUNK;
    } else {
        /* 「35-15」: digits run together with a sign, a 本年增/减 cell's */
        k->kind = map_digit_run(k->text) ? TK_NUMBER : TK_TEXT;
        k->glued = k->kind == TK_NUMBER;
    }
}

/* 「其他处理 14 件，转下一…」: the text after the numbers goes on with
 * their unit or the sentence's punctuation — prose counting things, whose
 * numbers are no table cells. */
static bool counted_in_prose(tokenizer *z, size_t at, size_t b)
{
    static const uint32_t punct[] = {0xFF0C, 0x3002, 0x3001, 0xFF1B, 0xFF1A, ',', '.', ';', ':'};
    for (size_t i = 0; i < sizeof punct / sizeof punct[0]; i++)
        if (z->t.cp[at] == punct[i])
            return true;
    const char *tail = piece_tmp(z, at, b < at + 4 ? b : at + 4, false);
    return skip_unit(tail) != tail;
}

#define GAP_MAX_WORDS 64 /* a section 四 row is 15 numbers; 64 leaves room */

/* The text between two labels of a glued cell.  Numbers set off by a
 * blank from the text after them are cells of the label before; the text
 * is something the dictionary does not know (a misprinted heading:
 * 「四、结转下年度继续办理 0000000 四、政府信息公开行政法复议、…」).
 * Without the blank the boundary is unknown (「…40000042.没有现成…」: the
 * 2 may be an item number), so the gap stays one text. */
static void add_gap(tokenizer *z, const cell_at *c, size_t a, size_t b)
{
    const map_cp_text *t = &z->t;
    bool split = false;
    if (is_ascii_digit(t->cp[a])) {
        const char *all = piece_tmp(z, a, b, true);
        split = !map_is_numeric(all) && !map_digit_run(all);
    }
    /* the head grows word by word while it stays numbers (a bounded
     * number of words: a gap can be a whole narrative section) */
    size_t cut = a, words = 0;
    for (size_t i = a + 1; split && i < b && words < GAP_MAX_WORDS; i++) {
        if (!t->space_before[i])
            continue;
        words++;
        if (!map_is_numeric(piece_tmp(z, a, i, true)))
            break;
        cut = i;
    }
    if (cut > a && !counted_in_prose(z, cut, b)) {
        add_piece(z, c, a, cut, NULL);
        add_piece(z, c, cut, b, NULL);
    } else {
        add_piece(z, c, a, b, NULL);
    }
}

/* Cut a glued cell at each label occurrence (longest label first). */
static void split_glued(tokenizer *z, const cell_at *c)
{
    const map_cp_text *t = &z->t;
    find_labels(z);
    size_t gap = 0, at = 0;
    while (at < t->n) {
        const map_label *e = z->label[at];
        size_t len = e ? e->ncps : 0;
        int section = 0;
        if (!e && (len = map_heading_near(t, at, &section)) > 0) /* a misprinted heading */
            e = map_dict_find_in(z->d, map_heading_norm(section), LAB_HEADING, section);
        if (!e) {
            at++;
            continue;
        }
        if (at > gap)
            add_gap(z, c, gap, at);
        add_piece(z, c, at, at + len, e);
        at += len;
        gap = at;
    }
    if (gap < t->n)
        add_gap(z, c, gap, t->n);
}

#define SPACED_MAX_WORDS 32 /* words of one cell tried as a run of labels */
#define SPACED_MAX_JOIN 8   /* words one label may be spread over */

/* 「行政复议 行政诉讼」「自然人 法人或其他组织 总计」: header labels of
 * several columns that a reader kept in one cell, set apart by single
 * blanks.  When the blank-separated words cover the cell as a run of
 * labels (each label the longest run of up to SPACED_MAX_JOIN words), the
 * cell becomes those labels; otherwise nothing is added and false. */
static bool split_spaced_labels(tokenizer *z, const cell_at *c)
{
    const map_cp_text *t = &z->t;
    size_t w[SPACED_MAX_WORDS + 1], nw = 0;
    for (size_t i = 0; i < t->n; i++)
        if (i == 0 || t->space_before[i]) {
            if (nw == SPACED_MAX_WORDS)
                return false;
            w[nw++] = i;
        }
    if (nw < 2)
        return false;
    w[nw] = t->n;
    const map_label *lab[SPACED_MAX_WORDS];
    size_t end[SPACED_MAX_WORDS], nl = 0;
    for (size_t a = 0; a < nw; a = end[nl++]) {
        lab[nl] = NULL;
        for (size_t b = a + 1; b <= nw && b <= a + SPACED_MAX_JOIN; b++) {
            const map_label *e = map_dict_find(z->d, piece_tmp(z, w[a], w[b], false), -1);
            if (e) {
                lab[nl] = e;
                end[nl] = b;
            }
        }
        if (!lab[nl])
            return false;
    }
    if (nl < 2)
        return false; /* one label spread over the whole cell: the usual path */
    for (size_t i = 0, a = 0; i < nl; a = end[i++])
        add_piece(z, c, w[a], w[end[i]], lab[i]);
    return true;
}

/* 「### 第二十条第（五）项」: a Markdown heading marker (a run of 「#」 and a
 * blank) before a caption or label, as PDF-to-Markdown converters write
 * them, is markup, not part of the label.  (The offsets into the bare and
 * spaced texts stay valid: the marker's bytes are only skipped.)  True
 * when there was one. */
static bool drop_heading_marker(map_cp_text *t)
{
    size_t k = 0;
    while (k < t->n && t->cp[k] == '#')
        k++;
    if (k == 0 || k == t->n || !t->space_before[k])
        return false;
    memmove(t->cp, t->cp + k, (t->n - k) * sizeof *t->cp);
    memmove(t->space_before, t->space_before + k, (t->n - k) * sizeof *t->space_before);
    memmove(t->bare_at, t->bare_at + k, (t->n - k + 1) * sizeof *t->bare_at);
    memmove(t->spaced_at, t->spaced_at + k, (t->n - k + 1) * sizeof *t->spaced_at);
    t->n -= k;
    t->space_before[0] = false;
    return true;
}

static void add_cell(tokenizer *z, const cell_at *c, const char *nfkc, size_t nfkc_len)
{
    const ogi_doc_cell *cell = c->cell;
    if (cell->spanned && cell->col > 0)
        return; /* a merged cell's copy: its text was seen once already */
    cell_cps(z, cell->text, nfkc, nfkc_len);
    map_cp_text *t = &z->t;
    bool dropped = drop_heading_marker(t);
    bool numeric = t->n > 0 && numeric_with_nfkc(cell->text, nfkc);
    if (t->n > 0 && !numeric && is_glued(z)) {
        split_glued(z, c);
    } else if (t->n > 0 && !numeric && split_spaced_labels(z, c)) {
        /* done: the cell was a run of labels */
    } else if (t->n > 0 || c->row->grid) {
        map_token *k = push(z->out, c->row, cell, c->ri);
        k->text = piece_copy(z, 0, t->n, true);
        k->norm = piece_copy(z, 0, t->n, false);
        /* from the cell's NFKC (not the fallback for text that is not
         * UTF-8) and no Markdown marker dropped */
        k->norm_is_heading_norm = nfkc && t->bare_is_heading_norm && !dropped;
        classify(k, z->d, t);
    }
}

/* Turn tokens i..j of a row, text that together forms label e, into one
 * label token. */
static void join_tokens(map_tokens *ts, size_t first, size_t i, size_t j, const map_label *e,
                        const char *norm)
{
    ogi_buf tx;
    ogi_buf_init(&tx);
    for (size_t k = i; k <= j; k++) {
        ogi_buf_puts(&tx, k > i ? " " : "");
        ogi_buf_puts(&tx, ts->v[k].text);
    }
    map_token *k = &ts->v[i];
    k->text = import_arena_strndup(&ts->strings, tx.data, tx.len);
    k->norm = import_arena_strndup(&ts->strings, norm, strlen(norm));
    k->kind = TK_LABEL;
    k->key = e->norm;
    k->whole_row = i == first && j + 1 == ts->n;
    memmove(&ts->v[i + 1], &ts->v[j + 1], (ts->n - j - 1) * sizeof *ts->v);
    ts->n -= j - i;
    ogi_buf_free(&tx);
}

/* 「第二十条  第（一）项」: a label that wide spacing cut into cells of one
 * row.  Joins runs of text tokens of the row that together form a label. */
static void join_split_labels(tokenizer *z, size_t first)
{
    map_tokens *ts = z->out;
    ogi_buf *b = &z->tmp;
    for (size_t i = first; i + 1 < ts->n; i++) {
        if (ts->v[i].kind != TK_TEXT)
            continue;
        ogi_buf_reset(b);
        ogi_buf_puts(b, ts->v[i].norm);
        for (size_t j = i + 1; j < ts->n && j < i + 4 && ts->v[j].kind == TK_TEXT; j++) {
            ogi_buf_puts(b, ts->v[j].norm);
            const map_label *e = map_dict_find(z->d, b->data, -1);
            if (e) {
                join_tokens(ts, first, i, j, e, b->data);
                break;
            }
        }
    }
}

void map_tokenize(const map_nfkc_cells *nc, const map_dict *d, map_tokens *out)
{
    const ogi_doc *doc = nc->doc;
    memset(out, 0, sizeof *out);
    tokenizer z = {.out = out, .d = d};
    ogi_buf_init(&z.tmp);
    for (size_t ri = 0; ri < doc->n; ri++) {
        const ogi_doc_row *row = &doc->rows[ri];
        size_t first = out->n;
        for (size_t c = 0; c < row->n; c++) {
            cell_at at = {row, &row->cells[c], ri};
            add_cell(&z, &at, map_nfkc_cell(nc, ri, c), map_nfkc_len(nc, ri, c));
        }
        if (row->n > 1)
            join_split_labels(&z, first);
    }
    import_arena_free(&z.scratch);
    ogi_buf_free(&z.tmp);
}

void map_tokens_free(map_tokens *t)
{
    import_arena_free(&t->strings);
    memset(t, 0, sizeof *t);
}
