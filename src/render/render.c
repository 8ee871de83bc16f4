/*
 * render.c — choosing a renderer by name, and the layout walk they share.
 *
 * A report may mix the 2019 and 2021 formats (annual-report-format.md §6),
 * so what a page shows is decided per element from the cells present: each
 * Article 20 item in the variant the report uses, section 三 with the （六）
 * rows of its variant.  Everything comes from the format definition.
 */
#include <stdlib.h>
#include <string.h>

#include "ogi/render.h"
#include "render/render_internal.h"

static const char *const format_names[] = {"html", "md", "txt", "csv", "json", "docx", "xlsx"};
#define N_FORMATS (sizeof format_names / sizeof *format_names)

int ogi_render_format_parse(const char *name)
{
    if (!name)
        return -1;
    for (size_t i = 0; i < N_FORMATS; i++)
        if (!strcmp(name, format_names[i]))
            return (int)i;
    if (!strcmp(name, "markdown"))
        return OGI_RENDER_MD;
    if (!strcmp(name, "text"))
        return OGI_RENDER_TXT;
    return -1;
}

const char *ogi_render_format_name(ogi_render_format f)
{
    return (unsigned)f < N_FORMATS ? format_names[f] : "";
}

int ogi_render(const ogi_report *r, const ogi_findings *findings, ogi_render_format f,
               ogi_buf *out)
{
    switch (f) {
    case OGI_RENDER_HTML: return ogi_render_html(r, findings, out);
    case OGI_RENDER_MD: return ogi_render_md(r, findings, out);
    case OGI_RENDER_TXT: return ogi_render_txt(r, findings, out);
    case OGI_RENDER_CSV: return ogi_render_csv(r, findings, out);
    case OGI_RENDER_JSON: return ogi_render_json(r, findings, out);
    case OGI_RENDER_DOCX:
    case OGI_RENDER_XLSX: break; /* zip files: ogi_render_docx_file / _xlsx_file */
    }
    return -1;
}

bool ogi_render_format_is_file(ogi_render_format f)
{
    return f == OGI_RENDER_DOCX || f == OGI_RENDER_XLSX;
}

/* ---- header levels ---- */

static size_t levels(const char *group, const char *subgroup, const char *label,
                     const char *out[3])
{
    size_t n = 0;
    if (group && group[0])
        out[n++] = group;
    if (subgroup && subgroup[0])
        out[n++] = subgroup;
    if (label && label[0])
        out[n++] = label;
    return n;
}

size_t ogi_rd_row_levels(const ogi_row_def *row, const char *out[3])
{
    return levels(row->group, row->subgroup, row->label, out);
}

size_t ogi_rd_col_levels(const ogi_col_def *col, const char *out[3])
{
    return levels(col->group, col->subgroup, col->label, out);
}

size_t ogi_rd_label_cols(const ogi_table_def *t)
{
    size_t max = 0;
    const char *lv[3];
    for (size_t i = 0; i < t->n_rows; i++) {
        size_t n = ogi_rd_row_levels(&t->rows[i], lv);
        if (n > max)
            max = n;
    }
    return max;
}

size_t ogi_rd_header_depth(const ogi_table_def *t)
{
    size_t max = 0;
    const char *lv[3];
    for (size_t i = 0; i < t->n_cols; i++) {
        size_t n = ogi_rd_col_levels(&t->cols[i], lv);
        if (n > max)
            max = n;
    }
    return max;
}

const char *ogi_rd_super_header(const ogi_table_def *t)
{
    return t->id == OGI_T_S3 ? OGI_RD_S3_APPLICANTS : NULL;
}

/* ---- which tables and rows ---- */

/* The format a report is expected to use by its year; v2021 when unknown. */
static unsigned expected_mask(const ogi_report *r)
{
    unsigned m = ogi_format_mask(ogi_format_for_year(r->year));
    if (!m && (r->declared_format == OGI_FORMAT_V2019 || r->declared_format == OGI_FORMAT_V2021))
        m = ogi_format_mask(r->declared_format);
    return m ? m : OGI_FMT_V2021;
}

static bool same_item(const ogi_table_def *a, const ogi_table_def *b)
{
    return a->section == b->section && a->item && b->item && !strcmp(a->item, b->item);
}

/* Whether an earlier table already stood for this Article 20 item. */
static bool item_seen(size_t upto, const ogi_table_def *t)
{
    for (size_t i = 0; i < upto; i++)
        if (same_item(ogi_table_at(i), t))
            return true;
    return false;
}

static size_t item_tables(const ogi_report *r, size_t first, const ogi_table_def **out,
                          size_t n, size_t cap)
{
    const ogi_table_def *t0 = ogi_table_at(first);
    size_t start = n;
    for (size_t i = first; i < ogi_table_count() && n < cap; i++)
        if (same_item(ogi_table_at(i), t0) && ogi_report_table_present(r, ogi_table_at(i)->id))
            out[n++] = ogi_table_at(i);
    if (n > start)
        return n;
    for (size_t i = first; i < ogi_table_count() && n < cap; i++)
        if (same_item(ogi_table_at(i), t0) && (ogi_table_at(i)->formats & expected_mask(r)))
            out[n++] = ogi_table_at(i);
    return n;
}

size_t ogi_rd_section_tables(const ogi_report *r, int section, const ogi_table_def **out,
                             size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < ogi_table_count() && n < cap; i++) {
        const ogi_table_def *t = ogi_table_at(i);
        if (t->section != section)
            continue;
        if (!t->item)
            out[n++] = t;
        else if (!item_seen(i, t))
            n = item_tables(r, i, out, n, cap);
    }
    return n;
}

/* Whether any cell of the rows that belong to exactly `fmt` is present. */
static bool variant_rows_present(const ogi_report *r, const ogi_table_def *t, unsigned fmt)
{
    for (size_t i = 0; i < ogi_cell_count(); i++) {
        const ogi_cell_def *d = ogi_cell_at(i);
        if (d->table == t && d->row->formats == fmt && r->cells[i].state != OGI_CELL_ABSENT)
            return true;
    }
    return false;
}

bool ogi_rd_row_shown(const ogi_report *r, const ogi_table_def *t, size_t row)
{
    unsigned f = t->rows[row].formats;
    if ((f & t->formats) == t->formats)
        return true; /* a row of every format the table has */
    unsigned present = 0;
    if (variant_rows_present(r, t, OGI_FMT_V2021))
        present |= OGI_FMT_V2021;
    if (variant_rows_present(r, t, OGI_FMT_V2019))
        present |= OGI_FMT_V2019;
    return (f & (present ? present : expected_mask(r))) != 0;
}

/* ---- cells and labels ---- */

const char *ogi_rd_value(const ogi_report *r, const ogi_table_def *t, size_t row, size_t col,
                         int *cell_index, char *buf)
{
    int i = ogi_cell_in_table(t->id, row, col);
    if (cell_index)
        *cell_index = i;
    buf[0] = '\0';
    if (i < 0)
        return buf;
    return ogi_cell_value_text(ogi_cell_at((size_t)i), &r->cells[i], buf);
}

static void join(const char *lv[3], size_t n, const char *sep, ogi_buf *out)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            ogi_buf_puts(out, sep);
        ogi_buf_puts(out, lv[i]);
    }
}

void ogi_rd_row_label(const ogi_row_def *row, const char *sep, ogi_buf *out)
{
    const char *lv[3];
    join(lv, ogi_rd_row_levels(row, lv), sep, out);
}

void ogi_rd_col_label(const ogi_col_def *col, const char *sep, ogi_buf *out)
{
    const char *lv[3];
    join(lv, ogi_rd_col_levels(col, lv), sep, out);
}

static char *label_text(const char *lv[3], size_t n, const char *sep)
{
    ogi_buf b;
    ogi_buf_init(&b);
    join(lv, n, sep, &b);
    return ogi_buf_steal(&b);
}

static size_t shown_rows(const ogi_report *r, const ogi_table_def *t)
{
    size_t n = 0;
    for (size_t i = 0; i < t->n_rows; i++)
        n += ogi_rd_row_shown(r, t, i);
    return n;
}

static void flat_header(const ogi_table_def *t, const char *col_sep, ogi_rd_flat *f)
{
    size_t at = 0;
    if (f->n_cols > t->n_cols)
        f->cells[at++] = ogi_strdup(t->corner ? t->corner : "");
    for (size_t c = 0; c < t->n_cols; c++) {
        const char *lv[3];
        f->cells[at++] = label_text(lv, ogi_rd_col_levels(&t->cols[c], lv), col_sep);
    }
}

void ogi_rd_flatten(const ogi_report *r, const ogi_table_def *t, const char *row_sep,
                    const char *col_sep, ogi_rd_flat *f)
{
    size_t labels = ogi_rd_label_cols(t) ? 1 : 0;
    f->n_cols = t->n_cols + labels;
    f->n_rows = 1 + shown_rows(r, t);
    f->cells = ogi_xcalloc(f->n_rows * f->n_cols, sizeof *f->cells);
    f->keys = ogi_xcalloc(f->n_rows * f->n_cols, sizeof *f->keys);
    for (size_t i = 0; i < f->n_rows * f->n_cols; i++)
        f->keys[i] = -1;
    flat_header(t, col_sep, f);
    size_t at = f->n_cols;
    for (size_t row = 0; row < t->n_rows; row++) {
        if (!ogi_rd_row_shown(r, t, row))
            continue;
        const char *lv[3];
        if (labels)
            f->cells[at++] = label_text(lv, ogi_rd_row_levels(&t->rows[row], lv), row_sep);
        for (size_t c = 0; c < t->n_cols; c++, at++) {
            char buf[OGI_VALUE_BUF];
            f->cells[at] = ogi_strdup(ogi_rd_value(r, t, row, c, &f->keys[at], buf));
        }
    }
}

void ogi_rd_flat_free(ogi_rd_flat *f)
{
    for (size_t i = 0; f->cells && i < f->n_rows * f->n_cols; i++)
        free(f->cells[i]);
    free(f->cells);
    free(f->keys);
    *f = (ogi_rd_flat){0};
}

void ogi_rd_title(const ogi_report *r, ogi_buf *out)
{
    ogi_buf_puts(out, r->agency);
    if (r->year > 0)
        ogi_buf_printf(out, "%d年", r->year);
    ogi_buf_puts(out, "政府信息公开工作年度报告");
}

/* Bytes of ASCII blanks and ideographic spaces (U+3000, the usual paragraph
 * indent in Chinese text) at the start of p[0..n). */
static size_t leading_space(const char *p, size_t n)
{
    size_t i = 0;
    for (;;) {
        if (i < n && (p[i] == ' ' || p[i] == '\t'))
            i++;
        else if (i + 3 <= n && !memcmp(p + i, "\xe3\x80\x80", 3))
            i += 3;
        else
            return i;
    }
}

bool ogi_rd_next_para(const char **cursor, const char **start, size_t *len)
{
    const char *p = *cursor;
    while (p && *p) {
        const char *end = strchr(p, '\n');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        const char *next = end ? end + 1 : p + n;
        while (n && (p[n - 1] == '\r' || p[n - 1] == ' ' || p[n - 1] == '\t'))
            n--;
        size_t lead = leading_space(p, n);
        if (lead < n) {
            *start = p + lead;
            *len = n - lead;
            *cursor = next;
            return true;
        }
        p = next;
    }
    if (cursor)
        *cursor = p;
    return false;
}

bool ogi_rd_finding_names(const ogi_finding *f, const char *key)
{
    for (size_t i = 0; i < f->n_keys; i++)
        if (f->keys[i] && !strcmp(f->keys[i], key))
            return true;
    return false;
}

const char *ogi_rd_severity_zh(ogi_severity s) { return s == OGI_SEV_ERROR ? "错误" : "警告"; }
