/*
 * map.c — the label mapper's entry point: a document of cell rows → a
 * report.  Takes the label dictionary of the format definition (built
 * once per process, map_dict.c), NFKCs every cell once, tokenises the
 * document, then reads metadata, sections and tables (map_meta.c,
 * map_sections.c, map_tables.c).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "import/fast_text.h"
#include "map_internal.h"
#include "ogi/buf.h"

/* NFKC of one cell: the text itself when it is its own NFKC (most cells:
 * ideographs and ASCII), else in the pool — the fast set converted from
 * where it first changes, anything else through utf8proc; NULL for no
 * text or text that is not UTF-8. */
static const char *cell_nfkc(import_arena *pool, const char *text, size_t *out_len)
{
    *out_len = 0;
    if (!text)
        return NULL;
    size_t len = strlen(text), same = fast_nfkc_identity_prefix(text, len), n_len;
    if (same == len) {
        *out_len = len;
        return text;
    }
    char *out = import_arena_alloc(pool, len + 1);
    memcpy(out, text, same);
    if ((n_len = fast_nfkc_into(text + same, len - same, out + same)) != SIZE_MAX) {
        *out_len = same + n_len;
        return out;
    }
    char *n = fast_nfkc(text);
    const char *r = n ? import_arena_strndup(pool, n, *out_len = strlen(n)) : NULL;
    free(n);
    return r;
}

void map_nfkc_cells_init(map_nfkc_cells *nc, const ogi_doc *doc)
{
    size_t total = 0;
    memset(nc, 0, sizeof *nc);
    nc->doc = doc;
    nc->at = import_arena_alloc(&nc->pool, (doc->n + 1) * sizeof *nc->at);
    for (size_t i = 0; i < doc->n; i++) {
        nc->at[i] = total;
        total += doc->rows[i].n;
    }
    nc->at[doc->n] = total;
    nc->text = import_arena_alloc(&nc->pool, (total ? total : 1) * sizeof *nc->text);
    nc->len = import_arena_alloc(&nc->pool, (total ? total : 1) * sizeof *nc->len);
    for (size_t i = 0; i < doc->n; i++)
        for (size_t c = 0; c < doc->rows[i].n; c++)
            nc->text[nc->at[i] + c] =
                cell_nfkc(&nc->pool, doc->rows[i].cells[c].text, &nc->len[nc->at[i] + c]);
}

void map_nfkc_cells_free(map_nfkc_cells *nc)
{
    import_arena_free(&nc->pool);
}

ogi_report *ogi_map_doc(const ogi_doc *doc)
{
    ogi_report *r = ogi_report_new();
    r->source = ogi_strdup(doc->file);
    const map_dict *dict = map_dict_shared();
    map_nfkc_cells cells;
    map_nfkc_cells_init(&cells, doc);
    map_tokens toks;
    map_tokenize(&cells, dict, &toks);
    map_meta(&cells, r);
    map_sections(&toks, r);
    map_tables(&toks, dict, r, doc->file);
    map_sections_text(doc, &toks, r);
    map_tokens_free(&toks);
    map_nfkc_cells_free(&cells);
    return r;
}
