/*
 * txt.c — a report as plain text with aligned columns.
 *
 * Alignment uses display width (utf8proc_charwidth: CJK characters take two
 * columns) so tables line up in a terminal.  Merged column headers become
 * stacked header lines; section 四's single row of 15 numbers is listed one
 * number per line, which is readable where 15 columns are not.
 */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "ogi/render.h"
#include "render/render_internal.h"

#define GAP 2

/* Display width of UTF-8 text; invalid bytes count one column each. */
static size_t display_width(const char *s, size_t n)
{
    size_t w = 0;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    while (n > 0) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(p, (utf8proc_ssize_t)n, &cp);
        if (k <= 0) {
            w++, p++, n--;
            continue;
        }
        int cw = utf8proc_charwidth(cp);
        w += cw > 0 ? (size_t)cw : 0;
        p += k, n -= (size_t)k;
    }
    return w;
}

static void pad(ogi_buf *out, size_t n)
{
    while (n--)
        ogi_buf_putc(out, ' ');
}

/* Line `line` (0-based) of a header split on '\n', bottom-aligned in
 * `lines` lines; "" above the first part. */
static const char *header_part(const char *h, size_t line, size_t lines, size_t *len)
{
    size_t parts = 1;
    for (const char *p = h; *p; p++)
        parts += *p == '\n';
    *len = 0;
    if (line + parts < lines)
        return "";
    for (size_t skip = line + parts - lines; skip; skip--)
        h = strchr(h, '\n') + 1;
    const char *end = strchr(h, '\n');
    *len = end ? (size_t)(end - h) : strlen(h);
    return h;
}

static size_t header_lines(const ogi_rd_flat *f)
{
    size_t max = 1;
    for (size_t c = 0; c < f->n_cols; c++) {
        size_t n = 1;
        for (const char *p = ogi_rd_flat_at(f, 0, c); *p; p++)
            n += *p == '\n';
        if (n > max)
            max = n;
    }
    return max;
}

static size_t column_width(const ogi_rd_flat *f, size_t c)
{
    size_t w = 0, lines = header_lines(f);
    for (size_t l = 0; l < lines; l++) {
        size_t n;
        const char *p = header_part(ogi_rd_flat_at(f, 0, c), l, lines, &n);
        if (display_width(p, n) > w)
            w = display_width(p, n);
    }
    for (size_t row = 1; row < f->n_rows; row++) {
        const char *s = ogi_rd_flat_at(f, row, c);
        if (display_width(s, strlen(s)) > w)
            w = display_width(s, strlen(s));
    }
    return w;
}

/* A cell padded to width w: labels (the first column of a labelled table)
 * to the left, numbers to the right. */
static void cell(ogi_buf *out, const char *s, size_t n, size_t w, bool left, bool last)
{
    size_t dw = display_width(s, n);
    if (!left)
        pad(out, w - dw);
    ogi_buf_put(out, s, n);
    if (left && !last)
        pad(out, w - dw);
    if (!last)
        pad(out, GAP);
}

/* Whether the header part at (line, c) repeats the one at (line, c - 1). */
static bool repeats_left(const ogi_rd_flat *f, size_t c, size_t line, size_t lines,
                         const char *p, size_t n)
{
    if (c == 0 || n == 0)
        return false;
    size_t pn;
    const char *prev = header_part(ogi_rd_flat_at(f, 0, c - 1), line, lines, &pn);
    return pn == n && !memcmp(prev, p, n);
}

static void grid(ogi_buf *out, const ogi_rd_flat *f, bool labelled)
{
    size_t *w = ogi_xcalloc(f->n_cols, sizeof *w), lines = header_lines(f);
    for (size_t c = 0; c < f->n_cols; c++)
        w[c] = column_width(f, c);
    for (size_t l = 0; l < lines; l++) {
        for (size_t c = 0; c < f->n_cols; c++) {
            size_t n;
            const char *p = header_part(ogi_rd_flat_at(f, 0, c), l, lines, &n);
            if (l + 1 < lines && repeats_left(f, c, l, lines, p, n))
                n = 0; /* a merged group header: written once, over its first column */
            cell(out, p, n, w[c], labelled && c == 0, c + 1 == f->n_cols);
        }
        ogi_buf_putc(out, '\n');
    }
    for (size_t row = 1; row < f->n_rows; row++) {
        for (size_t c = 0; c < f->n_cols; c++) {
            const char *s = ogi_rd_flat_at(f, row, c);
            cell(out, s, strlen(s), w[c], labelled && c == 0, c + 1 == f->n_cols);
        }
        ogi_buf_putc(out, '\n');
    }
    free(w);
}

/* One unlabelled data row (section 四): header · value, one per line. */
static void listing(ogi_buf *out, const ogi_report *r, const ogi_table_def *t)
{
    ogi_rd_flat f;
    ogi_rd_flatten(r, t, " / ", "·", &f);
    size_t w = 0;
    for (size_t c = 0; c < f.n_cols; c++) {
        const char *h = ogi_rd_flat_at(&f, 0, c);
        if (display_width(h, strlen(h)) > w)
            w = display_width(h, strlen(h));
    }
    for (size_t c = 0; c < f.n_cols; c++) {
        const char *h = ogi_rd_flat_at(&f, 0, c);
        cell(out, h, strlen(h), w, true, false);
        ogi_buf_puts(out, ogi_rd_flat_at(&f, 1, c));
        ogi_buf_putc(out, '\n');
    }
    ogi_rd_flat_free(&f);
}

static void table(ogi_buf *out, const ogi_report *r, const ogi_table_def *t)
{
    if (t->item)
        ogi_buf_printf(out, "%s\n", t->caption);
    if (t->id == OGI_T_S3)
        ogi_buf_puts(out, OGI_RD_S3_NOTE "\n");
    if (!ogi_rd_label_cols(t) && t->n_rows == 1) {
        listing(out, r, t);
    } else {
        ogi_rd_flat f;
        ogi_rd_flatten(r, t, " / ", "\n", &f);
        grid(out, &f, ogi_rd_label_cols(t) > 0);
        ogi_rd_flat_free(&f);
    }
    ogi_buf_putc(out, '\n');
}

static void narrative(ogi_buf *out, const char *text)
{
    const char *cur = text, *p;
    size_t n;
    while (ogi_rd_next_para(&cur, &p, &n)) {
        ogi_buf_puts(out, "　　");
        ogi_buf_put(out, p, n);
        ogi_buf_putc(out, '\n');
    }
}

static void findings_list(ogi_buf *out, const ogi_findings *f)
{
    if (!f || !f->n)
        return;
    ogi_buf_puts(out, OGI_RD_FINDINGS_HEADING "\n");
    for (size_t i = 0; i < f->n; i++)
        ogi_buf_printf(out, "[%s] %s %s\n", ogi_rd_severity_zh(f->items[i].severity),
                       f->items[i].rule, f->items[i].message_zh ? f->items[i].message_zh : "");
}

int ogi_render_txt(const ogi_report *r, const ogi_findings *findings, ogi_buf *out)
{
    ogi_rd_title(r, out);
    ogi_buf_puts(out, "\n\n");
    for (size_t s = 0; s < ogi_section_count(); s++) {
        const ogi_section_def *sec = ogi_section_at(s);
        ogi_buf_printf(out, "%s\n", sec->heading);
        narrative(out, r->sections[s]);
        const ogi_table_def *t[OGI_TABLE_COUNT];
        size_t n = ogi_rd_section_tables(r, sec->n, t, OGI_TABLE_COUNT);
        for (size_t i = 0; i < n; i++)
            table(out, r, t[i]);
        for (size_t i = 0; sec->n == 2 && i < r->n_extras; i++)
            ogi_buf_printf(out, "（非标准行）%s\n", r->extras[i]);
        ogi_buf_putc(out, '\n');
    }
    findings_list(out, findings);
    return 0;
}
