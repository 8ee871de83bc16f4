/*
 * test_svg.c — the server-side SVG charts (src/web/svg.c): every text is
 * XML-escaped and the result parses as XML; the svg element has a title,
 * viewBox, width and height; bar lengths are proportional to the values
 * (stacked segments included); empty and all-zero data draw no bar and do
 * not divide by zero; labels of the outcome chart come from the format
 * definition.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "ogi/format.h"
#include "web/svg.h"

/* ---- helpers: parse the SVG and query it ---- */

typedef struct {
    xmlDocPtr doc;
    xmlXPathContextPtr xp;
} svg_doc;

static void draw(const web_svg_chart *c, ogi_buf *b, svg_doc *d)
{
    ogi_buf_init(b);
    web_svg_chart_write(b, c);
    d->doc = xmlReadMemory(b->data, (int)b->len, "chart.svg", NULL, XML_PARSE_NONET);
    assert_non_null(d->doc); /* well-formed XML */
    d->xp = xmlXPathNewContext(d->doc);
    xmlXPathRegisterNs(d->xp, BAD_CAST "s", BAD_CAST "http://www.w3.org/2000/svg");
}

static void done(ogi_buf *b, svg_doc *d)
{
    xmlXPathFreeContext(d->xp);
    xmlFreeDoc(d->doc);
    ogi_buf_free(b);
}

static xmlXPathObjectPtr query(svg_doc *d, const char *expr)
{
    xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST expr, d->xp);
    assert_non_null(o);
    return o;
}

static int count(svg_doc *d, const char *expr)
{
    xmlXPathObjectPtr o = query(d, expr);
    int n = o->nodesetval ? o->nodesetval->nodeNr : 0;
    xmlXPathFreeObject(o);
    return n;
}

/* The value of an XPath string expression, malloc'd. */
static char *text(svg_doc *d, const char *expr)
{
    char wrapped[512];
    snprintf(wrapped, sizeof wrapped, "string(%s)", expr);
    xmlXPathObjectPtr o = query(d, wrapped);
    char *s = strdup((const char *)o->stringval);
    xmlXPathFreeObject(o);
    return s;
}

static long number(svg_doc *d, const char *expr)
{
    char *s = text(d, expr);
    long v = strtol(s, NULL, 10);
    free(s);
    return v;
}

/* Height (vertical) or width (horizontal) of bar k in document order. */
static long bar_len(svg_doc *d, int k, bool horizontal)
{
    char expr[128];
    snprintf(expr, sizeof expr, "(//s:rect[@class='bar'])[%d]/@%s", k + 1,
             horizontal ? "width" : "height");
    return number(d, expr);
}

/* ---- tests ---- */

static void escapes_every_text(void **state)
{
    (void)state;
    const char *cats[] = {"<script>alert('x')</script>", "A & B \"q\""};
    const char *series[] = {"s<1>"};
    int64_t values[] = {3, 4};
    web_svg_chart c = {.title = "T<&>\"'\x01", .cats = cats, .n_cats = 2, .series = series,
                       .n_series = 1, .values = values};
    ogi_buf b;
    svg_doc d;
    draw(&c, &b, &d);
    assert_null(strstr(b.data, "<script>"));
    assert_null(strstr(b.data, "\x01"));
    char *title = text(&d, "/s:svg/s:title");
    assert_string_equal(title, "T<&>\"'");
    free(title);
    char *cat = text(&d, "//s:text[@class='cat'][1]");
    assert_string_equal(cat, cats[0]);
    free(cat);
    char *bar_title = text(&d, "(//s:rect[@class='bar'])[2]/s:title");
    assert_string_equal(bar_title, "A & B \"q\"：4");
    free(bar_title);
    done(&b, &d);

    ogi_buf e;
    ogi_buf_init(&e);
    web_svg_text(&e, "a<b>&\"'\tc\x1f");
    assert_string_equal(e.data, "a&lt;b&gt;&amp;&quot;&#39;\tc");
    ogi_buf_free(&e);
}

static void has_title_viewbox_size(void **state)
{
    (void)state;
    const char *cats[] = {"x"};
    const char *series[] = {"s"};
    int64_t values[] = {1};
    for (int h = 0; h < 2; h++) {
        web_svg_chart c = {.title = "图表", .cats = cats, .n_cats = 1, .series = series,
                           .n_series = 1, .values = values, .horizontal = h};
        ogi_buf b;
        svg_doc d;
        draw(&c, &b, &d);
        long w = number(&d, "/s:svg/@width"), ht = number(&d, "/s:svg/@height");
        assert_true(w > 0 && ht > 0);
        char *vb = text(&d, "/s:svg/@viewBox"), expect[64];
        snprintf(expect, sizeof expect, "0 0 %ld %ld", w, ht);
        assert_string_equal(vb, expect);
        free(vb);
        assert_int_equal(count(&d, "/s:svg/s:title"), 1);
        char *role = text(&d, "/s:svg/@role");
        assert_string_equal(role, "img");
        free(role);
        done(&b, &d);
    }
}

static void bars_proportional(void **state)
{
    (void)state;
    const char *cats[] = {"a", "b", "c", "d"};
    const char *series[] = {"n"};
    int64_t values[] = {10, 20, 40, 5};
    for (int h = 0; h < 2; h++) {
        web_svg_chart c = {.title = "t", .cats = cats, .n_cats = 4, .series = series,
                           .n_series = 1, .values = values, .horizontal = h};
        ogi_buf b;
        svg_doc d;
        draw(&c, &b, &d);
        assert_int_equal(count(&d, "//s:rect[@class='bar']"), 4);
        /* The largest is the full plot; the others in proportion. */
        assert_int_equal(bar_len(&d, 2, h), WEB_SVG_PLOT);
        for (int k = 0; k < 4; k++)
            assert_int_equal(bar_len(&d, k, h) * 40, values[k] * WEB_SVG_PLOT);
        done(&b, &d);
    }
    /* Rounding half up; huge values do not overflow. */
    assert_int_equal(web_svg_scale(1, 400), 1);
    assert_int_equal(web_svg_scale(1, 401), 0);
    assert_int_equal(web_svg_scale(INT64_MAX / 2, INT64_MAX), WEB_SVG_PLOT / 2);
    assert_int_equal(web_svg_scale(-5, 10), 0);
    assert_int_equal(web_svg_scale(5, 0), 0);
}

static void stacked_segments_add_up(void **state)
{
    (void)state;
    const char *cats[] = {"2023", "2024"};
    const char *series[] = {"x", "y", "z"};
    int64_t values[] = {10, 30, 0, /* 2024: */ 20, 20, 40};
    web_svg_chart c = {.title = "t", .cats = cats, .n_cats = 2, .series = series,
                       .n_series = 3, .values = values};
    ogi_buf b;
    svg_doc d;
    draw(&c, &b, &d);
    /* Zero segments are not drawn: 2 + 3 bars. */
    assert_int_equal(count(&d, "//s:rect[@class='bar']"), 5);
    assert_int_equal(number(&d, "sum(//s:rect[@data-cat='1']/@height)"), WEB_SVG_PLOT);
    assert_int_equal(number(&d, "sum(//s:rect[@data-cat='0']/@height)"), WEB_SVG_PLOT / 2);
    /* Segments sit on each other: y + height of one is the next one's bottom. */
    long y0 = number(&d, "//s:rect[@data-cat='1'][@data-series='0']/@y");
    long y1 = number(&d, "//s:rect[@data-cat='1'][@data-series='1']/@y");
    long h1 = number(&d, "//s:rect[@data-cat='1'][@data-series='1']/@height");
    assert_int_equal(y1 + h1, y0);
    /* A legend entry per series, in palette colours. */
    assert_int_equal(count(&d, "//s:rect[@class='key']"), 3);
    char *fill = text(&d, "//s:rect[@data-series='2']/@fill");
    assert_string_equal(fill, web_svg_colour(2));
    free(fill);
    done(&b, &d);
}

static void empty_and_zero(void **state)
{
    (void)state;
    const char *cats[] = {"a", "b"};
    const char *series[] = {"n"};
    int64_t zeros[] = {0, -3};
    web_svg_chart charts[] = {
        {.title = "empty", .series = series, .n_series = 1},
        {.title = "zero", .cats = cats, .n_cats = 2, .series = series, .n_series = 1,
         .values = zeros},
        {.title = "zero h", .cats = cats, .n_cats = 2, .series = series, .n_series = 1,
         .values = zeros, .horizontal = true},
        {.title = "no series", .cats = cats, .n_cats = 2},
    };
    for (size_t i = 0; i < sizeof charts / sizeof charts[0]; i++) {
        ogi_buf b;
        svg_doc d;
        draw(&charts[i], &b, &d);
        assert_int_equal(count(&d, "//s:rect[@class='bar']"), 0);
        assert_int_equal(count(&d, "//s:text[@class='empty']"), 1);
        done(&b, &d);
    }
}

/* The console's outcome chart labels its series by section 三's outcome
 * rows (subgroup, else label): a chart drawn with them carries each label. */
static void labels_from_definition(void **state)
{
    (void)state;
    const ogi_table_def *s3 = ogi_table_at(OGI_T_S3);
    const char *labels[64];
    int64_t values[64];
    size_t n = 0;
    for (size_t r = 0; r < s3->n_rows && n < 64; r++)
        if (s3->rows[r].is_outcome) {
            labels[n] = s3->rows[r].label;
            values[n] = (int64_t)n + 1;
            n++;
        }
    assert_true(n > 5);
    const char *cats[] = {"2024"};
    web_svg_chart c = {.title = "办理结果", .cats = cats, .n_cats = 1, .series = labels,
                       .n_series = n, .values = values};
    ogi_buf b;
    svg_doc d;
    draw(&c, &b, &d);
    for (size_t i = 0; i < n; i++) {
        char expr[128];
        snprintf(expr, sizeof expr, "(//s:rect[@class='key'])[%zu]/following-sibling::s:text[1]",
                 i + 1);
        char *t = text(&d, expr);
        assert_string_equal(t, labels[i]);
        free(t);
    }
    done(&b, &d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(escapes_every_text),     cmocka_unit_test(has_title_viewbox_size),
        cmocka_unit_test(bars_proportional),      cmocka_unit_test(stacked_segments_add_up),
        cmocka_unit_test(empty_and_zero),         cmocka_unit_test(labels_from_definition),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    xmlCleanupParser();
    return rc;
}
