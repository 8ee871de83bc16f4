/*
 * pdf_glyph_seeds.c — writes the glyph boxes of real PDFs in the input
 * encoding of fuzz_pdf_layout (fuzz_pdf_glyphs.h), so that target starts
 * from the layouts of published reports rather than from nothing.
 *
 * usage: pdf_glyph_seeds IN.pdf OUT.glyphs
 * The glyphs come from the reader's own read_glyphs() (src/import/pdf.c is
 * included for it), so the seeds are what the layout stage really sees.
 */
#define ogi_read_pdf seeds_unused_ogi_read_pdf
#include "import/pdf.c"
#undef ogi_read_pdf

#include "fuzz_pdf_glyphs.h"

static unsigned units(double v)
{
    double s = v * FUZZ_GLYPH_SCALE + 0.5;
    return s < 0 ? 0 : s > 0xFFFF ? 0xFFFF : (unsigned)s;
}

static void put_u16(uint8_t *q, unsigned v)
{
    q[0] = (uint8_t)(v >> 8);
    q[1] = (uint8_t)v;
}

static void put_glyph(FILE *out, const glyph *g, bool new_page)
{
    size_t n = strlen(g->s);
    if (n < 1 || n > 4)
        return;
    uint8_t rec[FUZZ_GLYPH_HEAD + 4];
    put_u16(rec, units(g->x1));
    put_u16(rec + 2, units(g->y1));
    put_u16(rec + 4, units(g->x2 - g->x1));
    put_u16(rec + 6, units(g->y2 - g->y1));
    rec[8] = (uint8_t)((n - 1) | (new_page ? 0x80 : 0));
    memcpy(rec + FUZZ_GLYPH_HEAD, g->s, n);
    fwrite(rec, 1, FUZZ_GLYPH_HEAD + n, out);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: pdf_glyph_seeds IN.pdf OUT.glyphs\n");
        return 2;
    }
    size_t len;
    char *data = ogi_read_file(argv[1], OGI_IMPORT_MAX_BYTES, &len);
    GBytes *bytes = data ? g_bytes_new(data, len) : NULL;
    PopplerDocument *pd = bytes ? poppler_document_new_from_bytes(bytes, NULL, NULL) : NULL;
    FILE *out = fopen(argv[2], "wb");
    if (!pd || !out) {
        fprintf(stderr, "pdf_glyph_seeds: cannot read %s or write %s\n", argv[1], argv[2]);
        return 1;
    }
    for (int i = 0; i < poppler_document_get_n_pages(pd); i++) {
        PopplerPage *page = poppler_document_get_page(pd, i);
        page_text pt = {0};
        read_glyphs(page, &pt);
        for (size_t k = 0; k < pt.ng; k++)
            put_glyph(out, &pt.g[k], k == 0 && i > 0);
        free(pt.g);
        g_object_unref(page);
    }
    fclose(out);
    g_object_unref(pd);
    g_bytes_unref(bytes);
    free(data);
    return 0;
}
