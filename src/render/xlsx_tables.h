/*
 * xlsx_tables.h — plain tables (a header row and rows of texts) written as
 * CSV or as worksheets of one workbook: the regional summary's breakdown,
 * year-over-year comparisons and rankings, shared by the CLI (`--xlsx`) and
 * the console's downloads so both write the same columns.
 */
#ifndef OGI_RENDER_XLSX_TABLES_H
#define OGI_RENDER_XLSX_TABLES_H

#include <stdbool.h>
#include <stddef.h>

#include "ogi/analysis.h"
#include "ogi/buf.h"

typedef struct {
    char *name;       /* worksheet name */
    char *title;      /* title row of the worksheet */
    size_t n_cols, n_rows; /* n_rows counts the header */
    char **cells;     /* n_rows × n_cols, row 0 the header */
    bool *numeric;    /* per column: texts that are exact decimals become numbers */
} ogi_xtable;

void ogi_xtable_init(ogi_xtable *t, const char *name, const char *title,
                     const char *const *header, const bool *numeric, size_t n_cols);
void ogi_xtable_add(ogi_xtable *t, const char *const *fields);
void ogi_xtable_free(ogi_xtable *t);
static inline const char *ogi_xtable_at(const ogi_xtable *t, size_t row, size_t col)
{
    return t->cells[row * t->n_cols + col];
}
/* RFC 4180 CSV (header included, CRLF). */
void ogi_xtable_csv(const ogi_xtable *t, ogi_buf *out);
/* A workbook: the section sheets of report (when not NULL), then one sheet
 * per table.  0, or -1 with err. */
int ogi_xlsx_tables_file(const char *path, const ogi_report *report, const ogi_xtable *tables,
                         size_t n, char *err, size_t errlen);

/* key, label, 汇总, then one column per agency counted: every cell present
 * in the total, each as written ("" blank or not a value). */
void ogi_xtable_breakdown(const ogi_summary *sm, ogi_xtable *t);
/* The agencies of the region without a report. */
void ogi_xtable_missing(const ogi_summary *sm, ogi_xtable *t);
/* kind, key, label, from, to, delta (ogi_compare_csv's columns). */
void ogi_xtable_compare(const ogi_report *from, const ogi_report *to, ogi_xtable *t);
/* rank, agency, kind, rate, numerator, denominator (`ogi corpus rank --csv`). */
void ogi_xtable_rank(const ogi_rank_row *rows, size_t n, const ogi_rate_def *rate, int year,
                     ogi_xtable *t);

#endif
