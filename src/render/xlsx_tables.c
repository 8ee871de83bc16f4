/*
 * xlsx_tables.c — the tabular exports of the regional and cross-year views
 * (xlsx_tables.h): tables of texts built once from the analysis structures,
 * then written as CSV or as worksheets (libxlsxwriter), so the CLI and the
 * console's downloads cannot drift apart.
 *
 * Texts that are exact decimals in a numeric column are written as numbers
 * (parsed from their exact text, like xlsx.c does for money); everything
 * else, blanks included, stays a string or an empty cell — never a 0.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "render/xlsx_sheets.h"
#include "render/xlsx_tables.h"

#define SHEET_TITLE_ROW 0
#define SHEET_HEAD_ROW 1
#define MAX_NUMBER_DIGITS 15 /* beyond this a double is no longer exact */

/* ---- the table ---- */

void ogi_xtable_init(ogi_xtable *t, const char *name, const char *title,
                     const char *const *header, const bool *numeric, size_t n_cols)
{
    memset(t, 0, sizeof *t);
    t->name = ogi_strdup(name);
    t->title = ogi_strdup(title);
    t->n_cols = n_cols;
    t->numeric = ogi_xcalloc(n_cols ? n_cols : 1, sizeof *t->numeric);
    for (size_t c = 0; numeric && c < n_cols; c++)
        t->numeric[c] = numeric[c];
    ogi_xtable_add(t, header);
}

void ogi_xtable_add(ogi_xtable *t, const char *const *fields)
{
    t->cells = ogi_xrealloc(t->cells, (t->n_rows + 1) * t->n_cols * sizeof *t->cells + 1);
    for (size_t c = 0; c < t->n_cols; c++)
        t->cells[t->n_rows * t->n_cols + c] = ogi_strdup(fields[c] ? fields[c] : "");
    t->n_rows++;
}

void ogi_xtable_free(ogi_xtable *t)
{
    for (size_t i = 0; i < t->n_rows * t->n_cols; i++)
        free(t->cells[i]);
    free(t->cells);
    free(t->numeric);
    free(t->name);
    free(t->title);
    memset(t, 0, sizeof *t);
}

void ogi_xtable_csv(const ogi_xtable *t, ogi_buf *out)
{
    for (size_t r = 0; r < t->n_rows; r++) {
        for (size_t c = 0; c < t->n_cols; c++) {
            if (c)
                ogi_buf_putc(out, ',');
            ogi_buf_csv(out, ogi_xtable_at(t, r, c));
        }
        ogi_buf_puts(out, "\r\n");
    }
}

/* ---- worksheets ---- */

/* "-12", "0.8125": an exact decimal a double holds exactly enough to print back. */
static bool exact_decimal(const char *s)
{
    size_t digits = 0;
    bool point = false;
    if (*s == '-')
        s++;
    if (!(*s >= '0' && *s <= '9'))
        return false;
    for (; *s; s++) {
        if (*s == '.' && !point && s[1])
            point = true;
        else if (*s >= '0' && *s <= '9')
            digits++;
        else
            return false;
    }
    return digits <= MAX_NUMBER_DIGITS;
}

static void table_sheet(lxw_workbook *wb, const ogi_xtable *t, lxw_format *title,
                        lxw_format *head)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, t->name);
    worksheet_write_string(ws, SHEET_TITLE_ROW, 0, t->title, title);
    for (size_t r = 0; r < t->n_rows; r++)
        for (size_t c = 0; c < t->n_cols; c++) {
            const char *v = ogi_xtable_at(t, r, c);
            lxw_row_t row = (lxw_row_t)(SHEET_HEAD_ROW + r);
            if (r == 0)
                worksheet_write_string(ws, row, (lxw_col_t)c, v, head);
            else if (t->numeric[c] && exact_decimal(v))
                worksheet_write_number(ws, row, (lxw_col_t)c, strtod(v, NULL), NULL);
            else if (*v)
                worksheet_write_string(ws, row, (lxw_col_t)c, v, NULL);
        }
    worksheet_freeze_panes(ws, SHEET_HEAD_ROW + 1, 0);
    for (size_t c = 0; c < t->n_cols; c++)
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, t->numeric[c] ? 12 : 28, NULL);
}

int ogi_xlsx_tables_file(const char *path, const ogi_report *report, const ogi_xtable *tables,
                         size_t n, char *err, size_t errlen)
{
    lxw_workbook *wb = workbook_new(path);
    if (!wb) {
        snprintf(err, errlen, "无法创建 %s", path);
        return -1;
    }
    lxw_format *title = workbook_add_format(wb), *head = workbook_add_format(wb);
    format_set_bold(title);
    format_set_font_size(title, 14);
    format_set_bold(head);
    format_set_bottom(head, LXW_BORDER_THIN);
    if (report)
        ogi_xlsx_report_sheets(wb, report);
    for (size_t i = 0; i < n; i++)
        table_sheet(wb, &tables[i], title, head);
    lxw_error e = workbook_close(wb);
    if (e != LXW_NO_ERROR) {
        snprintf(err, errlen, "无法写入 %s：%s", path, lxw_strerror(e));
        return -1;
    }
    return 0;
}

/* ---- the analysis tables ---- */

void ogi_xtable_breakdown(const ogi_summary *sm, ogi_xtable *t)
{
    size_t cols = 3 + sm->n_parts;
    const char **row = ogi_xcalloc(cols, sizeof *row);
    bool *numeric = ogi_xcalloc(cols, sizeof *numeric);
    row[0] = "key", row[1] = "label", row[2] = "汇总";
    for (size_t p = 0; p < sm->n_parts; p++)
        row[3 + p] = sm->parts[p].agency.name;
    for (size_t c = 2; c < cols; c++)
        numeric[c] = true;
    char title[256];
    snprintf(title, sizeof title, "%s %d 年度汇总：分机关明细", sm->region.name, sm->year);
    ogi_xtable_init(t, "分机关明细", title, row, numeric, cols);
    char (*text)[OGI_VALUE_BUF] = ogi_xcalloc(cols, sizeof *text);
    for (size_t i = 0; i < ogi_cell_count(); i++) {
        if (sm->total->cells[i].state == OGI_CELL_ABSENT)
            continue;
        const ogi_cell_def *d = ogi_cell_at(i);
        row[0] = d->key, row[1] = d->label;
        row[2] = ogi_cell_value_text(d, &sm->total->cells[i], text[2]);
        for (size_t p = 0; p < sm->n_parts; p++)
            row[3 + p] = ogi_cell_value_text(d, &sm->parts[p].report->cells[i], text[3 + p]);
        ogi_xtable_add(t, row);
    }
    free(text);
    free(numeric);
    free(row);
}

void ogi_xtable_missing(const ogi_summary *sm, ogi_xtable *t)
{
    const char *head[] = {"agency", "kind"};
    char title[256];
    snprintf(title, sizeof title, "%s %d 年度缺少报告的机关（未计入汇总）", sm->region.name,
             sm->year);
    ogi_xtable_init(t, "缺少报告", title, head, NULL, 2);
    for (size_t i = 0; i < sm->n_missing; i++) {
        const char *row[] = {sm->missing[i].name, ogi_agency_kind_name(sm->missing[i].kind)};
        ogi_xtable_add(t, row);
    }
}

static void compare_visit(void *ctx, const char *const fields[6])
{
    ogi_xtable_add(ctx, (const char *const *)fields);
}

void ogi_xtable_compare(const ogi_report *from, const ogi_report *to, ogi_xtable *t)
{
    const char *head[] = {"kind", "key", "label", "from", "to", "delta"};
    const bool numeric[] = {false, false, false, true, true, true};
    char title[256];
    snprintf(title, sizeof title, "%s %d → %d 年度对比", to->agency ? to->agency : "",
             from->year, to->year);
    ogi_xtable_init(t, "年度对比", title, head, numeric, 6);
    ogi_compare_each(from, to, compare_visit, t);
}

void ogi_xtable_rank(const ogi_rank_row *rows, size_t n, const ogi_rate_def *rate, int year,
                     ogi_xtable *t)
{
    const char *head[] = {"rank", "agency", "kind", "rate", "numerator", "denominator"};
    const bool numeric[] = {true, false, false, true, true, true};
    char title[256];
    snprintf(title, sizeof title, "%d 年度排名：%s", year, rate->label_zh);
    ogi_xtable_init(t, "排名", title, head, numeric, 6);
    size_t place = 0;
    for (size_t i = 0; i < n; i++) {
        char pos[24] = "", value[32], num[24] = "", den[24] = "";
        ogi_rate_text(rows[i].value, value);
        if (rows[i].value.defined) {
            snprintf(pos, sizeof pos, "%zu", ++place);
            snprintf(num, sizeof num, "%lld", (long long)rows[i].value.num);
            snprintf(den, sizeof den, "%lld", (long long)rows[i].value.den);
        }
        const char *row[] = {pos, rows[i].agency.name, ogi_agency_kind_name(rows[i].agency.kind),
                             value, num, den};
        ogi_xtable_add(t, row);
    }
}
