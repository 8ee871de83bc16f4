/*
 * fulltext.c — full-text search that works for Chinese.
 *
 * Chinese has no spaces between words, and SQLite's tokenizers either keep
 * a whole run of characters as one token (unicode61) or need three
 * characters (trigram), so neither finds a two-character word such as
 * 教育 or 住房.  The store therefore indexes overlapping character bigrams
 * (「教育局」 → 「教育 育局」) and turns a query into a phrase of bigrams,
 * which matches exactly the documents containing the query as a substring.
 */
#include "store/fulltext.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "ogi/buf.h"

static bool is_cjk(utf8proc_int32_t c)
{
    return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3134F);
}

static bool is_word(utf8proc_int32_t c)
{
    utf8proc_category_t k = utf8proc_category(c);
    return !is_cjk(c) && ((k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_LO) ||
                          (k >= UTF8PROC_CATEGORY_ND && k <= UTF8PROC_CATEGORY_NO));
}

typedef void (*emit_fn)(ogi_buf *out, bool cjk, const utf8proc_int32_t *cps, size_t n);

/* Split NFKC-casefolded text into runs of CJK characters and of word
 * characters; everything else separates runs. */
static void scan_runs(const char *text, ogi_buf *out, emit_fn emit)
{
    utf8proc_uint8_t *norm = NULL;
    if (utf8proc_map((const utf8proc_uint8_t *)(text ? text : ""), 0, &norm,
                     UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPAT |
                         UTF8PROC_CASEFOLD | UTF8PROC_COMPOSE) < 0)
        return;
    size_t len = strlen((char *)norm), cap = len + 1, n = 0;
    utf8proc_int32_t *run = ogi_xmalloc(cap * sizeof *run);
    int kind = 0; /* 0 none, 1 cjk, 2 word */
    for (size_t i = 0; i <= len;) {
        utf8proc_int32_t c = 0;
        utf8proc_ssize_t k = i < len ? utf8proc_iterate(norm + i, (utf8proc_ssize_t)(len - i), &c)
                                     : 1;
        if (k <= 0)
            k = 1, c = ' ';
        int ck = i < len ? (is_cjk(c) ? 1 : is_word(c) ? 2 : 0) : 0;
        if (ck != kind && n) {
            emit(out, kind == 1, run, n);
            n = 0;
        }
        kind = ck;
        if (ck)
            run[n++] = c;
        i += (size_t)k;
    }
    free(run);
    free(norm);
}

static void put_cp(ogi_buf *b, utf8proc_int32_t c)
{
    utf8proc_uint8_t u[4];
    utf8proc_ssize_t k = utf8proc_encode_char(c, u);
    ogi_buf_put(b, (const char *)u, (size_t)k);
}

static void sep(ogi_buf *b, const char *s)
{
    if (b->len)
        ogi_buf_puts(b, s);
}

static void emit_terms(ogi_buf *out, bool cjk, const utf8proc_int32_t *cps, size_t n)
{
    if (!cjk || n == 1) {
        sep(out, " ");
        for (size_t i = 0; i < n; i++)
            put_cp(out, cps[i]);
        return;
    }
    for (size_t i = 0; i + 1 < n; i++) {
        sep(out, " ");
        put_cp(out, cps[i]);
        put_cp(out, cps[i + 1]);
    }
    /* The last character also stands alone, so that every character begins
     * some term and a one-character query can match by prefix. */
    sep(out, " ");
    put_cp(out, cps[n - 1]);
}

char *fulltext_terms(const char *text)
{
    ogi_buf b;
    ogi_buf_init(&b);
    scan_runs(text, &b, emit_terms);
    return ogi_buf_steal(&b);
}

/* A phrase "ab bc cd" for CJK runs; "word" for words; a lone CJK character
 * as the prefix query  "字" *  (every bigram starting with it) OR the
 * unigram itself. */
static void emit_query(ogi_buf *out, bool cjk, const utf8proc_int32_t *cps, size_t n)
{
    sep(out, " AND ");
    if (cjk && n == 1) {
        ogi_buf_puts(out, "(\"");
        put_cp(out, cps[0]);
        ogi_buf_puts(out, "\"* OR \"");
        put_cp(out, cps[0]);
        ogi_buf_puts(out, "\")");
        return;
    }
    ogi_buf_putc(out, '"');
    if (!cjk) {
        for (size_t i = 0; i < n; i++)
            put_cp(out, cps[i]);
    } else {
        for (size_t i = 0; i + 1 < n; i++) {
            if (i)
                ogi_buf_putc(out, ' ');
            put_cp(out, cps[i]);
            put_cp(out, cps[i + 1]);
        }
    }
    ogi_buf_putc(out, '"');
}

char *fulltext_query(const char *query)
{
    ogi_buf b;
    ogi_buf_init(&b);
    scan_runs(query, &b, emit_query);
    if (!b.len) {
        ogi_buf_free(&b);
        return NULL;
    }
    return ogi_buf_steal(&b);
}

/* The same query for PostgreSQL's to_tsquery('simple', …) over
 * to_tsvector('simple', terms): a CJK run becomes the bigrams joined by
 * <-> (followed-by, i.e. a phrase), a lone CJK character the prefix 字:*,
 * a word itself; runs are AND-ed with &.  Runs hold only letters and digits,
 * so no tsquery syntax can come from the user. */
static void emit_query_pg(ogi_buf *out, bool cjk, const utf8proc_int32_t *cps, size_t n)
{
    sep(out, " & ");
    if (cjk && n == 1) {
        put_cp(out, cps[0]);
        ogi_buf_puts(out, ":*");
        return;
    }
    ogi_buf_putc(out, '(');
    if (!cjk) {
        for (size_t i = 0; i < n; i++)
            put_cp(out, cps[i]);
    } else {
        for (size_t i = 0; i + 1 < n; i++) {
            if (i)
                ogi_buf_puts(out, " <-> ");
            put_cp(out, cps[i]);
            put_cp(out, cps[i + 1]);
        }
    }
    ogi_buf_putc(out, ')');
}

char *fulltext_query_pg(const char *query)
{
    ogi_buf b;
    ogi_buf_init(&b);
    scan_runs(query, &b, emit_query_pg);
    if (!b.len) {
        ogi_buf_free(&b);
        return NULL;
    }
    return ogi_buf_steal(&b);
}
