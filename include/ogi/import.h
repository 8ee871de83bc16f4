/*
 * ogi/import.h — reading published reports back into the model.
 *
 * Every reader (text, HTML, DOCX, PDF) turns its input into one common
 * form, an ogi_doc: the document as an ordered list of rows of cell texts,
 * each with where it came from.  A paragraph or a text line is a row of one
 * cell (or of several, where the line has separators such as '|' or tabs);
 * a table row is a row whose cells are the table's cells after rowspan /
 * colspan resolution.  One label mapper (src/import/map.c) then finds
 * sections, tables, header and data rows in that form, using the format
 * definition (ogi/format.h), and fills an ogi_report.
 */
#ifndef OGI_IMPORT_H
#define OGI_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "ogi/report.h"

typedef struct {
    char *text;   /* UTF-8 cell text, as found (not normalised) */
    int line;     /* 1-based line in the source text, 0 if none */
    int table;    /* 0-based source table number, -1 outside tables */
    int row, col; /* 0-based grid position in that table, -1 if none */
    bool spanned; /* a copy of a merged cell's text (rowspan/colspan continuation) */
} ogi_doc_cell;

typedef struct {
    ogi_doc_cell *cells;
    size_t n;
    /* True when the row is a real table row whose empty cells were kept
     * (HTML, DOCX, PDF grid, pipe rows): then an empty cell is a blank
     * cell, not a dropped one. */
    bool grid;
    int line;     /* first line of the row, 0 if unknown */
} ogi_doc_row;

typedef struct {
    ogi_doc_row *rows;
    size_t n, cap;
    char *file;   /* source path as given, for provenance */
    char *title;  /* document title if the reader found one (HTML <title>, PDF metadata) */
    char *published; /* publish date (YYYY-MM-DD) the page's metadata gives, or NULL */
    struct import_arena *pool; /* where the cells and their texts live (NULL before any) */
    size_t text_bytes;  /* bytes of all cell texts */
} ogi_doc;

typedef enum {
    OGI_INPUT_UNKNOWN = 0,
    OGI_INPUT_JSON,
    OGI_INPUT_TEXT,
    OGI_INPUT_HTML,
    OGI_INPUT_DOCX,
    OGI_INPUT_PDF,
} ogi_input_kind;

/* Limits that keep a bad input within bounded memory and time. */
#define OGI_IMPORT_MAX_BYTES (128u << 20)  /* one input file */
#define OGI_IMPORT_MAX_UNZIP (64u << 20)   /* one DOCX part, uncompressed */

void ogi_doc_init(ogi_doc *d, const char *file);
void ogi_doc_free(ogi_doc *d);
/* Append a row; returns it so cells can be added. */
ogi_doc_row *ogi_doc_add_row(ogi_doc *d, bool grid, int line);
/* Append a cell to row, a row of d (its text is copied into d's pool). */
void ogi_doc_add_cell(ogi_doc *d, ogi_doc_row *row, const char *text, size_t len, int line,
                      int table, int r, int c, bool spanned);

/* Sniff the kind of input from its bytes (magic numbers, markup), falling
 * back to the file name's extension. */
ogi_input_kind ogi_input_sniff(const char *data, size_t len, const char *name);
const char *ogi_input_kind_name(ogi_input_kind k);

/* Bytes in an unknown encoding (UTF-8 with or without BOM, UTF-16 with BOM,
 * GBK / GB18030) → malloc'd UTF-8.  charset_hint may be NULL (detect).
 * Returns NULL with a message when the bytes are not text in any of them. */
char *ogi_to_utf8(const char *data, size_t len, const char *charset_hint, size_t *out_len,
                  char *err, size_t errlen);

/* Readers.  Each returns 0, or -1 with a message in err naming the file
 * and what is wrong (the doc is then empty and may be freed). */
int ogi_read_text(const char *data, size_t len, ogi_doc *out, char *err, size_t errlen);
int ogi_read_html(const char *data, size_t len, ogi_doc *out, char *err, size_t errlen);
int ogi_read_docx(const char *data, size_t len, ogi_doc *out, char *err, size_t errlen);
int ogi_read_pdf(const char *data, size_t len, ogi_doc *out, char *err, size_t errlen);

/* The label mapper: a document → a report (cells, metadata, sections,
 * headings, provenance).  Never fails on content: what it cannot place is
 * left absent, blank or ambiguous as the spec says. */
ogi_report *ogi_map_doc(const ogi_doc *doc);

/* A whole file: sniff, read, map.  JSON files are read as report JSON.
 * Returns NULL with err set (file name included) when unreadable. */
ogi_report *ogi_import_file(const char *path, char *err, size_t errlen);
ogi_report *ogi_import_bytes(const char *data, size_t len, const char *name, char *err,
                             size_t errlen);

#endif
