/*
 * ogi/json.h — a report as JSON, with the spec's keys (schema: docs/json.md).
 *
 * Round trip JSON → model → JSON is lossless: decimals print back as
 * written, blank (null) and absent (no key) stay distinct, and per-cell
 * raw text, state and source travel in "cell_detail".
 */
#ifndef OGI_JSON_H
#define OGI_JSON_H

#include <jansson.h>

#include "ogi/report.h"
#include "ogi/validate.h"

/* Parse a report.  On error returns NULL and writes a message naming the
 * offending key into err. */
ogi_report *ogi_report_from_json(const json_t *j, char *err, size_t errlen);
ogi_report *ogi_report_from_json_text(const char *text, size_t len, char *err, size_t errlen);
/* Serialise.  Findings are added under "findings" when non-NULL. */
json_t *ogi_report_to_json(const ogi_report *r, const ogi_findings *findings);
json_t *ogi_findings_to_json(const ogi_findings *f);
/* Dump flags used for every report JSON ogi writes (exact decimals). */
#define OGI_JSON_DUMP_FLAGS (JSON_INDENT(1) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15))
/* A money cell as a JSON number that prints as written (e.g. 1887.214474). */
json_t *ogi_json_money(int64_t millionths, int decimals);

#endif
