/*
 * pages_analysis_common.c — what the console's regional pages
 * (pages_summary.c, pages_analysis.c) share: the query's years and region
 * and the scope check behind it, the region menu, table cells, and CSV /
 * XLSX downloads with their Content-Disposition.
 *
 * Scope: a user bound to an agency sees only that agency's subtree; an
 * administrator sees every agency (a user without an agency is refused
 * before any page: auth.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "web/pages_analysis.h"

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* ---- parameters and scope ---- */

bool wa_parse_year(const char *s, int *out)
{
    char *end;
    long y = s && *s ? strtol(s, &end, 10) : 0;
    if (!s || !*s || *end || y < 1990 || y > 9999)
        return false;
    *out = (int)y;
    return true;
}

int wa_last_year(void)
{
    char today[OGI_DATE_TEXT];
    return atoi(ogi_date_today((int64_t)time(NULL), today)) - 1;
}

bool wa_unrestricted(const web_request *r)
{
    return !strcmp(r->user.role, "admin");
}

/* The agencies the user may choose as a region: 1, or -1 on error. */
static int scope_agencies(web_request *r, ogi_agency **out, size_t *n)
{
    int rc = wa_unrestricted(r) ? ogi_store_agency_list(r->store, out, n)
                             : ogi_store_agency_subtree(r->store, r->user.agency_id, out, n);
    return rc < 0 ? -1 : 1;
}

void wa_free_agencies(ogi_agency *a, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ogi_agency_free(&a[i]);
    free(a);
}

/* The region of the request: ?region=ID, else the user's agency, else the
 * first top-level agency.  Writes the 400 / 403 / 404 page and returns 0
 * when the user may not see it. */
int64_t wa_region(web_request *r)
{
    ogi_agency *all = NULL;
    size_t n = 0;
    if (scope_agencies(r, &all, &n) < 0) {
        web_error(r, 500, "无法读取机关列表。");
        return 0;
    }
    const char *q = web_query(r, "region");
    char *end = NULL;
    int64_t id = q && *q ? strtoll(q, &end, 10) : r->user.agency_id;
    if (end && *end)
        id = -1; /* not a number: unknown, 404 below */
    for (size_t i = 0; !id && i < n; i++)
        if (all[i].parent_id == 0)
            id = all[i].id;
    bool in_scope = false;
    for (size_t i = 0; i < n; i++)
        in_scope |= all[i].id == id;
    wa_free_agencies(all, n);
    if (in_scope)
        return id;
    ogi_agency a = {0};
    int known = id > 0 ? ogi_store_agency_get(r->store, id, &a) : 0;
    ogi_agency_free(&a);
    if (known == 1)
        web_error(r, 403, "您没有查看该地区的权限。");
    else
        web_error(r, 404, "该地区（机关）不存在。");
    return 0;
}

const char *wa_kind_zh(ogi_agency_kind k)
{
    switch (k) {
    case OGI_KIND_GOVERNMENT: return "人民政府";
    case OGI_KIND_DEPARTMENT: return "政府部门";
    case OGI_KIND_TOWNSHIP: return "乡镇（街道）";
    case OGI_KIND_OTHER: return "其他";
    default: return "未知";
    }
}

const char *wa_origin_zh(const char *kind)
{
    if (!kind)
        return "—";
    if (!strcmp(kind, "ledger"))
        return "台账生成";
    return !strcmp(kind, "published") ? "已发布报告" : "导入报告";
}

/* ---- forms and small pieces ---- */

/* The region menu; with offer_all, 「全部机关」 first (selected when region < 0). */
void wa_region_select(web_request *r, int64_t region, bool offer_all)
{
    ogi_agency *all = NULL;
    size_t n = 0;
    ogi_buf *b = &r->out;
    ogi_buf_puts(b, "<label>地区 <select name=\"region\">");
    if (offer_all)
        ogi_buf_printf(b, "<option value=\"\"%s>全部机关</option>", region < 0 ? " selected" : "");
    if (scope_agencies(r, &all, &n) > 0)
        for (size_t i = 0; i < n; i++) {
            ogi_buf_printf(b, "<option value=\"%lld\"%s>", (long long)all[i].id,
                           all[i].id == region ? " selected" : "");
            ogi_buf_html(b, all[i].name);
            ogi_buf_puts(b, "</option>");
        }
    ogi_buf_puts(b, "</select></label>\n");
    wa_free_agencies(all, n);
}

void wa_year_input(ogi_buf *b, const char *name, const char *label, int year)
{
    ogi_buf_printf(b, "<label>%s <input type=\"number\" name=\"%s\" value=\"%d\" min=\"1990\" "
                      "max=\"9999\"></label>\n",
                   label, name, year);
}

void wa_num_td(ogi_buf *b, const char *text)
{
    ogi_buf_puts(b, "<td class=\"num\">");
    ogi_buf_html(b, text && *text ? text : "—");
    ogi_buf_puts(b, "</td>");
}

void wa_text_td(ogi_buf *b, const char *text)
{
    ogi_buf_puts(b, "<td>");
    ogi_buf_html(b, text && *text ? text : "—");
    ogi_buf_puts(b, "</td>");
}

void wa_download_link(ogi_buf *b, const char *path, const char *query, const char *fmt,
                          const char *label)
{
    ogi_buf_puts(b, " <a class=\"download\" href=\"");
    ogi_buf_html(b, path);
    ogi_buf_putc(b, '?');
    ogi_buf_html(b, query);
    ogi_buf_puts(b, "&amp;format=");
    ogi_buf_html(b, fmt);
    ogi_buf_puts(b, "\">");
    ogi_buf_html(b, label);
    ogi_buf_puts(b, "</a>");
}

/* ---- downloads ---- */

/* Content-Disposition: an ASCII name, and the Chinese one per RFC 5987. */
static void attachment(web_request *r, const char *ascii, const char *utf8)
{
    ogi_buf h;
    ogi_buf_init(&h);
    ogi_buf_printf(&h, "attachment; filename=\"%s\"; filename*=UTF-8''", ascii);
    web_url_encode(&h, utf8);
    web_set_header(r, "Content-Disposition", h.data);
    ogi_buf_free(&h);
}

/* CSV of the first table, or a workbook of report (may be NULL) + tables. */
void wa_send_tables(web_request *r, const char *fmt, const ogi_report *report,
                        const ogi_xtable *t, size_t n, const char *ascii, const char *utf8)
{
    ogi_buf name_a, name_u;
    ogi_buf_init(&name_a);
    ogi_buf_init(&name_u);
    ogi_buf_printf(&name_a, "%s.%s", ascii, fmt);
    ogi_buf_printf(&name_u, "%s.%s", utf8, fmt);
    if (!strcmp(fmt, "csv")) {
        r->content_type = "text/csv; charset=utf-8";
        ogi_xtable_csv(&t[0], &r->out);
        attachment(r, name_a.data, name_u.data);
    } else {
        char path[] = "/tmp/ogi-analysis-XXXXXX", err[512] = "";
        int fd = mkstemp(path);
        if (fd >= 0)
            close(fd); /* libxlsxwriter writes the file by its path */
        char *data = NULL;
        size_t len = 0;
        if (fd >= 0 && ogi_xlsx_tables_file(path, report, t, n, err, sizeof err) == 0)
            data = ogi_read_file(path, 256u << 20, &len);
        if (fd >= 0)
            unlink(path);
        if (!data) {
            fprintf(stderr, "ogi serve: %s: %s\n", name_a.data, err);
            web_error(r, 500, "无法生成下载文件。");
        } else {
            ogi_buf_put(&r->out, data, len);
            r->content_type = XLSX_TYPE;
            attachment(r, name_a.data, name_u.data);
        }
        free(data);
    }
    ogi_buf_free(&name_a);
    ogi_buf_free(&name_u);
}

/* ?format=: NULL for the page, "csv" / "xlsx", or "" when unknown (400 written). */
const char *wa_download_format(web_request *r)
{
    const char *f = web_query(r, "format");
    if (!f || !*f || !strcmp(f, "html"))
        return NULL;
    if (!strcmp(f, "csv") || !strcmp(f, "xlsx"))
        return f;
    web_error(r, 400, "不支持的下载格式（可用：csv、xlsx）。");
    return "";
}

