/*
 * map.c — the label mapper's entry point: a document of cell rows → a
 * report.  Builds the label dictionary from the format definition,
 * tokenises the document, then reads metadata, sections and tables
 * (map_meta.c, map_sections.c, map_tables.c).
 */
#include "map_internal.h"
#include "ogi/buf.h"

ogi_report *ogi_map_doc(const ogi_doc *doc)
{
    ogi_report *r = ogi_report_new();
    r->source = ogi_strdup(doc->file);
    map_dict dict;
    map_dict_build(&dict);
    map_tokens toks;
    map_tokenize(doc, &dict, &toks);
    map_meta(doc, r);
    map_sections(&toks, r);
    map_tables(&toks, &dict, r, doc->file);
    map_sections_text(doc, &toks, r);
    map_tokens_free(&toks);
    map_dict_free(&dict);
    return r;
}
