/*
 * map.c — the label mapper's entry point: a document of cell rows → a
 * report.  Takes the label dictionary of the format definition (built
 * once per process, map_dict.c), NFKCs every cell once, tokenises the
 * document, then reads metadata, sections and tables (map_meta.c,
 * map_sections.c, map_tables.c).
 */
#include <stdlib.h>

#include "import/fast_text.h"
#include "map_internal.h"
#include "ogi/buf.h"

void map_nfkc_cells_init(map_nfkc_cells *nc, const ogi_doc *doc)
{
    size_t total = 0;
    nc->doc = doc;
    nc->at = ogi_xmalloc((doc->n + 1) * sizeof *nc->at);
    for (size_t i = 0; i < doc->n; i++) {
        nc->at[i] = total;
        total += doc->rows[i].n;
    }
    nc->at[doc->n] = total;
    nc->text = ogi_xmalloc((total ? total : 1) * sizeof *nc->text);
    for (size_t i = 0; i < doc->n; i++)
        for (size_t c = 0; c < doc->rows[i].n; c++)
            nc->text[nc->at[i] + c] = fast_nfkc(doc->rows[i].cells[c].text);
}

void map_nfkc_cells_free(map_nfkc_cells *nc)
{
    for (size_t k = 0; k < nc->at[nc->doc->n]; k++)
        free(nc->text[k]);
    free(nc->text);
    free(nc->at);
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
