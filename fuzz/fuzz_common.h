/*
 * fuzz_common.h — one fuzz step shared by the targets: read the bytes with
 * one reader, map the document to a report, free everything.  A crash,
 * a sanitizer report or a leak anywhere on that path fails the run.
 */
#ifndef OGI_FUZZ_COMMON_H
#define OGI_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "ogi/import.h"
#include "ogi/validate.h"

/* src/report/validate.c arrives from another worktree; json.c needs this
 * one function of it to link.  The real one takes precedence. */
__attribute__((weak)) const char *ogi_severity_name(ogi_severity s)
{
    return s == OGI_SEV_ERROR ? "ERROR" : "WARNING";
}

typedef int (*ogi_fuzz_reader)(const char *, size_t, ogi_doc *, char *, size_t);

static inline int ogi_fuzz_one(ogi_fuzz_reader read, const uint8_t *data, size_t size)
{
    ogi_doc doc;
    char err[512];
    ogi_doc_init(&doc, "fuzz-input");
    if (read((const char *)data, size, &doc, err, sizeof err) == 0)
        ogi_report_free(ogi_map_doc(&doc));
    ogi_doc_free(&doc);
    return 0;
}

#endif
