/*
 * docx.c — a report as an editable Word document in the layout of the
 * national template: A4, title, the six sections with their narrative,
 * section 二's Article 20 table, section 三's 3×3 note block and nested
 * applicant headers, section 四's three header rows.
 *
 * The tables come from grid.c (the shared layout walk turned into merged
 * cells): a horizontal span is one w:tc with w:gridSpan, a vertical span a
 * w:vMerge "restart" cell followed by "continue" cells in the rows below.
 * The package is written with libzip; every text goes through xml_text().
 * Blank cells stay empty paragraphs, money prints as written.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "ogi/render.h"
#include "render/grid.h"
#include "render/render_internal.h"

/* A4 in twentieths of a point, margins 20 mm (top/bottom) and 15 mm. */
#define PAGE_W 11906
#define PAGE_H 16838
#define MARGIN_TB 1134
#define MARGIN_LR 850
#define TEXT_W (PAGE_W - 2 * MARGIN_LR)

#define NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_PKG_REL "http://schemas.openxmlformats.org/package/2006/relationships"
#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
#define FONT_LATIN "Times New Roman"
#define FONT_SONG "宋体"
#define FONT_HEI "黑体"

/* ---- escaping ---- */

/* Text for an XML element or attribute: markup characters escaped, and
 * the control characters XML 1.0 cannot carry dropped. */
static void xml_text(ogi_buf *b, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        switch (*p) {
        case '&': ogi_buf_puts(b, "&amp;"); break;
        case '<': ogi_buf_puts(b, "&lt;"); break;
        case '>': ogi_buf_puts(b, "&gt;"); break;
        case '"': ogi_buf_puts(b, "&quot;"); break;
        default:
            if (*p >= 0x20 || *p == '\t')
                ogi_buf_putc(b, (char)*p);
        }
    }
}

/* ---- paragraphs ---- */

/* A paragraph of one run in a paragraph style, optionally centred. */
static void para(ogi_buf *b, const char *style, const char *jc, const char *text)
{
    ogi_buf_printf(b, "<w:p><w:pPr><w:pStyle w:val=\"%s\"/>", style);
    if (jc)
        ogi_buf_printf(b, "<w:jc w:val=\"%s\"/>", jc);
    ogi_buf_puts(b, "</w:pPr>");
    if (text && text[0]) {
        ogi_buf_puts(b, "<w:r><w:t xml:space=\"preserve\">");
        xml_text(b, text);
        ogi_buf_puts(b, "</w:t></w:r>");
    }
    ogi_buf_puts(b, "</w:p>\n");
}

static void narrative(ogi_buf *b, const char *text)
{
    const char *cur = text, *p;
    size_t n;
    while (ogi_rd_next_para(&cur, &p, &n)) {
        char *line = ogi_strndup(p, n);
        para(b, "ogiBody", NULL, line);
        free(line);
    }
}

static void title_block(ogi_buf *b, const ogi_report *r)
{
    ogi_buf title, meta;
    ogi_buf_init(&title);
    ogi_buf_init(&meta);
    ogi_rd_title(r, &title);
    para(b, "Title", "center", title.data);
    if (r->period)
        ogi_buf_printf(&meta, "统计期限：%s", r->period);
    if (r->publish_date)
        ogi_buf_printf(&meta, "%s发布日期：%s", r->period ? "　" : "", r->publish_date);
    if (meta.len)
        para(b, "ogiMeta", "center", meta.data);
    ogi_buf_free(&title);
    ogi_buf_free(&meta);
}

/* ---- tables ---- */

/* Column widths: row-header columns share a fixed part of the text width
 * (the leaf label column the most), data columns split the rest. */
static void column_widths(const ogi_grid *g, int *w)
{
    size_t data = g->n_cols - g->label_cols;
    int label_area = g->label_cols == 0 ? 0 : g->label_cols == 1 ? TEXT_W * 3 / 10
                                                                 : TEXT_W / 2;
    int inner = g->label_cols > 1 ? label_area / 5 : 0;
    for (size_t c = 0; c + 1 < g->label_cols; c++)
        w[c] = inner;
    if (g->label_cols)
        w[g->label_cols - 1] = label_area - inner * (int)(g->label_cols - 1);
    for (size_t c = g->label_cols; c < g->n_cols; c++)
        w[c] = (TEXT_W - label_area) / (int)(data ? data : 1);
}

static void table_start(ogi_buf *b, const ogi_grid *g, const int *w)
{
    int total = 0;
    for (size_t c = 0; c < g->n_cols; c++)
        total += w[c];
    ogi_buf_printf(b, "<w:tbl><w:tblPr><w:tblStyle w:val=\"ogiTable\"/>"
                      "<w:tblW w:w=\"%d\" w:type=\"dxa\"/><w:jc w:val=\"center\"/><w:tblBorders>",
                   total);
    static const char *const sides[] = {"top", "left", "bottom", "right", "insideH", "insideV"};
    for (size_t i = 0; i < sizeof sides / sizeof *sides; i++)
        ogi_buf_printf(b, "<w:%s w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>",
                       sides[i]);
    ogi_buf_puts(b, "</w:tblBorders><w:tblLayout w:type=\"fixed\"/><w:tblCellMar>"
                    "<w:left w:w=\"57\" w:type=\"dxa\"/><w:right w:w=\"57\" w:type=\"dxa\"/>"
                    "</w:tblCellMar><w:tblLook w:val=\"0000\"/></w:tblPr>\n<w:tblGrid>");
    for (size_t c = 0; c < g->n_cols; c++)
        ogi_buf_printf(b, "<w:gridCol w:w=\"%d\"/>", w[c]);
    ogi_buf_puts(b, "</w:tblGrid>\n");
}

static int span_width(const int *w, size_t c, size_t colspan)
{
    int sum = 0;
    for (size_t i = 0; i < colspan; i++)
        sum += w[c + i];
    return sum;
}

/* The cell properties every w:tc starts with; vmerge is NULL, "restart"
 * or "" (continue). */
static void cell_props(ogi_buf *b, int width, size_t colspan, const char *vmerge)
{
    ogi_buf_printf(b, "<w:tc><w:tcPr><w:tcW w:w=\"%d\" w:type=\"dxa\"/>", width);
    if (colspan > 1)
        ogi_buf_printf(b, "<w:gridSpan w:val=\"%zu\"/>", colspan);
    if (vmerge && vmerge[0])
        ogi_buf_printf(b, "<w:vMerge w:val=\"%s\"/>", vmerge);
    else if (vmerge)
        ogi_buf_puts(b, "<w:vMerge/>");
    ogi_buf_puts(b, "<w:vAlign w:val=\"center\"/></w:tcPr>");
}

static const char *cell_style(ogi_grid_kind k)
{
    switch (k) {
    case OGI_GRID_CAPTION: return "ogiCaption";
    case OGI_GRID_NOTE: return "ogiNote";
    default: return "ogiCell";
    }
}

static void anchor_cell(ogi_buf *b, const ogi_grid_cell *x, const int *w, size_t c)
{
    cell_props(b, span_width(w, c, x->colspan), x->colspan, x->rowspan > 1 ? "restart" : NULL);
    bool left = x->kind == OGI_GRID_ROWHEAD || x->kind == OGI_GRID_NOTE;
    para(b, cell_style(x->kind), left ? "left" : "center", x->text);
    ogi_buf_puts(b, "</w:tc>");
}

/* One grid row: anchors as cells, the first column of a block merged from
 * above as a vMerge continue cell, other covered positions skipped. */
static void table_row(ogi_buf *b, const ogi_grid *g, const int *w, size_t r)
{
    ogi_buf_puts(b, "<w:tr><w:trPr><w:cantSplit/>");
    if (r < g->head_rows)
        ogi_buf_puts(b, "<w:tblHeader/>");
    ogi_buf_puts(b, "</w:trPr>");
    for (size_t c = 0; c < g->n_cols; c++) {
        const ogi_grid_cell *x = ogi_grid_at(g, r, c);
        if (x->anchor_r == r && x->anchor_c == c) {
            anchor_cell(b, x, w, c);
        } else if (x->anchor_c == c) {
            const ogi_grid_cell *a = ogi_grid_at(g, x->anchor_r, c);
            cell_props(b, span_width(w, c, a->colspan), a->colspan, "");
            ogi_buf_puts(b, "<w:p><w:pPr><w:pStyle w:val=\"ogiCell\"/></w:pPr></w:p></w:tc>");
        }
    }
    ogi_buf_puts(b, "</w:tr>\n");
}

static void table(ogi_buf *b, const ogi_grid *g)
{
    int *w = ogi_xcalloc(g->n_cols, sizeof *w);
    column_widths(g, w);
    table_start(b, g, w);
    for (size_t r = 0; r < g->n_rows; r++)
        table_row(b, g, w, r);
    ogi_buf_puts(b, "</w:tbl>\n");
    para(b, "ogiAfterTable", NULL, NULL); /* Word needs a paragraph between tables */
    free(w);
}

/* ---- sections ---- */

static void section2(ogi_buf *b, const ogi_report *r)
{
    ogi_grid g;
    if (ogi_grid_section2(r, &g))
        table(b, &g);
    ogi_grid_free(&g);
    if (!r->n_extras)
        return;
    para(b, "ogiBody", NULL, "报告另列的非标准行（照录）：");
    for (size_t i = 0; i < r->n_extras; i++)
        para(b, "ogiBody", NULL, r->extras[i]);
}

static void section_tables(ogi_buf *b, const ogi_report *r, int section)
{
    const ogi_table_def *t[OGI_TABLE_COUNT];
    size_t n = ogi_rd_section_tables(r, section, t, OGI_TABLE_COUNT);
    for (size_t i = 0; i < n; i++) {
        ogi_grid g;
        ogi_grid_table(r, t[i], &g);
        table(b, &g);
        ogi_grid_free(&g);
    }
}

static void document_xml(ogi_buf *b, const ogi_report *r)
{
    ogi_buf_puts(b, XML_DECL "<w:document xmlns:w=\"" NS_W "\" xmlns:r=\"" NS_REL "\"><w:body>\n");
    title_block(b, r);
    for (size_t s = 0; s < ogi_section_count(); s++) {
        const ogi_section_def *sec = ogi_section_at(s);
        para(b, "Heading1", NULL, sec->heading);
        narrative(b, r->sections[s]);
        if (sec->n == 2)
            section2(b, r);
        else
            section_tables(b, r, sec->n);
    }
    ogi_buf_printf(b, "<w:sectPr><w:pgSz w:w=\"%d\" w:h=\"%d\"/><w:pgMar w:top=\"%d\" "
                      "w:right=\"%d\" w:bottom=\"%d\" w:left=\"%d\" w:header=\"567\" "
                      "w:footer=\"567\" w:gutter=\"0\"/></w:sectPr>\n</w:body></w:document>\n",
                   PAGE_W, PAGE_H, MARGIN_TB, MARGIN_LR, MARGIN_TB, MARGIN_LR);
}

/* ---- styles, fonts, package parts ---- */

/* Run properties: Latin font, Chinese font, size in half-points, bold. */
static void run_props(ogi_buf *b, const char *east_asia, int half_points, bool bold)
{
    ogi_buf_printf(b, "<w:rPr><w:rFonts w:ascii=\"" FONT_LATIN "\" w:hAnsi=\"" FONT_LATIN
                      "\" w:cs=\"" FONT_LATIN "\" w:eastAsia=\"%s\"/>%s<w:sz w:val=\"%d\"/>"
                      "<w:szCs w:val=\"%d\"/><w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\"/></w:rPr>",
                   east_asia, bold ? "<w:b/><w:bCs/>" : "", half_points, half_points);
}

/* A paragraph style: id, name, paragraph properties (in the schema's
 * element order — Word rejects others), run properties. */
static void para_style(ogi_buf *b, const char *id, const char *name, const char *ppr,
                       const char *east_asia, int half_points, bool bold)
{
    ogi_buf_printf(b, "<w:style w:type=\"paragraph\" w:styleId=\"%s\"%s><w:name w:val=\"%s\"/>",
                   id, strcmp(id, "Normal") ? "" : " w:default=\"1\"", name);
    if (strcmp(id, "Normal"))
        ogi_buf_puts(b, "<w:basedOn w:val=\"Normal\"/><w:qFormat/>");
    ogi_buf_printf(b, "<w:pPr>%s</w:pPr>", ppr);
    run_props(b, east_asia, half_points, bold);
    ogi_buf_puts(b, "</w:style>\n");
}

static void styles_xml(ogi_buf *b)
{
    ogi_buf_puts(b, XML_DECL "<w:styles xmlns:w=\"" NS_W "\"><w:docDefaults><w:rPrDefault>");
    run_props(b, FONT_SONG, 24, false);
    ogi_buf_puts(b, "</w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after=\"0\" "
                    "w:line=\"240\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>\n");
    para_style(b, "Normal", "Normal", "<w:spacing w:line=\"360\" w:lineRule=\"auto\"/>",
               FONT_SONG, 24, false);
    para_style(b, "Title", "Title", "<w:spacing w:before=\"240\" w:after=\"240\"/>"
               "<w:jc w:val=\"center\"/>", FONT_SONG, 36, true);
    para_style(b, "Heading1", "heading 1", "<w:keepNext/><w:spacing w:before=\"240\" "
               "w:after=\"120\"/><w:outlineLvl w:val=\"0\"/>", FONT_HEI, 28, false);
    para_style(b, "ogiMeta", "ogi meta", "<w:spacing w:after=\"240\"/><w:jc w:val=\"center\"/>",
               FONT_SONG, 21, false);
    para_style(b, "ogiBody", "ogi body", "<w:ind w:firstLineChars=\"200\" w:firstLine=\"480\"/>",
               FONT_SONG, 24, false);
    para_style(b, "ogiCell", "ogi table cell", "<w:spacing w:line=\"240\" w:lineRule=\"auto\"/>",
               FONT_SONG, 21, false);
    para_style(b, "ogiCaption", "ogi table caption", "<w:jc w:val=\"center\"/>", FONT_SONG, 21,
               true);
    para_style(b, "ogiNote", "ogi table note", "<w:spacing w:line=\"240\" w:lineRule=\"auto\"/>",
               FONT_SONG, 18, false);
    para_style(b, "ogiAfterTable", "ogi after table", "<w:spacing w:line=\"240\" "
               "w:lineRule=\"auto\"/>", FONT_SONG, 12, false);
    ogi_buf_puts(b, "<w:style w:type=\"table\" w:styleId=\"ogiTable\"><w:name w:val=\"ogi table\"/>"
                    "<w:tblPr><w:tblBorders><w:top w:val=\"single\" w:sz=\"4\"/><w:left "
                    "w:val=\"single\" w:sz=\"4\"/><w:bottom w:val=\"single\" w:sz=\"4\"/><w:right "
                    "w:val=\"single\" w:sz=\"4\"/><w:insideH w:val=\"single\" w:sz=\"4\"/>"
                    "<w:insideV w:val=\"single\" w:sz=\"4\"/></w:tblBorders></w:tblPr></w:style>\n"
                    "</w:styles>\n");
}

static void font_table_xml(ogi_buf *b)
{
    ogi_buf_puts(b, XML_DECL "<w:fonts xmlns:w=\"" NS_W "\">"
                    "<w:font w:name=\"" FONT_LATIN "\"><w:charset w:val=\"00\"/>"
                    "<w:family w:val=\"roman\"/><w:pitch w:val=\"variable\"/></w:font>"
                    "<w:font w:name=\"" FONT_SONG "\"><w:altName w:val=\"SimSun\"/>"
                    "<w:charset w:val=\"86\"/><w:family w:val=\"auto\"/>"
                    "<w:pitch w:val=\"variable\"/></w:font>"
                    "<w:font w:name=\"" FONT_HEI "\"><w:altName w:val=\"SimHei\"/>"
                    "<w:charset w:val=\"86\"/><w:family w:val=\"modern\"/>"
                    "<w:pitch w:val=\"fixed\"/></w:font></w:fonts>\n");
}

static void content_types_xml(ogi_buf *b)
{
    static const char ct[] = "application/vnd.openxmlformats-officedocument.wordprocessingml.";
    ogi_buf_puts(b, XML_DECL "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
                    "content-types\"><Default Extension=\"rels\" ContentType=\"application/"
                    "vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" "
                    "ContentType=\"application/xml\"/>");
    ogi_buf_printf(b, "<Override PartName=\"/word/document.xml\" ContentType=\"%sdocument.main+xml\"/>"
                      "<Override PartName=\"/word/styles.xml\" ContentType=\"%sstyles+xml\"/>"
                      "<Override PartName=\"/word/fontTable.xml\" ContentType=\"%sfontTable+xml\"/>",
                   ct, ct, ct);
    ogi_buf_puts(b, "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/"
                    "vnd.openxmlformats-package.core-properties+xml\"/></Types>\n");
}

static void package_rels_xml(ogi_buf *b)
{
    ogi_buf_puts(b, XML_DECL "<Relationships xmlns=\"" NS_PKG_REL "\">"
                    "<Relationship Id=\"rId1\" Type=\"" NS_REL "/officeDocument\" "
                    "Target=\"word/document.xml\"/><Relationship Id=\"rId2\" Type=\""
                    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
                    "core-properties\" Target=\"docProps/core.xml\"/></Relationships>\n");
}

static void document_rels_xml(ogi_buf *b)
{
    ogi_buf_puts(b, XML_DECL "<Relationships xmlns=\"" NS_PKG_REL "\">"
                    "<Relationship Id=\"rId1\" Type=\"" NS_REL "/styles\" Target=\"styles.xml\"/>"
                    "<Relationship Id=\"rId2\" Type=\"" NS_REL "/fontTable\" "
                    "Target=\"fontTable.xml\"/></Relationships>\n");
}

static void core_xml(ogi_buf *b, const ogi_report *r)
{
    ogi_buf title;
    ogi_buf_init(&title);
    ogi_rd_title(r, &title);
    ogi_buf_puts(b, XML_DECL "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/"
                    "package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/"
                    "elements/1.1/\"><dc:title>");
    xml_text(b, title.data);
    ogi_buf_puts(b, "</dc:title><dc:language>zh-CN</dc:language></cp:coreProperties>\n");
    ogi_buf_free(&title);
}

/* ---- the zip ---- */

enum { PART_TYPES, PART_RELS, PART_DOC, PART_DOC_RELS, PART_STYLES, PART_FONTS, PART_CORE,
       N_PARTS };
static const char *const part_names[N_PARTS] = {
    "[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/_rels/document.xml.rels",
    "word/styles.xml", "word/fontTable.xml", "docProps/core.xml",
};

static void build_parts(const ogi_report *r, ogi_buf *parts)
{
    content_types_xml(&parts[PART_TYPES]);
    package_rels_xml(&parts[PART_RELS]);
    document_xml(&parts[PART_DOC], r);
    document_rels_xml(&parts[PART_DOC_RELS]);
    styles_xml(&parts[PART_STYLES]);
    font_table_xml(&parts[PART_FONTS]);
    core_xml(&parts[PART_CORE], r);
}

/* Add the parts to a zip; the buffers must live until zip_close(). */
static int add_parts(zip_t *z, const ogi_buf *parts)
{
    for (size_t i = 0; i < N_PARTS; i++) {
        zip_source_t *src = zip_source_buffer(z, parts[i].data, parts[i].len, 0);
        if (!src)
            return -1;
        if (zip_file_add(z, part_names[i], src, ZIP_FL_ENC_UTF_8) < 0) {
            zip_source_free(src);
            return -1;
        }
    }
    return 0;
}

int ogi_render_docx_file(const ogi_report *r, const char *path, char *err, size_t errlen)
{
    int zerr = 0;
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
    if (!z) {
        zip_error_t ze;
        zip_error_init_with_code(&ze, zerr);
        snprintf(err, errlen, "无法创建 %s：%s", path, zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return -1;
    }
    ogi_buf parts[N_PARTS];
    for (size_t i = 0; i < N_PARTS; i++)
        ogi_buf_init(&parts[i]);
    build_parts(r, parts);
    int rc = add_parts(z, parts);
    if (rc == 0 && zip_close(z) < 0)
        rc = -1;
    if (rc != 0) {
        snprintf(err, errlen, "无法写入 %s：%s", path, zip_strerror(z));
        zip_discard(z);
    }
    for (size_t i = 0; i < N_PARTS; i++)
        ogi_buf_free(&parts[i]);
    return rc;
}
