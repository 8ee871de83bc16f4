/*
 * html.c — a report as a standalone, printable HTML page in the layout of
 * the national template (annual-report-format.md §1–§5): the six sections,
 * section 二's Article 20 sub-tables with caption rows, section 三's 3×3
 * note block and nested applicant headers, section 四's three header rows.
 *
 * Spans are computed from the format definition (group / subgroup / label
 * of rows and columns), so the page follows the definition, not a copy of
 * it.  Inline CSS only: the page must print and screenshot without network.
 */
#include <stdlib.h>
#include <string.h>

#include "ogi/render.h"
#include "render/render_internal.h"

static const char page_css[] =
    "@page{size:A4;margin:20mm 15mm}"
    "body{font-family:\"SimSun\",\"Songti SC\",\"Noto Serif CJK SC\",\"Noto Sans CJK SC\",serif;"
    "font-size:12pt;line-height:1.7;color:#000;background:#fff;max-width:180mm;"
    "margin:0 auto;padding:8mm 0}"
    "h1{font-size:18pt;text-align:center;margin:0 0 .4em}"
    ".meta{text-align:center;font-size:10.5pt;margin:0 0 1.2em}"
    "h2{font-size:14pt;margin:1.2em 0 .4em;font-weight:bold}"
    "p{text-indent:2em;margin:0 0 .4em}"
    "table{border-collapse:collapse;width:100%;margin:.4em 0 1em;font-size:10.5pt;"
    "line-height:1.4}"
    "th,td{border:1px solid #000;padding:3px 4px;vertical-align:middle}"
    "th{font-weight:normal;text-align:center}"
    "th.row{text-align:left}"
    "th.caption{font-weight:bold}"
    "th.note{font-size:9pt;text-align:left}"
    "td{text-align:center;font-variant-numeric:tabular-nums;min-width:2.5em}"
    "tr{page-break-inside:avoid;break-inside:avoid}"
    "thead{display:table-header-group}"
    ".unit{font-size:9pt}"
    "td.flag-warning{background:#fff3bf}td.flag-error{background:#ffc9c9}"
    "td.flag-warning,td.flag-error{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
    "ul.extras{margin:0 0 .6em 2em;padding:0}"
    "table.findings td{text-align:left}table.findings td.rule{text-align:center;"
    "white-space:nowrap}";

/* ---- pieces ---- */

static void open_tag(ogi_buf *out, const char *tag, const char *cls, size_t rowspan,
                     size_t colspan)
{
    ogi_buf_printf(out, "<%s", tag);
    if (cls)
        ogi_buf_printf(out, " class=\"%s\"", cls);
    if (rowspan > 1)
        ogi_buf_printf(out, " rowspan=\"%zu\"", rowspan);
    if (colspan > 1)
        ogi_buf_printf(out, " colspan=\"%zu\"", colspan);
    ogi_buf_putc(out, '>');
}

static void th(ogi_buf *out, const char *cls, size_t rowspan, size_t colspan, const char *text)
{
    open_tag(out, "th", cls, rowspan, colspan);
    ogi_buf_html(out, text);
    ogi_buf_puts(out, "</th>");
}

/* A column header with the display unit added when a money column's
 * canonical label does not state it (v2019 采购总金额). */
static void col_header(ogi_buf *out, const ogi_col_def *col, size_t rowspan, size_t colspan)
{
    open_tag(out, "th", NULL, rowspan, colspan);
    ogi_buf_html(out, col->label);
    if (col->kind == OGI_VAL_MONEY && col->unit && !strstr(col->label, col->unit)) {
        ogi_buf_puts(out, "<span class=\"unit\">（单位：");
        ogi_buf_html(out, col->unit);
        ogi_buf_puts(out, "）</span>");
    }
    ogi_buf_puts(out, "</th>");
}

/* The findings naming a cell: CSS class by the worst severity, and all
 * their messages in the title attribute. */
static void cell_flags(ogi_buf *out, const ogi_findings *f, const char *key)
{
    ogi_severity worst = 0;
    ogi_buf title;
    ogi_buf_init(&title);
    for (size_t i = 0; f && i < f->n; i++) {
        if (!ogi_rd_finding_names(&f->items[i], key))
            continue;
        if (f->items[i].severity > worst)
            worst = f->items[i].severity;
        ogi_buf_printf(&title, "%s%s ", title.len ? "\n" : "", f->items[i].rule);
        ogi_buf_puts(&title, f->items[i].message_zh);
    }
    if (worst) {
        ogi_buf_printf(out, " class=\"flag-%s\" title=\"",
                       worst == OGI_SEV_ERROR ? "error" : "warning");
        ogi_buf_html(out, title.data);
        ogi_buf_putc(out, '"');
    }
    ogi_buf_free(&title);
}

static void td(ogi_buf *out, const ogi_report *r, const ogi_findings *f,
               const ogi_table_def *t, size_t row, size_t col, size_t colspan)
{
    char buf[OGI_VALUE_BUF];
    int idx;
    const char *v = ogi_rd_value(r, t, row, col, &idx, buf);
    ogi_buf_puts(out, "<td");
    if (idx >= 0) {
        ogi_buf_puts(out, " data-key=\"");
        ogi_buf_html(out, ogi_cell_at((size_t)idx)->key);
        ogi_buf_putc(out, '"');
    }
    if (colspan > 1)
        ogi_buf_printf(out, " colspan=\"%zu\"", colspan);
    if (idx >= 0)
        cell_flags(out, f, ogi_cell_at((size_t)idx)->key);
    ogi_buf_putc(out, '>');
    ogi_buf_html(out, v);
    ogi_buf_puts(out, "</td>");
}

static void narrative(ogi_buf *out, const char *text)
{
    const char *cur = text, *p;
    size_t n;
    while (ogi_rd_next_para(&cur, &p, &n)) {
        char *para = ogi_strndup(p, n);
        ogi_buf_puts(out, "<p>");
        ogi_buf_html(out, para);
        ogi_buf_puts(out, "</p>\n");
        free(para);
    }
}

/* ---- section 二: one table, a caption row per Article 20 item ---- */

static void s2_item(ogi_buf *out, const ogi_report *r, const ogi_findings *f,
                    const ogi_table_def *t, size_t width)
{
    size_t last_span = width - t->n_cols; /* the last column takes the slack */
    ogi_buf_puts(out, "<tr>");
    th(out, "caption", 1, width, t->caption);
    ogi_buf_puts(out, "</tr>\n<tr>");
    th(out, "corner", 1, 1, t->corner);
    for (size_t c = 0; c < t->n_cols; c++)
        col_header(out, &t->cols[c], 1, c + 1 == t->n_cols ? last_span : 1);
    ogi_buf_puts(out, "</tr>\n");
    for (size_t row = 0; row < t->n_rows; row++) {
        if (!ogi_rd_row_shown(r, t, row))
            continue;
        ogi_buf_puts(out, "<tr>");
        th(out, "row", 1, 1, t->rows[row].label);
        for (size_t c = 0; c < t->n_cols; c++)
            td(out, r, f, t, row, c, c + 1 == t->n_cols ? last_span : 1);
        ogi_buf_puts(out, "</tr>\n");
    }
}

static void s2_tables(ogi_buf *out, const ogi_report *r, const ogi_findings *f)
{
    const ogi_table_def *tables[OGI_TABLE_COUNT];
    size_t n = ogi_rd_section_tables(r, 2, tables, OGI_TABLE_COUNT), width = 0;
    for (size_t i = 0; i < n; i++)
        if (tables[i]->n_cols + 1 > width)
            width = tables[i]->n_cols + 1;
    if (!n)
        return;
    ogi_buf_puts(out, "<table class=\"s2\">\n");
    for (size_t i = 0; i < n; i++)
        s2_item(out, r, f, tables[i], width);
    ogi_buf_puts(out, "</table>\n");
}

static void s2_extras(ogi_buf *out, const ogi_report *r)
{
    if (!r->n_extras)
        return;
    ogi_buf_puts(out, "<p>报告另列的非标准行（照录）：</p>\n<ul class=\"extras\">");
    for (size_t i = 0; i < r->n_extras; i++) {
        ogi_buf_puts(out, "<li>");
        ogi_buf_html(out, r->extras[i]);
        ogi_buf_puts(out, "</li>");
    }
    ogi_buf_puts(out, "</ul>\n");
}

/* ---- sections 三 and 四: nested headers from the definition ---- */

/* Whether columns a and b share their header levels 0..h (both having a
 * level below h, i.e. level h is a merged group header for both). */
static bool col_prefix_equal(const ogi_table_def *t, size_t a, size_t b, size_t h)
{
    const char *la[3], *lb[3];
    size_t na = ogi_rd_col_levels(&t->cols[a], la), nb = ogi_rd_col_levels(&t->cols[b], lb);
    if (na <= h + 1 || nb <= h + 1)
        return false;
    for (size_t k = 0; k <= h; k++)
        if (strcmp(la[k], lb[k]))
            return false;
    return true;
}

static void header_row(ogi_buf *out, const ogi_table_def *t, size_t h, size_t depth)
{
    for (size_t c = 0; c < t->n_cols; c++) {
        const char *lv[3];
        size_t n = ogi_rd_col_levels(&t->cols[c], lv);
        if (h + 1 == n) {
            col_header(out, &t->cols[c], depth - h, 1);
        } else if (h + 1 < n && !(c > 0 && col_prefix_equal(t, c - 1, c, h))) {
            size_t run = 1;
            while (c + run < t->n_cols && col_prefix_equal(t, c, c + run, h))
                run++;
            th(out, NULL, 1, run, lv[h]);
        }
    }
}

static void grid_head(ogi_buf *out, const ogi_table_def *t)
{
    const char *super = ogi_rd_super_header(t);
    size_t depth = ogi_rd_header_depth(t), label_cols = ogi_rd_label_cols(t);
    size_t rows = depth + (super ? 1 : 0);
    ogi_buf_puts(out, "<thead><tr>");
    if (label_cols)
        th(out, t->id == OGI_T_S3 ? "note" : "corner", rows, label_cols,
           t->id == OGI_T_S3 ? OGI_RD_S3_NOTE : t->corner);
    if (super) {
        th(out, NULL, 1, t->n_cols, super);
        ogi_buf_puts(out, "</tr>\n<tr>");
    }
    for (size_t h = 0; h < depth; h++) {
        if (h)
            ogi_buf_puts(out, "<tr>");
        header_row(out, t, h, depth);
        ogi_buf_puts(out, "</tr>\n");
    }
    ogi_buf_puts(out, "</thead>\n");
}

/* Whether shown rows a and b share their row header levels 0..k, level k
 * being a merged header (not the leaf label) for both. */
static bool row_prefix_equal(const ogi_table_def *t, size_t a, size_t b, size_t k)
{
    const char *la[3], *lb[3];
    size_t na = ogi_rd_row_levels(&t->rows[a], la), nb = ogi_rd_row_levels(&t->rows[b], lb);
    if (na <= k + 1 || nb <= k + 1)
        return false;
    for (size_t i = 0; i <= k; i++)
        if (strcmp(la[i], lb[i]))
            return false;
    return true;
}

/* The shown row before `row`, or (size_t)-1. */
static size_t prev_shown(const ogi_report *r, const ogi_table_def *t, size_t row)
{
    while (row-- > 0)
        if (ogi_rd_row_shown(r, t, row))
            return row;
    return (size_t)-1;
}

static size_t row_run(const ogi_report *r, const ogi_table_def *t, size_t row, size_t k)
{
    size_t run = 1;
    for (size_t next = row + 1; next < t->n_rows; next++) {
        if (!ogi_rd_row_shown(r, t, next))
            continue;
        if (!row_prefix_equal(t, row, next, k))
            break;
        run++;
    }
    return run;
}

static void row_headers(ogi_buf *out, const ogi_report *r, const ogi_table_def *t, size_t row,
                        size_t label_cols)
{
    const char *lv[3];
    size_t n = ogi_rd_row_levels(&t->rows[row], lv);
    if (!n)
        return;
    size_t prev = prev_shown(r, t, row);
    for (size_t k = 0; k + 1 < n; k++)
        if (prev == (size_t)-1 || !row_prefix_equal(t, prev, row, k))
            th(out, "row group", row_run(r, t, row, k), 1, lv[k]);
    th(out, "row", 1, label_cols - (n - 1), lv[n - 1]);
}

static void grid_table(ogi_buf *out, const ogi_report *r, const ogi_findings *f,
                       const ogi_table_def *t)
{
    size_t label_cols = ogi_rd_label_cols(t);
    ogi_buf_printf(out, "<table class=\"%s\">\n", t->key);
    grid_head(out, t);
    ogi_buf_puts(out, "<tbody>\n");
    for (size_t row = 0; row < t->n_rows; row++) {
        if (!ogi_rd_row_shown(r, t, row))
            continue;
        ogi_buf_puts(out, "<tr>");
        row_headers(out, r, t, row, label_cols);
        for (size_t c = 0; c < t->n_cols; c++)
            td(out, r, f, t, row, c, 1);
        ogi_buf_puts(out, "</tr>\n");
    }
    ogi_buf_puts(out, "</tbody>\n</table>\n");
}

/* ---- the page ---- */

static void page_head(ogi_buf *out, const ogi_report *r)
{
    ogi_buf title;
    ogi_buf_init(&title);
    ogi_rd_title(r, &title);
    ogi_buf_puts(out, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
                      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                      "<title>");
    ogi_buf_html(out, title.data);
    ogi_buf_printf(out, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>", page_css);
    ogi_buf_html(out, title.data);
    ogi_buf_puts(out, "</h1>\n");
    ogi_buf_free(&title);
    if (r->period || r->publish_date) {
        ogi_buf_puts(out, "<p class=\"meta\">");
        if (r->period) {
            ogi_buf_puts(out, "统计期限：");
            ogi_buf_html(out, r->period);
        }
        if (r->publish_date) {
            ogi_buf_puts(out, r->period ? "　发布日期：" : "发布日期：");
            ogi_buf_html(out, r->publish_date);
        }
        ogi_buf_puts(out, "</p>\n");
    }
}

static void findings_list(ogi_buf *out, const ogi_findings *f)
{
    if (!f || !f->n)
        return;
    ogi_buf_puts(out, "<section class=\"findings\">\n<h2>" OGI_RD_FINDINGS_HEADING "</h2>\n"
                      "<table class=\"findings\">\n<thead><tr><th>规则</th><th>级别</th>"
                      "<th>说明</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < f->n; i++) {
        const ogi_finding *x = &f->items[i];
        ogi_buf_puts(out, "<tr><td class=\"rule\">");
        ogi_buf_html(out, x->rule);
        ogi_buf_printf(out, "</td><td class=\"rule\">%s</td><td>",
                       ogi_rd_severity_zh(x->severity));
        ogi_buf_html(out, x->message_zh);
        ogi_buf_puts(out, "</td></tr>\n");
    }
    ogi_buf_puts(out, "</tbody>\n</table>\n</section>\n");
}

int ogi_render_html(const ogi_report *r, const ogi_findings *findings, ogi_buf *out)
{
    page_head(out, r);
    for (size_t s = 0; s < ogi_section_count(); s++) {
        const ogi_section_def *sec = ogi_section_at(s);
        ogi_buf_printf(out, "<section id=\"%s\">\n<h2>", sec->key);
        ogi_buf_html(out, sec->heading);
        ogi_buf_puts(out, "</h2>\n");
        narrative(out, r->sections[s]);
        if (sec->n == 2) {
            s2_tables(out, r, findings);
            s2_extras(out, r);
        }
        const ogi_table_def *t[OGI_TABLE_COUNT];
        size_t n = sec->n == 2 ? 0 : ogi_rd_section_tables(r, sec->n, t, OGI_TABLE_COUNT);
        for (size_t i = 0; i < n; i++)
            grid_table(out, r, findings, t[i]);
        ogi_buf_puts(out, "</section>\n");
    }
    findings_list(out, findings);
    ogi_buf_puts(out, "</body>\n</html>\n");
    return 0;
}
