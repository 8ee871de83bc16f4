/*
 * csv_internal.h — what the CSV importers/exporters of each record kind
 * share: a record addressed by column name, and error collection.
 */
#ifndef OGI_CSV_INTERNAL_H
#define OGI_CSV_INTERNAL_H

#include <stdbool.h>

#include "ogi/csv_io.h"

/* One data record with the header that names its fields. */
typedef struct {
    const ogi_csv_row *header;
    const ogi_csv_row *row;
    ogi_csv_errors *errs;
    bool bad; /* an error was recorded for this row */
} csv_rec;

/* The field of a column: NULL when the column is absent or the field empty. */
const char *csv_get(const csv_rec *r, const char *column);
/* Record an error against the row (column may be ""). */
void csv_error(csv_rec *r, const char *column, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void csv_errors_add(ogi_csv_errors *e, int line, const char *column, const char *message);
/* Required field: records 「缺少 column」 when empty. */
const char *csv_need(csv_rec *r, const char *column);
/* A YYYY-MM-DD field (optional unless required); false after recording an error. */
bool csv_date_ok(csv_rec *r, const char *column, bool required);
/* The agency named in column "agency"; 0 after recording an error. */
int64_t csv_agency(ogi_store *s, csv_rec *r);

/* One exported line: fields in column order (NULL = empty), CRLF-terminated. */
void csv_put_row(ogi_buf *out, const char *const *fields, size_t n);
/* Agency name by id for export, cached by the caller's lookups. */
char *csv_agency_name(ogi_store *s, int64_t id);

/* Per kind: apply one record inside the import transaction (errors go to r). */
void csv_import_application(ogi_store *s, const ogi_calendar *cal, csv_rec *r,
                            const char *actor);
void csv_import_item(ogi_store *s, const ogi_calendar *cal, csv_rec *r, const char *actor);
void csv_import_case(ogi_store *s, csv_rec *r, const char *actor);
void csv_import_figure(ogi_store *s, csv_rec *r, const char *actor);

int csv_export_applications(ogi_store *s, int64_t agency_id, ogi_buf *out, char *err,
                            size_t errlen);
int csv_export_items(ogi_store *s, int64_t agency_id, ogi_buf *out, char *err, size_t errlen);
int csv_export_cases(ogi_store *s, int64_t agency_id, ogi_buf *out, char *err, size_t errlen);

extern const char *const csv_application_columns[];
extern const char *const csv_item_columns[];
extern const char *const csv_case_columns[];
extern const char *const csv_figure_columns[];

#endif
