/*
 * pages_analysis.c — the console's cross-year analysis (/admin/analysis):
 * a region's summaries over a span of years, drawn as server-side SVG
 * charts (outcomes by year, applications by applicant type, findings by
 * rule), the Y1→Y2 deltas of one table, the rates per year, one cell per
 * agency per year, and the ranking by a rate; CSV / XLSX downloads of the
 * comparison and the ranking.
 *
 * The analysis layer (summary.c, analysis.c) computes; this file scopes,
 * lays out and escapes.  Labels of rows, columns and outcome groups come
 * from the format definition.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/pages_analysis.h"
#include "web/svg.h"

#define MAX_YEARS 10     /* the analysis page spans at most this many years */
#define TOP_FINDINGS 10

/* ---- /admin/analysis ---- */

typedef struct {
    int64_t region;
    int from, to;
    size_t n_years;
    ogi_summary sums[MAX_YEARS + 1];
    const ogi_table_def *table;  /* the comparison's table */
    const ogi_rate_def *rate;    /* the ranking's rate */
    int cell;                    /* the per-agency row's cell */
} analysis_ctx;

static void analysis_free(analysis_ctx *x)
{
    for (size_t i = 0; i < x->n_years; i++)
        ogi_summary_free(&x->sums[i]);
}

/* Parameters with their defaults; false with the 400 page written. */
static bool analysis_params(web_request *r, analysis_ctx *x)
{
    const char *f = web_query(r, "from"), *t = web_query(r, "to"), *tab = web_query(r, "table"),
               *rate = web_query(r, "rate"), *cell = web_query(r, "cell");
    x->to = wa_last_year();
    if ((t && *t && !wa_parse_year(t, &x->to))) {
        web_error(r, 400, "年度无效。");
        return false;
    }
    x->from = x->to - 1;
    if ((f && *f && !wa_parse_year(f, &x->from)) || x->from > x->to ||
        x->to - x->from > MAX_YEARS - 1) {
        web_error(r, 400, "年度范围无效（起始年度不晚于结束年度，最多 10 个年度）。");
        return false;
    }
    x->table = ogi_table_by_key(tab && *tab ? tab : "s3");
    x->rate = ogi_rate_by_key(rate && *rate ? rate : "granted_share");
    x->cell = ogi_cell_index(cell && *cell ? cell : "s3_new_received__total");
    if (!x->table || !x->rate || x->cell < 0) {
        web_error(r, 400, "表格、比率或单元格参数无效。");
        return false;
    }
    return true;
}

static bool analysis_load(web_request *r, analysis_ctx *x)
{
    char err[512];
    for (int y = x->from; y <= x->to; y++) {
        if (ogi_region_summary(r->store, x->region, y, OGI_SOURCE_AUTO, &x->sums[x->n_years],
                               err, sizeof err) < 0) {
            ogi_summary_free(&x->sums[x->n_years]);
            fprintf(stderr, "ogi serve: analysis: %s\n", err);
            web_error(r, 500, "无法生成分析。");
            return false;
        }
        x->n_years++;
    }
    return true;
}

/* Outcome groups of section 三 from the definition: a row's subgroup
 * (「（三）不予公开」) or its own label; rows sharing a label share a group. */
static size_t outcome_groups(const char **labels, size_t cap, int *group_of)
{
    const ogi_table_def *s3 = ogi_table_at(OGI_T_S3);
    size_t n = 0;
    for (size_t row = 0; row < s3->n_rows; row++) {
        group_of[row] = -1;
        if (!s3->rows[row].is_outcome)
            continue;
        const char *label = s3->rows[row].subgroup ? s3->rows[row].subgroup : s3->rows[row].label;
        size_t g = 0;
        while (g < n && strcmp(labels[g], label))
            g++;
        if (g == n && n < cap)
            labels[n++] = label;
        group_of[row] = g < n ? (int)g : -1;
    }
    return n;
}

static size_t s3_total_col(void)
{
    const ogi_table_def *s3 = ogi_table_at(OGI_T_S3);
    size_t c = 0;
    while (c + 1 < s3->n_cols && !s3->cols[c].is_total)
        c++;
    return c;
}

static int64_t cell_value(const ogi_report *rep, int idx)
{
    const ogi_cell *c = idx >= 0 ? &rep->cells[idx] : NULL;
    return c && c->state == OGI_CELL_VALUE ? c->value : 0;
}

static void chart_outcomes(ogi_buf *b, const analysis_ctx *x)
{
    const ogi_table_def *s3 = ogi_table_at(OGI_T_S3);
    const char *groups[32];
    int group_of[64];
    size_t ng = outcome_groups(groups, 32, group_of), total_col = s3_total_col();
    char years[MAX_YEARS + 1][8];
    const char *cats[MAX_YEARS + 1];
    int64_t *values = ogi_xcalloc(x->n_years * ng + 1, sizeof *values);
    for (size_t y = 0; y < x->n_years; y++) {
        snprintf(years[y], sizeof years[y], "%d", x->sums[y].year);
        cats[y] = years[y];
        for (size_t row = 0; row < s3->n_rows && row < 64; row++)
            if (group_of[row] >= 0)
                values[y * ng + (size_t)group_of[row]] += cell_value(
                    x->sums[y].total, ogi_cell_in_table(OGI_T_S3, row, total_col));
    }
    web_svg_chart c = {.title = "各年度办理结果（依申请公开，件）", .cats = cats,
                       .n_cats = x->n_years, .series = groups, .n_series = ng, .values = values};
    ogi_buf_puts(b, "<figure id=\"chart-outcomes\">\n");
    web_svg_chart_write(b, &c);
    ogi_buf_puts(b, "</figure>\n");
    free(values);
}

static void chart_applicants(ogi_buf *b, const analysis_ctx *x)
{
    const ogi_table_def *s3 = ogi_table_at(OGI_T_S3);
    const ogi_report *last = x->sums[x->n_years - 1].total;
    const char *cats[16];
    int64_t values[16];
    size_t n = 0;
    for (size_t c = 0; c < s3->n_cols && n < 16; c++) {
        if (s3->cols[c].is_total)
            continue;
        cats[n] = s3->cols[c].label;
        values[n++] = cell_value(last, ogi_cell_in_table(OGI_T_S3, 0, c));
    }
    char title[160];
    snprintf(title, sizeof title, "%d 年%s（按申请人类型）", x->to, s3->rows[0].label);
    const char *series[] = {"件数"};
    web_svg_chart ch = {.title = title, .cats = cats, .n_cats = n, .series = series,
                        .n_series = 1, .values = values};
    ogi_buf_puts(b, "<figure id=\"chart-applicants\">\n");
    web_svg_chart_write(b, &ch);
    ogi_buf_puts(b, "</figure>\n");
}

typedef struct {
    char rule[8];
    int64_t count[2]; /* ERROR, WARNING */
} rule_count;

static int rule_cmp(const void *a, const void *b)
{
    const rule_count *x = a, *y = b;
    int64_t tx = x->count[0] + x->count[1], ty = y->count[0] + y->count[1];
    return tx != ty ? (ty > tx) - (ty < tx) : strcmp(x->rule, y->rule);
}

static size_t count_rules(const ogi_summary *sm, rule_count **out)
{
    size_t n = 0;
    *out = NULL;
    for (size_t p = 0; p < sm->n_parts; p++) {
        ogi_findings f;
        ogi_findings_init(&f);
        ogi_validate(sm->parts[p].report, &f);
        for (size_t i = 0; i < f.n; i++) {
            size_t k = 0;
            while (k < n && strcmp((*out)[k].rule, f.items[i].rule))
                k++;
            if (k == n) {
                *out = ogi_xrealloc(*out, (n + 1) * sizeof **out);
                memset(&(*out)[n], 0, sizeof **out);
                snprintf((*out)[n++].rule, sizeof (*out)[0].rule, "%s", f.items[i].rule);
            }
            (*out)[k].count[f.items[i].severity == OGI_SEV_ERROR ? 0 : 1]++;
        }
        ogi_findings_free(&f);
    }
    if (n)
        qsort(*out, n, sizeof **out, rule_cmp);
    return n;
}

static void chart_findings(ogi_buf *b, const analysis_ctx *x)
{
    rule_count *rules;
    size_t n = count_rules(&x->sums[x->n_years - 1], &rules);
    if (n > TOP_FINDINGS)
        n = TOP_FINDINGS;
    const char *cats[TOP_FINDINGS];
    int64_t values[TOP_FINDINGS * 2];
    for (size_t i = 0; i < n; i++) {
        cats[i] = rules[i].rule;
        values[2 * i] = rules[i].count[0];
        values[2 * i + 1] = rules[i].count[1];
    }
    char title[160];
    snprintf(title, sizeof title, "%d 年各机关报告校验发现（按规则，前 %d 条）", x->to,
             TOP_FINDINGS);
    const char *series[] = {"错误（ERROR）", "警告（WARNING）"};
    web_svg_chart c = {.title = title, .cats = cats, .n_cats = n, .series = series,
                       .n_series = 2, .values = values, .horizontal = true};
    ogi_buf_puts(b, "<figure id=\"chart-findings\">\n");
    web_svg_chart_write(b, &c);
    ogi_buf_puts(b, "</figure>\n");
    free(rules);
}

/* The comparison, restricted to the chosen table's cells (rates always). */
typedef struct {
    ogi_buf *b;
    const ogi_table_def *table;
} compare_html;

static void compare_row_html(void *ctx, const char *const fields[6])
{
    compare_html *h = ctx;
    int idx = !strcmp(fields[0], "cell") ? ogi_cell_index(fields[1]) : -1;
    if (idx >= 0 && ogi_cell_at((size_t)idx)->table != h->table)
        return;
    ogi_buf_printf(h->b, "<tr data-key=\"%s\">", fields[1]);
    wa_text_td(h->b, fields[2]);
    for (int i = 3; i < 6; i++)
        wa_num_td(h->b, fields[i]);
    ogi_buf_puts(h->b, "</tr>\n");
}

static void compare_table(ogi_buf *b, const analysis_ctx *x)
{
    const ogi_report *from = x->sums[0].total, *to = x->sums[x->n_years - 1].total;
    ogi_buf_printf(b, "<table id=\"compare\">\n<thead><tr><th>项目</th><th>%d</th><th>%d</th>"
                      "<th>增减</th></tr></thead>\n<tbody>\n",
                   x->from, x->to);
    compare_html h = {b, x->table};
    ogi_compare_each(from, to, compare_row_html, &h);
    ogi_buf_puts(b, "</tbody></table>\n");
}

static void rates_table(ogi_buf *b, const analysis_ctx *x)
{
    ogi_buf_puts(b, "<table id=\"rates\">\n<thead><tr><th>比率</th>");
    for (size_t y = 0; y < x->n_years; y++)
        ogi_buf_printf(b, "<th>%d</th>", x->sums[y].year);
    ogi_buf_puts(b, "</tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < ogi_rate_count(); i++) {
        const ogi_rate_def *d = ogi_rate_at(i);
        ogi_buf_printf(b, "<tr data-rate=\"%s\">", d->key);
        wa_text_td(b, d->label_zh);
        for (size_t y = 0; y < x->n_years; y++) {
            char v[32];
            wa_num_td(b, ogi_rate_text(ogi_rate_eval(d, x->sums[y].total), v));
        }
        ogi_buf_puts(b, "</tr>\n");
    }
    ogi_buf_puts(b, "</tbody></table>\n");
}

/* The chosen cell of an agency in year y's summary, as written, or NULL. */
static const char *agency_cell(const ogi_summary *sm, int64_t agency, int cell,
                               char v[OGI_VALUE_BUF], const ogi_cell **c)
{
    for (size_t p = 0; p < sm->n_parts; p++)
        if (sm->parts[p].agency.id == agency) {
            *c = &sm->parts[p].report->cells[cell];
            return ogi_cell_value_text(ogi_cell_at((size_t)cell), *c, v);
        }
    *c = NULL;
    return NULL;
}

static void agency_years_row(ogi_buf *b, const analysis_ctx *x, const ogi_agency *a)
{
    ogi_buf_printf(b, "<tr id=\"yoy-%lld\">", (long long)a->id);
    wa_text_td(b, a->name);
    const ogi_cell *first = NULL, *last = NULL, *c;
    for (size_t y = 0; y < x->n_years; y++) {
        char v[OGI_VALUE_BUF];
        const char *text = agency_cell(&x->sums[y], a->id, x->cell, v, &c);
        wa_num_td(b, text ? text : "无报告");
        if (y == 0)
            first = c;
        last = c;
    }
    char delta[32] = "";
    if (first && last && first->state == OGI_CELL_VALUE && last->state == OGI_CELL_VALUE &&
        ogi_cell_at((size_t)x->cell)->kind != OGI_VAL_MONEY)
        snprintf(delta, sizeof delta, "%lld", (long long)(last->value - first->value));
    wa_num_td(b, delta);
    ogi_buf_puts(b, "</tr>\n");
}

static void agency_years_table(web_request *r, const analysis_ctx *x)
{
    ogi_buf *b = &r->out;
    ogi_agency *all = NULL;
    size_t n = 0;
    if (ogi_store_agency_subtree(r->store, x->region, &all, &n) < 0)
        n = 0;
    ogi_buf_puts(b, "<p>单元格：");
    ogi_buf_html(b, ogi_cell_at((size_t)x->cell)->label);
    ogi_buf_puts(b, "</p>\n<table id=\"yoy\">\n<thead><tr><th>机关</th>");
    for (size_t y = 0; y < x->n_years; y++)
        ogi_buf_printf(b, "<th>%d</th>", x->sums[y].year);
    ogi_buf_printf(b, "<th>%d→%d 增减</th></tr></thead>\n<tbody>\n", x->from, x->to);
    for (size_t i = 0; i < n; i++)
        agency_years_row(b, x, &all[i]);
    ogi_buf_puts(b, "</tbody></table>\n");
    wa_free_agencies(all, n);
}

static bool load_rank(web_request *r, const analysis_ctx *x, ogi_rank_row **rows, size_t *n)
{
    char err[512];
    if (ogi_rank_region(r->store, x->region, x->to, x->rate, OGI_SOURCE_AUTO, rows, n, err,
                        sizeof err) == 0)
        return true;
    fprintf(stderr, "ogi serve: rank: %s\n", err);
    web_error(r, 500, "无法生成排名。");
    return false;
}

static void rank_table(ogi_buf *b, const analysis_ctx *x, const ogi_rank_row *rows, size_t n)
{
    ogi_xtable t;
    ogi_xtable_rank(rows, n, x->rate, x->to, &t);
    ogi_buf_puts(b, "<p>");
    ogi_buf_html(b, t.title);
    ogi_buf_puts(b, "</p>\n<table id=\"rank\">\n<thead><tr><th>名次</th><th>机关</th><th>类型</th>"
                    "<th>比率</th><th>分子</th><th>分母</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < n; i++) {
        ogi_buf_printf(b, "<tr id=\"rank-%lld\">", (long long)rows[i].agency.id);
        wa_num_td(b, ogi_xtable_at(&t, i + 1, 0));
        wa_text_td(b, rows[i].agency.name);
        wa_text_td(b, wa_kind_zh(rows[i].agency.kind));
        wa_num_td(b, rows[i].has_report ? ogi_xtable_at(&t, i + 1, 3) : "无报告");
        wa_num_td(b, ogi_xtable_at(&t, i + 1, 4));
        wa_num_td(b, ogi_xtable_at(&t, i + 1, 5));
        ogi_buf_puts(b, "</tr>\n");
    }
    ogi_buf_puts(b, "</tbody></table>\n");
    ogi_xtable_free(&t);
}

static void analysis_form(web_request *r, const analysis_ctx *x)
{
    ogi_buf *b = &r->out;
    ogi_buf_puts(b, "<form method=\"get\" action=\"/admin/analysis\" class=\"filters\">\n");
    wa_region_select(r, x->region, false);
    wa_year_input(b, "from", "起始年度", x->from);
    wa_year_input(b, "to", "结束年度", x->to);
    ogi_buf_puts(b, "<label>对比表格 <select name=\"table\">");
    for (size_t i = 0; i < ogi_table_count(); i++) {
        const ogi_table_def *t = ogi_table_at(i);
        ogi_buf_printf(b, "<option value=\"%s\"%s>", t->key, t == x->table ? " selected" : "");
        ogi_buf_html(b, t->caption);
        ogi_buf_puts(b, "</option>");
    }
    ogi_buf_puts(b, "</select></label>\n<label>排名比率 <select name=\"rate\">");
    for (size_t i = 0; i < ogi_rate_count(); i++) {
        const ogi_rate_def *d = ogi_rate_at(i);
        ogi_buf_printf(b, "<option value=\"%s\"%s>", d->key, d == x->rate ? " selected" : "");
        ogi_buf_html(b, d->label_zh);
        ogi_buf_puts(b, "</option>");
    }
    ogi_buf_puts(b, "</select></label>\n<label>分机关单元格 <input name=\"cell\" value=\"");
    ogi_buf_html(b, ogi_cell_at((size_t)x->cell)->key);
    ogi_buf_puts(b, "\"></label>\n<button type=\"submit\">查看</button></form>\n");
}

static void analysis_page(web_request *r, const analysis_ctx *x, const ogi_rank_row *rows,
                          size_t n)
{
    ogi_buf *b = &r->out;
    web_page_begin(r, "跨年度分析");
    analysis_form(r, x);
    ogi_buf q;
    ogi_buf_init(&q);
    ogi_buf_printf(&q, "region=%lld&from=%d&to=%d&rate=%s&export=", (long long)x->region,
                   x->from, x->to, x->rate->key);
    ogi_buf_puts(b, "<p>");
    ogi_buf_html(b, x->sums[0].region.name);
    ogi_buf_printf(b, "，%d—%d 年度。下载：对比", x->from, x->to);
    ogi_buf_puts(&q, "compare");
    wa_download_link(b, "/admin/analysis", q.data, "csv", "CSV");
    wa_download_link(b, "/admin/analysis", q.data, "xlsx", "Excel");
    ogi_buf_puts(b, "；排名");
    q.len -= strlen("compare");
    ogi_buf_puts(&q, "rank");
    wa_download_link(b, "/admin/analysis", q.data, "csv", "CSV");
    wa_download_link(b, "/admin/analysis", q.data, "xlsx", "Excel");
    ogi_buf_puts(b, "</p>\n<h2>图表</h2>\n<div class=\"charts\">\n");
    ogi_buf_free(&q);
    chart_outcomes(b, x);
    chart_applicants(b, x);
    chart_findings(b, x);
    ogi_buf_printf(b, "</div>\n<h2>地区汇总 %d→%d 逐项增减</h2>\n", x->from, x->to);
    compare_table(b, x);
    ogi_buf_puts(b, "<h2>各年度比率</h2>\n");
    rates_table(b, x);
    ogi_buf_puts(b, "<h2>分机关逐年</h2>\n");
    agency_years_table(r, x);
    ogi_buf_puts(b, "<h2>排名</h2>\n");
    rank_table(b, x, rows, n);
    web_page_end(r);
}

static void analysis_download(web_request *r, const analysis_ctx *x, const char *fmt,
                              const ogi_rank_row *rows, size_t n)
{
    const char *what = web_query(r, "export");
    ogi_xtable t;
    char ascii[96], utf8[512];
    if (what && !strcmp(what, "rank")) {
        ogi_xtable_rank(rows, n, x->rate, x->to, &t);
        snprintf(ascii, sizeof ascii, "rank-%lld-%d-%s", (long long)x->region, x->to,
                 x->rate->key);
        snprintf(utf8, sizeof utf8, "%s%d年度排名", x->sums[0].region.name, x->to);
    } else if (!what || !strcmp(what, "compare")) {
        ogi_xtable_compare(x->sums[0].total, x->sums[x->n_years - 1].total, &t);
        snprintf(ascii, sizeof ascii, "compare-%lld-%d-%d", (long long)x->region, x->from,
                 x->to);
        snprintf(utf8, sizeof utf8, "%s%d-%d年度对比", x->sums[0].region.name, x->from, x->to);
    } else {
        web_error(r, 400, "不支持的导出内容（可用：compare、rank）。");
        return;
    }
    wa_send_tables(r, fmt, NULL, &t, 1, ascii, utf8);
    ogi_xtable_free(&t);
}

void web_page_admin_analysis(web_request *r)
{
    if (!web_require(r, WEB_PERM_CONSOLE, 0))
        return;
    analysis_ctx x = {0};
    const char *fmt = wa_download_format(r);
    if ((fmt && !*fmt) || !analysis_params(r, &x) || !(x.region = wa_region(r)))
        return;
    ogi_rank_row *rows = NULL;
    size_t n = 0;
    if (analysis_load(r, &x) && load_rank(r, &x, &rows, &n)) {
        if (fmt)
            analysis_download(r, &x, fmt, rows, n);
        else
            analysis_page(r, &x, rows, n);
    }
    ogi_rank_free(rows, n);
    analysis_free(&x);
}
