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
    OGI_RENDER_DOCX, /* binary (zip): only through ogi_render_file() */
    OGI_RENDER_XLSX, /* binary (zip): only through ogi_render_file() */
} ogi_render_format;

/* "html" → OGI_RENDER_HTML …; -1 when unknown. */
int ogi_render_format_parse(const char *name);
const char *ogi_render_format_name(ogi_render_format f);

/* Render a report.  findings may be NULL; when given, renderers that can
 * show them (HTML, Markdown, text, JSON) do. Returns 0 (-1 for DOCX and
 * XLSX, which are written to a file by the functions below). */
int ogi_render(const ogi_report *r, const ogi_findings *findings, ogi_render_format f,
               ogi_buf *out);

int ogi_render_html(const ogi_report *r, const ogi_findings *findings, ogi_buf *out);
int ogi_render_md(const ogi_report *r, const ogi_findings *findings, ogi_buf *out);
int ogi_render_txt(const ogi_report *r, const ogi_findings *findings, ogi_buf *out);
int ogi_render_csv(const ogi_report *r, const ogi_findings *findings, ogi_buf *out);
int ogi_render_json(const ogi_report *r, const ogi_findings *findings, ogi_buf *out);

/* Whether a format is a binary file (DOCX, XLSX) that ogi_render() cannot
 * put in a buffer and that must not go to a terminal. */
bool ogi_render_format_is_file(ogi_render_format f);

/* Write a report as a Word document (A4, the six sections, the tables of
 * sections 二–四 with merged cells as in the national template) or as an
 * Excel workbook (one worksheet per table of sections 二–四) to path.
 * Returns 0, or -1 with a message (Simplified Chinese) in err. */
int ogi_render_docx_file(const ogi_report *r, const char *path, char *err, size_t errlen);
int ogi_render_xlsx_file(const ogi_report *r, const char *path, char *err, size_t errlen);

#endif
