/*
 * grid.c — merged table cells → a plain grid of ogi_doc rows.
 *
 * HTML (rowspan / colspan) and DOCX (vMerge / gridSpan) describe merged
 * cells differently but mean the same grid: every covered position gets a
 * copy of the merged cell's text flagged `spanned`, so the mapper sees the
 * columns aligned with the header and can still tell copies from values.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "import/readers.h"

static pthread_once_t readers_once = PTHREAD_ONCE_INIT;

static void init_libs(void) { xmlInitParser(); }

void ogi_readers_init(void) { pthread_once(&readers_once, init_libs); }

const char *ogi_doc_too_big(const ogi_doc *d)
{
    if (d->n > OGI_DOC_MAX_ROWS)
        return "more than 50000 rows of content: too large for an annual report";
    return d->text_bytes > OGI_DOC_MAX_TEXT
               ? "more than 16 MiB of text: too large for an annual report"
               : NULL;
}

void ogi_grid_begin(ogi_grid *g, ogi_doc *doc, int table)
{
    memset(g, 0, sizeof *g);
    g->doc = doc;
    g->table = table;
}

static void emit(ogi_grid *g, const char *text, bool spanned)
{
    if (g->col >= OGI_GRID_MAX_COLS)
        return;
    ogi_doc_add_cell(g->doc, g->cur, text ? text : "", text ? strlen(text) : 0, g->line, g->table,
                     g->row, g->col, spanned);
    g->col++;
    if (g->col > g->ncols)
        g->ncols = g->col;
}

/* Place the copies of rowspans from above that cover the next columns. */
static void fill_carry(ogi_grid *g)
{
    while (g->col < g->ncols && g->carry[g->col] > 0) {
        g->carry[g->col]--;
        emit(g, g->above[g->col], true);
    }
}

void ogi_grid_row_begin(ogi_grid *g, int line)
{
    g->cur = ogi_doc_add_row(g->doc, true, line);
    g->col = 0;
    g->line = line;
}

static int clamp_span(int n) { return n < 1 ? 1 : n > OGI_GRID_MAX_SPAN ? OGI_GRID_MAX_SPAN : n; }

static void set_above(ogi_grid *g, int col, const char *text)
{
    if (col >= OGI_GRID_MAX_COLS || g->above[col] == text)
        return;
    free(g->above[col]);
    g->above[col] = ogi_strdup(text ? text : "");
}

void ogi_grid_cell(ogi_grid *g, const char *text, int line, int colspan, int rowspan)
{
    fill_carry(g);
    g->line = line ? line : g->line;
    colspan = clamp_span(colspan);
    rowspan = clamp_span(rowspan);
    for (int k = 0; k < colspan && g->col < OGI_GRID_MAX_COLS; k++) {
        set_above(g, g->col, text);
        g->carry[g->col] = rowspan - 1;
        emit(g, text, k > 0);
    }
}

void ogi_grid_continue(ogi_grid *g, int line, int colspan)
{
    fill_carry(g);
    g->line = line ? line : g->line;
    colspan = clamp_span(colspan);
    for (int k = 0; k < colspan && g->col < OGI_GRID_MAX_COLS; k++) {
        g->carry[g->col] = 0;
        emit(g, g->above[g->col], true);
    }
}

void ogi_grid_skip(ogi_grid *g, int ncols)
{
    for (int k = 0; k < ncols && g->col < OGI_GRID_MAX_COLS; k++)
        emit(g, "", false);
}

void ogi_grid_row_end(ogi_grid *g)
{
    /* Trailing columns still covered by a rowspan from above. */
    int last = g->ncols;
    while (last > g->col && g->carry[last - 1] == 0)
        last--;
    while (g->col < last) {
        if (g->carry[g->col] > 0) {
            g->carry[g->col]--;
            emit(g, g->above[g->col], true);
        } else {
            emit(g, "", false);
        }
    }
    g->row++;
    g->cur = NULL;
}

void ogi_grid_end(ogi_grid *g)
{
    for (int i = 0; i < OGI_GRID_MAX_COLS; i++)
        free(g->above[i]);
    memset(g->above, 0, sizeof g->above);
}

static bool is_collapsed_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

void ogi_put_collapsed(ogi_buf *b, const char *s)
{
    while (*s) {
        const char *run = s;
        while (*s && !is_collapsed_space(*s))
            s++;
        if (s > run) /* the text between blanks, in one copy */
            ogi_buf_put(b, run, (size_t)(s - run));
        if (!*s)
            break;
        while (is_collapsed_space(*s))
            s++;
        if (b->len && b->data[b->len - 1] != ' ' && b->data[b->len - 1] != '\n')
            ogi_buf_putc(b, ' ');
    }
}

size_t ogi_trim(ogi_buf *b)
{
    if (!b->data)
        return 0;
    size_t start = 0, end = b->len;
    while (start < end && strchr(" \t\n\r\f", b->data[start]))
        start++;
    while (end > start && strchr(" \t\n\r\f", b->data[end - 1]))
        end--;
    memmove(b->data, b->data + start, end - start);
    b->len = end - start;
    b->data[b->len] = '\0';
    return b->len;
}
