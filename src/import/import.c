/*
 * import.c — one entry point for any input file: sniff its kind, read it
 * with the matching reader into an ogi_doc, and map the doc to a report.
 * Also the small ogi_doc container shared by every reader.
 */
#include "ogi/import.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/arena.h"
#include "import/fast_text.h"
#include "import/readers.h"
#include "ogi/buf.h"
#include "ogi/json.h"
#include "ogi/text.h"

void ogi_doc_init(ogi_doc *d, const char *file)
{
    memset(d, 0, sizeof *d);
    d->file = ogi_strdup(file);
}

void ogi_doc_free(ogi_doc *d)
{
    if (d->pool) { /* the rows, their cells and the texts */
        import_arena_free(d->pool);
        free(d->pool);
    }
    free(d->file);
    free(d->title);
    free(d->published);
    memset(d, 0, sizeof *d);
}

/* The cells and their texts come from one pool per document (arena.c):
 * a report is thousands of short cells, and malloc/free of each showed in
 * profiles of the reader. */
static import_arena *doc_pool(ogi_doc *d)
{
    if (!d->pool)
        d->pool = ogi_xcalloc(1, sizeof *d->pool);
    return d->pool;
}

char *ogi_doc_text(ogi_doc *d, const char *text, size_t len)
{
    d->text_bytes += len;
    return import_arena_strndup(doc_pool(d), text, len);
}

ogi_doc_row *ogi_doc_add_row(ogi_doc *d, bool grid, int line)
{
    if (d->n == d->cap) { /* grown in the pool too */
        d->cap = d->cap ? d->cap * 2 : 64;
        d->rows = import_arena_grow(doc_pool(d), d->rows, d->n, d->cap, sizeof *d->rows);
    }
    ogi_doc_row *r = &d->rows[d->n++];
    *r = (ogi_doc_row){.grid = grid, .line = line};
    return r;
}

void ogi_doc_add_cell(ogi_doc *d, ogi_doc_row *row, const char *text, size_t len, int line,
                      int table, int r, int c, bool spanned)
{
    /* Rows are short (≤ 20 cells); grow in powers of two. */
    if ((row->n & (row->n - 1)) == 0)
        row->cells = import_arena_grow(doc_pool(d), row->cells, row->n, row->n ? row->n * 2 : 1,
                                       sizeof *row->cells);
    row->cells[row->n++] =
        (ogi_doc_cell){ogi_doc_text(d, text, len), line, table, r, c, spanned};
}

ogi_doc_cell *ogi_doc_row_cells(ogi_doc *d, ogi_doc_row *row, size_t n)
{
    /* the capacity ogi_doc_add_cell would have grown to: the next power of two */
    size_t cap = 1;
    while (cap < n)
        cap *= 2;
    row->cells = import_arena_alloc(doc_pool(d), cap * sizeof *row->cells);
    row->n = n;
    return row->cells;
}

static const char *const kind_names[] = {"unknown", "json", "text", "html", "docx", "pdf"};

const char *ogi_input_kind_name(ogi_input_kind k)
{
    return (unsigned)k < sizeof kind_names / sizeof *kind_names ? kind_names[k] : "unknown";
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcasecmp(s + a - b, suffix) == 0;
}

static bool has_markup(const char *data, size_t len)
{
    size_t n = len < 4096 ? len : 4096;
    for (size_t i = 0; i + 5 < n; i++) {
        const char *lt = memchr(data + i, '<', n - 5 - i); /* text has few: skip to each */
        if (!lt)
            break;
        i = (size_t)(lt - data);
        if (!strncasecmp(data + i, "<html", 5) || !strncasecmp(data + i, "<!doct", 6) ||
            !strncasecmp(data + i, "<table", 6) || !strncasecmp(data + i, "<body", 5) ||
            !strncasecmp(data + i, "<meta", 5) || !strncasecmp(data + i, "<head", 5))
            return true;
    }
    return false;
}

ogi_input_kind ogi_input_sniff(const char *data, size_t len, const char *name)
{
    if (len >= 5 && memcmp(data, "%PDF-", 5) == 0)
        return OGI_INPUT_PDF;
    if (len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0)
        return OGI_INPUT_DOCX;
    size_t i = 0;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len && (data[i] == ' ' || data[i] == '\n' || data[i] == '\r' || data[i] == '\t'))
        i++;
    if (i < len && data[i] == '{')
        return OGI_INPUT_JSON;
    if (has_markup(data, len))
        return OGI_INPUT_HTML;
    if (name && (ends_with(name, ".html") || ends_with(name, ".htm")))
        return OGI_INPUT_HTML;
    if (name && ends_with(name, ".json"))
        return OGI_INPUT_JSON;
    return len ? OGI_INPUT_TEXT : OGI_INPUT_UNKNOWN;
}

/* Readers live in their own files (html.c, docx.c, pdf.c, encoding.c). */

typedef int (*reader_fn)(const char *, size_t, ogi_doc *, char *, size_t);

static reader_fn reader_for(ogi_input_kind kind)
{
    switch (kind) {
    case OGI_INPUT_TEXT: return ogi_read_text;
    case OGI_INPUT_HTML: return ogi_read_html;
    case OGI_INPUT_DOCX: return ogi_read_docx;
    case OGI_INPUT_PDF: return ogi_read_pdf;
    default: return NULL;
    }
}

/* Text in another encoding (GBK, UTF-16) is converted to UTF-8 first;
 * UTF-8 input is read in place (*owned NULL).  *was_utf8 tells whether
 * the input already was (valid) UTF-8. */
static const char *text_as_utf8(const char *data, size_t len, const char *shown, size_t *out_len,
                                char **owned, bool *was_utf8, char *err, size_t errlen)
{
    *owned = NULL;
    *was_utf8 = fast_utf8_valid(data, len);
    if (*was_utf8) {
        *out_len = len;
        return data;
    }
    char msg[256];
    *owned = ogi_to_utf8(data, len, NULL, out_len, msg, sizeof msg);
    if (!*owned)
        snprintf(err, errlen, "%s: %s", shown, msg);
    return *owned;
}

static ogi_report *read_and_map(const char *data, size_t len, const char *shown,
                                ogi_input_kind kind, char *err, size_t errlen)
{
    reader_fn read = reader_for(kind);
    if (!read) {
        snprintf(err, errlen, "%s: reading %s files is not available in this build", shown,
                 ogi_input_kind_name(kind));
        return NULL;
    }
    size_t n = len;
    char *text = NULL;
    if (kind == OGI_INPUT_TEXT) {
        bool was_utf8;
        data = text_as_utf8(data, len, shown, &n, &text, &was_utf8, err, errlen);
        if (!data)
            return NULL;
        if (was_utf8)
            read = ogi_read_text_utf8; /* checked valid just now: no second check */
    }
    ogi_doc doc;
    ogi_doc_init(&doc, shown);
    ogi_report *r = NULL;
    if (read(data, n, &doc, err, errlen) == 0) {
        const char *big = ogi_doc_too_big(&doc); /* bounds the mapper's time and memory */
        if (big)
            snprintf(err, errlen, "%s: %s", shown, big);
        else
            r = ogi_map_doc(&doc);
    }
    ogi_doc_free(&doc);
    free(text);
    return r;
}

ogi_report *ogi_import_bytes(const char *data, size_t len, const char *name, char *err,
                             size_t errlen)
{
    const char *shown = name ? name : "(input)";
    ogi_input_kind kind = ogi_input_sniff(data, len, name);
    if (kind == OGI_INPUT_UNKNOWN) {
        snprintf(err, errlen, "%s: empty file", shown);
        return NULL;
    }
    if (kind == OGI_INPUT_JSON) {
        char msg[512];
        ogi_report *r = ogi_report_from_json_text(data, len, msg, sizeof msg);
        if (!r)
            snprintf(err, errlen, "%s: not a report JSON: %s", shown, msg);
        else if (!r->source && name)
            r->source = ogi_strdup(name);
        return r;
    }
    return read_and_map(data, len, shown, kind, err, errlen);
}

ogi_report *ogi_import_file(const char *path, char *err, size_t errlen)
{
    size_t len = 0;
    char *data = ogi_read_file(path, OGI_IMPORT_MAX_BYTES, &len);
    if (!data) {
        snprintf(err, errlen, "%s: %s", path,
                 errno == EFBIG ? "file too large (limit 128 MiB)" : strerror(errno));
        return NULL;
    }
    ogi_report *r = ogi_import_bytes(data, len, path, err, errlen);
    free(data);
    return r;
}
