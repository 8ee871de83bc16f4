/*
 * ogi/csv_io.h — exchanging the ledger with spreadsheets and older systems
 * as CSV (RFC 4180, UTF-8 with or without BOM, a header row of stable
 * English column names: docs/ledger.md).
 *
 * Import is all-or-nothing: every row is checked and applied inside one
 * transaction; any bad row is reported (line, column, Chinese reason) and
 * the whole file is rolled back.  Applications go through the workflow
 * (ogi_app_create / ogi_app_event_apply) and registry items through
 * ogi_registry_step, so imported history obeys the same rules as history
 * entered by hand.  Export writes what import reads: export → import into
 * an empty ledger → export gives the same file.
 */
#ifndef OGI_CSV_IO_H
#define OGI_CSV_IO_H

#include <stddef.h>
#include <stdint.h>

#include "ogi/buf.h"
#include "ogi/calendar.h"
#include "ogi/store.h"

/* ---- the RFC 4180 reader ---- */

typedef struct {
    char **fields;
    size_t n;
    int line; /* 1-based physical line where the record starts */
} ogi_csv_row;

typedef struct {
    ogi_csv_row *rows; /* rows[0] is the header when the file has one */
    size_t n, cap;
} ogi_csv;

/* Split text into records: quoted fields, doubled quotes, embedded line
 * breaks, LF / CRLF / CR line ends, an optional UTF-8 BOM; empty lines are
 * skipped.  0, or -1 with a Chinese message naming the line (unterminated
 * quote, text after a closing quote, a quote inside an unquoted field,
 * invalid UTF-8).  out is empty after an error. */
int ogi_csv_parse(const char *text, size_t len, ogi_csv *out, char *err, size_t errlen);
void ogi_csv_free(ogi_csv *c);

/* ---- import and export ---- */

typedef enum {
    OGI_CSV_APPLICATIONS,
    OGI_CSV_ITEMS,
    OGI_CSV_CASES,
    OGI_CSV_FIGURES, /* import only: agency, year, key, value */
} ogi_csv_kind;

/* The columns of a kind, NULL-terminated, in export order. */
const char *const *ogi_csv_columns(ogi_csv_kind kind);

typedef struct {
    int line;         /* 1-based line of the record (0: the file as a whole) */
    char *column;     /* column name, or "" when the whole row is concerned */
    char *message;    /* Chinese */
} ogi_csv_error;

typedef struct {
    ogi_csv_error *items;
    size_t n, cap;
} ogi_csv_errors;

void ogi_csv_errors_free(ogi_csv_errors *e);

/* Import a CSV file's bytes.  cal is needed for applications and items
 * (may be NULL for cases and figures).  Returns 0 with *imported rows, or
 * -1 with every problem in errs and nothing imported. */
int ogi_csv_import(ogi_store *s, const ogi_calendar *cal, ogi_csv_kind kind, const char *text,
                   size_t len, const char *actor, size_t *imported, ogi_csv_errors *errs);

/* Export every record of an agency (0 = all) as CSV with a header row,
 * ordered by id.  Not for OGI_CSV_FIGURES.  0, or -1 with err. */
int ogi_csv_export(ogi_store *s, ogi_csv_kind kind, int64_t agency_id, ogi_buf *out, char *err,
                   size_t errlen);

/* A yearly figure as entered (CLI `figure set`, figure CSV): key must be a
 * section 二 cell key of the format definition, value its exact text
 * ("12"; money in 万元 "1887.214474").  0, or -1 with a Chinese message. */
int ogi_figure_parse(const char *key, const char *value, int64_t *out, int *decimals, char *err,
                     size_t errlen);

#endif
