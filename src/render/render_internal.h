/*
 * render_internal.h — the layout walk every renderer shares.
 *
 * Which tables of the format definition a report shows (section 二 per
 * Article 20 item, section 三's （六） rows by the variant present), how a
 * table's row and column headers nest (group / subgroup / label), and the
 * few fixed texts of the national template that are page text rather than
 * cell labels.  Renderers only decide how to draw; what to draw is decided
 * here, once, from ogi/format.h.
 */
#ifndef OGI_RENDER_INTERNAL_H
#define OGI_RENDER_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "ogi/buf.h"
#include "ogi/format.h"
#include "ogi/report.h"
#include "ogi/validate.h"

/* Page text of the template's section 三 table (not cell labels). */
#define OGI_RD_S3_NOTE "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
#define OGI_RD_S3_APPLICANTS "申请人情况"
#define OGI_RD_FINDINGS_HEADING "审查发现的问题"

/* Header levels of a row or column: group, subgroup, label — the non-empty
 * ones, outermost first.  Returns how many (0..3). */
size_t ogi_rd_row_levels(const ogi_row_def *row, const char *out[3]);
size_t ogi_rd_col_levels(const ogi_col_def *col, const char *out[3]);
/* Number of row-label columns of a table (max row levels; 0 for section 四). */
size_t ogi_rd_label_cols(const ogi_table_def *t);
/* Number of column-header rows from the column definition (max col levels). */
size_t ogi_rd_header_depth(const ogi_table_def *t);
/* Title row spanning all data columns above the definition's headers, or NULL. */
const char *ogi_rd_super_header(const ogi_table_def *t);

/* The tables a section shows, in report order (section 二: one per Article
 * 20 item, in the variant present; else the variant of the year's format).
 * Returns the count written to out (cap ≥ OGI_TABLE_COUNT is always enough). */
size_t ogi_rd_section_tables(const ogi_report *r, int section, const ogi_table_def **out,
                             size_t cap);
/* Whether a row of a table is shown (rows of the report's variant only). */
bool ogi_rd_row_shown(const ogi_report *r, const ogi_table_def *t, size_t row);

/* The cell at (table, row, col): its definition index and value text ("" for
 * blank / absent / ambiguous / unreadable).  buf holds OGI_VALUE_BUF bytes. */
const char *ogi_rd_value(const ogi_report *r, const ogi_table_def *t, size_t row, size_t col,
                         int *cell_index, char *buf);

/* Flattened labels (levels joined by sep), appended unescaped to out. */
void ogi_rd_row_label(const ogi_row_def *row, const char *sep, ogi_buf *out);
void ogi_rd_col_label(const ogi_col_def *col, const char *sep, ogi_buf *out);

/* A table flattened for renderers without spans (Markdown, text): cell
 * (0, c) are the column headers, each row's first cell its label when the
 * table has row labels.  Labels are levels joined by row_sep / col_sep. */
typedef struct {
    char **cells; /* n_rows × n_cols, row-major, malloc'd */
    size_t n_rows, n_cols;
    int *keys;    /* cell index per position, -1 for labels */
} ogi_rd_flat;

void ogi_rd_flatten(const ogi_report *r, const ogi_table_def *t, const char *row_sep,
                    const char *col_sep, ogi_rd_flat *out);
void ogi_rd_flat_free(ogi_rd_flat *f);
static inline const char *ogi_rd_flat_at(const ogi_rd_flat *f, size_t row, size_t col)
{
    return f->cells[row * f->n_cols + col];
}

/* 「{agency}{year}年政府信息公开工作年度报告」, unescaped. */
void ogi_rd_title(const ogi_report *r, ogi_buf *out);
/* Next non-blank paragraph (a line) of a narrative; false at the end. */
bool ogi_rd_next_para(const char **cursor, const char **start, size_t *len);

/* Whether a finding names a cell key. */
bool ogi_rd_finding_names(const ogi_finding *f, const char *key);
const char *ogi_rd_severity_zh(ogi_severity s);

#endif
