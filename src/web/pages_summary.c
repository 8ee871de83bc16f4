/*
 * pages_summary.c — the console's regional 汇总 report (/admin/summary) and
 * the Art. 49 publication compliance (/admin/compliance), with the
 * summary's CSV / XLSX downloads.
 *
 * The analysis layer (summary.c) computes; this file scopes, lays out and
 * escapes.  The breakdown's columns and every label come from the format
 * definition; agencies without a report are named, never counted as zero.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/render.h"
#include "web/pages_analysis.h"

/* ---- /admin/summary ---- */

/* The renderer's page body (the official layout) for embedding. */
static void official_layout(ogi_buf *out, const ogi_report *rep, const ogi_findings *f)
{
    ogi_buf page;
    ogi_buf_init(&page);
    ogi_render_html(rep, f, &page);
    const char *text = page.data ? page.data : "";
    const char *a = strstr(text, "<body>"), *z = a ? strstr(a, "</body>") : NULL;
    ogi_buf_puts(out, "<link rel=\"stylesheet\" href=\"/reports/report.css?embed=1\">\n"
                      "<div class=\"official-report\" id=\"official\">\n");
    if (z)
        ogi_buf_put(out, a + strlen("<body>"), (size_t)(z - a - strlen("<body>")));
    ogi_buf_puts(out, "</div>\n");
    ogi_buf_free(&page);
}

/* The breakdown's columns, from the definition: section 三's rows that are
 * not outcomes (new, carried over, total, carried forward) in its 总计
 * column, and section 四's 总计 columns. */
static size_t breakdown_cells(int *idx, size_t cap)
{
    size_t n = 0;
    const ogi_table_def *s3 = ogi_table_at(OGI_T_S3), *s4 = ogi_table_at(OGI_T_S4);
    for (size_t row = 0; row < s3->n_rows; row++)
        for (size_t c = 0; !s3->rows[row].is_outcome && c < s3->n_cols && n < cap; c++)
            if (s3->cols[c].is_total)
                idx[n++] = ogi_cell_in_table(OGI_T_S3, row, c);
    for (size_t c = 0; c < s4->n_cols && n < cap; c++)
        if (s4->cols[c].is_total)
            idx[n++] = ogi_cell_in_table(OGI_T_S4, 0, c);
    return n;
}

static void breakdown_head(ogi_buf *b, const int *idx, size_t n)
{
    ogi_buf_puts(b, "<table class=\"breakdown\" id=\"breakdown\">\n<thead><tr><th>机关</th>"
                    "<th>类型</th><th>来源</th>");
    for (size_t k = 0; k < n; k++) {
        const ogi_cell_def *d = ogi_cell_at((size_t)idx[k]);
        ogi_buf_printf(b, "<th data-key=\"%s\">", d->key);
        ogi_buf_html(b, d->table->id == OGI_T_S4 ? d->col->group : d->row->label);
        if (d->table->id == OGI_T_S4 && d->col->subgroup) {
            ogi_buf_puts(b, "（");
            ogi_buf_html(b, d->col->subgroup);
            ogi_buf_puts(b, "）");
        }
        ogi_buf_puts(b, "</th>");
    }
    ogi_buf_puts(b, "<th>ERROR</th><th>未计入的单元格</th></tr></thead>\n<tbody>\n");
}

static void breakdown_row(ogi_buf *b, const char *id, const char *name, const char *kind,
                          const char *origin, const ogi_report *rep, const int *idx, size_t n)
{
    ogi_buf_printf(b, "<tr id=\"%s\">", id);
    wa_text_td(b, name);
    wa_text_td(b, kind);
    wa_text_td(b, origin);
    for (size_t k = 0; k < n; k++) {
        char v[OGI_VALUE_BUF];
        const ogi_cell_def *d = ogi_cell_at((size_t)idx[k]);
        wa_num_td(b, ogi_cell_value_text(d, &rep->cells[idx[k]], v));
    }
}

static void breakdown_table(ogi_buf *b, const ogi_summary *sm)
{
    int idx[32];
    size_t n = breakdown_cells(idx, sizeof idx / sizeof idx[0]);
    breakdown_head(b, idx, n);
    for (size_t i = 0; i < sm->n_parts; i++) {
        const ogi_summary_part *p = &sm->parts[i];
        char id[40];
        snprintf(id, sizeof id, "part-%lld", (long long)p->agency.id);
        breakdown_row(b, id, p->agency.name, wa_kind_zh(p->agency.kind),
                      wa_origin_zh(p->origin.kind), p->report, idx, n);
        ogi_buf_printf(b, "<td class=\"num\">%zu</td><td>", p->origin.n_errors);
        for (size_t k = 0; k < p->n_not_values; k++) {
            ogi_buf_puts(b, k ? "、" : "");
            ogi_buf_html(b, p->not_values[k]);
        }
        ogi_buf_puts(b, p->n_not_values ? "</td></tr>\n" : "—</td></tr>\n");
    }
    breakdown_row(b, "part-total", "合计（汇总）", "", "", sm->total, idx, n);
    ogi_buf_puts(b, "<td></td><td></td></tr>\n</tbody></table>\n");
}

static void missing_list(ogi_buf *b, const ogi_summary *sm)
{
    ogi_buf_puts(b, "<h2>缺少报告的机关（未计入汇总）</h2>\n");
    if (!sm->n_missing) {
        ogi_buf_puts(b, "<p id=\"missing-none\">本地区所有机关均有报告。</p>\n");
        return;
    }
    ogi_buf_puts(b, "<ul id=\"missing\">\n");
    for (size_t i = 0; i < sm->n_missing; i++) {
        ogi_buf_printf(b, "<li data-id=\"%lld\">", (long long)sm->missing[i].id);
        ogi_buf_html(b, sm->missing[i].name);
        ogi_buf_puts(b, "（");
        ogi_buf_html(b, wa_kind_zh(sm->missing[i].kind));
        ogi_buf_puts(b, "）</li>\n");
    }
    ogi_buf_puts(b, "</ul>\n");
}

static void summary_download(web_request *r, const ogi_summary *sm, const char *fmt)
{
    ogi_xtable t[2];
    ogi_xtable_breakdown(sm, &t[0]);
    ogi_xtable_missing(sm, &t[1]);
    char ascii[64], utf8[512];
    snprintf(ascii, sizeof ascii, "summary-%lld-%d", (long long)sm->region.id, sm->year);
    snprintf(utf8, sizeof utf8, "%s%d年度汇总", sm->region.name, sm->year);
    wa_send_tables(r, fmt, sm->total, t, 2, ascii, utf8);
    ogi_xtable_free(&t[0]);
    ogi_xtable_free(&t[1]);
}

static void summary_page(web_request *r, const ogi_summary *sm)
{
    ogi_buf *b = &r->out;
    ogi_findings f;
    ogi_findings_init(&f);
    ogi_validate(sm->total, &f);
    web_page_begin(r, "地区汇总报告");
    ogi_buf_puts(b, "<form method=\"get\" action=\"/admin/summary\" class=\"filters\">\n");
    wa_region_select(r, sm->region.id, false);
    wa_year_input(b, "year", "年度", sm->year);
    ogi_buf_puts(b, "<button type=\"submit\">查看</button></form>\n<p>");
    char query[64];
    snprintf(query, sizeof query, "region=%lld&year=%d", (long long)sm->region.id, sm->year);
    ogi_buf_html(b, sm->region.name);
    ogi_buf_printf(b, " %d 年度：计入 <strong id=\"n-parts\">%zu</strong> 个机关，缺少报告 "
                      "<strong id=\"n-missing\">%zu</strong> 个；汇总校验 %zu 个错误、%zu 个警告。"
                      "下载：",
                   sm->year, sm->n_parts, sm->n_missing, ogi_findings_count(&f, OGI_SEV_ERROR),
                   ogi_findings_count(&f, OGI_SEV_WARNING));
    wa_download_link(b, "/admin/summary", query, "csv", "CSV");
    wa_download_link(b, "/admin/summary", query, "xlsx", "Excel");
    ogi_buf_puts(b, "</p>\n");
    missing_list(b, sm);
    ogi_buf_puts(b, "<h2>分机关明细</h2>\n");
    breakdown_table(b, sm);
    ogi_buf_puts(b, "<h2>汇总报告</h2>\n");
    official_layout(b, sm->total, &f);
    web_page_end(r);
    ogi_findings_free(&f);
}

void web_page_admin_summary(web_request *r)
{
    if (!web_require(r, WEB_PERM_CONSOLE, 0))
        return;
    const char *fmt = wa_download_format(r);
    int year = wa_last_year();
    const char *y = web_query(r, "year");
    if (fmt && !*fmt)
        return;
    if (y && *y && !wa_parse_year(y, &year)) {
        web_error(r, 400, "年度无效。");
        return;
    }
    int64_t region = wa_region(r);
    if (!region)
        return;
    ogi_summary sm;
    char err[512];
    if (ogi_region_summary(r->store, region, year, OGI_SOURCE_AUTO, &sm, err, sizeof err) < 0) {
        fprintf(stderr, "ogi serve: summary: %s\n", err);
        web_error(r, 500, "无法生成汇总报告。");
    } else if (fmt) {
        summary_download(r, &sm, fmt);
    } else {
        summary_page(r, &sm);
    }
    ogi_summary_free(&sm);
}

/* ---- /admin/compliance ---- */

static void compliance_counts(ogi_buf *b, const ogi_compliance_row *rows, size_t n)
{
    size_t count[OGI_PUB_DATE_UNKNOWN + 1] = {0}, with_errors = 0;
    for (size_t i = 0; i < n; i++) {
        count[rows[i].status]++;
        with_errors += rows[i].status != OGI_PUB_NOT_PUBLISHED && rows[i].n_errors > 0;
    }
    ogi_buf_puts(b, "<ul class=\"counts\" id=\"counts\">\n");
    for (int st = OGI_PUB_NOT_PUBLISHED; st <= OGI_PUB_DATE_UNKNOWN; st++)
        ogi_buf_printf(b, "<li id=\"count-%s\">%s：<strong>%zu</strong></li>\n",
                       ogi_pub_status_name(st), ogi_pub_status_label(st), count[st]);
    ogi_buf_printf(b, "<li id=\"count-with-errors\">已发布但有 ERROR：<strong>%zu</strong></li>\n"
                      "</ul>\n",
                   with_errors);
}

static void compliance_table(ogi_buf *b, const ogi_compliance_row *rows, size_t n)
{
    ogi_buf_puts(b, "<table id=\"compliance\">\n<thead><tr><th>机关</th><th>类型</th><th>状态</th>"
                    "<th>法定期限（第四十九条）</th><th>发布日期</th><th>来源</th>"
                    "<th>ERROR</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < n; i++) {
        const ogi_compliance_row *row = &rows[i];
        ogi_buf_printf(b, "<tr id=\"agency-%lld\" data-status=\"%s\">",
                       (long long)row->agency.id, ogi_pub_status_name(row->status));
        wa_text_td(b, row->agency.name);
        wa_text_td(b, wa_kind_zh(row->agency.kind));
        wa_text_td(b, ogi_pub_status_label(row->status));
        wa_text_td(b, row->deadline[0] ? row->deadline : "无法定期限");
        wa_text_td(b, row->published);
        wa_text_td(b, row->source ? wa_origin_zh(row->source) : NULL);
        if (row->status == OGI_PUB_NOT_PUBLISHED)
            ogi_buf_puts(b, "<td>—</td></tr>\n");
        else
            ogi_buf_printf(b, "<td class=\"num%s\">%zu</td></tr>\n",
                           row->n_errors ? " has-errors" : "", row->n_errors);
    }
    ogi_buf_puts(b, "</tbody></table>\n");
}

void web_page_admin_compliance(web_request *r)
{
    if (!web_require(r, WEB_PERM_CONSOLE, 0))
        return;
    int year = wa_last_year();
    const char *y = web_query(r, "year"), *q = web_query(r, "region");
    if (y && *y && !wa_parse_year(y, &year)) {
        web_error(r, 400, "年度无效。");
        return;
    }
    /* Without ?region= an unrestricted user sees every agency. */
    int64_t region = (q && *q) || !wa_unrestricted(r) ? wa_region(r) : -1;
    if (!region)
        return;
    ogi_compliance_row *rows = NULL;
    size_t n = 0;
    char err[512];
    if (ogi_compliance(r->store, region > 0 ? region : 0, year, &rows, &n, err, sizeof err) < 0) {
        fprintf(stderr, "ogi serve: compliance: %s\n", err);
        web_error(r, 500, "无法读取发布情况。");
    } else {
        ogi_buf *b = &r->out;
        web_page_begin(r, "年度报告发布情况");
        ogi_buf_puts(b, "<form method=\"get\" action=\"/admin/compliance\" class=\"filters\">\n");
        wa_region_select(r, region, wa_unrestricted(r));
        wa_year_input(b, "year", "报告年度", year);
        ogi_buf_printf(b, "<button type=\"submit\">查看</button></form>\n<p>%d 年度报告：部门应于 "
                          "%d 年 1 月 31 日前、人民政府应于 %d 年 3 月 31 日前发布（条例第四十九条）。"
                          "</p>\n",
                       year, year + 1, year + 1);
        compliance_counts(b, rows, n);
        compliance_table(b, rows, n);
        web_page_end(r);
    }
    ogi_compliance_free(rows, n);
}
