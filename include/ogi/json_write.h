/*
 * ogi/json_write.h — JSON text written straight into an ogi_buf, byte for
 * byte what jansson's json_dumps prints for the same tree.
 *
 * Why: a batch import writes one report line per file, about nine times
 * the input's size; building that line as a jansson tree and dumping it
 * cost more than reading and mapping the report.  The writer streams the
 * same bytes instead.  It follows jansson 2.14's dump.c for the flags ogi
 * uses (JSON_COMPACT, JSON_INDENT(n), JSON_REAL_PRECISION(p); key order is
 * insertion order): the same separators and line breaks, the same string
 * escapes, numbers printed as jansson prints them, and a string that is
 * not valid UTF-8 (or NULL) left out together with its key, as
 * json_object_set_new() leaves out the NULL that json_string() returns for
 * it.  tests/unit/test_json_write.c compares the two on every report and
 * on crafted strings and numbers.
 */
#ifndef OGI_JSON_WRITE_H
#define OGI_JSON_WRITE_H

#include <jansson.h>
#include <stdbool.h>

#include "ogi/buf.h"
#include "ogi/report.h"
#include "ogi/validate.h"

#define OGI_JW_MAX_DEPTH 16

typedef struct {
    ogi_buf *buf;
    size_t flags;
    int depth;                          /* containers open */
    char close[OGI_JW_MAX_DEPTH];       /* '}' or ']' per open container */
    bool has[OGI_JW_MAX_DEPTH];         /* whether it has a member yet */
} ogi_json_writer;

/* Write into buf (appending) with json_dumps flags; JSON_SORT_KEYS,
 * JSON_ENSURE_ASCII, JSON_ESCAPE_SLASH and JSON_EMBED are not supported
 * (abort). */
void ogi_jw_init(ogi_json_writer *w, ogi_buf *buf, size_t flags);
/* Each value goes under key in an object, or key NULL for an array
 * element or the top-level value.  bracket is '{' or '['. */
void ogi_jw_open(ogi_json_writer *w, const char *key, char bracket);
void ogi_jw_close(ogi_json_writer *w);
/* false, and nothing written, for NULL or invalid UTF-8 (see above). */
bool ogi_jw_string(ogi_json_writer *w, const char *key, const char *s);
void ogi_jw_integer(ogi_json_writer *w, const char *key, long long v);
/* false, and nothing written, for NaN and infinities (json_real refuses them). */
bool ogi_jw_real(ogi_json_writer *w, const char *key, double v);
void ogi_jw_null(ogi_json_writer *w, const char *key);

/* The report as json_dumps(ogi_report_to_json(r, findings), flags) prints
 * it, written as the value of key (NULL at top level). */
void ogi_report_write_json(ogi_json_writer *w, const char *key, const ogi_report *r,
                           const ogi_findings *findings);

#endif
