/*
 * text.c — the plain-text reader: scraped page text, pdftotext output and
 * Markdown become an ogi_doc, one row per non-empty line.
 *
 * A line is cut into cells by the separators real reports use: '|' (pipe
 * rows of scraped tables and Markdown), tabs, and runs of two or more
 * spaces (pdftotext -layout puts columns apart that way).  A line without
 * separators is one cell.  Pipe rows keep their inner empty cells and are
 * marked grid, because there an empty cell is a blank table cell; lines
 * that hold only separators ("|", "|---|---|") carry nothing and are
 * dropped — with one exception: where a scraper printed one cell per line,
 * each closed by its own pipe ("0 |"), a line holding a lone "|" among
 * such lines is a cell with nothing in it, and it becomes a grid row of
 * one empty cell so the mapper can count it as a blank.  (Where the pipes
 * stand on lines of their own between the cells, a lone "|" is only that
 * separator.)  Interpreting the cells is the label mapper's job (map.c).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "import/fast_text.h"
#include "import/readers.h"
#include "ogi/buf.h"
#include "ogi/import.h"
#include "ogi/text.h"

static bool is_ascii_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f'; }

/* Length of a whitespace run at p: ASCII blanks, NBSP (C2 A0), U+3000 (E3 80 80). */
static size_t space_len(const char *p, const char *end)
{
    if (p < end && is_ascii_space(*p))
        return 1;
    if (end - p >= 2 && (unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0)
        return 2;
    if (end - p >= 3 && (unsigned char)p[0] == 0xE3 && (unsigned char)p[1] == 0x80 &&
        (unsigned char)p[2] == 0x80)
        return 3;
    return 0;
}

static void trim(const char **s, const char **e)
{
    size_t k;
    while (*s < *e && (k = space_len(*s, *e)) > 0)
        *s += k;
    while (*e > *s) {
        if (is_ascii_space((*e)[-1])) {
            (*e)--;
        } else if (*e - *s >= 2 && (unsigned char)(*e)[-2] == 0xC2 &&
                   (unsigned char)(*e)[-1] == 0xA0) {
            *e -= 2;
        } else if (*e - *s >= 3 && (unsigned char)(*e)[-3] == 0xE3 &&
                   (unsigned char)(*e)[-2] == 0x80 && (unsigned char)(*e)[-1] == 0x80) {
            *e -= 3;
        } else {
            break;
        }
    }
}

/* A Markdown table rule such as |---|:--:| : only '|', '-', ':' and blanks. */
static bool is_rule_cell(const char *s, const char *e)
{
    bool dash = false;
    for (; s < e; s++) {
        if (*s == '-')
            dash = true;
        else if (*s != ':' && *s != ' ')
            return false;
    }
    return dash;
}

typedef struct {
    const char *s[512], *e[512];
    size_t n;
} cell_spans;

static void push(cell_spans *c, const char *s, const char *e)
{
    trim(&s, &e);
    if (c->n < 512) {
        c->s[c->n] = s;
        c->e[c->n] = e;
        c->n++;
    }
}

static void split_pipes(const char *s, const char *e, cell_spans *c)
{
    const char *start = s;
    for (const char *p = s; p < e; p++)
        if (*p == '|') {
            push(c, start, p);
            start = p + 1;
        }
    push(c, start, e);
    /* "| a | b |": the empty cell before a leading pipe is the frame, not a
     * cell; trailing empty cells are frame and padding ("0 | ||"). */
    const char *line_start = s, *line_end = e;
    trim(&line_start, &line_end);
    if (*line_start == '|' && c->n && c->s[0] == c->e[0]) {
        memmove(c->s, c->s + 1, (c->n - 1) * sizeof *c->s);
        memmove(c->e, c->e + 1, (c->n - 1) * sizeof *c->e);
        c->n--;
    }
    while (c->n && c->s[c->n - 1] == c->e[c->n - 1])
        c->n--;
}

/* Bytes that can begin a white-space run (see space_len): the scan skips
 * every other byte without looking further. */
static const bool space_lead[256] = {
    [' '] = true, ['\t'] = true, ['\r'] = true, ['\f'] = true, [0xC2] = true, [0xE3] = true,
};

/* Whether none of the eight bytes of w can begin a white-space run: no
 * byte below 0x21 (blank, TAB, CR, FF and other controls, which are then
 * looked at one by one) and none 0xC2 or 0xE3.  Word-at-a-time tests
 * ("has a byte less than n", "has a zero byte"), exact for presence. */
static inline bool no_space_lead8(uint64_t w)
{
    const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
    uint64_t c2 = w ^ (ones * 0xC2), e3 = w ^ (ones * 0xE3);
    uint64_t hits = ((w - ones * 0x21) & ~w) | ((c2 - ones) & ~c2) | ((e3 - ones) & ~e3);
    return (hits & high) == 0;
}

/* Tabs, or runs of two or more spaces (pdftotext -layout columns). */
static void split_spaces(const char *s, const char *e, cell_spans *c)
{
    const char *start = s;
    const char *p = s;
    while (p < e) {
        uint64_t w;
        if (e - p >= 8 && (memcpy(&w, p, 8), no_space_lead8(w))) {
            p += 8; /* most of a line: eight bytes without a candidate */
            continue;
        }
        size_t k = space_lead[(unsigned char)*p] ? space_len(p, e) : 0;
        if (!k) { /* an ideograph (lead E4–E9, valid UTF-8) is passed whole */
            p += (unsigned char)*p >= 0xE4 && (unsigned char)*p <= 0xE9 && e - p >= 3 ? 3 : 1;
            continue;
        }
        const char *q = p + k;
        size_t k2 = space_len(q, e);
        if (*p == '\t' || k2) {
            while ((k2 = space_len(q, e)) > 0)
                q += k2;
            if (p > start)
                push(c, start, p);
            start = q;
        }
        p = q;
    }
    if (start < e)
        push(c, start, e);
}

/* How a line ends, for telling a lone "|" that is an empty cell from one
 * that only separates cells standing on lines of their own. */
typedef enum {
    END_OTHER,     /* no closing pipe, or only pipes ("||", "|||" fillers) */
    END_CELL_PIPE, /* "text |": one cell closed by its pipe, or such an empty cell */
} line_end;

/* A lone "|" after a line that closed its cell with a pipe: an empty cell
 * of the one-cell-per-line layout.  Returns the new line-end state. */
static line_end add_empty_cell(ogi_doc *doc, int line)
{
    ogi_doc_row *row = ogi_doc_add_row(doc, true, line);
    ogi_doc_cell *cell = ogi_doc_row_cells(doc, row, 1);
    cell[0] = (ogi_doc_cell){ogi_doc_text(doc, "", 0), line, -1, -1, 0, false};
    return END_CELL_PIPE;
}

static line_end add_line(ogi_doc *doc, const char *s, const char *e, int line, line_end prev)
{
    trim(&s, &e);
    if (s == e)
        return prev;
    if (e - s == 1 && *s == '|')
        return prev == END_CELL_PIPE ? add_empty_cell(doc, line) : END_OTHER;
    cell_spans c;
    c.n = 0; /* not "= {0}": that would clear 8 KiB per line */
    bool piped = memchr(s, '|', (size_t)(e - s)) != NULL;
    if (piped)
        split_pipes(s, e, &c);
    else
        split_spaces(s, e, &c);
    size_t real = 0;
    for (size_t i = 0; i < c.n; i++)
        if (c.s[i] < c.e[i] && !is_rule_cell(c.s[i], c.e[i]))
            real++;
    /* one cell closed by its pipe ("0 |", "规章 | ||"), not a pipe row */
    line_end now = piped && c.n == 1 && e[-1] == '|' ? END_CELL_PIPE : END_OTHER;
    if (real == 0)
        return now;
    ogi_doc_row *row = ogi_doc_add_row(doc, piped && c.n >= 2, line);
    ogi_doc_cell *cell = ogi_doc_row_cells(doc, row, c.n);
    for (size_t i = 0; i < c.n; i++)
        cell[i] = (ogi_doc_cell){ogi_doc_text(doc, c.s[i], (size_t)(c.e[i] - c.s[i])), line, -1, -1,
                                 (int)i, false};
    return now;
}

int ogi_read_text(const char *data, size_t len, ogi_doc *out, char *err, size_t errlen)
{
    if (!fast_utf8_valid(data, len)) {
        snprintf(err, errlen, "%s: text is not valid UTF-8", out->file ? out->file : "(input)");
        return -1;
    }
    return ogi_read_text_utf8(data, len, out, err, errlen);
}

int ogi_read_text_utf8(const char *data, size_t len, ogi_doc *out, char *err, size_t errlen)
{
    const char *p = data, *end = data + len;
    if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    int line = 1;
    line_end prev = END_OTHER;
    const char *nul = memchr(p, '\0', (size_t)(end - p)); /* once, not per line */
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *e = nl ? nl : end;
        if (nul && nul < e) {
            snprintf(err, errlen, "%s:%d: NUL byte in text", out->file ? out->file : "(input)",
                     line);
            return -1;
        }
        prev = add_line(out, p, e, line, prev);
        line++;
        p = nl ? nl + 1 : end;
    }
    return 0;
}
