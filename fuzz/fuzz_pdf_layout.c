/*
 * fuzz_pdf_layout.c — libFuzzer target: the PDF reader's layout stage
 * (lines from glyph boxes, vertical labels, cells, table regions and
 * columns, wrapped labels) on synthetic positioned text, without poppler,
 * then the label mapper on what it emits.
 *
 * The layout code is static in src/import/pdf.c, so this file includes
 * that file and drives its functions the way read_page() does, with the
 * glyphs taken from the input instead of from poppler_page_get_text_layout.
 * Keep layout_page() in step with read_page() when the reader changes.
 *
 * Input: glyph records (fuzz_pdf_glyphs.h: box, flags, UTF-8 text; text
 * that is not one valid character becomes "?", as poppler only gives valid
 * UTF-8).  pdf_glyph_seeds writes them from real PDFs.  Pages are A4
 * (842 pt high, for the page-number test).
 */
#define ogi_read_pdf fuzz_unused_ogi_read_pdf
#include "import/pdf.c"
#undef ogi_read_pdf

#include "fuzz_pdf_glyphs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void layout_page(ogi_doc *doc, pdf_ctx *c, page_text *pt, double page_h)
{
    build_lines(pt);
    vlabel vl[32];
    size_t nv = find_vertical(pt, vl, 32);
    qsort(vl, nv, sizeof *vl, by_vy);
    for (size_t i = 0; i < pt->nl; i++)
        split_chunks(pt, &pt->l[i]);
    region *regs = NULL;
    int nr = find_regions(pt, &regs);
    attach_wrapped(pt, regs, nr);
    join_stacked(pt, regs, nr);
    emit_page(doc, c, pt, regs, nr, vl, nv, page_h);
    for (size_t i = 0; i < nv; i++)
        free(vl[i].text);
    free(regs);
    free_page(pt);
}

/* The glyphs of the next page from the input; false when none is left. */
static bool next_page(const uint8_t **p, const uint8_t *end, page_text *pt)
{
    memset(pt, 0, sizeof *pt);
    size_t cap = 0;
    fuzz_glyph fg;
    const uint8_t *q = *p;
    bool first = true;
    while (fuzz_glyph_next(&q, end, &fg)) {
        if (fg.new_page && !first)
            break;
        *p = q;
        first = false;
        if (pt->ng == PDF_MAX_GLYPHS_PAGE)
            continue;
        if (pt->ng == cap)
            pt->g = ogi_xrealloc(pt->g, (cap = cap ? cap * 2 : 64) * sizeof *pt->g);
        glyph *g = &pt->g[pt->ng++];
        memset(g, 0, sizeof *g);
        g->x1 = fg.x, g->x2 = fg.x + fg.w, g->y1 = fg.y, g->y2 = fg.y + fg.h;
        if (g->y2 - g->y1 < 0.5) /* as read_glyphs() does */
            g->y2 = g->y1 + 0.5;
        memcpy(g->s, fg.text, sizeof fg.text);
    }
    if (first)
        return false;
    if (!pt->g)
        pt->g = ogi_xcalloc(1, sizeof *pt->g);
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ogi_doc doc;
    ogi_doc_init(&doc, "fuzz.pdf");
    pdf_ctx c = {0};
    const uint8_t *p = data, *end = data + size;
    page_text pt;
    for (int page = 0; page < PDF_MAX_PAGES && next_page(&p, end, &pt); page++)
        layout_page(&doc, &c, &pt, 842.0);
    if (doc.n && !ogi_doc_too_big(&doc))
        ogi_report_free(ogi_map_doc(&doc));
    ogi_doc_free(&doc);
    return 0;
}
