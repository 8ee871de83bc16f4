/*
 * json.c — a report as ogi's report JSON (docs/json.md), findings included
 * when given.  The model ↔ JSON mapping lives in src/report/json.c; this
 * file only makes it one of the render formats.
 */
#include <stdlib.h>

#include "ogi/json.h"
#include "ogi/render.h"

int ogi_render_json(const ogi_report *r, const ogi_findings *findings, ogi_buf *out)
{
    json_t *j = ogi_report_to_json(r, findings);
    char *text = json_dumps(j, OGI_JSON_DUMP_FLAGS);
    json_decref(j);
    if (!text)
        return -1;
    ogi_buf_puts(out, text);
    ogi_buf_putc(out, '\n');
    free(text);
    return 0;
}
