/*
 * readers.h — what the HTML, DOCX and PDF readers share and nobody else
 * needs: a table-grid builder that resolves merged cells (HTML rowspan /
 * colspan, DOCX gridSpan / vMerge) into ogi_doc grid rows, and one-time
 * library initialisation that must happen before threads read in parallel.
 */
#ifndef OGI_IMPORT_READERS_H
#define OGI_IMPORT_READERS_H

#include <stdbool.h>

#include "ogi/buf.h"
#include "ogi/import.h"

/* Bounds that keep a hostile table within bounded memory. */
#define OGI_GRID_MAX_COLS 256
#define OGI_GRID_MAX_SPAN 1024

typedef struct {
    ogi_doc *doc;
    int table;                          /* source table number */
    int row;                            /* rows emitted so far */
    char *above[OGI_GRID_MAX_COLS];     /* text of the cell last placed in each column */
    int carry[OGI_GRID_MAX_COLS];       /* rows a rowspan still covers in each column */
    int ncols;                          /* columns ever used */
    ogi_doc_row *cur;
    int col;
    int line;
} ogi_grid;

void ogi_grid_begin(ogi_grid *g, ogi_doc *doc, int table);
void ogi_grid_row_begin(ogi_grid *g, int line);
/* A real cell spanning colspan columns and rowspan rows (both clamped ≥ 1). */
void ogi_grid_cell(ogi_grid *g, const char *text, int line, int colspan, int rowspan);
/* A DOCX vMerge continuation: copies of the cells above in colspan columns. */
void ogi_grid_continue(ogi_grid *g, int line, int colspan);
/* Empty filler columns (DOCX gridBefore). */
void ogi_grid_skip(ogi_grid *g, int ncols);
void ogi_grid_row_end(ogi_grid *g);
void ogi_grid_end(ogi_grid *g);

/* Append text to b collapsing runs of ASCII white space into one space. */
void ogi_put_collapsed(ogi_buf *b, const char *s);
/* Trim ASCII white space at both ends (in place); returns the new length. */
size_t ogi_trim(ogi_buf *b);

/* n cells for an empty row at once, for a reader that knows a row's cells
 * before adding them (one allocation instead of one per power of two):
 * the caller fills all n.  ogi_doc_add_cell may append to the row after. */
ogi_doc_cell *ogi_doc_row_cells(ogi_doc *d, ogi_doc_row *row, size_t n);
/* A copy of the len bytes at text in d's pool, for a cell's text. */
char *ogi_doc_text(ogi_doc *d, const char *text, size_t len);

/* A published annual report is a few thousand rows at most; a document
 * far beyond that is refused before the mapper spends time on it. */
#define OGI_DOC_MAX_ROWS 50000
#define OGI_DOC_MAX_TEXT (16u << 20)
/* Non-NULL (a reason) when the document is beyond those limits. */
const char *ogi_doc_too_big(const ogi_doc *d);

/* ogi_read_text for data already known to be valid UTF-8 (the import
 * path has just checked or converted it; checking twice showed in
 * profiles). */
int ogi_read_text_utf8(const char *data, size_t len, ogi_doc *out, char *err, size_t errlen);

/* ogi_to_utf8 without the copy: bytes that already are valid UTF-8 come
 * back as a view into data (past a BOM) with *owned NULL; converted text
 * is a new buffer, also in *owned, for the caller to free.  NULL (and err)
 * exactly when ogi_to_utf8 fails. */
const char *ogi_utf8_view(const char *data, size_t len, const char *charset_hint,
                          size_t *out_len, char **owned, char *err, size_t errlen);

/* libxml2 must be initialised once before parsing from several threads. */
void ogi_readers_init(void);

#endif
