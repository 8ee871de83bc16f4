/*
 * test_render.c — the renderers draw the national template from the format
 * definition: seeds 000 (v2021), 002 (mixed) and 004 (v2019) are loaded
 * from their truth files and the HTML structure is checked with libxml2's
 * HTML parser (spans, row counts, which Article 20 variant is shown, blank
 * cells empty, money as written), and Markdown, text, CSV and JSON are
 * checked against the same definition.  Labels and counts come from
 * ogi/format.h or from the spec, never from a list written here.
 */
#include <glob.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libxml/HTMLparser.h>
#include <libxml/xpath.h>
#include <utf8proc.h>

#include "ogi/json.h"
#include "ogi/render.h"
#include "render/render_internal.h"

#define XSS "<script>alert(1)</script>"

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

static char *render(const ogi_report *r, const ogi_findings *f, ogi_render_format fmt)
{
    ogi_buf b;
    ogi_buf_init(&b);
    assert_int_equal(ogi_render(r, f, fmt, &b), 0);
    return ogi_buf_steal(&b);
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

/* ---- HTML through libxml2 ---- */

typedef struct {
    htmlDocPtr doc;
    xmlXPathContextPtr ctx;
} html_doc;

static html_doc parse_html(const char *html)
{
    html_doc h;
    h.doc = htmlReadMemory(html, (int)strlen(html), NULL, "UTF-8",
                           HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
    assert_non_null(h.doc);
    h.ctx = xmlXPathNewContext(h.doc);
    return h;
}

static void free_html(html_doc *h)
{
    xmlXPathFreeContext(h->ctx);
    xmlFreeDoc(h->doc);
}

static xmlXPathObjectPtr query(html_doc *h, const char *xpath)
{
    xmlXPathObjectPtr o = xmlXPathEvalExpression((const xmlChar *)xpath, h->ctx);
    if (!o)
        fail_msg("bad xpath %s", xpath);
    return o;
}

static int count(html_doc *h, const char *fmt, ...)
{
    char xpath[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(xpath, sizeof xpath, fmt, ap);
    va_end(ap);
    xmlXPathObjectPtr o = query(h, xpath);
    int n = o->nodesetval ? o->nodesetval->nodeNr : 0;
    xmlXPathFreeObject(o);
    return n;
}

/* Text of the single node matching an XPath (caller frees). */
static char *text_of(html_doc *h, const char *fmt, ...)
{
    char xpath[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(xpath, sizeof xpath, fmt, ap);
    va_end(ap);
    xmlXPathObjectPtr o = query(h, xpath);
    if (!o->nodesetval || o->nodesetval->nodeNr != 1)
        fail_msg("%s: expected one node, got %d", xpath,
                 o->nodesetval ? o->nodesetval->nodeNr : 0);
    xmlChar *t = xmlNodeGetContent(o->nodesetval->nodeTab[0]);
    char *s = ogi_strdup((const char *)t);
    xmlFree(t);
    xmlXPathFreeObject(o);
    return s;
}

/* Definition-derived counts: rows of table t available in format mask
 * fmt, and rows under a row group / subgroup text. */
static int def_rows(ogi_table_id t, unsigned fmt)
{
    const ogi_table_def *td = ogi_table_at(t);
    int n = 0;
    for (size_t i = 0; i < td->n_rows; i++)
        n += (td->rows[i].formats & fmt) != 0;
    return n;
}

static int def_rows_under(ogi_table_id t, unsigned fmt, const char *group)
{
    const ogi_table_def *td = ogi_table_at(t);
    int n = 0;
    for (size_t i = 0; i < td->n_rows; i++) {
        const ogi_row_def *row = &td->rows[i];
        bool under = (row->group && !strcmp(row->group, group) && row->label[0]) ||
                     (row->subgroup && !strcmp(row->subgroup, group));
        n += under && (row->formats & fmt);
    }
    return n;
}

/* Every merged row header of s3 has the rowspan the definition gives for
 * the format's rows; the group of the single v2019 （六） row is not one. */
static void check_s3_row_groups(html_doc *h, unsigned fmt)
{
    const ogi_table_def *s3 = ogi_table_at(OGI_T_S3);
    for (size_t i = 0; i < s3->n_rows; i++) {
        const ogi_row_def *row = &s3->rows[i];
        const char *groups[2] = {row->group, row->subgroup};
        for (int k = 0; k < 2; k++) {
            if (!groups[k] || !(row->formats & fmt))
                continue;
            int span = def_rows_under(OGI_T_S3, fmt, groups[k]);
            assert_int_equal(count(h, "//table[@class='s3']/tbody//th[normalize-space()='%s' "
                                      "and @rowspan='%d']", groups[k], span),
                             1);
        }
    }
}

static void check_s3_head(html_doc *h)
{
    const ogi_table_def *s3 = ogi_table_at(OGI_T_S3);
    char *note = spec_s3_note();
    char *corner = text_of(h, "//table[@class='s3']/thead//th[@rowspan='3' and @colspan='3']");
    assert_string_equal(corner, note);
    free(corner);
    free(note);
    assert_int_equal(count(h, "//table[@class='s3']/thead//th[text()='%s' and @colspan='%zu']",
                           OGI_RD_S3_APPLICANTS, s3->n_cols),
                     1);
    int legal = 0;
    for (size_t c = 0; c < s3->n_cols; c++)
        legal += s3->cols[c].group && !strcmp(s3->cols[c].group, s3->cols[1].group);
    assert_int_equal(legal, 5); /* spec §3.1: 法人或其他组织 spans 5 */
    assert_int_equal(count(h, "//table[@class='s3']/thead//th[text()='%s' and @colspan='%d']",
                           s3->cols[1].group, legal),
                     1);
    /* ungrouped columns (自然人, 总计) span header rows 2–3 */
    for (size_t c = 0; c < s3->n_cols; c++)
        if (!s3->cols[c].group)
            assert_int_equal(count(h, "//table[@class='s3']/thead//th[text()='%s' and "
                                      "@rowspan='2']", s3->cols[c].label),
                             1);
    assert_int_equal(count(h, "//table[@class='s3']/thead/tr"), 3);
}

static void test_html_s3_v2021(void **state)
{
    (void)state;
    ogi_report *r = load_seed("000");
    char *html = render(r, NULL, OGI_RENDER_HTML);
    html_doc h = parse_html(html);
    check_s3_head(&h);
    assert_int_equal(def_rows(OGI_T_S3, OGI_FMT_V2021), 25);
    assert_int_equal(count(&h, "//table[@class='s3']/tbody/tr"), 25);
    assert_int_equal(count(&h, "//table[@class='s3']/tbody/tr/td"), 25 * 7);
    check_s3_row_groups(&h, OGI_FMT_V2021);
    /* spec §3.1: （三） spans 8 rows and, in v2021, （六） 3 */
    const ogi_table_def *s3 = ogi_table_at(OGI_T_S3);
    const char *first_sub = NULL, *last_sub = NULL;
    for (size_t i = 0; i < s3->n_rows; i++)
        if (s3->rows[i].subgroup && s3->rows[i].formats & OGI_FMT_V2021) {
            first_sub = first_sub ? first_sub : s3->rows[i].subgroup;
            last_sub = s3->rows[i].subgroup;
        }
    assert_int_equal(def_rows_under(OGI_T_S3, OGI_FMT_V2021, first_sub), 8);
    assert_int_equal(def_rows_under(OGI_T_S3, OGI_FMT_V2021, last_sub), 3);
    /* page metadata */
    assert_non_null(strstr(html, "<html lang=\"zh-CN\">"));
    assert_non_null(strstr(html, "<meta charset=\"utf-8\">"));
    char *title = text_of(&h, "//title");
    assert_string_equal(title, "枣阳市人民政府办公室2023年政府信息公开工作年度报告");
    free(title);
    for (size_t s = 0; s < ogi_section_count(); s++)
        assert_int_equal(count(&h, "//h2[text()='%s']", ogi_section_at(s)->heading), 1);
    free_html(&h);
    free(html);
    ogi_report_free(r);
}

static void test_html_s3_v2019(void **state)
{
    (void)state;
    ogi_report *r = load_seed("004");
    char *html = render(r, NULL, OGI_RENDER_HTML);
    html_doc h = parse_html(html);
    check_s3_head(&h);
    assert_int_equal(def_rows(OGI_T_S3, OGI_FMT_V2019), 23);
    assert_int_equal(count(&h, "//table[@class='s3']/tbody/tr"), 23);
    check_s3_row_groups(&h, OGI_FMT_V2019);
    /* the single （六） row: a label spanning subgroup and item columns */
    const ogi_table_def *s3 = ogi_table_at(OGI_T_S3);
    for (size_t i = 0; i < s3->n_rows; i++)
        if (s3->rows[i].formats == OGI_FMT_V2019)
            assert_int_equal(count(&h, "//table[@class='s3']//th[text()='%s' and "
                                       "@colspan='2' and not(@rowspan)]", s3->rows[i].label),
                             1);
    free_html(&h);
    free(html);
    ogi_report_free(r);
}

static void test_html_s4_header(void **state)
{
    (void)state;
    ogi_report *r = load_seed("000");
    char *html = render(r, NULL, OGI_RENDER_HTML);
    html_doc h = parse_html(html);
    const ogi_table_def *s4 = ogi_table_at(OGI_T_S4);
    assert_int_equal(count(&h, "//table[@class='s4']/thead/tr"), 3);
    assert_int_equal(count(&h, "//table[@class='s4']/thead/tr[1]/th[text()='%s' and "
                               "@colspan='5']", s4->cols[0].group),
                     1);
    assert_int_equal(count(&h, "//table[@class='s4']/thead/tr[1]/th[text()='%s' and "
                               "@colspan='10']", s4->cols[5].group),
                     1);
    assert_int_equal(count(&h, "//table[@class='s4']/thead/tr[2]/th[@rowspan='2']"), 5);
    assert_int_equal(count(&h, "//table[@class='s4']/thead/tr[2]/th[@colspan='5']"), 2);
    assert_int_equal(count(&h, "//table[@class='s4']/thead/tr[2]/th[text()='%s']",
                           s4->cols[5].subgroup),
                     1);
    assert_int_equal(count(&h, "//table[@class='s4']/thead/tr[3]/th"), 10);
    assert_int_equal(count(&h, "//table[@class='s4']/tbody/tr"), 1);
    assert_int_equal(count(&h, "//table[@class='s4']/tbody/tr/td"), (int)s4->n_cols);
    assert_int_equal(count(&h, "//table[@class='s4']/tbody//th"), 0);
    free_html(&h);
    free(html);
    ogi_report_free(r);
}

/* Section 二 shows, per Article 20 item, the tables whose cells are in the
 * report: check each table's caption+header+rows against presence. */
static void check_s2_variants(html_doc *h, const ogi_report *r)
{
    int captions = 0;
    for (size_t t = 0; t < ogi_table_count(); t++) {
        const ogi_table_def *td = ogi_table_at(t);
        if (td->section != 2)
            continue;
        bool present = ogi_report_table_present(r, td->id);
        captions += present;
        for (size_t row = 0; row < td->n_rows; row++)
            for (size_t c = 0; c < td->n_cols; c++)
                assert_int_equal(count(h, "//table[@class='s2']//td[@data-key='%s']",
                                       ogi_cell_at((size_t)ogi_cell_in_table(td->id, row, c))->key),
                                 present);
        if (present)
            for (size_t c = 0; c < td->n_cols; c++)
                assert_true(count(h, "//table[@class='s2']//th[starts-with(text(),'%s')]",
                                  td->cols[c].label) >= 1);
    }
    assert_int_equal(count(h, "//table[@class='s2']//th[@class='caption']"), captions);
}

static void test_html_mixed(void **state)
{
    (void)state;
    ogi_report *r = load_seed("002");
    assert_true(ogi_report_table_present(r, OGI_T_ART20_9_V2019));
    assert_true(ogi_report_table_present(r, OGI_T_ART20_1_V2019));
    assert_true(ogi_report_table_present(r, OGI_T_ART20_5_V2021));
    char *html = render(r, NULL, OGI_RENDER_HTML);
    html_doc h = parse_html(html);
    check_s2_variants(&h, r);
    assert_int_equal(count(&h, "//table[@class='s2']//th[text()='%s']",
                           ogi_table_at(OGI_T_ART20_9_V2019)->caption),
                     1);
    for (size_t c = 0; c < ogi_table_at(OGI_T_ART20_1_V2021)->n_cols; c++)
        assert_int_equal(count(&h, "//th[text()='%s']",
                               ogi_table_at(OGI_T_ART20_1_V2021)->cols[c].label),
                         0);
    char *money = text_of(&h, "//td[@data-key='s2v19_procurement_amount']");
    assert_string_equal(money, "1887.214474");
    free(money);
    assert_int_equal(count(&h, "//table[@class='s3']/tbody/tr"), 23);
    free_html(&h);
    free(html);
    ogi_report_free(r);
}

static void test_html_v2021_s2(void **state)
{
    (void)state;
    ogi_report *r = load_seed("000");
    char *html = render(r, NULL, OGI_RENDER_HTML);
    html_doc h = parse_html(html);
    check_s2_variants(&h, r);
    assert_int_equal(count(&h, "//table[@class='s2']//th[@class='caption']"), 4);
    assert_int_equal(count(&h, "//table[@class='s2']//th[@class='corner']"), 4);
    free_html(&h);
    free(html);
    ogi_report_free(r);
}

/* With no cells at all, the year decides the variant of every element. */
static void test_html_expected_by_year(void **state)
{
    (void)state;
    const int years[] = {2020, 2023}, captions[] = {5, 4}, s3rows[] = {23, 25};
    for (int i = 0; i < 2; i++) {
        ogi_report *r = ogi_report_new();
        r->year = years[i];
        char *html = render(r, NULL, OGI_RENDER_HTML);
        html_doc h = parse_html(html);
        assert_int_equal(count(&h, "//table[@class='s2']//th[@class='caption']"), captions[i]);
        assert_int_equal(count(&h, "//table[@class='s3']/tbody/tr"), s3rows[i]);
        assert_int_equal(count(&h, "//td[normalize-space()!='']"), 0);
        free_html(&h);
        free(html);
        ogi_report_free(r);
    }
}

static void test_html_blank_not_zero(void **state)
{
    (void)state;
    ogi_report *r = load_seed("004");
    char *html = render(r, NULL, OGI_RENDER_HTML);
    html_doc h = parse_html(html);
    int blanks = 0;
    for (size_t i = 0; i < ogi_cell_count(); i++) {
        const char *key = ogi_cell_at(i)->key;
        if (r->cells[i].state == OGI_CELL_BLANK) {
            blanks++;
            assert_int_equal(count(&h, "//td[@data-key='%s' and not(node())]", key), 1);
            char attr[256];
            snprintf(attr, sizeof attr, "<td data-key=\"%s\"", key);
            const char *td = strstr(html, attr);
            assert_non_null(td);
            assert_memory_equal(strchr(td, '>'), "></td>", 6);
        } else if (r->cells[i].state == OGI_CELL_VALUE) {
            char buf[OGI_VALUE_BUF], *t = text_of(&h, "//td[@data-key='%s']", key);
            assert_string_equal(t, ogi_cell_value_text(ogi_cell_at(i), &r->cells[i], buf));
            free(t);
        }
    }
    assert_true(blanks > 10);
    free_html(&h);
    free(html);
    ogi_report_free(r);
}

static ogi_report *hostile_report(void)
{
    ogi_report *r = load_seed("002");
    free(r->agency);
    r->agency = ogi_strdup(XSS);
    r->sections[0] = ogi_strdup("　　第一段 <b>粗</b> & \"引号\"\n\n　　第二段 | a,b\n");
    r->extras = ogi_xcalloc(1, sizeof *r->extras);
    r->extras[r->n_extras++] = ogi_strdup("其他主动公开文件 " XSS);
    return r;
}

/* Occurrences of s in md, failing if one is not backslash-escaped. */
static int only_escaped(const char *md, const char *s)
{
    int n = 0;
    for (const char *p = strstr(md, s); p; p = strstr(p + 1, s), n++)
        if (p == md || p[-1] != '\\')
            fail_msg("unescaped %s in Markdown", s);
    return n;
}

static void test_escaping_every_format(void **state)
{
    (void)state;
    ogi_report *r = hostile_report();
    char *html = render(r, NULL, OGI_RENDER_HTML);
    assert_null(strstr(html, "<script"));
    assert_null(strstr(html, "<b>"));
    html_doc h = parse_html(html);
    char *title = text_of(&h, "//title"), *h1 = text_of(&h, "//h1");
    assert_string_equal(title, XSS "2023年政府信息公开工作年度报告");
    assert_string_equal(h1, title);
    assert_int_equal(count(&h, "//section[@id='s1']/p"), 2);
    char *p1 = text_of(&h, "//section[@id='s1']/p[1]");
    assert_string_equal(p1, "第一段 <b>粗</b> & \"引号\"");
    free(p1);
    free(title);
    free(h1);
    free_html(&h);
    free(html);

    char *md = render(r, NULL, OGI_RENDER_MD);
    assert_true(only_escaped(md, "<script") >= 2); /* title, extra row */
    assert_true(only_escaped(md, "<b>") >= 1);
    assert_non_null(strstr(md, "第二段 \\| a,b"));
    free(md);
    char *csv = render(r, NULL, OGI_RENDER_CSV);
    assert_null(strstr(csv, "<script"));
    free(csv);
    /* JSON escapes by its own rules: the name must read back unchanged */
    char *json = render(r, NULL, OGI_RENDER_JSON);
    char err[256];
    ogi_report *back = ogi_report_from_json_text(json, strlen(json), err, sizeof err);
    assert_non_null(back);
    assert_string_equal(back->agency, XSS);
    ogi_report_free(back);
    free(json);
    ogi_report_free(r);
}

static void test_findings_marked(void **state)
{
    (void)state;
    ogi_report *r = load_seed("000");
    char *keys[] = {"s3_granted__total"};
    ogi_finding items[] = {
        {"R3.3", OGI_SEV_ERROR, keys, 1, NULL, "sum", "总计<不等于>各列之和"},
        {"R1.2", OGI_SEV_WARNING, NULL, 0, NULL, "heading", "标题与模板不一致"},
    };
    ogi_findings f = {items, 2, 2};
    char *html = render(r, &f, OGI_RENDER_HTML);
    html_doc h = parse_html(html);
    assert_int_equal(count(&h, "//td[@data-key='s3_granted__total' and @class='flag-error' and "
                               "contains(@title,'总计<不等于>各列之和')]"),
                     1);
    assert_int_equal(count(&h, "//td[@class='flag-error' or @class='flag-warning']"), 1);
    assert_int_equal(count(&h, "//table[@class='findings']/tbody/tr"), 2);
    assert_int_equal(count(&h, "//table[@class='findings']//td[text()='R1.2']"), 1);
    free_html(&h);
    free(html);
    for (int fmt = OGI_RENDER_MD; fmt <= OGI_RENDER_TXT; fmt++) {
        char *out = render(r, &f, (ogi_render_format)fmt);
        assert_non_null(strstr(out, "R3.3"));
        assert_non_null(strstr(out, "标题与模板不一致"));
        free(out);
    }
    ogi_report_free(r);
}

static size_t lines_of(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

static void test_csv(void **state)
{
    (void)state;
    const char *seeds[] = {"000", "002", "004"};
    for (int s = 0; s < 3; s++) {
        ogi_report *r = load_seed(seeds[s]);
        size_t present = 0;
        for (size_t i = 0; i < ogi_cell_count(); i++)
            present += r->cells[i].state != OGI_CELL_ABSENT;
        char *csv = render(r, NULL, OGI_RENDER_CSV);
        assert_int_equal(lines_of(csv), present + 1);
        assert_memory_equal(csv, "key,label,value\n", 16);
        for (size_t i = 0; i < ogi_cell_count(); i++) {
            if (r->cells[i].state != OGI_CELL_BLANK)
                continue;
            char line[512];
            snprintf(line, sizeof line, "\n%s,%s,\n", ogi_cell_at(i)->key, ogi_cell_at(i)->label);
            assert_non_null(strstr(csv, line));
        }
        if (s == 1)
            assert_non_null(strstr(csv, ",1887.214474\n"));
        free(csv);
        ogi_report_free(r);
    }
}

static size_t display_width(const char *s, size_t n)
{
    size_t w = 0;
    while (n > 0) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n,
                                              &cp);
        assert_true(k > 0);
        w += (size_t)utf8proc_charwidth(cp);
        s += k, n -= (size_t)k;
    }
    return w;
}

/* Every data row of section 三 in the text output ends in the same column. */
static void check_txt_aligned(const char *txt, const ogi_report *r)
{
    const ogi_table_def *s3 = ogi_table_at(OGI_T_S3);
    size_t width = 0;
    for (size_t i = 0; i < s3->n_rows; i++) {
        if (!ogi_rd_row_shown(r, s3, i))
            continue;
        const char *at = strstr(txt, s3->rows[i].label);
        assert_non_null(at);
        while (at > txt && at[-1] != '\n')
            at--;
        size_t w = display_width(at, strcspn(at, "\n"));
        if (!width)
            width = w;
        assert_int_equal(w, width);
    }
}

static void test_md_txt_labels(void **state)
{
    (void)state;
    const char *seeds[] = {"000", "004"};
    const ogi_table_def *s3 = ogi_table_at(OGI_T_S3);
    for (int s = 0; s < 2; s++) {
        ogi_report *r = load_seed(seeds[s]);
        char *md = render(r, NULL, OGI_RENDER_MD), *txt = render(r, NULL, OGI_RENDER_TXT);
        for (size_t i = 0; i < s3->n_rows; i++) {
            const ogi_row_def *row = &s3->rows[i];
            if (!ogi_rd_row_shown(r, s3, i))
                continue;
            char flat[512];
            snprintf(flat, sizeof flat, "%s / %s", row->subgroup ? row->subgroup : "",
                     row->label);
            assert_non_null(strstr(md, row->subgroup ? flat : row->label));
            assert_non_null(strstr(txt, row->subgroup ? flat : row->label));
        }
        char head[256];
        snprintf(head, sizeof head, " | %s·%s | ", s3->cols[1].group, s3->cols[1].label);
        assert_non_null(strstr(md, head));
        check_txt_aligned(txt, r);
        free(md);
        free(txt);
        ogi_report_free(r);
    }
}

/* Seed 004's 规章 row of 第二十条第（一）项 is blank: empty Markdown cells. */
static void test_md_blank_cells(void **state)
{
    (void)state;
    ogi_report *r = load_seed("004");
    const ogi_table_def *t = ogi_table_at(OGI_T_ART20_1_V2019);
    for (size_t c = 0; c < t->n_cols; c++)
        assert_int_equal(r->cells[ogi_cell_in_table(t->id, 0, c)].state, OGI_CELL_BLANK);
    char *md = render(r, NULL, OGI_RENDER_MD), row[256];
    snprintf(row, sizeof row, "\n| %s |  |  |  |\n", t->rows[0].label);
    assert_non_null(strstr(md, row));
    free(md);
    ogi_report_free(r);
}

static void test_json_round_trip(void **state)
{
    (void)state;
    ogi_report *r = load_seed("002");
    char *json = render(r, NULL, OGI_RENDER_JSON), err[256];
    assert_non_null(strstr(json, "1887.214474"));
    ogi_report *back = ogi_report_from_json_text(json, strlen(json), err, sizeof err);
    assert_non_null(back);
    for (size_t i = 0; i < ogi_cell_count(); i++) {
        assert_int_equal(back->cells[i].state, r->cells[i].state);
        assert_int_equal(back->cells[i].value, r->cells[i].value);
    }
    ogi_report_free(back);
    free(json);
    ogi_report_free(r);
}

static void test_format_names(void **state)
{
    (void)state;
    for (int f = OGI_RENDER_HTML; f <= OGI_RENDER_JSON; f++)
        assert_int_equal(ogi_render_format_parse(ogi_render_format_name(f)), f);
    assert_int_equal(ogi_render_format_parse("pdf"), -1);
    assert_int_equal(ogi_render_format_parse(NULL), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_html_s3_v2021),
        cmocka_unit_test(test_html_s3_v2019),
        cmocka_unit_test(test_html_s4_header),
        cmocka_unit_test(test_html_mixed),
        cmocka_unit_test(test_html_v2021_s2),
        cmocka_unit_test(test_html_expected_by_year),
        cmocka_unit_test(test_html_blank_not_zero),
        cmocka_unit_test(test_escaping_every_format),
        cmocka_unit_test(test_findings_marked),
        cmocka_unit_test(test_csv),
        cmocka_unit_test(test_md_txt_labels),
        cmocka_unit_test(test_md_blank_cells),
        cmocka_unit_test(test_json_round_trip),
        cmocka_unit_test(test_format_names),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    xmlCleanupParser();
    return rc;
}
