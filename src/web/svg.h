/*
 * svg.h — bar charts as inline SVG, drawn on the server so the console's
 * analysis pages need no JavaScript.
 *
 * A chart is categories × series of non-negative int64 values: one series
 * gives plain bars, several give stacked bars with a legend.  Every text is
 * XML-escaped; each chart carries a <title> (and each bar one with its
 * value) for screen readers, a viewBox, width and height, and colours from
 * a small fixed palette.  Geometry is integer: a bar's length is its value
 * scaled to the largest bar (stack), rounded, so lengths are proportional
 * to values and nothing divides by zero on empty or all-zero data.
 */
#ifndef OGI_WEB_SVG_H
#define OGI_WEB_SVG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ogi/buf.h"

#define WEB_SVG_PLOT 200   /* length in px of the longest bar */
#define WEB_SVG_PALETTE 8  /* colours; series beyond cycle */

typedef struct {
    const char *title;          /* <title>, aria-label */
    const char *const *cats;    /* category labels, n_cats */
    size_t n_cats;
    const char *const *series;  /* series labels (legend), n_series ≥ 1 */
    size_t n_series;
    const int64_t *values;      /* n_cats × n_series, row-major; < 0 drawn as 0 */
    bool horizontal;            /* bars grow rightwards, categories top to bottom */
} web_svg_chart;

/* Append the chart as one <svg> element. */
void web_svg_chart_write(ogi_buf *out, const web_svg_chart *c);
/* XML text: & < > " ' escaped, control characters XML cannot hold dropped. */
void web_svg_text(ogi_buf *out, const char *s);
/* The colour of series i ("#rrggbb"). */
const char *web_svg_colour(size_t i);
/* Length of a bar: value × WEB_SVG_PLOT / max, rounded half up; 0 when max ≤ 0. */
int64_t web_svg_scale(int64_t value, int64_t max);

#endif
