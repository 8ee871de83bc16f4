/*
 * grid.h — a report table laid out as a grid of merged cells.
 *
 * Word and Excel have no row/column header markup: a table is a rectangle
 * of cells, some of them merged.  This turns the shared layout walk of
 * render_internal.h (which tables, which rows, header levels) into that
 * rectangle once, so the DOCX and XLSX writers only decide how to draw a
 * cell.  Section 二 is one grid with a caption row per Article 20 item, as
 * in the national template and the HTML page; sections 三 and 四 are one
 * grid per table with their nested headers.
 */
#ifndef OGI_RENDER_GRID_H
#define OGI_RENDER_GRID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ogi/report.h"

typedef enum {
    OGI_GRID_COVERED = 0, /* inside another cell's span: drawn by that anchor */
    OGI_GRID_CAPTION,     /* 「第二十条第（一）项」 caption row */
    OGI_GRID_NOTE,        /* the note in section 三's corner block */
    OGI_GRID_HEAD,        /* column header (and section 二's 「信息内容」) */
    OGI_GRID_ROWHEAD,     /* row header: group, subgroup or label */
    OGI_GRID_VALUE,       /* a data cell: a number or blank */
} ogi_grid_kind;

typedef struct {
    ogi_grid_kind kind;
    char *text;            /* label text; VALUE: the value as written, "" when blank */
    size_t rowspan, colspan; /* anchors: ≥ 1; covered cells: 0 */
    size_t anchor_r, anchor_c; /* position of the anchor (itself when an anchor) */
    /* VALUE cells holding a number: the exact value and how it prints. */
    bool has_number;
    bool money;            /* value in millionths, `decimals` written */
    int64_t value;
    int decimals;
    int cell;              /* index into ogi_cell_at(), -1 for labels */
} ogi_grid_cell;

typedef struct {
    ogi_grid_cell *cells;  /* n_rows × n_cols, row-major */
    size_t n_rows, n_cols;
    size_t head_rows;      /* leading header rows (repeat on a new page) */
    size_t label_cols;     /* leading row-header columns */
} ogi_grid;

static inline ogi_grid_cell *ogi_grid_at(const ogi_grid *g, size_t r, size_t c)
{
    return &g->cells[r * g->n_cols + c];
}

/* Section 二: every Article 20 item the report shows, one grid.  Returns
 * false (grid empty) when the section has no table. */
bool ogi_grid_section2(const ogi_report *r, ogi_grid *g);
/* A section 三 / 四 table with its nested headers. */
void ogi_grid_table(const ogi_report *r, const ogi_table_def *t, ogi_grid *g);
void ogi_grid_free(ogi_grid *g);

#endif
