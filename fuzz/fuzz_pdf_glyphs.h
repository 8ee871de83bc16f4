/*
 * fuzz_pdf_glyphs.h — the glyph encoding of fuzz_pdf_layout's input, shared
 * with pdf_glyph_seeds (which writes it from real PDFs), so that the seeds
 * and the target read the same bytes the same way.
 *
 * A record: x, y, width, height (big-endian u16 each, in 1/32 pt: a page
 * up to 2048 pt), flags (bits 0–1: text bytes − 1; bit 7: first glyph of
 * a new page), then the text bytes.
 */
#ifndef OGI_FUZZ_PDF_GLYPHS_H
#define OGI_FUZZ_PDF_GLYPHS_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "ogi/text.h"

typedef struct {
    double x, y, w, h;
    bool new_page;
    char text[8]; /* NUL-terminated valid UTF-8, one character */
} fuzz_glyph;

#define FUZZ_GLYPH_SCALE 32.0 /* units per point */
#define FUZZ_GLYPH_HEAD 9      /* bytes before the text */

static inline unsigned fuzz_u16(const uint8_t *q) { return (unsigned)(q[0] << 8 | q[1]); }

static inline bool fuzz_glyph_next(const uint8_t **p, const uint8_t *end, fuzz_glyph *g)
{
    const uint8_t *q = *p;
    if (end - q < FUZZ_GLYPH_HEAD)
        return false;
    size_t n = (size_t)(q[8] & 3) + 1;
    if ((size_t)(end - q) < FUZZ_GLYPH_HEAD + n)
        return false;
    g->x = fuzz_u16(q) / FUZZ_GLYPH_SCALE;
    g->y = fuzz_u16(q + 2) / FUZZ_GLYPH_SCALE;
    g->w = fuzz_u16(q + 4) / FUZZ_GLYPH_SCALE;
    g->h = fuzz_u16(q + 6) / FUZZ_GLYPH_SCALE;
    g->new_page = q[8] & 0x80;
    memset(g->text, 0, sizeof g->text);
    memcpy(g->text, q + FUZZ_GLYPH_HEAD, n);
    if (!ogi_utf8_valid(g->text, n) || strlen(g->text) != n)
        strcpy(g->text, "?");
    *p = q + FUZZ_GLYPH_HEAD + n;
    return true;
}

#endif
