/*
 * test_render_office.c — the Word and Excel renderers draw the national
 * template.  Seeds 000 (v2021), 002 (mixed) and 004 (v2019) are written as
 * DOCX and XLSX, the zips are opened with libzip and their XML parts read
 * with libxml2: the Word tables are "unmerged" (gridSpan / vMerge expanded)
 * and every position compared with the format definition — header levels,
 * row group levels, the section 三 note, every value as written, blank
 * cells empty; the number of merged blocks is derived from the definition.
 * The workbook has one sheet per table with merged ranges and numeric cells.
 */
#include <glob.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <zip.h>

#include "ogi/json.h"
#include "ogi/render.h"
#include "render/render_internal.h"

#define NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_X "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define EVIL_AGENCY "<测试&\"机关'>"

/* ---- fixtures ---- */

static ogi_report *load_seed(const char *prefix)
{
    const char *shared = getenv("OGI_SHARED");
    assert_non_null(shared);
    char pattern[1024];
    snprintf(pattern, sizeof pattern, "%s/corpus/seeds/%s_*.truth.json", shared, prefix);
    glob_t g;
    assert_int_equal(glob(pattern, 0, NULL, &g), 0);
    assert_int_equal(g.gl_pathc, 1);
    size_t len;
    char *text = ogi_read_file(g.gl_pathv[0], 0, &len);
    globfree(&g);
    assert_non_null(text);
    char err[256] = "";
    ogi_report *r = ogi_report_from_json_text(text, len, err, sizeof err);
    free(text);
    if (!r)
        fail_msg("%s: %s", prefix, err);
    return r;
}

/* The note of the section 三 corner block, as the spec writes it (§3.1). */
static char *spec_s3_note(void)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/spec/annual-report-format.md", getenv("OGI_SHARED"));
    char *spec = ogi_read_file(path, 0, NULL);
    assert_non_null(spec);
    const char *start = strstr(spec, "「（本列数据的勾稽关系为");
    assert_non_null(start);
    start += strlen("「");
    const char *end = strstr(start, "」");
    assert_non_null(end);
    char *note = ogi_strndup(start, (size_t)(end - start));
    free(spec);
    return note;
}

/* Write the report in a format to a fresh temporary file (caller unlinks). */
static char *write_office(const ogi_report *r, ogi_render_format f)
{
    char *path = ogi_strdup(f == OGI_RENDER_DOCX ? "/tmp/ogi-office-XXXXXX.docx"
                                                 : "/tmp/ogi-office-XXXXXX.xlsx");
    int fd = mkstemps(path, 5);
    assert_true(fd >= 0);
    close(fd);
    char err[512] = "";
    int rc = f == OGI_RENDER_DOCX ? ogi_render_docx_file(r, path, err, sizeof err)
                                  : ogi_render_xlsx_file(r, path, err, sizeof err);
    if (rc != 0)
        fail_msg("render: %s", err);
    return path;
}

/* ---- zip parts as XML ---- */

typedef struct {
    xmlDocPtr doc;
    xmlXPathContextPtr ctx;
} xml_part;

static char *zip_part(const char *zpath, const char *name)
{
    int zerr = 0;
    zip_t *z = zip_open(zpath, ZIP_RDONLY, &zerr);
    assert_non_null(z);
    zip_stat_t st;
    if (zip_stat(z, name, 0, &st) != 0) {
        zip_close(z);
        return NULL;
    }
    zip_file_t *f = zip_fopen(z, name, 0);
    assert_non_null(f);
    char *data = ogi_xmalloc(st.size + 1);
    assert_int_equal(zip_fread(f, data, st.size), (zip_int64_t)st.size);
    data[st.size] = '\0';
    zip_fclose(f);
    zip_close(z);
    return data;
}

static xml_part open_part(const char *zpath, const char *name)
{
    char *data = zip_part(zpath, name);
    if (!data)
        fail_msg("%s: no part %s", zpath, name);
    xml_part p;
    p.doc = xmlReadMemory(data, (int)strlen(data), name, "UTF-8", XML_PARSE_NONET);
    free(data);
    if (!p.doc)
        fail_msg("%s: %s is not well-formed XML", zpath, name);
    p.ctx = xmlXPathNewContext(p.doc);
    xmlXPathRegisterNs(p.ctx, (const xmlChar *)"w", (const xmlChar *)NS_W);
    xmlXPathRegisterNs(p.ctx, (const xmlChar *)"x", (const xmlChar *)NS_X);
    return p;
}

static void close_part(xml_part *p)
{
    xmlXPathFreeContext(p->ctx);
    xmlFreeDoc(p->doc);
}

/* Nodes matching an XPath, relative to node (NULL = document). */
static xmlXPathObjectPtr nodes(xml_part *p, xmlNodePtr node, const char *fmt, ...)
{
    char xpath[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(xpath, sizeof xpath, fmt, ap);
    va_end(ap);
    p->ctx->node = node ? node : xmlDocGetRootElement(p->doc);
    xmlXPathObjectPtr o = xmlXPathEvalExpression((const xmlChar *)xpath, p->ctx);
    if (!o)
        fail_msg("bad xpath %s", xpath);
    return o;
}

static int nr(xmlXPathObjectPtr o) { return o->nodesetval ? o->nodesetval->nodeNr : 0; }

static int count(xml_part *p, xmlNodePtr node, const char *xpath, const char *arg)
{
    xmlXPathObjectPtr o = nodes(p, node, xpath, arg);
    int n = nr(o);
    xmlXPathFreeObject(o);
    return n;
}

static char *attr(xmlNodePtr n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    char *s = ogi_strdup((const char *)v);
    xmlFree(v);
    return s;
}

static char *content(xmlNodePtr n)
{
    xmlChar *v = xmlNodeGetContent(n);
    char *s = ogi_strdup(v ? (const char *)v : "");
    xmlFree(v);
    return s;
}

/* The text a Word cell shows: its w:t runs, joined. */
static char *cell_text(xml_part *p, xmlNodePtr tc)
{
    xmlXPathObjectPtr ts = nodes(p, tc, ".//w:t");
    ogi_buf b;
    ogi_buf_init(&b);
    ogi_buf_puts(&b, "");
    for (int i = 0; i < nr(ts); i++) {
        char *t = content(ts->nodesetval->nodeTab[i]);
        ogi_buf_puts(&b, t);
        free(t);
    }
    xmlXPathFreeObject(ts);
    return ogi_buf_steal(&b);
}

/* ---- a Word table, unmerged ---- */

typedef struct {
    char **text;           /* n_rows × n_cols */
    size_t n_rows, n_cols;
    int restarts, spans;   /* vMerge restart cells; gridSpan cells that are not continues */
} word_table;

static bool is_continue(xml_part *p, xmlNodePtr tc)
{
    return count(p, tc, "w:tcPr/w:vMerge[not(@w:val) or @w:val='continue']", NULL) > 0;
}

static size_t grid_span(xml_part *p, xmlNodePtr tc)
{
    xmlXPathObjectPtr o = nodes(p, tc, "w:tcPr/w:gridSpan");
    size_t span = 1;
    if (nr(o)) {
        char *v = attr(o->nodesetval->nodeTab[0], "val");
        span = (size_t)atoi(v);
        free(v);
    }
    xmlXPathFreeObject(o);
    return span;
}

/* One w:tr into row r: spans repeat the text, continues copy the row above. */
static void unmerge_row(xml_part *p, xmlNodePtr tr, word_table *t, size_t r)
{
    xmlXPathObjectPtr tcs = nodes(p, tr, "w:tc");
    size_t c = 0;
    for (int i = 0; i < nr(tcs); i++) {
        xmlNodePtr tc = tcs->nodesetval->nodeTab[i];
        size_t span = grid_span(p, tc);
        bool cont = is_continue(p, tc);
        assert_false(cont && r == 0);
        t->restarts += count(p, tc, "w:tcPr/w:vMerge[@w:val='restart']", NULL);
        t->spans += span > 1 && !cont;
        char *text = cont ? NULL : cell_text(p, tc);
        for (size_t k = 0; k < span; k++, c++) {
            assert_true(c < t->n_cols);
            t->text[r * t->n_cols + c] =
                ogi_strdup(cont ? t->text[(r - 1) * t->n_cols + c] : text);
        }
        free(text);
    }
    assert_int_equal(c, t->n_cols); /* every row covers the whole grid */
    xmlXPathFreeObject(tcs);
}

static word_table unmerge(xml_part *p, xmlNodePtr tbl)
{
    word_table t = {0};
    xmlXPathObjectPtr cols = nodes(p, tbl, "w:tblGrid/w:gridCol");
    xmlXPathObjectPtr trs = nodes(p, tbl, "w:tr");
    t.n_cols = (size_t)nr(cols);
    t.n_rows = (size_t)nr(trs);
    t.text = ogi_xcalloc(t.n_rows * t.n_cols, sizeof *t.text);
    for (size_t r = 0; r < t.n_rows; r++)
        unmerge_row(p, trs->nodesetval->nodeTab[r], &t, r);
    xmlXPathFreeObject(cols);
    xmlXPathFreeObject(trs);
    return t;
}

static void free_word_table(word_table *t)
{
    for (size_t i = 0; i < t->n_rows * t->n_cols; i++)
        free(t->text[i]);
    free(t->text);
}

static const char *at(const word_table *t, size_t r, size_t c)
{
    assert_true(r < t->n_rows && c < t->n_cols);
    return t->text[r * t->n_cols + c];
}

/* ---- expectations from the definition ---- */

static void expect_cell_text(const word_table *w, size_t r, size_t c, const ogi_report *rep,
                         const ogi_table_def *t, size_t row, size_t col)
{
    int i = ogi_cell_in_table(t->id, row, col);
    assert_true(i >= 0);
    char buf[OGI_VALUE_BUF];
    const char *want = ogi_cell_value_text(ogi_cell_at((size_t)i), &rep->cells[i], buf);
    if (strcmp(at(w, r, c), want))
        fail_msg("%s: Word shows '%s', report has '%s'", ogi_cell_at((size_t)i)->key, at(w, r, c),
                 want);
}

/* Whether shown rows a and b share row levels 0..k, k above the leaf. */
static bool same_row_group(const ogi_table_def *t, size_t a, size_t b, size_t k)
{
    const char *la[3], *lb[3];
    size_t na = ogi_rd_row_levels(&t->rows[a], la), nb = ogi_rd_row_levels(&t->rows[b], lb);
    if (na <= k + 1 || nb <= k + 1)
        return false;
    for (size_t i = 0; i <= k; i++)
        if (strcmp(la[i], lb[i]))
            return false;
    return true;
}

static bool same_col_group(const ogi_table_def *t, size_t a, size_t b, size_t h)
{
    const char *la[3], *lb[3];
    size_t na = ogi_rd_col_levels(&t->cols[a], la), nb = ogi_rd_col_levels(&t->cols[b], lb);
    if (na <= h + 1 || nb <= h + 1)
        return false;
    for (size_t i = 0; i <= h; i++)
        if (strcmp(la[i], lb[i]))
            return false;
    return true;
}

/* Merged blocks the template has for a section 三 / 四 table: vertical
 * (corner, leaf headers above the last header row, row groups of ≥ 2
 * rows) and horizontal (corner, super header, column groups, leaf row
 * labels short of the label columns). */
static void expected_blocks(const ogi_report *r, const ogi_table_def *t, int *vert, int *horiz)
{
    size_t depth = ogi_rd_header_depth(t), L = ogi_rd_label_cols(t);
    size_t head = depth + (ogi_rd_super_header(t) ? 1 : 0);
    const char *lv[3];
    *vert = L && head > 1;
    *horiz = (L > 1) + (ogi_rd_super_header(t) != NULL);
    for (size_t c = 0; c < t->n_cols; c++) {
        size_t n = ogi_rd_col_levels(&t->cols[c], lv);
        *vert += n < depth;
        for (size_t h = 0; h + 1 < n; h++)
            *horiz += (c + 1 < t->n_cols && same_col_group(t, c, c + 1, h)) &&
                      !(c > 0 && same_col_group(t, c - 1, c, h));
    }
    size_t prev = (size_t)-1;
    for (size_t row = 0; row < t->n_rows; row++) {
        if (!ogi_rd_row_shown(r, t, row))
            continue;
        size_t n = ogi_rd_row_levels(&t->rows[row], lv), next = row + 1;
        while (next < t->n_rows && !ogi_rd_row_shown(r, t, next))
            next++;
        *horiz += L - (n - 1) > 1;
        for (size_t k = 0; k + 1 < n; k++)
            *vert += (prev == (size_t)-1 || !same_row_group(t, prev, row, k)) &&
                     next < t->n_rows && same_row_group(t, row, next, k);
        prev = row;
    }
}

/* Section 三 / 四 table: header levels, the note block, row levels, values. */
static void check_grid_table(const word_table *w, const ogi_report *r, const ogi_table_def *t)
{
    const char *super = ogi_rd_super_header(t), *lv[3];
    size_t depth = ogi_rd_header_depth(t), L = ogi_rd_label_cols(t);
    size_t head = depth + (super ? 1 : 0);
    assert_int_equal(w->n_cols, L + t->n_cols);
    char *note = spec_s3_note();
    for (size_t h = 0; h < head; h++)
        for (size_t c = 0; c < L; c++)
            assert_string_equal(at(w, h, c), t->id == OGI_T_S3 ? note : t->corner);
    free(note);
    for (size_t c = 0; c < t->n_cols; c++) {
        if (super)
            assert_string_equal(at(w, 0, L + c), super);
        size_t n = ogi_rd_col_levels(&t->cols[c], lv);
        for (size_t h = 0; h < depth; h++)
            assert_string_equal(at(w, head - depth + h, L + c), lv[h < n ? h : n - 1]);
    }
    size_t wr = head;
    for (size_t row = 0; row < t->n_rows; row++) {
        if (!ogi_rd_row_shown(r, t, row))
            continue;
        size_t n = ogi_rd_row_levels(&t->rows[row], lv);
        for (size_t c = 0; c < L; c++)
            assert_string_equal(at(w, wr, c), lv[c < n ? c : n - 1]);
        for (size_t c = 0; c < t->n_cols; c++)
            expect_cell_text(w, wr, L + c, r, t, row, c);
        wr++;
    }
    assert_int_equal(wr, w->n_rows);
    int vert, horiz;
    expected_blocks(r, t, &vert, &horiz);
    assert_int_equal(w->restarts, vert);
    assert_int_equal(w->spans, horiz);
}

/* Section 二: caption row, 「信息内容」 + column headers, rows; the last
 * column spans the slack of narrower items. */
static void check_s2_table(const word_table *w, const ogi_report *r)
{
    const ogi_table_def *t[OGI_TABLE_COUNT];
    size_t n = ogi_rd_section_tables(r, 2, t, OGI_TABLE_COUNT), wr = 0;
    int spans = 0;
    for (size_t i = 0; i < n; i++) {
        for (size_t c = 0; c < w->n_cols; c++)
            assert_string_equal(at(w, wr, c), t[i]->caption);
        spans++;
        wr++;
        assert_string_equal(at(w, wr, 0), t[i]->corner);
        for (size_t c = 0; c + 1 < w->n_cols; c++) {
            const ogi_col_def *col = &t[i]->cols[c < t[i]->n_cols ? c : t[i]->n_cols - 1];
            assert_non_null(strstr(at(w, wr, c + 1), col->label));
        }
        size_t slack = w->n_cols - t[i]->n_cols, first = ++wr;
        for (size_t row = 0; row < t[i]->n_rows; row++) {
            if (!ogi_rd_row_shown(r, t[i], row))
                continue;
            assert_string_equal(at(w, wr, 0), t[i]->rows[row].label);
            for (size_t c = 0; c + 1 < w->n_cols; c++)
                expect_cell_text(w, wr, c + 1, r, t[i], row, c < t[i]->n_cols ? c : t[i]->n_cols - 1);
            wr++;
        }
        if (slack > 1) /* the header row and every data row widen their last cell */
            spans += 1 + (int)(wr - first);
    }
    assert_int_equal(wr, w->n_rows);
    assert_int_equal(w->restarts, 0);
    assert_int_equal(w->spans, spans);
}

/* ---- DOCX ---- */

static void check_docx(const ogi_report *r)
{
    char *path = write_office(r, OGI_RENDER_DOCX);
    xml_part doc = open_part(path, "word/document.xml");
    xml_part styles = open_part(path, "word/styles.xml");
    xml_part types = open_part(path, "[Content_Types].xml");
    xml_part rels = open_part(path, "_rels/.rels");
    /* A4 portrait, Chinese and Latin fonts declared. */
    assert_int_equal(count(&doc, NULL, "//w:sectPr/w:pgSz[@w:w='11906' and @w:h='16838']", NULL),
                     1);
    assert_true(count(&styles, NULL, "//w:rFonts[@w:eastAsia='%s' and @w:ascii='Times New Roman']",
                      "宋体") > 0);
    assert_int_equal(count(&types, NULL, "//*[@PartName='/word/document.xml']", NULL), 1);
    assert_int_equal(count(&rels, NULL, "//*[@Target='word/document.xml']", NULL), 1);
    /* Six headings from the definition, in order. */
    xmlXPathObjectPtr heads = nodes(&doc, NULL, "//w:p[w:pPr/w:pStyle/@w:val='Heading1']");
    assert_int_equal(nr(heads), (int)ogi_section_count());
    for (size_t s = 0; s < ogi_section_count(); s++) {
        char *h = content(heads->nodesetval->nodeTab[s]);
        assert_string_equal(h, ogi_section_at(s)->heading);
        free(h);
    }
    xmlXPathFreeObject(heads);
    /* The tables: section 二, then each table of 三 and 四. */
    const ogi_table_def *t3[OGI_TABLE_COUNT], *t4[OGI_TABLE_COUNT];
    size_t n3 = ogi_rd_section_tables(r, 3, t3, OGI_TABLE_COUNT);
    size_t n4 = ogi_rd_section_tables(r, 4, t4, OGI_TABLE_COUNT);
    xmlXPathObjectPtr tbls = nodes(&doc, NULL, "//w:tbl");
    assert_int_equal(nr(tbls), (int)(1 + n3 + n4));
    for (int i = 0; i < nr(tbls); i++) {
        word_table w = unmerge(&doc, tbls->nodesetval->nodeTab[i]);
        if (i == 0)
            check_s2_table(&w, r);
        else
            check_grid_table(&w, r, (size_t)i <= n3 ? t3[i - 1] : t4[i - 1 - n3]);
        free_word_table(&w);
    }
    xmlXPathFreeObject(tbls);
    close_part(&doc);
    close_part(&styles);
    close_part(&types);
    close_part(&rels);
    unlink(path);
    free(path);
}

static void test_docx_seed000_v2021(void **state)
{
    (void)state;
    ogi_report *r = load_seed("000");
    check_docx(r);
    ogi_report_free(r);
}

static void test_docx_seed002_mixed(void **state)
{
    (void)state;
    ogi_report *r = load_seed("002");
    check_docx(r);
    ogi_report_free(r);
}

static void test_docx_seed004_v2019(void **state)
{
    (void)state;
    ogi_report *r = load_seed("004");
    check_docx(r);
    ogi_report_free(r);
}

/* Blank cells are empty paragraphs, never 0; money prints as written;
 * agency name and narrative are XML-escaped. */
static void test_docx_blank_money_escape(void **state)
{
    (void)state;
    ogi_report *r = load_seed("000");
    free(r->agency);
    r->agency = ogi_strdup(EVIL_AGENCY);
    free(r->sections[0]);
    r->sections[0] = ogi_strdup("第一段 a<b && c>\"d\"\n\n　　第二段");
    int blank = ogi_cell_index("s3_new_received__natural_person");
    int fee = ogi_cell_index("s2_fee_amount_wan");
    assert_true(blank >= 0 && fee >= 0);
    ogi_report_set_blank(r, (size_t)blank);
    ogi_report_set_raw(r, (size_t)fee, "25.10");
    check_docx(r); /* the unmerged tables show "" and "25.10" where the model says so */
    char *path = write_office(r, OGI_RENDER_DOCX);
    xml_part doc = open_part(path, "word/document.xml");
    ogi_buf title;
    ogi_buf_init(&title);
    ogi_rd_title(r, &title);
    xmlXPathObjectPtr t = nodes(&doc, NULL, "//w:p[w:pPr/w:pStyle/@w:val='Title']");
    assert_int_equal(nr(t), 1);
    char *shown = content(t->nodesetval->nodeTab[0]);
    assert_string_equal(shown, title.data);
    free(shown);
    xmlXPathFreeObject(t);
    assert_int_equal(count(&doc, NULL, "//w:p[w:pPr/w:pStyle/@w:val='ogiBody' and .='%s']",
                           "第二段"),
                     1);
    /* Blank cells: paragraphs without a run (the seed has no other blank). */
    assert_true(count(&doc, NULL, "//w:tc[not(w:tcPr/w:vMerge) and not(.//w:r)]", NULL) >= 1);
    ogi_buf_free(&title);
    close_part(&doc);
    char *raw = zip_part(path, "word/document.xml");
    assert_non_null(strstr(raw, "&lt;测试&amp;&quot;机关'&gt;"));
    free(raw);
    unlink(path);
    free(path);
    ogi_report_free(r);
}

/* ---- XLSX ---- */

/* Sheet names in workbook order, and the part of each. */
static size_t sheet_names(const char *path, char names[][64], size_t cap)
{
    xml_part wb = open_part(path, "xl/workbook.xml");
    xmlXPathObjectPtr s = nodes(&wb, NULL, "//x:sheets/x:sheet");
    size_t n = (size_t)nr(s);
    assert_true(n <= cap);
    for (size_t i = 0; i < n; i++) {
        char *v = attr(s->nodesetval->nodeTab[i], "name");
        snprintf(names[i], 64, "%s", v);
        free(v);
    }
    xmlXPathFreeObject(s);
    close_part(&wb);
    return n;
}

static size_t shown_value_cells(const ogi_report *r, const ogi_table_def *t, bool values)
{
    size_t n = 0;
    for (size_t row = 0; row < t->n_rows; row++)
        for (size_t c = 0; c < t->n_cols && ogi_rd_row_shown(r, t, row); c++) {
            int i = ogi_cell_in_table(t->id, row, c);
            n += (r->cells[i].state == OGI_CELL_VALUE) == values;
        }
    return n;
}

/* A section 三 / 四 sheet: title merged, merged blocks as in Word, one
 * numeric cell per value, one blank cell per non-value. */
static void check_sheet(const char *path, int sheet, const ogi_report *r, const ogi_table_def *t)
{
    char part[64];
    snprintf(part, sizeof part, "xl/worksheets/sheet%d.xml", sheet);
    xml_part s = open_part(path, part);
    int vert, horiz;
    expected_blocks(r, t, &vert, &horiz);
    int both = 0; /* blocks spanning both ways are counted once as a merge */
    size_t L = ogi_rd_label_cols(t);
    both += L > 1 && ogi_rd_header_depth(t) + (ogi_rd_super_header(t) ? 1 : 0) > 1;
    assert_int_equal(count(&s, NULL, "//x:mergeCells/x:mergeCell", NULL), 1 + vert + horiz - both);
    assert_int_equal(count(&s, NULL, "//x:row[@r='1']/x:c[@r='A1' and @t='s']", NULL), 1);
    size_t head = ogi_rd_header_depth(t) + (ogi_rd_super_header(t) ? 1 : 0);
    char xp[256];
    snprintf(xp, sizeof xp, "//x:c[number(substring-after(@r, substring-before(translate(@r,"
                            "'0123456789','##########'),'#'))) > %zu and x:v and not(@t)]",
             2 + head);
    assert_int_equal(count(&s, NULL, xp, NULL), (int)shown_value_cells(r, t, true));
    snprintf(xp, sizeof xp, "//x:c[number(substring-after(@r, substring-before(translate(@r,"
                            "'0123456789','##########'),'#'))) > %zu and not(x:v)]",
             2 + head);
    assert_true(count(&s, NULL, xp, NULL) >= (int)shown_value_cells(r, t, false));
    close_part(&s);
}

static void check_xlsx(const ogi_report *r)
{
    char *path = write_office(r, OGI_RENDER_XLSX);
    char names[8][64];
    size_t n = sheet_names(path, names, 8);
    assert_int_equal(n, 3);
    assert_string_equal(names[0], "主动公开");
    assert_string_equal(names[1], "依申请公开");
    assert_string_equal(names[2], "复议诉讼");
    const ogi_table_def *t3[OGI_TABLE_COUNT], *t4[OGI_TABLE_COUNT];
    assert_int_equal(ogi_rd_section_tables(r, 3, t3, OGI_TABLE_COUNT), 1);
    assert_int_equal(ogi_rd_section_tables(r, 4, t4, OGI_TABLE_COUNT), 1);
    check_sheet(path, 2, r, t3[0]);
    check_sheet(path, 3, r, t4[0]);
    /* Section 二: every shown value is a numeric cell. */
    const ogi_table_def *t2[OGI_TABLE_COUNT];
    size_t n2 = ogi_rd_section_tables(r, 2, t2, OGI_TABLE_COUNT), values = 0;
    for (size_t i = 0; i < n2; i++)
        values += shown_value_cells(r, t2[i], true);
    xml_part s = open_part(path, "xl/worksheets/sheet1.xml");
    assert_int_equal(count(&s, NULL, "//x:c[x:v and not(@t)]", NULL), (int)values);
    close_part(&s);
    unlink(path);
    free(path);
}

static void test_xlsx_seeds(void **state)
{
    (void)state;
    const char *seeds[] = {"000", "002", "004"};
    for (size_t i = 0; i < 3; i++) {
        ogi_report *r = load_seed(seeds[i]);
        check_xlsx(r);
        ogi_report_free(r);
    }
}

/* Money is a number with the written decimals as its format; a blank cell
 * has no value; the label cells are text. */
static void test_xlsx_money_blank(void **state)
{
    (void)state;
    ogi_report *r = load_seed("000");
    int blank = ogi_cell_index("s3_new_received__natural_person");
    int fee = ogi_cell_index("s2_fee_amount_wan");
    ogi_report_set_blank(r, (size_t)blank);
    ogi_report_set_raw(r, (size_t)fee, "1887.214470");
    check_xlsx(r);
    char *path = write_office(r, OGI_RENDER_XLSX);
    xml_part s1 = open_part(path, "xl/worksheets/sheet1.xml");
    xmlXPathObjectPtr v = nodes(&s1, NULL, "//x:c[x:v='1887.21447']");
    assert_int_equal(nr(v), 1);
    char *style = attr(v->nodesetval->nodeTab[0], "s");
    xmlXPathFreeObject(v);
    close_part(&s1);
    xml_part st = open_part(path, "xl/styles.xml");
    xmlXPathObjectPtr xf = nodes(&st, NULL, "//x:cellXfs/x:xf");
    int idx = atoi(style);
    assert_true(idx < nr(xf));
    char *fmt_id = attr(xf->nodesetval->nodeTab[idx], "numFmtId");
    xmlXPathFreeObject(xf);
    char xp[128];
    snprintf(xp, sizeof xp, "//x:numFmt[@numFmtId='%s' and @formatCode='0.000000']", fmt_id);
    assert_int_equal(count(&st, NULL, xp, NULL), 1);
    close_part(&st);
    free(fmt_id);
    free(style);
    /* The blank s3 cell: first value column of the first data row, no <v>. */
    xml_part s2 = open_part(path, "xl/worksheets/sheet2.xml");
    const ogi_table_def *s3 = ogi_table_at(OGI_T_S3);
    size_t row = 3 + ogi_rd_header_depth(s3) + 1; /* title, heading, super header, headers */
    char ref[16];
    snprintf(ref, sizeof ref, "%c%zu", (char)('A' + ogi_rd_label_cols(s3)), row);
    assert_int_equal(count(&s2, NULL, "//x:c[@r='%s' and not(x:v)]", ref), 1);
    close_part(&s2);
    unlink(path);
    free(path);
    ogi_report_free(r);
}

static void test_unwritable_path(void **state)
{
    (void)state;
    ogi_report *r = load_seed("000");
    char err[512] = "";
    assert_int_equal(ogi_render_docx_file(r, "/nonexistent-dir/x.docx", err, sizeof err), -1);
    assert_non_null(strstr(err, "/nonexistent-dir/x.docx"));
    assert_int_equal(ogi_render_format_parse("docx"), OGI_RENDER_DOCX);
    assert_int_equal(ogi_render_format_parse("xlsx"), OGI_RENDER_XLSX);
    assert_true(ogi_render_format_is_file(OGI_RENDER_DOCX));
    assert_false(ogi_render_format_is_file(OGI_RENDER_HTML));
    ogi_buf b;
    ogi_buf_init(&b);
    assert_int_equal(ogi_render(r, NULL, OGI_RENDER_DOCX, &b), -1);
    ogi_buf_free(&b);
    ogi_report_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_docx_seed000_v2021),
        cmocka_unit_test(test_docx_seed002_mixed),
        cmocka_unit_test(test_docx_seed004_v2019),
        cmocka_unit_test(test_docx_blank_money_escape),
        cmocka_unit_test(test_xlsx_seeds),
        cmocka_unit_test(test_xlsx_money_blank),
        cmocka_unit_test(test_unwritable_path),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
