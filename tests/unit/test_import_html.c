/*
 * test_import_html.c — the HTML reader and the encoding detection it
 * relies on: rowspan / colspan grids, Word-exported markup, blocks outside
 * tables, the content root among site chrome, charsets (BOM, <meta>,
 * http-equiv, undeclared GB18030), the corpus page, and bad input.
 */
#include <iconv.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ogi/buf.h"
#include "ogi/import.h"
#include "ogi/validate.h"

/* src/report/validate.c is merged from another worktree; json.c needs this
 * one function of it to link.  The real one takes precedence. */
__attribute__((weak)) const char *ogi_severity_name(ogi_severity s)
{
    return s == OGI_SEV_ERROR ? "ERROR" : "WARNING";
}

static void read_html(const char *html, size_t len, ogi_doc *doc)
{
    char err[512] = "";
    ogi_doc_init(doc, "t.html");
    if (ogi_read_html(html, len, doc, err, sizeof err) != 0)
        fail_msg("%s", err);
}

/* The first row whose first cell is `first`, or NULL. */
static const ogi_doc_row *row_starting(const ogi_doc *d, const char *first)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->rows[i].n && !strcmp(d->rows[i].cells[0].text, first))
            return &d->rows[i];
    return NULL;
}

static bool doc_contains(const ogi_doc *d, const char *needle)
{
    for (size_t i = 0; i < d->n; i++)
        for (size_t k = 0; k < d->rows[i].n; k++)
            if (strstr(d->rows[i].cells[k].text, needle))
                return true;
    return false;
}

static void test_rowspan_colspan_grid(void **state)
{
    (void)state;
    static const char html[] =
        "<table><tr><td rowspan=2>组</td><td colspan=2>宽</td><td>x</td></tr>"
        "<tr><td>1</td><td>&nbsp;</td><td>3</td></tr>"
        "<tr><td>a</td><td rowspan=3>高</td><td>b</td><td>c</td></tr>"
        "<tr><td>d</td></tr></table>";
    ogi_doc d;
    read_html(html, sizeof html - 1, &d);
    assert_int_equal(d.n, 4);
    const ogi_doc_row *r0 = &d.rows[0], *r1 = &d.rows[1], *r3 = &d.rows[3];
    assert_true(r0->grid);
    assert_int_equal(r0->n, 4);
    assert_string_equal(r0->cells[2].text, "宽");
    assert_true(r0->cells[2].spanned);
    assert_false(r0->cells[1].spanned);
    assert_int_equal(r1->n, 4);
    assert_string_equal(r1->cells[0].text, "组");
    assert_true(r1->cells[0].spanned);
    assert_string_equal(r1->cells[1].text, "1");
    assert_string_equal(r1->cells[2].text, "\xC2\xA0"); /* &nbsp;: kept, blank */
    assert_int_equal(r1->cells[3].col, 3);
    /* Row 3: the rowspan from row 2 fills column 1, its own cell follows,
     * and the trailing columns no cell covers are not invented. */
    assert_int_equal(r3->n, 2);
    assert_string_equal(r3->cells[0].text, "d");
    assert_string_equal(r3->cells[1].text, "高");
    assert_true(r3->cells[1].spanned);
    assert_int_equal(r3->cells[1].row, 3);
    ogi_doc_free(&d);
}

static void test_word_markup_and_blocks(void **state)
{
    (void)state;
    static const char html[] =
        "<html><head><title>某局2020年政府信息公开工作年度报告</title>"
        "<style>p{color:red}</style><script>var x='规章';</script></head><body>"
        "<p class=MsoNormal><span lang=EN-US>一、总体情况</span></p>"
        "<div>第一段<br>第二段<p>内部段落</p></div>"
        "<h2>二、主动公开政府信息情况</h2>"
        "<table class=MsoNormalTable><tr><td><p class=MsoNormal><span>本年新<br/>制作数量"
        "</span></p></td><td><p class=MsoNormal><span>&nbsp;</span></p></td></tr></table>"
        "</body></html>";
    ogi_doc d;
    read_html(html, sizeof html - 1, &d);
    assert_string_equal(d.title, "某局2020年政府信息公开工作年度报告");
    assert_non_null(row_starting(&d, "一、总体情况"));
    assert_non_null(row_starting(&d, "第一段"));
    assert_non_null(row_starting(&d, "第二段"));
    assert_non_null(row_starting(&d, "内部段落"));
    assert_non_null(row_starting(&d, "二、主动公开政府信息情况"));
    assert_false(doc_contains(&d, "color"));
    assert_false(doc_contains(&d, "var x"));
    const ogi_doc_row *t = row_starting(&d, "本年新\n制作数量");
    assert_non_null(t);
    assert_true(t->grid);
    assert_int_equal(t->n, 2);
    assert_false(row_starting(&d, "第一段")->grid);
    assert_int_equal(row_starting(&d, "第一段")->cells[0].table, -1);
    ogi_doc_free(&d);
}

static void test_content_root_among_chrome(void **state)
{
    (void)state;
    static const char html[] =
        "<body><div id=top><ul><li>首页</li><li>政务公开</li></ul>"
        "<div class=crumb>当前位置：首页 &gt; 2021年度报告</div></div>"
        "<table><tr><td>菜单一</td><td>菜单二</td></tr><tr><td>"
        "<div class=article><h1>某县2021年政府信息公开工作年度报告</h1>"
        "<p>一、总体情况</p><table><tr><td>规章</td><td>1</td></tr></table>"
        "<p>六、其他需要报告的事项</p><table><tr><td>行政许可</td><td>2</td></tr></table>"
        "</div></td></tr></table><div class=foot>版权所有 网站标识码</div></body>";
    ogi_doc d;
    read_html(html, sizeof html - 1, &d);
    assert_non_null(row_starting(&d, "某县2021年政府信息公开工作年度报告"));
    assert_non_null(row_starting(&d, "规章"));
    assert_non_null(row_starting(&d, "行政许可"));
    assert_false(doc_contains(&d, "菜单一"));
    assert_false(doc_contains(&d, "当前位置"));
    assert_false(doc_contains(&d, "版权所有"));
    assert_false(doc_contains(&d, "政务公开"));
    assert_int_equal(row_starting(&d, "行政许可")->cells[0].table, 1);
    ogi_doc_free(&d);
}

/* UTF-8 → GBK bytes, for the encoding tests. */
static char *to_gbk(const char *utf8, size_t *len)
{
    iconv_t cd = iconv_open("GBK", "UTF-8");
    assert_true(cd != (iconv_t)-1);
    size_t inleft = strlen(utf8), cap = inleft * 2 + 1, outleft = cap;
    char *out = calloc(1, cap), *o = out, *in = (char *)utf8;
    assert_true(iconv(cd, &in, &inleft, &o, &outleft) != (size_t)-1);
    iconv_close(cd);
    *len = cap - outleft;
    return out;
}

static void check_charset_page(const char *head)
{
    ogi_buf b;
    ogi_buf_init(&b);
    ogi_buf_printf(&b, "<html><head>%s</head><body><p>二、主动公开政府信息情况</p>"
                       "<table><tr><td>行政规范性文件</td><td>7</td></tr></table></body></html>",
                   head);
    size_t len;
    char *gbk = to_gbk(b.data, &len);
    ogi_doc d;
    read_html(gbk, len, &d);
    assert_non_null(row_starting(&d, "二、主动公开政府信息情况"));
    const ogi_doc_row *r = row_starting(&d, "行政规范性文件");
    assert_non_null(r);
    assert_string_equal(r->cells[1].text, "7");
    ogi_doc_free(&d);
    free(gbk);
    ogi_buf_free(&b);
}

static void test_gbk_meta_charset(void **state)
{
    (void)state;
    check_charset_page("<meta charset=\"gbk\">");
    check_charset_page("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">");
    /* Declared UTF-8 but sent as GBK: the bytes win. */
    check_charset_page("<meta charset=\"utf-8\">");
    /* A charset iconv does not know: detected instead. */
    check_charset_page("<meta charset=\"x-no-such-charset\">");
}

static void test_undeclared_gb18030(void **state)
{
    (void)state;
    check_charset_page("<title>无声明</title>");
    size_t len;
    char *gbk = to_gbk("规章 3", &len);
    size_t ulen;
    char err[256];
    char *u = ogi_to_utf8(gbk, len, NULL, &ulen, err, sizeof err);
    assert_non_null(u);
    assert_string_equal(u, "规章 3");
    free(u);
    free(gbk);
}

static void test_utf8_bom_and_utf16(void **state)
{
    (void)state;
    static const char bom[] = "\xEF\xBB\xBF<p>一、总体情况</p>";
    ogi_doc d;
    read_html(bom, sizeof bom - 1, &d);
    assert_int_equal(d.n, 1);
    assert_string_equal(d.rows[0].cells[0].text, "一、总体情况");
    ogi_doc_free(&d);
    /* "<p>规</p>" in UTF-16LE with BOM (规 = U+89C4). */
    static const char u16[] = "\xFF\xFE<\0p\0>\0\xC4\x89<\0/\0p\0>\0";
    read_html(u16, sizeof u16 - 1, &d);
    assert_int_equal(d.n, 1);
    assert_string_equal(d.rows[0].cells[0].text, "规");
    ogi_doc_free(&d);
}

static void test_encoding_errors(void **state)
{
    (void)state;
    char err[256];
    size_t n;
    assert_null(ogi_to_utf8("ab\0\x01\x02garbage", 12, NULL, &n, err, sizeof err));
    assert_string_equal(err, "binary data, not text");
    assert_null(ogi_to_utf8("\xEF\xBB\xBF\xFF\xFE", 5, NULL, &n, err, sizeof err));
    assert_string_equal(err, "declared UTF-8 but the bytes are not valid UTF-8");
    /* A lone lead byte at the end is not GB18030 either. */
    assert_null(ogi_to_utf8("abc\x81", 4, NULL, &n, err, sizeof err));
    assert_string_equal(err, "not text in UTF-8, UTF-16 or GBK/GB18030");
}

static void test_bad_html_input(void **state)
{
    (void)state;
    char err[512];
    ogi_doc d;
    ogi_doc_init(&d, "e.html");
    assert_int_equal(ogi_read_html("", 0, &d, err, sizeof err), -1);
    assert_string_equal(err, "e.html: cannot read HTML: empty file");
    assert_int_equal(ogi_read_html("<html>\x01\x02\x03\0\0\0\x04", 13, &d, err, sizeof err), -1);
    assert_string_equal(err, "e.html: cannot read HTML: binary data, not text");
    assert_int_equal(ogi_read_html("<html><script>x</script></html>", 31, &d, err, sizeof err), -1);
    assert_string_equal(err, "e.html: cannot read HTML: no text found");
    ogi_doc_free(&d);
}

/* A page far larger than any report is refused, not mapped. */
static void test_huge_document_refused(void **state)
{
    (void)state;
    ogi_buf b;
    ogi_buf_init(&b);
    for (int i = 0; i < 50001; i++)
        ogi_buf_puts(&b, "<p>x</p>");
    char err[512];
    assert_null(ogi_import_bytes(b.data, b.len, "big.html", err, sizeof err));
    assert_string_equal(err, "big.html: more than 50000 rows of content: too large for an annual "
                             "report");
    ogi_buf_free(&b);
}

/* The corpus page: Word-style tables with colspan, blank 总计 cells. */
/* The publish date from the page's metadata (<meta name="PubDate">, as the
 * guideline for government websites has article pages carry it) when the
 * text gives none; a date the text gives wins; a malformed one is not
 * taken. */
static char *publish_date_of(const char *head, const char *body_text)
{
    ogi_buf b;
    ogi_buf_init(&b);
    ogi_buf_printf(&b,
                   "<html><head><title>某局2023年政府信息公开工作年度报告</title>%s</head>"
                   "<body><h1>某局2023年政府信息公开工作年度报告</h1><p>%s</p>"
                   "<p>一、总体情况</p><p>本年度我局……</p></body></html>",
                   head, body_text);
    char err[256];
    ogi_report *r = ogi_import_bytes(b.data, b.len, "pubdate.html", err, sizeof err);
    assert_non_null(r);
    char *d = r->publish_date ? ogi_strdup(r->publish_date) : NULL;
    ogi_report_free(r);
    ogi_buf_free(&b);
    return d;
}

static void test_publish_date_from_meta(void **state)
{
    (void)state;
    static const struct {
        const char *head, *text, *want;
    } cases[] = {
        {"<meta name=\"PubDate\" content=\"2024-01-18 09:30\"/>", "", "2024-01-18"},
        {"<META NAME=\"pubdate\" CONTENT=\"2024-01-18\">", "", "2024-01-18"},
        {"<meta name=\"PubDate\" content=\"2024-01-18 09:30\"/>", "发布日期：2024-01-20",
         "2024-01-20"},
        {"<meta name=\"PubDate\" content=\"2024-13-18\"/>", "", NULL},
        {"<meta name=\"PubDate\" content=\"18/01/2024\"/>", "", NULL},
        {"<meta name=\"SiteName\" content=\"2024-01-18\"/>", "", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *got = publish_date_of(cases[i].head, cases[i].text);
        if ((got == NULL) != (cases[i].want == NULL) ||
            (got && strcmp(got, cases[i].want) != 0))
            fail_msg("case %zu: publish date %s, want %s", i, got ? got : "none",
                     cases[i].want ? cases[i].want : "none");
        free(got);
    }
}

static void test_corpus_page(void **state)
{
    (void)state;
    const char *shared = getenv("OGI_SHARED");
    assert_non_null(shared);
    char path[1024];
    snprintf(path, sizeof path, "%s/corpus/real/013_shanghai_shizhengfubangongting_2019.html",
             shared);
    size_t len;
    char *data = ogi_read_file(path, 0, &len);
    assert_non_null(data);
    ogi_doc d;
    read_html(data, len, &d);
    assert_non_null(row_starting(&d, "2019年上海市人民政府办公厅政府信息公开工作年度报告"));
    const ogi_doc_row *r = row_starting(&d, "规章");
    assert_non_null(r); /* 规章 | 13 | 13 (colspan 2) | 524 */
    assert_int_equal(r->n, 5);
    assert_string_equal(r->cells[2].text, "13");
    assert_false(r->cells[2].spanned);
    assert_true(r->cells[3].spanned);
    assert_string_equal(r->cells[4].text, "524");
    /* Money printed with its unit stays raw text for the mapper. */
    assert_true(doc_contains(&d, "251000元"));
    size_t grid = 0;
    for (size_t i = 0; i < d.n; i++)
        grid += d.rows[i].grid;
    assert_true(grid > 30);
    ogi_doc_free(&d);
    free(data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rowspan_colspan_grid),
        cmocka_unit_test(test_word_markup_and_blocks),
        cmocka_unit_test(test_content_root_among_chrome),
        cmocka_unit_test(test_gbk_meta_charset),
        cmocka_unit_test(test_undeclared_gb18030),
        cmocka_unit_test(test_utf8_bom_and_utf16),
        cmocka_unit_test(test_encoding_errors),
        cmocka_unit_test(test_bad_html_input),
        cmocka_unit_test(test_huge_document_refused),
        cmocka_unit_test(test_publish_date_from_meta),
        cmocka_unit_test(test_corpus_page),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
