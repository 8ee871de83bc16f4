/*
 * ogi/render.h — output formats.  One renderer per file in src/render/.
 */
#ifndef OGI_RENDER_H
#define OGI_RENDER_H

#include "ogi/buf.h"
#include "ogi/report.h"
#include "ogi/validate.h"

typedef enum {
    OGI_RENDER_HTML,
    OGI_RENDER_MD,
    OGI_RENDER_TXT,
    OGI_RENDER_CSV,
    OGI_RENDER_JSON,
} ogi_render_format;

/* "html" → OGI_RENDER_HTML …; -1 when unknown. */
int ogi_render_format_parse(const char *name);
const char *ogi_render_format_name(ogi_render_format f);

/* Render a report.  findings may be NULL; when given, renderers that can
 * show them (HTML, Markdown, text, JSON) do. Returns 0. */
int ogi_render(const ogi_report *r, const ogi_findings *findings, ogi_render_format f,
               ogi_buf *out);

int ogi_render_html(const ogi_report *r, const ogi_findings *findings, ogi_buf *out);
int ogi_render_md(const ogi_report *r, const ogi_findings *findings, ogi_buf *out);
int ogi_render_txt(const ogi_report *r, const ogi_findings *findings, ogi_buf *out);
int ogi_render_csv(const ogi_report *r, const ogi_findings *findings, ogi_buf *out);
int ogi_render_json(const ogi_report *r, const ogi_findings *findings, ogi_buf *out);

#endif
