/*
 * svg.c — server-side SVG bar charts for the console's analysis pages
 * (see svg.h).  Plain string output into an ogi_buf; the only arithmetic is
 * integer scaling of int64 values to pixel lengths, so the same data always
 * draws the same picture and tests can check the geometry exactly.
 */
#include <stdio.h>

#include "web/svg.h"

#define TITLE_H 28      /* the chart's heading line */
#define AXIS_W 56       /* vertical: room left of the bars for the scale */
#define SLOT_W 72       /* vertical: one category */
#define BAR_W 40
#define CAT_H 34        /* vertical: category labels under the axis */
#define LEGEND_H 18     /* one legend line */
#define LABEL_W 180     /* horizontal: category labels left of the bars */
#define ROW_H 24        /* horizontal: one category */
#define VALUE_W 80      /* horizontal: the value after the bar */
#define MIN_W 360

static const char *const palette[WEB_SVG_PALETTE] = {
    "#1f5fa8", "#e07b24", "#3a9a4a", "#c23b3b", "#7d5ba6", "#8c6239", "#d16ba5", "#6b7785"};

const char *web_svg_colour(size_t i) { return palette[i % WEB_SVG_PALETTE]; }

void web_svg_text(ogi_buf *out, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        switch (*p) {
        case '&': ogi_buf_puts(out, "&amp;"); break;
        case '<': ogi_buf_puts(out, "&lt;"); break;
        case '>': ogi_buf_puts(out, "&gt;"); break;
        case '"': ogi_buf_puts(out, "&quot;"); break;
        case '\'': ogi_buf_puts(out, "&#39;"); break;
        default:
            if (*p >= 0x20 || *p == '\t' || *p == '\n' || *p == '\r')
                ogi_buf_putc(out, (char)*p);
        }
    }
}

int64_t web_svg_scale(int64_t value, int64_t max)
{
    if (max <= 0 || value <= 0)
        return 0;
    if (value > max)
        value = max;
    return (int64_t)(((__int128)value * WEB_SVG_PLOT * 2 + max) / ((__int128)max * 2));
}

static int64_t value_at(const web_svg_chart *c, size_t cat, size_t s)
{
    int64_t v = c->values[cat * c->n_series + s];
    return v > 0 ? v : 0;
}

static int64_t sat_add(int64_t a, int64_t b)
{
    int64_t sum;
    return __builtin_add_overflow(a, b, &sum) ? INT64_MAX : sum;
}

/* The sum of a category's stack (saturating: charts only need an order). */
static int64_t stack_total(const web_svg_chart *c, size_t cat)
{
    int64_t sum = 0;
    for (size_t s = 0; s < c->n_series; s++)
        if (__builtin_add_overflow(sum, value_at(c, cat, s), &sum))
            return INT64_MAX;
    return sum;
}

static int64_t largest_stack(const web_svg_chart *c)
{
    int64_t max = 0;
    for (size_t i = 0; i < c->n_cats; i++) {
        int64_t t = stack_total(c, i);
        if (t > max)
            max = t;
    }
    return max;
}

static void open_svg(ogi_buf *out, const web_svg_chart *c, long w, long h)
{
    ogi_buf_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" "
                        "width=\"%ld\" height=\"%ld\" viewBox=\"0 0 %ld %ld\" aria-label=\"",
                   w, h, w, h);
    web_svg_text(out, c->title);
    ogi_buf_puts(out, "\" font-family=\"sans-serif\" font-size=\"12\">\n<title>");
    web_svg_text(out, c->title);
    ogi_buf_printf(out, "</title>\n<text class=\"chart-title\" x=\"%d\" y=\"18\" "
                        "font-size=\"14\">",
                   8);
    web_svg_text(out, c->title);
    ogi_buf_puts(out, "</text>\n");
}

/* One bar segment with its accessible title "category · series: value". */
static void bar(ogi_buf *out, const web_svg_chart *c, size_t cat, size_t s, int64_t x, int64_t y,
                int64_t w, int64_t h)
{
    ogi_buf_printf(out, "<rect class=\"bar\" data-cat=\"%zu\" data-series=\"%zu\" x=\"%lld\" "
                        "y=\"%lld\" width=\"%lld\" height=\"%lld\" fill=\"%s\"><title>",
                   cat, s, (long long)x, (long long)y, (long long)w, (long long)h,
                   web_svg_colour(s));
    web_svg_text(out, c->cats[cat]);
    if (c->n_series > 1) {
        ogi_buf_puts(out, " · ");
        web_svg_text(out, c->series[s]);
    }
    ogi_buf_printf(out, "：%lld</title></rect>\n", (long long)value_at(c, cat, s));
}

static void legend(ogi_buf *out, const web_svg_chart *c, long top)
{
    if (c->n_series < 2)
        return;
    for (size_t s = 0; s < c->n_series; s++) {
        long y = top + (long)s * LEGEND_H;
        ogi_buf_printf(out, "<rect class=\"key\" x=\"8\" y=\"%ld\" width=\"12\" height=\"12\" "
                            "fill=\"%s\"/><text x=\"26\" y=\"%ld\">",
                       y, web_svg_colour(s), y + 11);
        web_svg_text(out, c->series[s]);
        ogi_buf_puts(out, "</text>\n");
    }
}

static void no_data(ogi_buf *out, long x, long y)
{
    ogi_buf_printf(out, "<text class=\"empty\" x=\"%ld\" y=\"%ld\">暂无数据</text>\n", x, y);
}

static void vertical(ogi_buf *out, const web_svg_chart *c, int64_t max)
{
    long w = AXIS_W + (long)c->n_cats * SLOT_W + 16;
    w = w < MIN_W ? MIN_W : w;
    long base = TITLE_H + 16 + WEB_SVG_PLOT; /* y of the axis */
    long legend_top = base + CAT_H;
    long h = legend_top + (c->n_series > 1 ? (long)c->n_series * LEGEND_H : 0) + 8;
    open_svg(out, c, w, h);
    ogi_buf_printf(out, "<line class=\"axis\" x1=\"%d\" y1=\"%ld\" x2=\"%ld\" y2=\"%ld\" "
                        "stroke=\"#333\"/>\n<text class=\"max\" x=\"%d\" y=\"%ld\" "
                        "text-anchor=\"end\">%lld</text>\n",
                   AXIS_W - 4, base, w - 8, base, AXIS_W - 8, base - WEB_SVG_PLOT + 4,
                   (long long)max);
    if (max == 0)
        no_data(out, AXIS_W + 8, base - WEB_SVG_PLOT / 2);
    for (size_t i = 0; i < c->n_cats; i++) {
        int64_t x = AXIS_W + (int64_t)i * SLOT_W + (SLOT_W - BAR_W) / 2, cum = 0, drawn = 0;
        for (size_t s = 0; s < c->n_series && max > 0; s++) {
            cum = sat_add(cum, value_at(c, i, s));
            int64_t top = web_svg_scale(cum, max), h = top - drawn;
            if (value_at(c, i, s) > 0) /* a small value may round to 0 px: keep its title */
                bar(out, c, i, s, x, base - top, BAR_W, h);
            drawn = top;
        }
        if (max > 0)
            ogi_buf_printf(out, "<text class=\"value\" x=\"%lld\" y=\"%lld\" "
                                "text-anchor=\"middle\">%lld</text>\n",
                           (long long)(x + BAR_W / 2), (long long)(base - drawn - 4),
                           (long long)stack_total(c, i));
        ogi_buf_printf(out, "<text class=\"cat\" x=\"%lld\" y=\"%ld\" text-anchor=\"middle\">",
                       (long long)(x + BAR_W / 2), base + 16);
        web_svg_text(out, c->cats[i]);
        ogi_buf_puts(out, "</text>\n");
    }
    legend(out, c, legend_top);
    ogi_buf_puts(out, "</svg>\n");
}

static void horizontal(ogi_buf *out, const web_svg_chart *c, int64_t max)
{
    long w = LABEL_W + WEB_SVG_PLOT + VALUE_W;
    long top = TITLE_H + 8;
    long rows = c->n_cats ? (long)c->n_cats : 1;
    long legend_top = top + rows * ROW_H + 8;
    long h = legend_top + (c->n_series > 1 ? (long)c->n_series * LEGEND_H : 0) + 8;
    open_svg(out, c, w, h);
    if (max == 0)
        no_data(out, LABEL_W, top + 16);
    for (size_t i = 0; i < c->n_cats; i++) {
        int64_t y = top + (int64_t)i * ROW_H, cum = 0, drawn = 0;
        ogi_buf_printf(out, "<text class=\"cat\" x=\"%d\" y=\"%lld\" text-anchor=\"end\">",
                       LABEL_W - 6, (long long)(y + 15));
        web_svg_text(out, c->cats[i]);
        ogi_buf_puts(out, "</text>\n");
        for (size_t s = 0; s < c->n_series && max > 0; s++) {
            cum = sat_add(cum, value_at(c, i, s));
            int64_t right = web_svg_scale(cum, max), len = right - drawn;
            if (value_at(c, i, s) > 0)
                bar(out, c, i, s, LABEL_W + drawn, y + 3, len, ROW_H - 6);
            drawn = right;
        }
        ogi_buf_printf(out, "<text class=\"value\" x=\"%lld\" y=\"%lld\">%lld</text>\n",
                       (long long)(LABEL_W + drawn + 4), (long long)(y + 15),
                       (long long)stack_total(c, i));
    }
    legend(out, c, legend_top);
    ogi_buf_puts(out, "</svg>\n");
}

void web_svg_chart_write(ogi_buf *out, const web_svg_chart *c)
{
    int64_t max = c->n_series ? largest_stack(c) : 0;
    if (c->horizontal)
        horizontal(out, c, max);
    else
        vertical(out, c, max);
}
