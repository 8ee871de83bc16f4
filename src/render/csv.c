/*
 * csv.c — a report as CSV: key,label,value, one line per cell present in
 * the report, in the order of the format definition.  Blank cells keep an
 * empty value (blank is not zero); absent cells have no line.
 */
#include "ogi/render.h"
#include "render/render_internal.h"

int ogi_render_csv(const ogi_report *r, const ogi_findings *findings, ogi_buf *out)
{
    (void)findings; /* a cell table has no place for them; use json or html */
    ogi_buf_puts(out, "key,label,value\n");
    for (size_t i = 0; i < ogi_cell_count(); i++) {
        const ogi_cell_def *d = ogi_cell_at(i);
        if (r->cells[i].state == OGI_CELL_ABSENT)
            continue;
        char buf[OGI_VALUE_BUF];
        ogi_buf_csv(out, d->key);
        ogi_buf_putc(out, ',');
        ogi_buf_csv(out, d->label);
        ogi_buf_putc(out, ',');
        ogi_buf_csv(out, ogi_cell_value_text(d, &r->cells[i], buf));
        ogi_buf_puts(out, "\n");
    }
    return 0;
}
