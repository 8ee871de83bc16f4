/*
 * xlsx.c — the tables of a report as an Excel workbook: one worksheet per
 * section (二「主动公开」, 三「依申请公开」, 四「复议诉讼」), each with a title
 * row and the table in the layout of the national template — merged
 * header cells from grid.c, numbers as numbers, blank cells blank.
 *
 * The sheet writer (xlsx_styles_init, xlsx_write_grid, xlsx_sheet) takes
 * any ogi_grid, so other tabular exports (corpus, summaries) can reuse it.
 *
 * Values: counts are written as integers; money as the number written
 * (parsed from its exact decimal text, so the file's number prints back as
 * written) with a number format showing exactly the decimals written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "ogi/render.h"
#include "render/grid.h"
#include "render/render_internal.h"
#include "render/xlsx_sheets.h"

#define FONT_SONG "宋体"
#define MAX_DECIMALS 6
#define LXW_PAPER_A4 9

/* The formats a grid is drawn with. */
typedef struct {
    lxw_format *title, *heading, *caption, *head, *note, *rowhead, *blank;
    lxw_format *count;
    lxw_format *money[MAX_DECIMALS + 1]; /* by decimals written */
} xlsx_styles;

/* The sheet of each section, by section number (2..4). */
static const char *const sheet_names[] = {[2] = "主动公开", [3] = "依申请公开", [4] = "复议诉讼"};

/* ---- formats ---- */

static lxw_format *cell_format(lxw_workbook *wb, uint8_t align, double size)
{
    lxw_format *f = workbook_add_format(wb);
    format_set_font_name(f, FONT_SONG);
    format_set_font_size(f, size);
    format_set_border(f, LXW_BORDER_THIN);
    format_set_align(f, align);
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    format_set_text_wrap(f);
    return f;
}

static void money_formats(lxw_workbook *wb, xlsx_styles *st)
{
    char pattern[MAX_DECIMALS + 3] = "0.";
    for (int d = 0; d <= MAX_DECIMALS; d++) {
        st->money[d] = cell_format(wb, LXW_ALIGN_CENTER, 10.5);
        if (d > 0)
            pattern[1 + d] = '0', pattern[2 + d] = '\0';
        format_set_num_format(st->money[d], d ? pattern : "0");
    }
}

static void xlsx_styles_init(lxw_workbook *wb, xlsx_styles *st)
{
    st->title = workbook_add_format(wb);
    format_set_font_name(st->title, FONT_SONG);
    format_set_font_size(st->title, 14);
    format_set_bold(st->title);
    format_set_align(st->title, LXW_ALIGN_CENTER);
    format_set_align(st->title, LXW_ALIGN_VERTICAL_CENTER);
    st->heading = workbook_add_format(wb);
    format_set_font_name(st->heading, FONT_SONG);
    format_set_font_size(st->heading, 12);
    format_set_bold(st->heading);
    st->caption = cell_format(wb, LXW_ALIGN_CENTER, 10.5);
    format_set_bold(st->caption);
    st->head = cell_format(wb, LXW_ALIGN_CENTER, 10.5);
    st->note = cell_format(wb, LXW_ALIGN_LEFT, 9);
    st->rowhead = cell_format(wb, LXW_ALIGN_LEFT, 10.5);
    st->blank = cell_format(wb, LXW_ALIGN_CENTER, 10.5);
    st->count = cell_format(wb, LXW_ALIGN_CENTER, 10.5);
    format_set_num_format(st->count, "0");
    money_formats(wb, st);
}

static lxw_format *label_format(const xlsx_styles *st, ogi_grid_kind k)
{
    switch (k) {
    case OGI_GRID_CAPTION: return st->caption;
    case OGI_GRID_NOTE: return st->note;
    case OGI_GRID_ROWHEAD: return st->rowhead;
    default: return st->head;
    }
}

/* ---- one grid ---- */

static lxw_format *value_format(const xlsx_styles *st, const ogi_grid_cell *x)
{
    if (!x->has_number)
        return st->blank;
    if (!x->money)
        return st->count;
    return st->money[x->decimals < 0 ? 0 : x->decimals > MAX_DECIMALS ? MAX_DECIMALS : x->decimals];
}

/* A number cell.  Counts are int64 far below 2^53, exact as a double; money
 * is parsed from its exact decimal text, the double nearest to it, which
 * the spreadsheet prints back as written. */
static void write_number(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const ogi_grid_cell *x,
                         lxw_format *f)
{
    double v = x->money ? strtod(x->text, NULL) : (double)x->value;
    worksheet_write_number(ws, r, c, v, f);
}

static void write_anchor(lxw_worksheet *ws, const xlsx_styles *st, lxw_row_t r, lxw_col_t c,
                         const ogi_grid_cell *x)
{
    bool value = x->kind == OGI_GRID_VALUE;
    lxw_format *f = value ? value_format(st, x) : label_format(st, x->kind);
    if (x->rowspan > 1 || x->colspan > 1)
        worksheet_merge_range(ws, r, c, (lxw_row_t)(r + x->rowspan - 1),
                              (lxw_col_t)(c + x->colspan - 1), value ? "" : x->text, f);
    if (value && x->has_number)
        write_number(ws, r, c, x, f);
    else if (value && x->rowspan == 1 && x->colspan == 1)
        worksheet_write_blank(ws, r, c, f);
    else if (!value && x->rowspan == 1 && x->colspan == 1)
        worksheet_write_string(ws, r, c, x->text, f);
}

/* Write a grid with its top-left corner at row `first`, column 0. */
static void xlsx_write_grid(lxw_worksheet *ws, const xlsx_styles *st, const ogi_grid *g,
                            lxw_row_t first)
{
    for (size_t r = 0; r < g->n_rows; r++)
        for (size_t c = 0; c < g->n_cols; c++) {
            const ogi_grid_cell *x = ogi_grid_at(g, r, c);
            if (x->anchor_r == r && x->anchor_c == c)
                write_anchor(ws, st, (lxw_row_t)(first + r), (lxw_col_t)c, x);
        }
}

/* Column width in characters: row-header columns wide enough for the
 * long labels of section 三 (the leaf label the widest), data columns for
 * a header word or a money value. */
static double column_width(const ogi_grid *g, size_t c)
{
    if (c + 1 == g->label_cols)
        return g->label_cols > 1 ? 40 : 22;
    return c < g->label_cols ? 10 : 11;
}

static void column_widths(lxw_worksheet *ws, const ogi_grid *g)
{
    for (size_t c = 0; c < g->n_cols; c++)
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, column_width(g, c), NULL);
}

/* Width of a text in column-width characters: a CJK character (three
 * UTF-8 bytes) takes two, ASCII one. */
static double text_width(const char *s)
{
    double w = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x80)
            w += 1;
        else if (*p >= 0xC0)
            w += *p >= 0xE0 ? 2 : 1;
    return w;
}

/* Spreadsheets do not grow a row for wrapped text on their own when the
 * file is opened, so each grid row gets the height its longest wrapped
 * single-row label needs. */
static void row_heights(lxw_worksheet *ws, const ogi_grid *g, lxw_row_t first)
{
    for (size_t r = 0; r < g->n_rows; r++) {
        double lines = 1;
        for (size_t c = 0; c < g->n_cols; c++) {
            const ogi_grid_cell *x = ogi_grid_at(g, r, c);
            if (x->anchor_r != r || x->anchor_c != c || x->rowspan != 1)
                continue;
            double room = 0;
            for (size_t k = 0; k < x->colspan; k++)
                room += column_width(g, c + k);
            double need = (double)(size_t)(text_width(x->text) / (room - 1)) + 1;
            if (need > lines)
                lines = need;
        }
        if (lines > 1)
            worksheet_set_row(ws, (lxw_row_t)(first + r), 14 * lines, NULL);
    }
}

/* A worksheet: title row, heading row, the grid; printed on A4, as wide
 * as one page, header rows repeated. */
static void xlsx_sheet(lxw_workbook *wb, const xlsx_styles *st, const char *name,
                       const char *title, const char *heading, const ogi_grid *g)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, name);
    lxw_col_t last = (lxw_col_t)(g->n_cols ? g->n_cols - 1 : 0);
    worksheet_merge_range(ws, 0, 0, 0, last, title, st->title);
    worksheet_set_row(ws, 0, 30, NULL);
    worksheet_write_string(ws, 1, 0, heading, st->heading);
    xlsx_write_grid(ws, st, g, 2);
    column_widths(ws, g);
    row_heights(ws, g, 2);
    worksheet_set_paper(ws, LXW_PAPER_A4);
    if (g->n_cols > 8)
        worksheet_set_landscape(ws);
    worksheet_fit_to_pages(ws, 1, 0);
    if (g->head_rows)
        worksheet_repeat_rows(ws, 2, (lxw_row_t)(2 + g->head_rows - 1));
}

/* ---- the report ---- */

static const char *section_heading(int n)
{
    for (size_t i = 0; i < ogi_section_count(); i++)
        if (ogi_section_at(i)->n == n)
            return ogi_section_at(i)->heading;
    return "";
}

static void report_sheets(lxw_workbook *wb, const xlsx_styles *st, const ogi_report *r,
                          const char *title)
{
    ogi_grid g;
    if (ogi_grid_section2(r, &g))
        xlsx_sheet(wb, st, sheet_names[2], title, section_heading(2), &g);
    ogi_grid_free(&g);
    for (int s = 3; s <= 4; s++) {
        const ogi_table_def *t[OGI_TABLE_COUNT];
        size_t n = ogi_rd_section_tables(r, s, t, OGI_TABLE_COUNT);
        for (size_t i = 0; i < n; i++) {
            ogi_grid_table(r, t[i], &g);
            xlsx_sheet(wb, st, sheet_names[s], title, section_heading(s), &g);
            ogi_grid_free(&g);
        }
    }
}

int ogi_render_xlsx_file(const ogi_report *r, const char *path, char *err, size_t errlen)
{
    lxw_workbook *wb = workbook_new(path);
    if (!wb) {
        snprintf(err, errlen, "无法创建 %s", path);
        return -1;
    }
    ogi_buf title;
    ogi_buf_init(&title);
    ogi_rd_title(r, &title);
    lxw_doc_properties props = {.title = title.data};
    workbook_set_properties(wb, &props);
    xlsx_styles st;
    xlsx_styles_init(wb, &st);
    report_sheets(wb, &st, r, title.data);
    lxw_error e = workbook_close(wb);
    ogi_buf_free(&title);
    if (e != LXW_NO_ERROR) {
        snprintf(err, errlen, "无法写入 %s：%s", path, lxw_strerror(e));
        return -1;
    }
    return 0;
}

/* ---- the section sheets inside another workbook (xlsx_sheets.h) ---- */

void ogi_xlsx_report_sheets(lxw_workbook *wb, const ogi_report *r)
{
    ogi_buf title;
    ogi_buf_init(&title);
    ogi_rd_title(r, &title);
    xlsx_styles st;
    xlsx_styles_init(wb, &st);
    report_sheets(wb, &st, r, title.data);
    ogi_buf_free(&title);
}
