/*
 * docx.c — a Word document (.docx) → ogi_doc.
 *
 * A .docx is a zip holding word/document.xml.  libzip opens it from
 * memory with hard limits (entry count, uncompressed size checked both as
 * declared and as actually inflated, so a zip bomb cannot lie its way
 * past them); libxml2 parses the part without network or entity
 * expansion.  Paragraphs become one-cell rows (split at tabs), tables
 * become grid rows with gridSpan / vMerge resolved by the shared grid.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <zip.h>

#include "import/fast_text.h"
#include "import/readers.h"
#include "ogi/text.h"

#define DOCX_MAX_ENTRIES 10000
#define DOCX_PART "word/document.xml"

/* ---- the zip part ------------------------------------------------------ */

static char *inflate_entry(zip_t *z, zip_int64_t idx, size_t *len, char *msg, size_t msglen)
{
    zip_stat_t st;
    if (zip_stat_index(z, (zip_uint64_t)idx, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE)) {
        snprintf(msg, msglen, "%s: cannot stat the entry", DOCX_PART);
        return NULL;
    }
    if (st.size > OGI_IMPORT_MAX_UNZIP) {
        snprintf(msg, msglen, "%s is %llu bytes uncompressed (limit 64 MiB): refusing a zip bomb",
                 DOCX_PART, (unsigned long long)st.size);
        return NULL;
    }
    zip_file_t *f = zip_fopen_index(z, (zip_uint64_t)idx, 0);
    if (!f) {
        snprintf(msg, msglen, "%s: %s", DOCX_PART, zip_strerror(z));
        return NULL;
    }
    /* Read at most the declared size + 1: more data than declared is a lie. */
    size_t cap = (size_t)st.size + 1;
    char *buf = ogi_xmalloc(cap + 1);
    zip_int64_t got = zip_fread(f, buf, cap);
    if (got < 0 || (size_t)got != st.size) {
        snprintf(msg, msglen, "%s: %s", DOCX_PART,
                 got < 0 ? zip_file_strerror(f) : "size differs from the declared size");
        zip_fclose(f);
        free(buf);
        return NULL;
    }
    zip_fclose(f);
    buf[got] = '\0';
    *len = (size_t)got;
    return buf;
}

static char *document_xml(const char *data, size_t len, size_t *xlen, char *msg, size_t msglen)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
    zip_t *z = src ? zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze) : NULL;
    if (!z) {
        snprintf(msg, msglen, "not a valid zip archive (%s)", zip_error_strerror(&ze));
        zip_source_free(src);
        zip_error_fini(&ze);
        return NULL;
    }
    zip_error_fini(&ze);
    char *xml = NULL;
    zip_int64_t n = zip_get_num_entries(z, 0), idx;
    if (n > DOCX_MAX_ENTRIES)
        snprintf(msg, msglen, "%lld zip entries (limit %d)", (long long)n, DOCX_MAX_ENTRIES);
    else if ((idx = zip_name_locate(z, DOCX_PART, 0)) < 0)
        snprintf(msg, msglen, "no %s: not a Word document", DOCX_PART);
    else
        xml = inflate_entry(z, idx, xlen, msg, msglen);
    zip_discard(z);
    return xml;
}

/* ---- WordprocessingML -------------------------------------------------- */

typedef struct {
    ogi_doc *doc;
    int tables;
} docx_ctx;

static bool is_w(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

static const xmlNode *child_w(const xmlNode *n, const char *name)
{
    for (n = n ? n->children : NULL; n; n = n->next)
        if (is_w(n, name))
            return n;
    return NULL;
}

/* w:val of a property element, or NULL (caller frees with xmlFree). */
static xmlChar *val_of(const xmlNode *n)
{
    if (!n)
        return NULL;
    for (xmlAttr *a = n->properties; a; a = a->next)
        if (!strcmp((const char *)a->name, "val"))
            return xmlNodeGetContent((const xmlNode *)a);
    return NULL;
}

static int int_val(const xmlNode *n, int dflt)
{
    xmlChar *v = val_of(n);
    int r = v ? atoi((const char *)v) : dflt;
    xmlFree(v);
    return r;
}

/* Text of runs below n: w:t text, w:tab as a tab, w:br / w:cr and
 * paragraph ends as newlines.  Deleted text (w:delText) is not w:t. */
static void run_text(const xmlNode *n, ogi_buf *b)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (is_w(n, "t")) {
            xmlChar *t = xmlNodeGetContent(n);
            ogi_buf_puts(b, (const char *)t);
            xmlFree(t);
        } else if (is_w(n, "tab")) {
            ogi_buf_putc(b, '\t');
        } else if (is_w(n, "br") || is_w(n, "cr")) {
            ogi_buf_putc(b, '\n');
        } else if (!is_w(n, "pPr") && !is_w(n, "rPr") && !is_w(n, "tcPr") && !is_w(n, "tblPr")) {
            bool para = is_w(n, "p");
            if (para && b->len && b->data[b->len - 1] != '\n')
                ogi_buf_putc(b, '\n');
            run_text(n->children, b);
        }
    }
}

/* One source line of a paragraph → a row, its tab-separated parts → cells. */
static void emit_line(ogi_doc *doc, const char *s, size_t len)
{
    ogi_doc_row *row = NULL;
    const char *end = s + len;
    while (s <= end) {
        const char *tab = memchr(s, '\t', (size_t)(end - s));
        const char *stop = tab ? tab : end;
        char *part = ogi_strndup(s, (size_t)(stop - s));
        if (!fast_is_blank_text(part)) {
            if (!row)
                row = ogi_doc_add_row(doc, false, 0);
            ogi_doc_add_cell(doc, row, part, strlen(part), 0, -1, -1, -1, false);
        }
        free(part);
        s = stop + 1;
    }
}

static void read_paragraph(docx_ctx *c, const xmlNode *p)
{
    ogi_buf b;
    ogi_buf_init(&b);
    run_text(p->children, &b);
    const char *s = b.data ? b.data : "";
    for (const char *nl; (nl = strchr(s, '\n')); s = nl + 1)
        emit_line(c->doc, s, (size_t)(nl - s));
    emit_line(c->doc, s, strlen(s));
    ogi_buf_free(&b);
}

static void read_cell(ogi_grid *g, const xmlNode *tc)
{
    const xmlNode *pr = child_w(tc, "tcPr");
    int span = int_val(child_w(pr, "gridSpan"), 1);
    const xmlNode *vm = child_w(pr, "vMerge");
    xmlChar *vmv = val_of(vm);
    bool cont = vm && (!vmv || strcmp((const char *)vmv, "restart") != 0);
    xmlFree(vmv);
    if (cont) {
        ogi_grid_continue(g, 0, span);
        return;
    }
    ogi_buf b;
    ogi_buf_init(&b);
    run_text(tc->children, &b);
    ogi_trim(&b);
    ogi_grid_cell(g, b.data ? b.data : "", 0, span, 1);
    ogi_buf_free(&b);
}

static void read_table(docx_ctx *c, const xmlNode *tbl)
{
    ogi_grid g;
    ogi_grid_begin(&g, c->doc, c->tables++);
    for (const xmlNode *tr = tbl->children; tr; tr = tr->next) {
        if (!is_w(tr, "tr"))
            continue;
        ogi_grid_row_begin(&g, 0);
        ogi_grid_skip(&g, int_val(child_w(child_w(tr, "trPr"), "gridBefore"), 0));
        for (const xmlNode *tc = tr->children; tc; tc = tc->next) {
            if (is_w(tc, "tc"))
                read_cell(&g, tc);
            else if (is_w(tc, "sdt") && child_w(child_w(tc, "sdtContent"), "tc"))
                read_cell(&g, child_w(child_w(tc, "sdtContent"), "tc"));
        }
        ogi_grid_row_end(&g);
    }
    ogi_grid_end(&g);
}

/* Body-level blocks, looking through containers (content controls,
 * custom XML) for the paragraphs and tables inside them. */
static void read_blocks(docx_ctx *c, const xmlNode *n)
{
    for (; n; n = n->next) {
        if (is_w(n, "p"))
            read_paragraph(c, n);
        else if (is_w(n, "tbl"))
            read_table(c, n);
        else if (n->type == XML_ELEMENT_NODE && !is_w(n, "sectPr"))
            read_blocks(c, n->children);
    }
}

int ogi_read_docx(const char *data, size_t len, ogi_doc *out, char *err, size_t errlen)
{
    const char *file = out->file ? out->file : "(input)";
    char msg[256];
    ogi_readers_init();
    size_t xlen = 0;
    char *xml = len ? document_xml(data, len, &xlen, msg, sizeof msg) : NULL;
    if (!len)
        snprintf(msg, sizeof msg, "empty file");
    if (!xml) {
        snprintf(err, errlen, "%s: cannot read DOCX: %s", file, msg);
        return -1;
    }
    xmlDocPtr d = xmlReadMemory(xml, (int)xlen, NULL, NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    free(xml);
    const xmlNode *root = d ? xmlDocGetRootElement(d) : NULL;
    const xmlNode *body = child_w(root, "body");
    if (!body) {
        xmlFreeDoc(d);
        snprintf(err, errlen, "%s: cannot read DOCX: %s is not WordprocessingML", file, DOCX_PART);
        return -1;
    }
    docx_ctx c = {.doc = out};
    read_blocks(&c, body->children);
    xmlFreeDoc(d);
    if (out->n == 0) {
        snprintf(err, errlen, "%s: cannot read DOCX: no text found", file);
        return -1;
    }
    return 0;
}
