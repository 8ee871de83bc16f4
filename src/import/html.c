/*
 * html.c — an HTML page (often Word-exported, often wrapped in site
 * chrome) → ogi_doc.
 *
 * libxml2's forgiving HTML parser builds the tree; this file only decides
 * what of it is the report: the content root (the element holding the
 * 年度报告 title and the data tables, not the portal's menus), tables as
 * grid rows with rowspan/colspan resolved, and every other block element
 * as a one-cell row.  The encoding is settled first (BOM, <meta> charset,
 * detection) so the parser always sees UTF-8.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "import/fast_text.h"
#include "import/readers.h"
#include "ogi/text.h"

/* The parsed tree takes ~15× the page's size; no report page comes near. */
#define HTML_MAX_BYTES (32u << 20)
#define HTML_OPTS (HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET)

typedef struct {
    ogi_doc *doc;
    ogi_buf line; /* text of the block being read, outside tables */
    int line_no;
    int tables;   /* tables emitted so far */
} html_ctx;

/* ASCII case-insensitive name test, inline: the readers test every node
 * of the tree against a dozen names several times over, and nearly every
 * test fails at the first character, so a library strcasecmp call per
 * test was a visible share of the read.  name is lower case. */
static inline bool name_is(const xmlChar *a, const char *name)
{
    for (; *name; a++, name++) {
        unsigned char c = *a >= 'A' && *a <= 'Z' ? (unsigned char)(*a + 32) : *a;
        if (c != (unsigned char)*name)
            return false;
    }
    return *a == '\0';
}

static bool is_el(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && name_is(n->name, name);
}

enum { EL_DROPPED = 1, EL_BLOCK = 2 };

/* Elements that are never report content (code, styling, site chrome),
 * and block elements (a line break before and after). */
static const struct {
    const char *name;
    unsigned kind;
} el_kinds[] = {
    {"script", EL_DROPPED},  {"style", EL_DROPPED},    {"nav", EL_DROPPED},
    {"noscript", EL_DROPPED}, {"iframe", EL_DROPPED},  {"form", EL_DROPPED},
    {"select", EL_DROPPED},  {"button", EL_DROPPED},   {"template", EL_DROPPED},
    {"svg", EL_DROPPED},     {"head", EL_DROPPED},     {"object", EL_DROPPED},
    {"header", EL_DROPPED},  {"footer", EL_DROPPED},   {"aside", EL_DROPPED},
    {"title", EL_DROPPED},   {"p", EL_BLOCK},          {"div", EL_BLOCK},
    {"h1", EL_BLOCK},        {"h2", EL_BLOCK},         {"h3", EL_BLOCK},
    {"h4", EL_BLOCK},        {"h5", EL_BLOCK},         {"h6", EL_BLOCK},
    {"li", EL_BLOCK},        {"ul", EL_BLOCK},         {"ol", EL_BLOCK},
    {"dl", EL_BLOCK},        {"dt", EL_BLOCK},         {"dd", EL_BLOCK},
    {"pre", EL_BLOCK},       {"blockquote", EL_BLOCK}, {"section", EL_BLOCK},
    {"article", EL_BLOCK},   {"main", EL_BLOCK},       {"center", EL_BLOCK},
    {"address", EL_BLOCK},   {"hr", EL_BLOCK},         {"tr", EL_BLOCK},
    {"td", EL_BLOCK},        {"th", EL_BLOCK},         {"caption", EL_BLOCK},
    {"figure", EL_BLOCK},    {"figcaption", EL_BLOCK}, {"body", EL_BLOCK},
    {"html", EL_BLOCK},
};

static unsigned el_kind(const xmlNode *n)
{
    if (n->type != XML_ELEMENT_NODE || !n->name[0])
        return 0;
    unsigned char c0 = n->name[0] >= 'A' && n->name[0] <= 'Z' ? n->name[0] + 32 : n->name[0];
    for (size_t i = 0; i < sizeof el_kinds / sizeof *el_kinds; i++)
        if ((unsigned char)el_kinds[i].name[0] == c0 && name_is(n->name, el_kinds[i].name))
            return el_kinds[i].kind;
    return 0;
}

static bool is_dropped(const xmlNode *n)
{
    return n->type == XML_COMMENT_NODE || n->type == XML_PI_NODE || el_kind(n) == EL_DROPPED;
}

static bool is_block(const xmlNode *n) { return el_kind(n) == EL_BLOCK; }

static int line_of(const xmlNode *n)
{
    long l = xmlGetLineNo(n);
    return l > 0 && l < 1000000000 ? (int)l : 0;
}

/* ---- charset ---------------------------------------------------------- */

static void charset_from_content(const char *content, char *out, size_t outlen)
{
    const char *p = content;
    while (*p && strncasecmp(p, "charset=", 8) != 0)
        p++;
    if (!*p)
        return;
    p += 8;
    while (*p == '"' || *p == '\'' || *p == ' ')
        p++;
    size_t n = strcspn(p, "\"'; ");
    if (n && n < outlen) {
        memcpy(out, p, n);
        out[n] = '\0';
    }
}

/* The first <meta> (in document order) that declares a charset, seen
 * from the parser's start-tag events: the same elements and attribute
 * values the tree would hold (names folded to lower case, references
 * decoded; an attribute written without a value reads as ""), without
 * building the tree, and the parse stops at the first declaration. */
typedef struct {
    char *out;
    size_t outlen;
} charset_sniff;

static const char *attr_of(const xmlChar **atts, const char *name, bool *present)
{
    *present = false;
    for (; atts && atts[0]; atts += 2)
        if (!strcmp((const char *)atts[0], name)) {
            *present = true;
            return atts[1] ? (const char *)atts[1] : "";
        }
    return NULL;
}

static void sniff_start(void *ctx, const xmlChar *name, const xmlChar **atts)
{
    xmlParserCtxtPtr ctxt = ctx;
    charset_sniff *s = ctxt->_private;
    if (*s->out || strcasecmp((const char *)name, "meta") != 0)
        return;
    bool has_cs, has_ct;
    const char *cs = attr_of(atts, "charset", &has_cs), *ct = attr_of(atts, "content", &has_ct);
    if (has_cs && strlen(cs) < s->outlen)
        snprintf(s->out, s->outlen, "%s", cs);
    else if (has_ct)
        charset_from_content(ct, s->out, s->outlen);
    if (*s->out)
        xmlStopParser(ctxt);
}

/* Whether a charset can be declared in these bytes read as Latin-1: only
 * where 「charset」 is written (in any case, as the parser folds attribute
 * names), or where a character reference (&#99;) could spell it. */
static bool may_declare_charset(const char *data, size_t n)
{
    for (size_t i = 0; i + 1 < n; i++) {
        if (data[i] == '&' && data[i + 1] == '#')
            return true;
        if ((data[i] | 0x20) == 'c' && n - i >= 7 && strncasecmp(data + i, "charset", 7) == 0)
            return true;
    }
    return false;
}

/* The declared charset, read by parsing the head of the page as Latin-1
 * (every byte is valid there and <meta> attributes are ASCII) with the
 * start-tag events only. */
static void declared_charset(const char *data, size_t len, char *out, size_t outlen)
{
    out[0] = '\0';
    size_t n = len < 8192 ? len : 8192;
    if (!may_declare_charset(data, n))
        return; /* nothing to find: spare the second parse */
    htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
    if (!ctxt)
        return;
    /* only start tags: no tree, no text */
    memset(ctxt->sax, 0, sizeof *ctxt->sax);
    ctxt->sax->startElement = sniff_start;
    charset_sniff s = {out, outlen};
    ctxt->_private = &s;
    htmlDocPtr d = htmlCtxtReadMemory(ctxt, data, (int)n, NULL, "ISO-8859-1",
                                      HTML_OPTS | HTML_PARSE_IGNORE_ENC);
    xmlFreeDoc(d);
    htmlFreeParserCtxt(ctxt);
}

/* ---- text outside tables ---------------------------------------------- */

static void flush_line(html_ctx *c)
{
    if (ogi_trim(&c->line) && !fast_is_blank_text(c->line.data)) {
        ogi_doc_row *r = ogi_doc_add_row(c->doc, false, c->line_no);
        ogi_doc_add_cell(c->doc, r, c->line.data, c->line.len, c->line_no, -1, -1, -1, false);
    }
    ogi_buf_reset(&c->line);
    c->line_no = 0;
}

/* Text of a cell: block boundaries and <br> become newlines. */
static void cell_text(const xmlNode *n, ogi_buf *b)
{
    for (; n; n = n->next) {
        if (is_dropped(n))
            continue;
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            ogi_put_collapsed(b, (const char *)n->content);
            continue;
        }
        bool brk = is_el(n, "br") || is_block(n);
        if (brk && b->len && b->data[b->len - 1] != '\n') {
            if (b->data[b->len - 1] == ' ')
                b->len--;
            ogi_buf_putc(b, '\n');
        }
        cell_text(n->children, b);
    }
}

static int int_attr(const xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    int r = v ? atoi((const char *)v) : 1;
    xmlFree(v);
    return r;
}

static bool has_table_below(const xmlNode *n)
{
    for (n = n->children; n; n = n->next)
        if (is_el(n, "table") || (n->type == XML_ELEMENT_NODE && has_table_below(n)))
            return true;
    return false;
}

static void read_row(ogi_grid *g, const xmlNode *tr)
{
    ogi_grid_row_begin(g, line_of(tr));
    ogi_buf text;
    ogi_buf_init(&text);
    for (const xmlNode *td = tr->children; td; td = td->next) {
        if (!is_el(td, "td") && !is_el(td, "th"))
            continue;
        ogi_buf_reset(&text);
        cell_text(td->children, &text);
        ogi_trim(&text);
        int rowspan = int_attr(td, "rowspan");
        ogi_grid_cell(g, text.data ? text.data : "", line_of(td), int_attr(td, "colspan"),
                      rowspan == 0 ? OGI_GRID_MAX_SPAN : rowspan);
    }
    ogi_buf_free(&text);
    ogi_grid_row_end(g);
}

static void read_rows(ogi_grid *g, const xmlNode *n)
{
    for (; n; n = n->next) {
        if (is_el(n, "tr"))
            read_row(g, n);
        else if (is_el(n, "thead") || is_el(n, "tbody") || is_el(n, "tfoot"))
            read_rows(g, n->children);
    }
}

static void walk(html_ctx *c, const xmlNode *n);

static void read_table(html_ctx *c, const xmlNode *table)
{
    flush_line(c);
    for (const xmlNode *k = table->children; k; k = k->next)
        if (is_el(k, "caption"))
            walk(c, k);
    flush_line(c);
    ogi_grid g;
    ogi_grid_begin(&g, c->doc, c->tables++);
    read_rows(&g, table->children);
    ogi_grid_end(&g);
}

static void walk(html_ctx *c, const xmlNode *n)
{
    for (; n; n = n->next) {
        if (is_dropped(n) || is_el(n, "caption"))
            continue;
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (!c->line_no)
                c->line_no = line_of(n);
            ogi_put_collapsed(&c->line, (const char *)n->content);
        } else if (is_el(n, "table") && !has_table_below(n)) {
            read_table(c, n);
        } else if (is_el(n, "br")) {
            flush_line(c);
        } else if (is_block(n)) {
            flush_line(c);
            walk(c, n->children);
            flush_line(c);
        } else if (n->type == XML_ELEMENT_NODE) {
            walk(c, n->children);
        }
    }
}

/* ---- content root ------------------------------------------------------ */

typedef struct {
    const xmlNode *tables[64]; /* data tables (no table inside), first 64 */
    size_t ntables;
    const xmlNode *titles[16]; /* short blocks naming the 年度报告 */
    size_t ntitles;
} landmarks;

static size_t text_len(const xmlNode *n, size_t cap)
{
    size_t len = 0;
    for (n = n->children; n && len < cap; n = n->next) {
        if (n->type == XML_TEXT_NODE)
            len += strlen((const char *)n->content);
        else if (n->type == XML_ELEMENT_NODE && !is_dropped(n))
            len += text_len(n, cap - len);
    }
    return len;
}

static void find_landmarks(const xmlNode *n, landmarks *m)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE || is_dropped(n))
            continue;
        if (is_el(n, "table") && !has_table_below(n)) {
            if (m->ntables < 64)
                m->tables[m->ntables++] = n;
            continue;
        }
        if (is_block(n) && !is_el(n, "body") && !is_el(n, "html") && m->ntitles < 16 &&
            !has_table_below(n) && text_len(n, 400) < 300) {
            xmlChar *t = xmlNodeGetContent(n);
            bool title = t && strstr((const char *)t, "年度报告");
            xmlFree(t);
            if (title && m->ntables == 0) {
                m->titles[m->ntitles++] = n;
                continue;
            }
        }
        find_landmarks(n->children, m);
    }
}

static int depth_of(const xmlNode *n)
{
    int d = 0;
    for (; n; n = n->parent)
        d++;
    return d;
}

static const xmlNode *common_ancestor(const xmlNode *a, const xmlNode *b)
{
    int da = depth_of(a), db = depth_of(b);
    for (; da > db; da--)
        a = a->parent;
    for (; db > da; db--)
        b = b->parent;
    while (a != b)
        a = a->parent, b = b->parent;
    return a;
}

/* The element holding the report: the nearest common ancestor of the
 * data tables and the title block closest to them (a breadcrumb naming
 * the report sits higher up, so its common ancestor is shallower). */
static const xmlNode *content_root(const xmlNode *body)
{
    landmarks m = {0};
    find_landmarks(body->children, &m);
    if (!m.ntables)
        return body;
    const xmlNode *root = m.tables[0];
    for (size_t i = 1; i < m.ntables; i++)
        root = common_ancestor(root, m.tables[i]);
    const xmlNode *best = NULL;
    int best_depth = -1;
    for (size_t i = 0; i < m.ntitles; i++) {
        const xmlNode *a = common_ancestor(root, m.titles[i]);
        if (depth_of(a) > best_depth)
            best = a, best_depth = depth_of(a);
    }
    return best ? best : body;
}

static const xmlNode *find_el(const xmlNode *n, const char *name)
{
    for (; n; n = n->next) {
        if (is_el(n, name))
            return n;
        const xmlNode *f = n->type == XML_ELEMENT_NODE ? find_el(n->children, name) : NULL;
        if (f)
            return f;
    }
    return NULL;
}

static void read_title(ogi_doc *out, const xmlNode *root)
{
    const xmlNode *t = find_el(root, "title");
    if (!t)
        return;
    ogi_buf b;
    ogi_buf_init(&b);
    cell_text(t->children, &b);
    if (ogi_trim(&b))
        out->title = ogi_buf_steal(&b);
    ogi_buf_free(&b);
}

/* 「2026-03-10 12:56」 → 「2026-03-10」 when it starts with a plausible
 * date (year 1990–2099, month and day in range), else NULL. */
static char *date_of(const char *v)
{
    int y, m, d, n = 0;
    if (!v || sscanf(v, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10 || y < 1990 ||
        y > 2099 || m < 1 || m > 12 || d < 1 || d > 31)
        return NULL;
    char buf[16];
    snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    return ogi_strdup(buf);
}

/* <meta name="PubDate" content="2026-03-10 12:56">: the publish date that
 * the national guideline for government websites (政府网站发展指引) has
 * every article page carry in its head, whether or not the text says it. */
static void read_pubdate(ogi_doc *out, const xmlNode *n)
{
    for (; n && !out->published; n = n->next) {
        if (is_el(n, "meta")) {
            xmlChar *name = xmlGetProp(n, (const xmlChar *)"name");
            if (name && name_is(name, "pubdate")) {
                xmlChar *content = xmlGetProp(n, (const xmlChar *)"content");
                out->published = date_of((const char *)content);
                xmlFree(content);
            }
            xmlFree(name);
        } else if (n->type == XML_ELEMENT_NODE && !is_el(n, "body")) {
            read_pubdate(out, n->children); /* the head (or what a sloppy page made of it) */
        }
    }
}

/* Parse UTF-8 bytes.  Named "UTF-8", libxml2 copies them through a
 * converter first; with no encoding named it reads them in place, which
 * is the same parse once this does the converter's one step of its own
 * (skip one BOM).  A NUL among the first four bytes would make libxml2
 * guess UTF-16 or UCS-4 and swap the converter: such input keeps the
 * named path. */
static htmlDocPtr parse_utf8(const char *s, size_t n)
{
    if (memchr(s, '\0', n < 4 ? n : 4))
        return htmlReadMemory(s, (int)n, NULL, "UTF-8", HTML_OPTS | HTML_PARSE_IGNORE_ENC);
    if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        s += 3, n -= 3;
    return htmlReadMemory(s, (int)n, NULL, NULL, HTML_OPTS | HTML_PARSE_IGNORE_ENC);
}

int ogi_read_html(const char *data, size_t len, ogi_doc *out, char *err, size_t errlen)
{
    const char *file = out->file ? out->file : "(input)";
    ogi_readers_init();
    if (len == 0 || len > HTML_MAX_BYTES) {
        snprintf(err, errlen, "%s: cannot read HTML: %s", file,
                 len ? "too large for a report page (limit 32 MiB)" : "empty file");
        return -1;
    }
    char charset[64], msg[256];
    declared_charset(data, len, charset, sizeof charset);
    size_t ulen = 0;
    char *owned;
    const char *utf8 = ogi_utf8_view(data, len, charset[0] ? charset : NULL, &ulen, &owned, msg,
                                     sizeof msg);
    if (!utf8) {
        snprintf(err, errlen, "%s: cannot read HTML: %s", file, msg);
        return -1;
    }
    htmlDocPtr d = parse_utf8(utf8, ulen);
    free(owned);
    const xmlNode *top = d ? xmlDocGetRootElement(d) : NULL;
    if (!top) {
        xmlFreeDoc(d);
        snprintf(err, errlen, "%s: cannot read HTML: no markup found", file);
        return -1;
    }
    read_title(out, top);
    read_pubdate(out, top->children);
    const xmlNode *body = find_el(top, "body");
    html_ctx c = {.doc = out};
    ogi_buf_init(&c.line);
    const xmlNode *root = content_root(body ? body : top);
    if (is_el(root, "table"))
        read_table(&c, root);
    else
        walk(&c, root->children);
    flush_line(&c);
    ogi_buf_free(&c.line);
    xmlFreeDoc(d);
    if (out->n == 0) {
        snprintf(err, errlen, "%s: cannot read HTML: no text found", file);
        return -1;
    }
    return 0;
}
